// ipam.routes: routes beyond the default one that ADD gives the pod, such as
// a cluster's service range through the pod's gateway (M-Lab's k8s-support
// asks for it). As the reference static plugin's `routes`, checked against
// the host:
//
//   "ipam": {"type": "index2ip", "routes": [
//       {"dst": "10.96.0.0/12"},                         // via the gateway
//       {"dst": "fd00:10:96::/112", "gw": "2001:1900:2100:2d::1"}]}
//
// Example:
//   absl::StatusOr<ExtraRoutes> r = RoutesFor(conf.ipam(), host);
//   r->routes;    // 10.96.0.0/12 via 4.14.159.65, fd00:10:96::/112 via ...
//   r->warnings;  // on a host without IPv6: the IPv6 route left out

#ifndef INDEX2IP_IPAM_ROUTES_H_
#define INDEX2IP_IPAM_ROUTES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cni/cni.pb.h"
#include "index2ip/ipam/host_config.h"
#include "netutil/ip_address.h"

namespace index2ip {

struct PodRoute {
  netutil::IpPrefix dst;
  netutil::IpAddress gw;
};

struct ExtraRoutes {
  std::vector<PodRoute> routes;  // in the config's order
  // One line per route left out because the host has no address of its
  // family (one network definition serves sites with and without IPv6).
  std::vector<std::string> warnings;
};

// The config's routes on `host`. Errors, code 7 naming the entry
// (ipam.routes[i]): a `dst` that is not a network in CIDR form (host bits
// set included: the kernel refuses such a route); a `gw` that is not an
// address of dst's family, or is outside the host's subnet of that family,
// where the pod could not reach it.
absl::StatusOr<ExtraRoutes> RoutesFor(const cni::Ipam& ipam,
                                      const HostConfig& host);

}  // namespace index2ip

#endif  // INDEX2IP_IPAM_ROUTES_H_
