#include "index2ip/claims_cli.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/quote.h"
#include "cni/cni.pb.h"
#include "index2ip/attachment_claims.h"
#include "index2ip/claims.h"

namespace index2ip {
namespace {

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

std::string Padded(absl::string_view text, size_t width) {
  std::string out(text);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

std::string Table(const std::vector<ClaimView>& claims, absl::string_view dir) {
  std::vector<std::vector<std::string>> rows = {
      {"address", "network", "container", "interface", "netns", "since",
       "state"}};
  for (const ClaimView& v : claims) {
    if (!v.claim.has_value()) {
      rows.push_back({v.address, "-", "-", "-", "-", "-",
                      absl::StrCat("held (", v.problem, ")")});
      continue;
    }
    const cni::Claim& c = *v.claim;
    rows.push_back({v.address, c.network(), c.container_id(), c.ifname(),
                    EscapeForLine(c.netns()), absl::StrCat(c.since()),
                    std::string(StateName(v.state))});
  }
  std::vector<size_t> width(rows[0].size(), 0);
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      absl::StrAppend(&out, i + 1 == row.size() ? row[i] : Padded(row[i], width[i] + 2));
    }
    out.push_back('\n');
  }
  absl::StrAppend(&out, claims.size(), claims.size() == 1 ? " claim" : " claims",
                  " in ", dir, "\n");
  return out;
}

}  // namespace

absl::string_view ClaimsSynopsis() {
  return "  index2ip claims [--data-dir DIR]\n"
         "  index2ip claims release ADDRESS [--data-dir DIR]\n";
}

PluginOutput RunClaims(const CliInput& input,
                       absl::Span<const std::string> args) {
  std::string dir = SettingsOf(cni::Ipam(), input.plugin.getenv).dir;
  std::vector<std::string> words;
  for (size_t i = 0; i < args.size(); ++i) {
    const absl::string_view a = args[i];
    if (a == "--data-dir") {
      if (i + 1 == args.size()) return Usage("--data-dir needs a value");
      dir = args[++i];
    } else if (a.substr(0, 11) == "--data-dir=") {
      dir = std::string(a.substr(11));
    } else if (a.substr(0, 2) == "--") {
      return Usage(absl::StrCat("unknown flag ", QuoteForMessage(a)));
    } else {
      words.emplace_back(a);
    }
  }
  const bool release = !words.empty() && words[0] == "release";
  if ((release && words.size() != 2) || (!release && !words.empty())) {
    return Usage("claims takes no arguments, or release ADDRESS");
  }
  absl::StatusOr<ClaimStore> store =
      ClaimStore::Open(dir, /*create=*/false, input.plugin.claim_system);
  if (!store.ok()) {
    if (store.status().code() == absl::StatusCode::kNotFound && !release) {
      PluginOutput out;
      out.out = absl::StrCat("no claims store in ", dir, "\n");
      return out;
    }
    return Failed(store.status().message());
  }
  PluginOutput out;
  if (!release) {
    out.out = Table(store->List(), dir);
    return out;
  }
  absl::StatusOr<ClaimView> removed = store->Remove(words[1]);
  if (!removed.ok()) return Failed(removed.status().message());
  out.out = absl::StrCat(
      "released ", removed->address, ", which ",
      removed->claim.has_value()
          ? absl::StrCat("container ", removed->claim->container_id(),
                         " interface ", removed->claim->ifname(), " of network ",
                         removed->claim->network(), " held since ",
                         removed->claim->since(), " (", StateName(removed->state),
                         ")")
          : absl::StrCat("an unreadable claim held (", removed->problem, ")"),
      "\n");
  return out;
}

}  // namespace index2ip
