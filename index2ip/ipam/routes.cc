#include "index2ip/ipam/routes.h"

#include "absl/strings/str_cat.h"
#include "base/quote.h"
#include "cni/error.h"

namespace index2ip {
namespace {

absl::Status RouteError(int i, absl::string_view what) {
  return cni::MakeError(cni::ErrorCode::kInvalidNetworkConfig, "invalid route",
                        absl::StrCat("ipam.routes[", i, "] ", what));
}

}  // namespace

absl::StatusOr<ExtraRoutes> RoutesFor(const cni::Ipam& ipam,
                                      const HostConfig& host) {
  ExtraRoutes out;
  for (int i = 0; i < ipam.routes_size(); ++i) {
    const cni::Route& r = ipam.routes(i);
    absl::StatusOr<netutil::IpPrefix> dst = netutil::ParseIpPrefix(r.dst());
    if (!dst.ok()) {
      return RouteError(i, absl::StrCat("dst ", QuoteForMessage(r.dst()),
                                        " is not an address/prefix"));
    }
    if (dst->NetworkAddress() != dst->address()) {
      return RouteError(i, absl::StrCat("dst ", QuoteForMessage(r.dst()),
                                        " has host bits set; the network is ",
                                        netutil::IpPrefix(dst->NetworkAddress(),
                                                          dst->length())
                                            .ToString()));
    }
    const bool v4 = dst->family() == netutil::IpFamily::kV4;
    const FamilyConfig* family = v4 ? &host.v4 : nullptr;
    if (!v4 && host.v6.has_value()) family = &*host.v6;
    if (family == nullptr) {
      out.warnings.push_back(absl::StrCat("ipam.routes[", i, "] to ",
                                          dst->ToString(),
                                          " left out: the host has no IPv6"));
      continue;
    }
    netutil::IpAddress gw = family->gateway;
    if (!r.gw().empty()) {
      absl::StatusOr<netutil::IpAddress> given =
          netutil::ParseIpAddress(r.gw(), dst->family());
      if (!given.ok()) {
        return RouteError(
            i, absl::StrCat("gw ", QuoteForMessage(r.gw()), " is not an ",
                            netutil::FamilyName(dst->family()), " address"));
      }
      if (!family->address.Contains(*given)) {
        return RouteError(
            i, absl::StrCat("gw ", given->ToString(), " is outside the host's ",
                            family->address.ToString(),
                            ", so the pod cannot reach it"));
      }
      gw = *given;
    }
    out.routes.push_back({*dst, gw});
  }
  return out;
}

}  // namespace index2ip
