// The host's own addresses, read from the kernel command line.
//
// M-Lab hosts boot with their static configuration on /proc/cmdline:
//
//   epoxy.ipv4=4.14.159.112/26,4.14.159.65,8.8.8.8,8.8.4.4
//   epoxy.ipv6=2001:1900:2100:2d::112/64,2001:1900:2100:2d::1,2001:4860:4860::8888,2001:4860:4860::8844
//
// each ADDRESS/PREFIX,GATEWAY,DNS1,DNS2. `epoxy.ipv4` is required and
// `epoxy.ipv6` optional (an empty value means no IPv6). Without `epoxy.ipv4`
// the kernel's own static form is used:
//
//   ip=<client>:<server>:<gw>:<netmask>:<hostname>:<device>:<autoconf>:<dns0>:<dns1>
//
// first as `ip=`, then as `epoxy.ip=` (which M-Lab's boot line also carries).
//
// Stricter than upstream index2ip (m-lab/index2ip main.go), which matched an
// unanchored regex and passed values through unchecked: the line is split on
// whitespace and keys match whole; each part must be an address of the right
// family; empty, missing or extra parts and repeated keys are errors.
//
// Example:
//   absl::StatusOr<HostConfig> host = ParseHostConfig(cmdline);
//   host->v4.address.ToString();   // "4.14.159.112/26"
//   host->v6.has_value();          // true when epoxy.ipv6 is set

#ifndef INDEX2IP_IPAM_HOST_CONFIG_H_
#define INDEX2IP_IPAM_HOST_CONFIG_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "netutil/ip_address.h"

namespace index2ip {

// One address family's configuration.
struct FamilyConfig {
  netutil::IpPrefix address;  // the host's address and its subnet
  netutil::IpAddress gateway;
  std::vector<netutil::IpAddress> nameservers;  // two, in boot-line order
  // ip='s <server> part, when given: the NFS or boot server.
  absl::optional<netutil::IpAddress> server;
  // The parameter it came from: "epoxy.ipv4", "epoxy.ipv6", "ip" or
  // "epoxy.ip", for messages.
  std::string source;
};

// An address of the host's configuration that no pod may be given: someone
// else's already.
// What a reserved address is to the host.
enum class ReservedRole { kHost, kGateway, kNameserver, kServer };

// The role in a sentence: "the host's own address", "the gateway", "a
// nameserver", "the server" (ip='s).
absl::string_view RoleText(ReservedRole role);

// The role in one word, for tables: "host", "gateway", "nameserver",
// "server".
absl::string_view RoleLabel(ReservedRole role);

struct ReservedAddress {
  netutil::IpAddress address;
  ReservedRole role;
};

// Every address `family` names: the host's own, the gateway, the
// nameservers, the server. In that order; duplicates are kept.
std::vector<ReservedAddress> ReservedAddresses(const FamilyConfig& family);

struct HostConfig {
  FamilyConfig v4;
  absl::optional<FamilyConfig> v6;
  // The parameter the IPv4 configuration came from (v4.source).
  std::string v4_source;
};

// The longest command line accepted; far above any kernel's limit.
inline constexpr size_t kMaxCmdlineBytes = 1 << 20;

// Parses the host configuration from the kernel command line text. Only the
// parameters used must be well-formed: with `epoxy.ipv4` present, `ip=` and
// `epoxy.ip=` are not read, so they may repeat or hold anything (M-Lab's boot
// line carries `ip=` for the kernel). Errors, each with CNI code 100 and
// details naming the parameter and the part:
//   no `epoxy.ipv4`, `ip` or `epoxy.ip` parameter;
//   a used parameter given twice;
//   a value with the wrong number of parts, or an empty part;
//   a part that is not an address of the expected family (ip='s server,
//   when given, included), a prefix length
//   out of range, a netmask that is not contiguous;
//   an `ip=` whose autoconf is not static ("dhcp", ...);
//   text longer than kMaxCmdlineBytes.
absl::StatusOr<HostConfig> ParseHostConfig(absl::string_view cmdline);

}  // namespace index2ip

#endif  // INDEX2IP_IPAM_HOST_CONFIG_H_
