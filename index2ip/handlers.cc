#include "index2ip/handlers.h"

#include <cstdint>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/quote.h"
#include "base/status_macros.h"
#include "cni/error.h"
#include "cni/version.h"
#include "netutil/index_math.h"

namespace index2ip {
namespace {

// The largest index AddIndexToIp accepts for `host`, searched up to
// `limit`; 0 when it accepts none. It accepts exactly 1..K for some K (the
// sum only grows with the index), so a binary search finds K.
int64_t LargestValidIndex(const netutil::IpPrefix& host, int64_t limit) {
  if (!netutil::AddIndexToIp(host, 1).ok()) return 0;
  int64_t valid = 1;
  while (valid < limit) {
    const int64_t mid = valid + (limit - valid + 1) / 2;
    if (netutil::AddIndexToIp(host, mid).ok()) {
      valid = mid;
    } else {
      limit = mid - 1;
    }
  }
  return valid;
}

// `param` is the kernel parameter the family's address came from.
absl::Status AddFamily(const FamilyConfig& family, absl::string_view param,
                       const IndexChoice& index, cni::Result* result) {
  absl::StatusOr<netutil::IpPrefix> pod =
      netutil::AddIndexToIp(family.address, index.index);
  if (!pod.ok()) {
    const std::string host = family.address.ToString();
    std::string valid;
    // The IPv4 message gives the valid range already. An IPv6 last group
    // takes at most 9999 (four decimal digits).
    if (family.address.family() == netutil::IpFamily::kV6) {
      const int64_t largest = LargestValidIndex(family.address, 9999);
      valid = largest >= 1
                  ? absl::StrCat("; valid indices for ", host, " are 1..",
                                 largest)
                  : absl::StrCat("; no index is valid for ", host);
    }
    const bool names_host =
        absl::StrContains(pod.status().message(), host);
    return cni::MakeError(
        cni::ErrorCode::kIndexOutOfRange, "index out of range",
        absl::StrCat(pod.status().message(), valid, " (host address ",
                     names_host ? "" : absl::StrCat(host, " "), "from ",
                     param.empty() ? "the kernel command line" : param,
                     ", index from ", IndexSourceName(index.source),
                     index.source == IndexSource::kPodName
                         ? absl::StrCat(" ", QuoteForMessage(index.origin))
                         : std::string(),
                     ")"));
  }
  cni::IpConfig* ip = result->add_ips();
  ip->set_address(pod->ToString());
  ip->set_gateway(family.gateway.ToString());
  cni::Route* route = result->add_routes();
  route->set_dst(family.address.family() == netutil::IpFamily::kV4
                     ? "0.0.0.0/0"
                     : "::/0");
  route->set_gw(family.gateway.ToString());
  for (const netutil::IpAddress& ns : family.nameservers) {
    result->mutable_dns()->add_nameservers(ns.ToString());
  }
  return absl::OkStatus();
}

absl::Status Mismatch(absl::string_view details) {
  return cni::MakeError(cni::ErrorCode::kCheckMismatch,
                        "prevResult does not match", details);
}

}  // namespace

absl::StatusOr<cni::Result> ComputeResult(const HostConfig& host,
                                          const IndexChoice& index) {
  cni::Result result;
  INDEX2IP_RETURN_IF_ERROR(AddFamily(host.v4, host.v4_source, index, &result));
  if (host.v6.has_value()) {
    INDEX2IP_RETURN_IF_ERROR(
        AddFamily(*host.v6, "epoxy.ipv6", index, &result));
  }
  return result;
}

absl::StatusOr<Addition> ComputeAdd(const cni::NetConf& conf,
                                    absl::string_view cni_args,
                                    const HostConfig& host) {
  Addition out;
  INDEX2IP_ASSIGN_OR_RETURN(out.index, FindIndex(conf, cni_args));
  INDEX2IP_ASSIGN_OR_RETURN(out.result, ComputeResult(host, out.index));
  return out;
}

absl::StatusOr<cni::Result> HandleAdd(const cni::NetConf& conf,
                                      absl::string_view cni_args,
                                      absl::string_view cmdline) {
  INDEX2IP_ASSIGN_OR_RETURN(const HostConfig host, ParseHostConfig(cmdline));
  INDEX2IP_ASSIGN_OR_RETURN(Addition add, ComputeAdd(conf, cni_args, host));
  return std::move(add.result);
}

absl::Status HandleCheck(const cni::NetConf& conf, absl::string_view cni_args,
                         absl::string_view cmdline) {
  if (!conf.has_prev_result()) {
    return cni::MakeError(cni::ErrorCode::kInvalidNetworkConfig,
                          "missing prevResult",
                          "CHECK needs the ADD result as prevResult");
  }
  INDEX2IP_ASSIGN_OR_RETURN(
      const cni::Result prev,
      cni::NormalizeResult(conf.prev_result(), conf.cni_version()));
  INDEX2IP_ASSIGN_OR_RETURN(const cni::Result want,
                            HandleAdd(conf, cni_args, cmdline));
  for (const cni::IpConfig& ip : want.ips()) {
    // Compare parsed values: prevResult may spell an address differently.
    INDEX2IP_ASSIGN_OR_RETURN(const netutil::IpPrefix want_address,
                              netutil::ParseIpPrefix(ip.address()));
    const cni::IpConfig* found = nullptr;
    for (const cni::IpConfig& p : prev.ips()) {
      absl::StatusOr<netutil::IpPrefix> have =
          netutil::ParseIpPrefix(p.address());
      if (have.ok() && *have == want_address) {
        found = &p;
        break;
      }
    }
    if (found == nullptr) {
      return Mismatch(absl::StrCat("prevResult lacks the address ",
                                   ip.address(), " that ADD returns"));
    }
    // As addresses, not text: "2001:db8:0:0:0:0:0:1" is "2001:db8::1".
    INDEX2IP_ASSIGN_OR_RETURN(const netutil::IpAddress want_gateway,
                              netutil::ParseIpAddress(ip.gateway()));
    absl::StatusOr<netutil::IpAddress> gw =
        netutil::ParseIpAddress(found->gateway());
    if (!gw.ok() || *gw != want_gateway) {
      return Mismatch(absl::StrCat("prevResult has gateway ",
                                   QuoteForMessage(found->gateway()), " for ",
                                   ip.address(), ", ADD returns ",
                                   ip.gateway()));
    }
  }
  return absl::OkStatus();
}

absl::Status HandleStatus(absl::string_view cmdline) {
  absl::StatusOr<HostConfig> host = ParseHostConfig(cmdline);
  if (host.ok()) return absl::OkStatus();
  const cni::Error cause = cni::ToCniError(host.status(), "");
  return cni::MakeError(cni::ErrorCode::kPluginNotAvailable,
                        "plugin not available",
                        absl::StrCat(cause.msg(), ": ", cause.details()));
}

}  // namespace index2ip
