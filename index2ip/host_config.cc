#include "index2ip/host_config.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/quote.h"
#include "base/status_macros.h"
#include "cni/error.h"

namespace index2ip {
namespace {

using netutil::IpAddress;
using netutil::IpFamily;
using netutil::IpPrefix;

constexpr absl::string_view kInvalid = "invalid host address configuration";

absl::Status HostError(absl::string_view details) {
  return cni::MakeError(cni::ErrorCode::kHostConfig, kInvalid, details);
}


// The values of the parameters this plugin reads; absent ones stay nullopt.
struct Params {
  absl::optional<absl::string_view> epoxy_ipv4, epoxy_ipv6, ip, epoxy_ip;
};

absl::StatusOr<Params> FindParams(absl::string_view cmdline) {
  Params p;
  for (absl::string_view token :
       absl::StrSplit(cmdline, absl::ByAnyChar(" \t\n\r\v\f"),
                      absl::SkipEmpty())) {
    const size_t eq = token.find('=');
    if (eq == absl::string_view::npos) continue;
    const absl::string_view key = token.substr(0, eq);
    absl::optional<absl::string_view>* slot = nullptr;
    if (key == "epoxy.ipv4") slot = &p.epoxy_ipv4;
    if (key == "epoxy.ipv6") slot = &p.epoxy_ipv6;
    if (key == "ip") slot = &p.ip;
    if (key == "epoxy.ip") slot = &p.epoxy_ip;
    if (slot == nullptr) continue;
    if (slot->has_value()) {
      return HostError(absl::StrCat(
          "'", key, "' appears more than once on the kernel command line; ",
          "it must appear once"));
    }
    *slot = token.substr(eq + 1);
  }
  return p;
}

// Annotates an address-parse error with where the value came from.
absl::Status PartError(absl::string_view param, absl::string_view part,
                       const absl::Status& cause) {
  return HostError(absl::StrCat(param, " ", part, ": ", cause.message()));
}

// ADDRESS/PREFIX,GATEWAY,DNS1,DNS2 of one family.
absl::StatusOr<FamilyConfig> ParseEpoxy(absl::string_view param,
                                        absl::string_view value,
                                        IpFamily family) {
  std::vector<absl::string_view> parts = absl::StrSplit(value, ',');
  if (parts.size() != 4) {
    return HostError(absl::StrCat(
        param, " must have 4 comma-separated parts ",
        "(address/prefix,gateway,dns1,dns2), got ", parts.size(), " in ",
        QuoteForMessage(value)));
  }
  static constexpr absl::string_view kNames[] = {"address", "gateway",
                                                 "first DNS server",
                                                 "second DNS server"};
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].empty()) {
      return HostError(absl::StrCat(param, " has an empty ", kNames[i],
                                    " part in ", QuoteForMessage(value)));
    }
  }
  FamilyConfig out;
  absl::StatusOr<IpPrefix> address = netutil::ParseIpPrefix(parts[0], family);
  if (!address.ok()) return PartError(param, kNames[0], address.status());
  out.address = *address;
  absl::StatusOr<IpAddress> gateway = netutil::ParseIpAddress(parts[1], family);
  if (!gateway.ok()) return PartError(param, kNames[1], gateway.status());
  out.gateway = *gateway;
  for (int i = 2; i < 4; ++i) {
    absl::StatusOr<IpAddress> ns = netutil::ParseIpAddress(parts[i], family);
    if (!ns.ok()) return PartError(param, kNames[i], ns.status());
    out.nameservers.push_back(*ns);
  }
  return out;
}

// The kernel's ip=<client>:<server>:<gw>:<netmask>:<hostname>:<device>:
// <autoconf>:<dns0>:<dns1> (Documentation/admin-guide/nfs/nfsroot.rst).
absl::StatusOr<FamilyConfig> ParseKernelIp(absl::string_view param,
                                           absl::string_view value) {
  std::vector<absl::string_view> parts = absl::StrSplit(value, ':');
  if (parts.size() != 9) {
    return HostError(absl::StrCat(
        param, " must have 9 colon-separated parts (client:server:gateway:",
        "netmask:hostname:device:autoconf:dns0:dns1), got ", parts.size(),
        " in ", QuoteForMessage(value)));
  }
  const absl::string_view autoconf = parts[6];
  if (!autoconf.empty() && autoconf != "off" && autoconf != "none") {
    return HostError(absl::StrCat(param, " autoconf is ", QuoteForMessage(autoconf),
                                  ", not a static configuration (off, none ",
                                  "or empty)"));
  }
  struct Required {
    int index;
    absl::string_view name;
  };
  static constexpr Required kRequired[] = {
      {0, "client address"}, {2, "gateway"}, {3, "netmask"},
      {7, "first DNS server"}, {8, "second DNS server"}};
  for (const Required& r : kRequired) {
    if (parts[r.index].empty()) {
      return HostError(absl::StrCat(param, " has an empty ", r.name,
                                    " part in ", QuoteForMessage(value)));
    }
  }
  FamilyConfig out;
  absl::StatusOr<IpAddress> client =
      netutil::ParseIpAddress(parts[0], IpFamily::kV4);
  if (!client.ok()) return PartError(param, "client address", client.status());
  absl::StatusOr<int> length = netutil::ParseIpv4Netmask(parts[3]);
  if (!length.ok()) return PartError(param, "netmask", length.status());
  out.address = IpPrefix(*client, *length);
  absl::StatusOr<IpAddress> gateway =
      netutil::ParseIpAddress(parts[2], IpFamily::kV4);
  if (!gateway.ok()) return PartError(param, "gateway", gateway.status());
  out.gateway = *gateway;
  for (int i = 7; i < 9; ++i) {
    absl::StatusOr<IpAddress> ns =
        netutil::ParseIpAddress(parts[i], IpFamily::kV4);
    if (!ns.ok()) {
      return PartError(param, i == 7 ? "first DNS server" : "second DNS server",
                       ns.status());
    }
    out.nameservers.push_back(*ns);
  }
  return out;
}

}  // namespace

absl::StatusOr<HostConfig> ParseHostConfig(absl::string_view cmdline) {
  if (cmdline.size() > kMaxCmdlineBytes) {
    return HostError(absl::StrCat("the kernel command line is ",
                                  cmdline.size(), " bytes, more than the ",
                                  kMaxCmdlineBytes, " this plugin reads"));
  }
  INDEX2IP_ASSIGN_OR_RETURN(const Params params, FindParams(cmdline));
  HostConfig host;
  if (params.epoxy_ipv4.has_value()) {
    host.v4_source = "epoxy.ipv4";
    INDEX2IP_ASSIGN_OR_RETURN(
        host.v4, ParseEpoxy("epoxy.ipv4", *params.epoxy_ipv4, IpFamily::kV4));
  } else if (params.ip.has_value()) {
    host.v4_source = "ip";
    INDEX2IP_ASSIGN_OR_RETURN(host.v4, ParseKernelIp("ip", *params.ip));
  } else if (params.epoxy_ip.has_value()) {
    host.v4_source = "epoxy.ip";
    INDEX2IP_ASSIGN_OR_RETURN(host.v4,
                              ParseKernelIp("epoxy.ip", *params.epoxy_ip));
  } else {
    return cni::MakeError(
        cni::ErrorCode::kHostConfig, "no host address on the kernel command line",
        "looked for epoxy.ipv4=ADDRESS/PREFIX,GATEWAY,DNS1,DNS2, then "
        "ip=CLIENT:SERVER:GATEWAY:NETMASK:HOST:DEV:AUTOCONF:DNS0:DNS1, then "
        "epoxy.ip= in the same form");
  }
  if (params.epoxy_ipv6.has_value() && !params.epoxy_ipv6->empty()) {
    INDEX2IP_ASSIGN_OR_RETURN(
        host.v6, ParseEpoxy("epoxy.ipv6", *params.epoxy_ipv6, IpFamily::kV6));
  }
  return host;
}

}  // namespace index2ip
