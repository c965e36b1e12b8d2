#include "index2ip/ipam/result.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "base/quote.h"
#include "base/status_macros.h"
#include "cni/error.h"
#include "cni/version.h"
#include "index2ip/ipam/codes.h"
#include "netutil/index_math.h"

namespace index2ip {
namespace {

using netutil::IndexSet;

// "; valid indices on this host are 1..4, 6..14", or that none is.
std::string ValidText(const IndexSet& accepted) {
  return accepted.empty() ? std::string("; no index is valid on this host")
                          : absl::StrCat("; valid indices on this host are ",
                                         accepted.ToString());
}

// " (host address 4.14.159.112/26 from epoxy.ipv4, index from the pod name
// 'ndt-index20-abc')": where the two operands came from.
std::string Operands(const FamilyConfig& family, const IndexChoice& index) {
  return absl::StrCat(" (host address ", family.address.ToString(), " from ",
                      family.source, ", index from ",
                      IndexSourceName(index.source),
                      index.source == IndexSource::kPodName
                          ? absl::StrCat(" ", QuoteForMessage(index.origin))
                          : std::string(),
                      ")");
}

absl::Status AddFamily(const HostConfig& host, const FamilyConfig& family,
                       const IndexChoice& index, Addition* out) {
  absl::StatusOr<netutil::IpPrefix> pod =
      netutil::AddIndexToIp(family.address, index.index);
  if (!pod.ok()) {
    return MakeError(
        Code::kIndexRefused, "index out of range",
        absl::StrCat(pod.status().message(),
                     ValidText(AcceptedIndices(host, index.max_index)),
                     Operands(family, index)));
  }
  for (const ReservedAddress& r : ReservedAddresses(family)) {
    if (r.address != pod->address()) continue;
    return MakeError(
        Code::kIndexRefused, "address reserved",
        absl::StrCat("index ", index.index, " gives ", pod->ToString(),
                     ", but ", r.address.ToString(), " is ", RoleText(r.role),
                     " (", family.source, ")",
                     ValidText(AcceptedIndices(host, index.max_index)),
                     Operands(family, index)));
  }
  out->addresses.push_back({*pod, family.gateway});
  cni::Result* result = &out->result;
  cni::IpConfig* ip = result->add_ips();
  ip->set_address(pod->ToString());
  ip->set_gateway(family.gateway.ToString());
  cni::Route* route = result->add_routes();
  route->set_dst(family.address.family() == netutil::IpFamily::kV4 ? "0.0.0.0/0"
                                                                   : "::/0");
  route->set_gw(family.gateway.ToString());
  for (const netutil::IpAddress& ns : family.nameservers) {
    result->mutable_dns()->add_nameservers(ns.ToString());
  }
  return absl::OkStatus();
}

absl::Status Mismatch(absl::string_view details) {
  return MakeError(Code::kCheckMismatch, "prevResult does not match", details);
}

}  // namespace

IndexSet AcceptedIndices(const HostConfig& host,
                         absl::optional<int64_t> max_index) {
  const auto family_set = [](const FamilyConfig& family) {
    std::vector<netutil::IpAddress> reserved;
    for (const ReservedAddress& r : ReservedAddresses(family)) {
      reserved.push_back(r.address);
    }
    return netutil::ValidIndices(family.address, reserved);
  };
  IndexSet out = family_set(host.v4);
  if (host.v6.has_value()) out.Intersect(family_set(*host.v6));
  if (max_index.has_value()) out.KeepAtMost(*max_index);
  return out;
}

absl::StatusOr<Addition> ComputeResult(const HostConfig& host,
                                       const IndexChoice& index) {
  Addition out;
  out.index = index;
  INDEX2IP_RETURN_IF_ERROR(AddFamily(host, host.v4, index, &out));
  if (host.v6.has_value()) {
    INDEX2IP_RETURN_IF_ERROR(AddFamily(host, *host.v6, index, &out));
  }
  return out;
}

absl::StatusOr<Addition> ComputeAdd(const cni::NetConf& conf,
                                    const cni::ArgsPairs& args,
                                    const HostConfig& host) {
  INDEX2IP_ASSIGN_OR_RETURN(const IndexChoice index,
                            FindIndex(conf, args, &host));
  INDEX2IP_ASSIGN_OR_RETURN(Addition add, ComputeResult(host, index));
  INDEX2IP_ASSIGN_OR_RETURN(ExtraRoutes extra, RoutesFor(conf.ipam(), host));
  for (const PodRoute& r : extra.routes) {
    cni::Route* route = add.result.add_routes();
    route->set_dst(r.dst.ToString());
    route->set_gw(r.gw.ToString());
  }
  add.routes = std::move(extra.routes);
  std::string ignored = IgnoredRequests(conf, args, host, index);
  if (!ignored.empty()) add.warnings.push_back(std::move(ignored));
  for (std::string& w : extra.warnings) add.warnings.push_back(std::move(w));
  return add;
}

absl::Status CheckPrevResult(const cni::NetConf& conf,
                             const cni::VersionSpec& version,
                             const Addition& want) {
  if (!conf.has_prev_result()) {
    return cni::MakeError(cni::ErrorCode::kInvalidNetworkConfig,
                          "missing prevResult",
                          "CHECK needs the ADD result as prevResult");
  }
  INDEX2IP_ASSIGN_OR_RETURN(const cni::Result prev,
                            cni::NormalizeResult(conf.prev_result(), version));
  for (const PodAddress& w : want.addresses) {
    // Parsed, not compared as text: prevResult may spell an address
    // differently ("2001:db8:0:0:0:0:0:1" is "2001:db8::1").
    const cni::IpConfig* found = nullptr;
    for (const cni::IpConfig& p : prev.ips()) {
      absl::StatusOr<netutil::IpPrefix> have =
          netutil::ParseIpPrefix(p.address());
      if (have.ok() && *have == w.address) {
        found = &p;
        break;
      }
    }
    if (found == nullptr) {
      return Mismatch(absl::StrCat("prevResult lacks the address ",
                                   w.address.ToString(), " that ADD returns"));
    }
    absl::StatusOr<netutil::IpAddress> gw =
        netutil::ParseIpAddress(found->gateway());
    if (!gw.ok() || *gw != w.gateway) {
      return Mismatch(absl::StrCat(
          "prevResult has gateway ", QuoteForMessage(found->gateway()), " for ",
          w.address.ToString(), ", ADD returns ", w.gateway.ToString()));
    }
  }
  for (const PodRoute& w : want.routes) {
    bool found = false;
    for (const cni::Route& p : prev.routes()) {
      absl::StatusOr<netutil::IpPrefix> dst = netutil::ParseIpPrefix(p.dst());
      absl::StatusOr<netutil::IpAddress> gw = netutil::ParseIpAddress(p.gw());
      found = dst.ok() && *dst == w.dst && gw.ok() && *gw == w.gw;
      if (found) break;
    }
    if (!found) {
      return Mismatch(absl::StrCat("prevResult lacks the route to ",
                                   w.dst.ToString(), " via ", w.gw.ToString(),
                                   " that ADD returns"));
    }
  }
  return absl::OkStatus();
}

absl::Status HostStatus(absl::string_view cmdline) {
  absl::StatusOr<HostConfig> host = ParseHostConfig(cmdline);
  if (host.ok()) return absl::OkStatus();
  const cni::Error cause = cni::ToCniError(host.status(), "");
  return cni::MakeError(cni::ErrorCode::kPluginNotAvailable,
                        "plugin not available",
                        absl::StrCat(cause.msg(), ": ", cause.details()));
}

}  // namespace index2ip
