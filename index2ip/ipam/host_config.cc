#include "index2ip/ipam/host_config.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/quote.h"
#include "base/status_macros.h"
#include "cni/error.h"
#include "index2ip/ipam/codes.h"

namespace index2ip {
namespace {

using netutil::IpAddress;
using netutil::IpFamily;
using netutil::IpPrefix;

constexpr absl::string_view kInvalid = "invalid host address configuration";

absl::Status HostError(absl::string_view details) {
  return MakeError(Code::kHostConfig, kInvalid, details);
}

// One parameter this plugin may read: its first value, and whether it
// appeared more than once.
struct Param {
  absl::optional<absl::string_view> value;
  bool repeated = false;
};

// The parameters this plugin may read; absent ones have no value.
struct Params {
  Param epoxy_ipv4, epoxy_ipv6, ip, epoxy_ip;
};

// One pass over the command line: linear, and it never fails. Whether a
// repeated parameter is an error depends on whether it is used (Use()).
Params FindParams(absl::string_view cmdline) {
  Params p;
  for (absl::string_view token : absl::StrSplit(
           cmdline, absl::ByAnyChar(" \t\n\r\v\f"), absl::SkipEmpty())) {
    const size_t eq = token.find('=');
    if (eq == absl::string_view::npos) continue;
    const absl::string_view key = token.substr(0, eq);
    Param* slot = nullptr;
    if (key == "epoxy.ipv4") slot = &p.epoxy_ipv4;
    if (key == "epoxy.ipv6") slot = &p.epoxy_ipv6;
    if (key == "ip") slot = &p.ip;
    if (key == "epoxy.ip") slot = &p.epoxy_ip;
    if (slot == nullptr) continue;
    if (slot->value.has_value()) {
      slot->repeated = true;
    } else {
      slot->value = token.substr(eq + 1);
    }
  }
  return p;
}

// The value of a parameter the configuration is taken from: one that
// appears twice is ambiguous, so an error. Parameters that are not used
// (ip= on a line that has epoxy.ipv4=) may repeat: the kernel and other
// tools read them, not this plugin.
absl::StatusOr<absl::string_view> Use(const Param& param,
                                      absl::string_view key) {
  if (param.repeated) {
    return HostError(absl::StrCat(
        "'", key, "' appears more than once on the kernel command line; ",
        "it must appear once"));
  }
  return *param.value;
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
    return HostError(absl::StrCat(param, " must have 4 comma-separated parts ",
                                  "(address/prefix,gateway,dns1,dns2), got ",
                                  parts.size(), " in ",
                                  QuoteForMessage(value)));
  }
  static constexpr absl::string_view kNames[] = {
      "address", "gateway", "first DNS server", "second DNS server"};
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
    return HostError(
        absl::StrCat(param, " autoconf is ", QuoteForMessage(autoconf),
                     ", not a static configuration (off, none ", "or empty)"));
  }
  struct Required {
    int index;
    absl::string_view name;
  };
  static constexpr Required kRequired[] = {{0, "client address"},
                                           {2, "gateway"},
                                           {3, "netmask"},
                                           {7, "first DNS server"},
                                           {8, "second DNS server"}};
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
  if (!parts[1].empty()) {
    absl::StatusOr<IpAddress> server =
        netutil::ParseIpAddress(parts[1], IpFamily::kV4);
    if (!server.ok()) return PartError(param, "server", server.status());
    out.server = *server;
  }
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

absl::string_view RoleText(ReservedRole role) {
  switch (role) {
    case ReservedRole::kHost:
      return "the host's own address";
    case ReservedRole::kGateway:
      return "the gateway";
    case ReservedRole::kNameserver:
      return "a nameserver";
    case ReservedRole::kServer:
      break;
  }
  return "the server";
}

absl::string_view RoleLabel(ReservedRole role) {
  switch (role) {
    case ReservedRole::kHost:
      return "host";
    case ReservedRole::kGateway:
      return "gateway";
    case ReservedRole::kNameserver:
      return "nameserver";
    case ReservedRole::kServer:
      break;
  }
  return "server";
}

std::vector<ReservedAddress> ReservedAddresses(const FamilyConfig& family) {
  std::vector<ReservedAddress> out;
  out.reserve(4 + family.nameservers.size());
  out.push_back({family.address.address(), ReservedRole::kHost});
  out.push_back({family.gateway, ReservedRole::kGateway});
  for (const IpAddress& ns : family.nameservers) {
    out.push_back({ns, ReservedRole::kNameserver});
  }
  if (family.server.has_value()) {
    out.push_back({*family.server, ReservedRole::kServer});
  }
  return out;
}

absl::StatusOr<HostConfig> ParseHostConfig(absl::string_view cmdline) {
  if (cmdline.size() > kMaxCmdlineBytes) {
    return HostError(absl::StrCat("the kernel command line is ", cmdline.size(),
                                  " bytes, more than the ", kMaxCmdlineBytes,
                                  " this plugin reads"));
  }
  const Params params = FindParams(cmdline);
  HostConfig host;
  if (params.epoxy_ipv4.value.has_value()) {
    host.v4_source = "epoxy.ipv4";
    INDEX2IP_ASSIGN_OR_RETURN(const absl::string_view v,
                              Use(params.epoxy_ipv4, "epoxy.ipv4"));
    INDEX2IP_ASSIGN_OR_RETURN(host.v4,
                              ParseEpoxy("epoxy.ipv4", v, IpFamily::kV4));
  } else if (params.ip.value.has_value()) {
    host.v4_source = "ip";
    INDEX2IP_ASSIGN_OR_RETURN(const absl::string_view v, Use(params.ip, "ip"));
    INDEX2IP_ASSIGN_OR_RETURN(host.v4, ParseKernelIp("ip", v));
  } else if (params.epoxy_ip.value.has_value()) {
    host.v4_source = "epoxy.ip";
    INDEX2IP_ASSIGN_OR_RETURN(const absl::string_view v,
                              Use(params.epoxy_ip, "epoxy.ip"));
    INDEX2IP_ASSIGN_OR_RETURN(host.v4, ParseKernelIp("epoxy.ip", v));
  } else {
    return MakeError(
        Code::kHostConfig, "no host address on the kernel command line",
        "looked for epoxy.ipv4=ADDRESS/PREFIX,GATEWAY,DNS1,DNS2, then "
        "ip=CLIENT:SERVER:GATEWAY:NETMASK:HOST:DEV:AUTOCONF:DNS0:DNS1, then "
        "epoxy.ip= in the same form");
  }
  host.v4.source = host.v4_source;
  if (params.epoxy_ipv6.value.has_value()) {
    INDEX2IP_ASSIGN_OR_RETURN(const absl::string_view v,
                              Use(params.epoxy_ipv6, "epoxy.ipv6"));
    if (!v.empty()) {
      INDEX2IP_ASSIGN_OR_RETURN(host.v6,
                                ParseEpoxy("epoxy.ipv6", v, IpFamily::kV6));
      host.v6->source = "epoxy.ipv6";
    }
  }
  return host;
}

}  // namespace index2ip
