// Requested addresses: the index an address a runtime asks for stands for.
//
// Runtimes ask for addresses the way the CNI conventions describe
// (containernetworking/cni: CONVENTIONS.md): runtimeConfig `ips`,
// `args.cni.ips`, and `IP=` in CNI_ARGS (podman's --ip). This plugin's
// addresses are the host's plus an index, so a request is honoured by
// finding the index whose address it is: host+k in IPv4, and in IPv6 the
// inverse of the decimal-in-hex rule (netutil::IndexOf). The index then goes
// through every rule an index does (the subnet, reserved addresses,
// maxIndex).
//
// Example:
//   IndexForAddresses(host, {"4.14.159.117/26", "2001:1900:2100:2d::117"},
//                     "runtimeConfig.ips");   // 5
//   IndexForAddresses(host, {"4.14.159.117", "2001:1900:2100:2d::118"}, ...);
//                                             // 101: the families disagree

#ifndef INDEX2IP_IPAM_REQUESTED_ADDRESS_H_
#define INDEX2IP_IPAM_REQUESTED_ADDRESS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "index2ip/ipam/host_config.h"

namespace index2ip {

// The index `addresses` (each ADDRESS or ADDRESS/PREFIX, at most one per
// family) stand for on `host`. `source` names where they came from, for
// messages. Errors, all code 101 ("requested address"): an address that
// does not parse; two of one family; a prefix that is not the host's; an
// IPv6 address on a host without IPv6; an address that is no host+k (another
// subnet, below the host, an IPv6 last group with a hex letter); the two
// families on different indices; no address at all.
absl::StatusOr<int64_t> IndexForAddresses(
    const HostConfig& host, absl::Span<const std::string> addresses,
    absl::string_view source);

}  // namespace index2ip

#endif  // INDEX2IP_IPAM_REQUESTED_ADDRESS_H_
