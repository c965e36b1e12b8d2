#include "index2ip/cli/claims.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/quote.h"
#include "claims/claims.h"
#include "claims/format.h"
#include "cni/cni.pb.h"
#include "index2ip/cli/flags.h"
#include "index2ip/cli/table.h"
#include "index2ip/commands/store.h"
#include "netutil/ip_address.h"

namespace index2ip {
namespace {

constexpr FlagSpec kFlags[] = {{"--data-dir", true},
                               {"--container", true},
                               {"--ifname", true},
                               {"--json", false}};

PluginOutput Usage(absl::string_view problem) {
  PluginOutput out;
  out.exit_code = 2;
  out.err = absl::StrCat("index2ip: ", problem, "\nUsage:\n", ClaimsSynopsis());
  return out;
}

PluginOutput Failed(absl::string_view message) {
  PluginOutput out;
  out.exit_code = 1;
  out.err = absl::StrCat("index2ip claims: ", EscapeForLine(message), "\n");
  return out;
}

PluginOutput Printed(std::string text) {
  PluginOutput out;
  out.out = std::move(text);
  return out;
}

std::string Described(const claims::Claim& c) {
  return absl::StrCat(c.address(), " (container ",
                      QuoteForMessage(c.container_id()), " interface ",
                      QuoteForMessage(c.ifname()), " of network ",
                      QuoteForMessage(c.network()), ", since ", c.since(), ")");
}

std::string Listed(const claims::Listing& listing, absl::string_view dir) {
  std::vector<std::vector<std::string>> rows = {{"address", "network",
                                                 "container", "interface",
                                                 "netns", "since", "state"}};
  for (const claims::ClaimView& v : listing.claims) {
    const claims::Claim& c = v.claim;
    rows.push_back({c.address(), QuoteForMessage(c.network()),
                    QuoteForMessage(c.container_id()),
                    QuoteForMessage(c.ifname()), QuoteForMessage(c.netns()),
                    absl::StrCat(c.since()),
                    std::string(claims::StateName(v.state))});
  }
  std::string out = listing.claims.empty() ? "" : Columns(rows);
  absl::StrAppend(&out, listing.claims.size(),
                  listing.claims.size() == 1 ? " claim" : " claims", " in ",
                  EscapeForLine(dir), "\n");
  if (!listing.problem.empty()) {
    absl::StrAppend(&out, "problem: ", EscapeForLine(listing.problem), "\n");
  }
  return out;
}

// What `release` names: an address in any spelling (a CIDR's address), or
// a container and interface.
absl::StatusOr<claims::Selector> SelectorOf(const Flags& flags) {
  claims::Selector s;
  s.container_id = flags.Value("--container").value_or("");
  s.ifname = flags.Value("--ifname").value_or("");
  const bool by_address = flags.words().size() == 2;
  if (by_address == !s.container_id.empty() ||
      (!s.ifname.empty() && s.container_id.empty())) {
    return absl::InvalidArgumentError(
        "release takes an ADDRESS, or --container ID [--ifname IF]");
  }
  if (!by_address) return s;
  const std::string& text = flags.words()[1];
  absl::StatusOr<netutil::IpAddress> a = netutil::ParseIpAddress(text);
  if (!a.ok()) {
    absl::StatusOr<netutil::IpPrefix> p = netutil::ParseIpPrefix(text);
    if (!p.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          QuoteForMessage(text), " is not an IPv4 or IPv6 address"));
    }
    a = p->address();
  }
  s.address = *a;
  return s;
}

}  // namespace

absl::string_view ClaimsSynopsis() {
  return "  index2ip claims [--data-dir DIR] [--json]\n"
         "  index2ip claims release ADDRESS [--data-dir DIR]\n"
         "  index2ip claims release --container ID [--ifname IF] "
         "[--data-dir DIR]\n"
         "  index2ip claims repair [--data-dir DIR]\n";
}

PluginOutput RunClaims(const CliInput& input,
                       absl::Span<const std::string> args) {
  absl::StatusOr<Flags> flags = ParseFlags(args, kFlags, "claims", 2);
  if (!flags.ok()) return Usage(flags.status().message());
  if (flags->Has("--help")) return Printed(std::string(ClaimsSynopsis()));
  const std::vector<std::string>& words = flags->words();
  const std::string verb = words.empty() ? "" : words[0];
  const claims::Location where{
      flags->Value("--data-dir")
          .value_or(SettingsOf(cni::Ipam(), input.plugin.getenv).dir),
      &input.plugin.claim_system};
  if (verb.empty() && words.empty() && !flags->Has("--container") &&
      !flags->Has("--ifname")) {
    const claims::Listing listing = claims::List(where, /*lock=*/true);
    if (!listing.exists) {
      return Printed(
          absl::StrCat("no claims store in ", EscapeForLine(where.dir), "\n"));
    }
    claims::Store store;  // the claims, as JSON for scripts
    for (const claims::ClaimView& v : listing.claims)
      *store.add_claims() = v.claim;
    PluginOutput out =
        Printed(flags->Has("--json") ? claims::StoreJson(store)
                                     : Listed(listing, where.dir));
    if (!listing.problem.empty()) {
      out.exit_code = 1;
      if (flags->Has("--json")) {
        out.err = absl::StrCat(
            "index2ip claims: ", EscapeForLine(listing.problem), "\n");
      }
    }
    return out;
  }
  if (verb == "repair" && words.size() == 1 && !flags->Has("--container") &&
      !flags->Has("--ifname")) {
    absl::StatusOr<std::string> done = claims::Repair(where);
    if (!done.ok()) return Failed(done.status().message());
    return Printed(absl::StrCat(*done, "\n"));
  }
  if (verb != "release") {
    return Usage(
        absl::StrCat("unknown claims command ", QuoteForMessage(verb)));
  }
  absl::StatusOr<claims::Selector> selector = SelectorOf(*flags);
  if (!selector.ok()) return Usage(selector.status().message());
  absl::StatusOr<std::vector<claims::Claim>> released =
      claims::ReleaseMatching(where, *selector);
  if (!released.ok()) return Failed(released.status().message());
  std::string out;
  for (const claims::Claim& c : *released) {
    absl::StrAppend(&out, "released ", Described(c), "\n");
  }
  return Printed(std::move(out));
}

}  // namespace index2ip
