// preview --all: every index of the host, one row each, with the ones ADD
// refuses marked and why.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/types/optional.h"
#include "base/quote.h"
#include "cni/error.h"
#include "index2ip/handlers.h"
#include "index2ip/host_config.h"
#include "index2ip/preview.h"
#include "index2ip/preview_internal.h"
#include "index2ip/table.h"
#include "netutil/index_math.h"

namespace index2ip {
namespace preview_internal {
namespace {

struct Row {
  int64_t index;
  std::string v4, v6, note;
};

std::string FamilyHeader(absl::string_view family_name,
                         const FamilyConfig& family, absl::string_view origin) {
  return absl::StrCat("host ", family_name, " ", family.address.ToString(),
                      " gw ", family.gateway.ToString(), " (", family.source,
                      " in ", origin, ")\n");
}

// "gateway", "nameserver", "host" or "server" when the index's address in
// `family` is one of the host's own; empty when not.
std::string ReservedLabel(const FamilyConfig& family,
                          const netutil::IpPrefix& pod) {
  for (const ReservedAddress& r : ReservedAddresses(family)) {
    if (r.address != pod.address()) continue;
    if (r.role == "the gateway") return "gateway";
    if (r.role == "a nameserver") return "nameserver";
    if (r.role == "the server") return "server";
    return "host";
  }
  return "";
}

// One row: the index's addresses, and when ADD refuses it, a short reason.
Row MakeRow(const HostConfig& host, int64_t k, bool accepted) {
  Row row{k, "", "-", ""};
  std::vector<std::string> reasons;
  absl::StatusOr<netutil::IpPrefix> v4 =
      netutil::AddIndexToIp(host.v4.address, k);
  row.v4 = v4.ok() ? v4->ToString() : "none";
  if (v4.ok()) {
    std::string label = ReservedLabel(host.v4, *v4);
    if (!label.empty()) reasons.push_back(absl::StrCat(label, " (IPv4)"));
  }
  if (host.v6.has_value()) {
    absl::StatusOr<netutil::IpPrefix> v6 =
        netutil::AddIndexToIp(host.v6->address, k);
    row.v6 = v6.ok() ? v6->ToString() : "none";
    if (!v6.ok()) {
      reasons.push_back("no IPv6 address");
    } else {
      std::string label = ReservedLabel(*host.v6, *v6);
      if (!label.empty()) reasons.push_back(absl::StrCat(label, " (IPv6)"));
    }
  }
  if (!accepted) {
    row.note = absl::StrCat(absl::StrJoin(reasons, ", "),
                            reasons.empty() ? "" : ": ",
                            "ADD fails with error 101");
  }
  return row;
}

}  // namespace

PluginOutput PreviewAll(const Request& r, const cni::NetConf& conf,
                        const CmdlineText& cmdline,
                        const std::vector<claims::ClaimView>& claims) {
  const absl::string_view version = r.cni_version;
  absl::StatusOr<HostConfig> host = ParseHostConfig(cmdline.text);
  if (!host.ok()) return Failure(host.status(), version, false, cmdline.origin);
  const cni::Ipam& ipam = conf.ipam();
  const absl::optional<int64_t> max_index =
      ipam.has_max_index() ? absl::make_optional(ipam.max_index())
                           : absl::nullopt;

  PluginOutput out;
  absl::StrAppend(&out.out, FamilyHeader("IPv4", host->v4, cmdline.origin));
  if (host->v6.has_value()) {
    absl::StrAppend(&out.out, FamilyHeader("IPv6", *host->v6, cmdline.origin));
  } else {
    absl::StrAppend(&out.out, "host IPv6 none (no epoxy.ipv6 in ",
                    cmdline.origin, ")\n");
  }

  // The table ends at the subnet's last usable IPv4 address, at maxIndex, or
  // at the row limit, whichever comes first.
  const int64_t subnet_last = netutil::LargestIndex(host->v4.address);
  int64_t last = subnet_last;
  if (max_index.has_value()) last = std::min(last, *max_index);
  const bool cut_short = last > kMaxPreviewRows;
  last = std::min(last, kMaxPreviewRows);
  const netutil::IndexSet accepted = AcceptedIndices(*host, max_index);
  const auto add_error = [&](int64_t k) {
    const absl::StatusOr<cni::Result> add = ComputeResult(
        *host, IndexChoice{k, IndexSource::kIpamIndex, "ipam.index"},
        max_index);
    return add.ok() ? absl::OkStatus() : add.status();
  };

  if (last < 1) {
    absl::StrAppend(&out.out, "no index is valid on this host\n");
    PluginOutput failed = Failure(add_error(1), version, false);
    failed.out = std::move(out.out);
    return failed;
  }
  std::vector<Row> rows;
  for (int64_t k = 1; k <= last; ++k) {
    rows.push_back(MakeRow(*host, k, accepted.Contains(k)));
    for (const claims::ClaimView& c : claims) {
      const std::string prefix = c.claim.address() + "/";
      if (rows.back().v4.rfind(prefix, 0) != 0 &&
          rows.back().v6.rfind(prefix, 0) != 0) {
        continue;
      }
      absl::StrAppend(&rows.back().note, rows.back().note.empty() ? "" : "; ",
                      "claimed by ", QuoteForMessage(c.claim.container_id()),
                      " ", QuoteForMessage(c.claim.ifname()), " (",
                      claims::StateName(c.state), ")");
      break;
    }
    if (ipam.has_index() && ipam.index() == k) {
      absl::StrAppend(&rows.back().note, rows.back().note.empty() ? "" : "; ",
                      "<- ipam.index");
    }
  }

  bool notes = false;
  for (const Row& row : rows) notes |= !row.note.empty();
  std::vector<std::vector<std::string>> table = {{"index", "IPv4", "IPv6"}};
  if (notes) table[0].push_back("note");
  for (const Row& row : rows) {
    table.push_back({absl::StrCat(row.index), row.v4, row.v6, row.note});
  }
  absl::StrAppend(&out.out, Columns(table));

  netutil::IndexSet listed = accepted;
  listed.KeepAtMost(last);
  netutil::IndexSet refused = netutil::IndexSet::Range(1, last);
  refused.Subtract(listed);
  absl::StrAppend(&out.out, listed.Size(), " valid ",
                  listed.Size() == 1 ? "index" : "indices", " (",
                  listed.ToString(), ")");
  if (cut_short) {
    absl::StrAppend(&out.out, " listed, and the subnet has more; preview ",
                    "--index N shows any one of them\n");
  } else if (max_index.has_value() && *max_index <= subnet_last) {
    absl::StrAppend(&out.out, "; ipam.maxIndex ", *max_index,
                    " ends the list\n");
  } else {
    const cni::Error e = cni::ToCniError(add_error(last + 1), version);
    absl::StrAppend(&out.out, "; from ", last + 1, " on, ADD fails with error ",
                    e.code(), " (", e.msg(), ")\n");
  }
  if (!refused.empty()) {
    const int64_t first = refused.spans().front().first;
    const cni::Error e = cni::ToCniError(add_error(first), version);
    absl::StrAppend(&out.out, "ADD refuses ", refused.Size(), " of the ",
                    rows.size(), " indices listed (", refused.ToString(),
                    "); index ", first, ": error ", e.code(), ": ",
                    e.details(), "\n");
  }
  if (ipam.has_index() && ipam.index() > last) {
    const cni::Error e = cni::ToCniError(add_error(ipam.index()), version);
    absl::StrAppend(&out.out, "ipam.index ", ipam.index(),
                    " is past the list: ADD fails with error ", e.code(), " (",
                    e.msg(), ")\n");
  }
  if (listed.empty()) {
    PluginOutput failed = Failure(add_error(rows.front().index), version,
                                  false);
    failed.out = std::move(out.out);
    return failed;
  }
  return out;
}

}  // namespace preview_internal
}  // namespace index2ip
