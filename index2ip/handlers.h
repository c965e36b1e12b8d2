// The CNI commands, as pure functions of their inputs.
//
// Each handler takes the decoded network config, the CNI_ARGS text and the
// kernel command line text; none reads the process environment, stdin or
// files, so tests call them directly and RunPlugin (plugin.h) wraps them.
//
//   ADD     computes the pod's addresses, routes and DNS servers.
//   CHECK   recomputes them and compares with `prevResult`.
//   DEL     nothing to release: the plugin keeps no state.
//   STATUS  ready when the host's addresses can be read and parsed.
//   GC      nothing to collect: the plugin keeps no state.
//
// Example:
//   absl::StatusOr<cni::Result> r = HandleAdd(conf, cni_args, cmdline);
//   // ips: [4.14.159.117/26 gw 4.14.159.65, 2001:1900:2100:2d::117/64 ...]

#ifndef INDEX2IP_HANDLERS_H_
#define INDEX2IP_HANDLERS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cni/cni.pb.h"
#include "index2ip/host_config.h"
#include "index2ip/index_source.h"
#include "netutil/index_set.h"

namespace index2ip {

// The indices ADD accepts on `host`: those whose address is inside the
// host's subnet in both families and is none of the host's reserved
// addresses (ReservedAddresses, host_config.h), up to `max_index` when set.
netutil::IndexSet AcceptedIndices(const HostConfig& host,
                                  absl::optional<int64_t> max_index);

// The pod's configuration for a host and an index: its IPv4 (then IPv6)
// address with the host's gateway, default routes via the gateways, and the
// host's DNS servers (IPv4 pair, then IPv6 pair). Errors, each with the
// valid indices (AcceptedIndices, with holes) in the details: code 101 "index
// out of range" when the index moves an address out of the host's subnet, or
// an IPv6 last group that cannot take the index; code 101 "address reserved"
// when the address is the host's own, the gateway, a nameserver or the ip=
// server of either family.
absl::StatusOr<cni::Result> ComputeResult(
    const HostConfig& host, const IndexChoice& index,
    absl::optional<int64_t> max_index = absl::nullopt);

// The CNI library's pattern for container IDs and network names,
// ^[a-zA-Z0-9][a-zA-Z0-9_.\-]*$ (containernetworking/cni: pkg/utils/utils.go).
bool IsValidCniId(absl::string_view id);

// libcni's ValidateInterfaceName (containernetworking/cni: pkg/utils/utils.go):
// Linux's IFNAMSIZ less the NUL, not . or .., no '/', ':' or rune that Go's
// unicode.IsSpace reports. Stricter: the name must be UTF-8, where libcni
// lets a lone invalid byte through. Errors: code 4, quoting the name.
absl::Status ValidateIfName(absl::string_view name);

// What ADD and CHECK ask of the config before anything else: a valid network
// name, an ipam.maxIndex (when set) of at least 1 and not below ipam.index,
// and an absolute ipam.logFile with a known logLevel. Errors: code 7.
absl::Status ValidateNetConf(const cni::NetConf& conf);

// What ADD computes, and the index it used (preview shows where it came
// from).
struct Addition {
  cni::Result result;
  IndexChoice index;
};

// ADD on a host configuration already parsed: FindIndex, then ComputeResult
// with the config's ipam.maxIndex. Errors: those of FindIndex (codes 4, 7,
// 101) and ComputeResult (101).
absl::StatusOr<Addition> ComputeAdd(const cni::NetConf& conf,
                                    absl::string_view cni_args,
                                    const HostConfig& host);

// ADD: ParseHostConfig, then ComputeAdd. Errors: those of ParseHostConfig (code 100), FindIndex (codes 4, 7)
// and ComputeResult (101).
absl::StatusOr<cni::Result> HandleAdd(const cni::NetConf& conf,
                                      absl::string_view cni_args,
                                      absl::string_view cmdline);

// CHECK: OK when `conf.prev_result` holds every address ADD would return now,
// each with the same gateway. Errors: those of HandleAdd; code 7 when there
// is no prevResult; code 1 when its version is unsupported; code 102 when an
// address is missing or its gateway differs.
absl::Status HandleCheck(const cni::NetConf& conf, absl::string_view cni_args,
                         absl::string_view cmdline);

// STATUS: OK when the host configuration parses; else code 50 (plugin not
// available) with the reason as details.
absl::Status HandleStatus(absl::string_view cmdline);

}  // namespace index2ip

#endif  // INDEX2IP_HANDLERS_H_
