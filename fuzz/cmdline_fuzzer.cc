// Fuzzes index2ip::ParseHostConfig, the kernel command line parser
// (index2ip/ipam/host_config.h): epoxy.ipv4=, epoxy.ipv6=, ip= and epoxy.ip=.
//
// Properties, for every input:
//   - a failure is CNI error 100 with a message and details;
//   - a parsed configuration is well-formed: each family's address, gateway
//     and two DNS servers are of that family, the prefix length fits it, and
//     every address prints as text that parses back to itself;
//   - it says the same when written back as a canonical line: the
//     epoxy.ipv4=/epoxy.ipv6= form, and the kernel's ip= form (netmask from
//     the prefix length) for the IPv4 part, parse to equal configurations.

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "cni/error.h"
#include "fuzz/fuzz_check.h"
#include "index2ip/ipam/codes.h"
#include "index2ip/ipam/host_config.h"
#include "netutil/ip_address.h"

namespace index2ip {
namespace {

using netutil::IpAddress;
using netutil::IpFamily;
using netutil::IpPrefix;

// Kernels cap the command line at a few KiB (COMMAND_LINE_SIZE is 2048 on
// x86); twice that covers every real line.
constexpr size_t kMaxInput = 4096;

void CheckAddress(const IpAddress& a, IpFamily family, absl::string_view what) {
  INDEX2IP_FUZZ_CHECK(
      a.family() == family,
      absl::StrCat(what, " ", a.ToString(), " has the wrong family"));
  absl::StatusOr<IpAddress> back =
      netutil::ParseIpAddress(a.ToString(), family);
  INDEX2IP_FUZZ_CHECK(
      back.ok() && *back == a,
      absl::StrCat(what, " ", a.ToString(), " does not parse back"));
}

void CheckFamily(const FamilyConfig& f, IpFamily family) {
  INDEX2IP_FUZZ_CHECK(f.address.family() == family && f.address.length() >= 0 &&
                          f.address.length() <= netutil::FamilyBits(family),
                      f.address.ToString());
  absl::StatusOr<IpPrefix> back =
      netutil::ParseIpPrefix(f.address.ToString(), family);
  INDEX2IP_FUZZ_CHECK(
      back.ok() && *back == f.address,
      absl::StrCat(f.address.ToString(), " does not parse back"));
  CheckAddress(f.gateway, family, "gateway");
  INDEX2IP_FUZZ_CHECK(f.nameservers.size() == 2,
                      absl::StrCat(f.nameservers.size(), " nameservers"));
  for (const IpAddress& ns : f.nameservers)
    CheckAddress(ns, family, "nameserver");
}

bool SameFamily(const FamilyConfig& a, const FamilyConfig& b) {
  return a.address == b.address && a.gateway == b.gateway &&
         a.nameservers == b.nameservers;
}

std::string EpoxyValue(const FamilyConfig& f) {
  return absl::StrCat(f.address.ToString(), ",", f.gateway.ToString(), ",",
                      f.nameservers[0].ToString(), ",",
                      f.nameservers[1].ToString());
}

std::string Netmask(int length) {
  const uint32_t mask = length == 0 ? 0 : ~uint32_t{0} << (32 - length);
  return IpAddress::V4({static_cast<uint8_t>(mask >> 24),
                        static_cast<uint8_t>(mask >> 16),
                        static_cast<uint8_t>(mask >> 8),
                        static_cast<uint8_t>(mask)})
      .ToString();
}

void TestOneInput(absl::string_view cmdline) {
  absl::StatusOr<HostConfig> host = ParseHostConfig(cmdline);
  if (!host.ok()) {
    INDEX2IP_FUZZ_CHECK(
        cni::CodeOf(host.status()) == CniCode(Code::kHostConfig),
        host.status().ToString());
    const cni::Error e = cni::ToCniError(host.status(), "1.0.0");
    INDEX2IP_FUZZ_CHECK(!e.msg().empty() && !e.details().empty(),
                        host.status().ToString());
    return;
  }
  INDEX2IP_FUZZ_CHECK(host->v4_source == "epoxy.ipv4" ||
                          host->v4_source == "ip" ||
                          host->v4_source == "epoxy.ip",
                      host->v4_source);
  CheckFamily(host->v4, IpFamily::kV4);
  if (host->v6.has_value()) CheckFamily(*host->v6, IpFamily::kV6);

  // The canonical epoxy line parses to the same configuration.
  std::string line = absl::StrCat("epoxy.ipv4=", EpoxyValue(host->v4));
  if (host->v6.has_value()) {
    absl::StrAppend(&line, " epoxy.ipv6=", EpoxyValue(*host->v6));
  }
  absl::StatusOr<HostConfig> again = ParseHostConfig(line);
  INDEX2IP_FUZZ_CHECK(again.ok(), absl::StrCat(again.status().ToString(),
                                               " for our own line ", line));
  INDEX2IP_FUZZ_CHECK(
      SameFamily(again->v4, host->v4) &&
          again->v6.has_value() == host->v6.has_value() &&
          (!host->v6.has_value() || SameFamily(*again->v6, *host->v6)),
      absl::StrCat("canonical line ", line, " differs"));

  // So does the kernel's ip= form of the IPv4 part.
  const FamilyConfig& v4 = host->v4;
  const std::string ip_line = absl::StrCat(
      "ip=", v4.address.address().ToString(), "::", v4.gateway.ToString(), ":",
      Netmask(v4.address.length()),
      ":host:eth0:off:", v4.nameservers[0].ToString(), ":",
      v4.nameservers[1].ToString());
  absl::StatusOr<HostConfig> kernel = ParseHostConfig(ip_line);
  INDEX2IP_FUZZ_CHECK(kernel.ok() && kernel->v4_source == "ip" &&
                          SameFamily(kernel->v4, v4) && !kernel->v6.has_value(),
                      absl::StrCat("kernel line ", ip_line,
                                   " differs: ", kernel.status().ToString()));
}

}  // namespace
}  // namespace index2ip

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > index2ip::kMaxInput) return 0;
  index2ip::TestOneInput(
      absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
