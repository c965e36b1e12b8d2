// What ADD gives a pod and what CHECK compares: pure functions of the
// network config, CNI_ARGS and the host configuration, so tests and preview
// call them directly and the commands (index2ip/commands) wrap them.
//
//   ComputeAdd       FindIndex, then ComputeResult: the pod's addresses,
//                    default routes via the host's gateways, its DNS servers.
//   CheckPrevResult  CHECK: prevResult holds every address ADD gives.
//   HostStatus       STATUS: the host's addresses parse.
//
// Example:
//   absl::StatusOr<Addition> add = ComputeAdd(conf, request.args, host);
//   add->result;  // ips: [4.14.159.117/26 gw 4.14.159.65, 2001:...::117/64]
//   add->index;   // 5, from ipam.index

#ifndef INDEX2IP_IPAM_RESULT_H_
#define INDEX2IP_IPAM_RESULT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "cni/cni.pb.h"
#include "cni/request.h"
#include "cni/version.h"
#include "index2ip/ipam/host_config.h"
#include "index2ip/ipam/index_source.h"
#include "index2ip/ipam/routes.h"
#include "netutil/index_set.h"
#include "netutil/ip_address.h"

namespace index2ip {

// The indices ADD accepts on `host`: those whose address is inside the
// host's subnet in both families and is none of the host's reserved
// addresses (ReservedAddresses, host_config.h), up to `max_index` when set.
netutil::IndexSet AcceptedIndices(const HostConfig& host,
                                  absl::optional<int64_t> max_index);

// One address of a pod, typed, as the result prints it.
struct PodAddress {
  netutil::IpPrefix address;
  netutil::IpAddress gateway;
};

// What ADD computes: the result, the index and where it came from (the log
// and preview show it), and the addresses typed (the claims store keeps
// them, CHECK compares them).
struct Addition {
  cni::Result result;
  IndexChoice index;
  std::vector<PodAddress> addresses;
  // ipam.routes on this host (routes.h), typed; in `result` after the
  // default routes.
  std::vector<PodRoute> routes;
  // One line each: requests that asked for another index and were not
  // honoured (IgnoredRequests), routes left out (routes.h).
  std::vector<std::string> warnings;
};

// The pod's configuration for a host and an index: its IPv4 (then IPv6)
// address with the host's gateway, default routes via the gateways, and the
// host's DNS servers (IPv4 pair, then IPv6 pair). Errors, each with the
// valid indices (AcceptedIndices, with holes) in the details: code 101 "index
// out of range" when the index moves an address out of the host's subnet, or
// an IPv6 last group that cannot take the index; code 101 "address reserved"
// when the address is the host's own, the gateway, a nameserver or the ip=
// server of either family.
// The valid indices are those below `index.max_index`.
absl::StatusOr<Addition> ComputeResult(const HostConfig& host,
                                       const IndexChoice& index);

// ADD: FindIndex, then ComputeResult, then the config's routes (RoutesFor)
// after the default routes. Errors: those of FindIndex (codes 4, 7, 101),
// ComputeResult (101) and RoutesFor (7).
absl::StatusOr<Addition> ComputeAdd(const cni::NetConf& conf,
                                    const cni::ArgsPairs& args,
                                    const HostConfig& host);

// CHECK: OK when `conf.prev_result` holds every address of `want` (ADD's
// answer now), each with the same gateway, and every route of ipam.routes,
// compared as addresses, not text. Errors: code 7 when there is no
// prevResult; code 1 when its version is unsupported; code 102 when an
// address or a route is missing or a gateway differs.
absl::Status CheckPrevResult(const cni::NetConf& conf,
                             const cni::VersionSpec& version,
                             const Addition& want);

// STATUS: OK when the host configuration parses; else code 50 (plugin not
// available) with the reason as details.
absl::Status HostStatus(absl::string_view cmdline);

}  // namespace index2ip

#endif  // INDEX2IP_IPAM_RESULT_H_
