#include "index2ip/ipam/host_config.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "cni/error.h"
#include "gtest/gtest.h"
#include "index2ip/ipam/codes.h"
#include "testdata/runfiles.h"

namespace index2ip {
namespace {

constexpr char kEpoxyV4[] =
    "epoxy.ipv4=4.14.159.112/26,4.14.159.65,8.8.8.8,8.8.4.4";
constexpr char kEpoxyV6[] =
    "epoxy.ipv6=2001:1900:2100:2d::112/64,2001:1900:2100:2d::1,"
    "2001:4860:4860::8888,2001:4860:4860::8844";
constexpr char kKernelIp[] =
    "4.14.159.112::4.14.159.65:255.255.255.192:mlab4.lga0t.measurement-lab.org:"
    "eth0:off:8.8.8.8:8.8.4.4";

std::vector<std::string> Strings(const std::vector<netutil::IpAddress>& as) {
  std::vector<std::string> out;
  for (const netutil::IpAddress& a : as) out.push_back(a.ToString());
  return out;
}

// The M-Lab host mlab4.lga0t's IPv4 configuration, whatever parameter it was
// read from.
void ExpectLga0tV4(const HostConfig& host) {
  EXPECT_EQ(host.v4.address.ToString(), "4.14.159.112/26");
  EXPECT_EQ(host.v4.address.family(), netutil::IpFamily::kV4);
  EXPECT_EQ(host.v4.gateway.ToString(), "4.14.159.65");
  EXPECT_EQ(Strings(host.v4.nameservers),
            (std::vector<std::string>{"8.8.8.8", "8.8.4.4"}));
}

// Ported from upstream TestMakeIPConfig, on the same real command line.
TEST(ParseHostConfig, ParsesMlabCommandLine) {
  absl::StatusOr<HostConfig> host =
      ParseHostConfig(ReadTestData("cmdlines/mlab4_lga0t.txt"));
  ASSERT_TRUE(host.ok()) << host.status();
  ExpectLga0tV4(*host);
  EXPECT_EQ(host->v4_source, "epoxy.ipv4");
  ASSERT_TRUE(host->v6.has_value());
  EXPECT_EQ(host->v6->address.ToString(), "2001:1900:2100:2d::112/64");
  EXPECT_EQ(host->v6->address.family(), netutil::IpFamily::kV6);
  EXPECT_EQ(host->v6->gateway.ToString(), "2001:1900:2100:2d::1");
  EXPECT_EQ(Strings(host->v6->nameservers),
            (std::vector<std::string>{"2001:4860:4860::8888",
                                      "2001:4860:4860::8844"}));
}

// Ported from upstream TestMakeIPConfigV4Only.
TEST(ParseHostConfig, ParsesV4OnlyCommandLine) {
  absl::StatusOr<HostConfig> host =
      ParseHostConfig(ReadTestData("cmdlines/mlab4_lga0t_v4only.txt"));
  ASSERT_TRUE(host.ok()) << host.status();
  ExpectLga0tV4(*host);
  EXPECT_EQ(host->v4_source, "epoxy.ipv4");
  EXPECT_FALSE(host->v6.has_value());
}

// Ported from upstream TestMakeIPConfigFails.
TEST(ParseHostConfig, RejectsUpstreamBadCommandLines) {
  const std::vector<std::string> kBad = {
      "a bad value",
      "epoxy.ipv4=4.14.159.112/26,4.14.159.65,8.8.8.8",
      "epoxy.ipv4=4.14.159.112/26,4.14.159.65,8.8.8.8,8.8.4.4 "
      "epoxy.ipv6=2001:1900:2100:2d::112/64,2001:1900:2100:2d::1,"
      "2001:4860:4860::8888",
  };
  for (const std::string& cmdline : kBad) {
    SCOPED_TRACE(cmdline);
    absl::StatusOr<HostConfig> host = ParseHostConfig(cmdline);
    ASSERT_FALSE(host.ok());
    EXPECT_EQ(cni::CodeOf(host.status()), CniCode(Code::kHostConfig));
  }
}

struct BadCase {
  std::string name;
  std::string cmdline;
  // Each must appear in the status message (the CNI error's details).
  std::vector<std::string> details;
};

void ExpectAllRejected(const std::vector<BadCase>& cases) {
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<HostConfig> host = ParseHostConfig(c.cmdline);
    ASSERT_FALSE(host.ok()) << "accepted: " << c.cmdline;
    EXPECT_EQ(cni::CodeOf(host.status()), CniCode(Code::kHostConfig))
        << host.status();
    EXPECT_EQ(cni::ToCniError(host.status(), "1.0.0").msg(),
              "invalid host address configuration");
    for (const std::string& want : c.details) {
      EXPECT_NE(host.status().message().find(want), absl::string_view::npos)
          << "details '" << host.status().message() << "' lack '" << want
          << "'";
    }
  }
}

TEST(ParseHostConfig, RejectsBadEpoxyValues) {
  const std::string v4 = kEpoxyV4;
  ExpectAllRejected({
      {"five parts",
       "epoxy.ipv4=4.14.159.112/26,4.14.159.65,8.8.8.8,8.8.4.4,1.1.1.1",
       {"epoxy.ipv4", "4 comma-separated parts", "got 5"}},
      {"one part", "epoxy.ipv4=4.14.159.112/26", {"epoxy.ipv4", "got 1"}},
      {"empty value", "epoxy.ipv4=", {"epoxy.ipv4", "got 1"}},
      {"empty gateway and first DNS",
       "epoxy.ipv4=4.14.159.112/26,,,8.8.4.4",
       {"epoxy.ipv4", "empty gateway"}},
      {"empty last part",
       "epoxy.ipv4=4.14.159.112/26,4.14.159.65,8.8.8.8,",
       {"epoxy.ipv4", "empty second DNS server"}},
      {"IPv6 address in the v4 slot",
       "epoxy.ipv4=2001:1900:2100:2d::112/64,4.14.159.65,8.8.8.8,8.8.4.4",
       {"epoxy.ipv4", "address"}},
      {"IPv6 gateway in the v4 slot",
       "epoxy.ipv4=4.14.159.112/26,2001:1900:2100:2d::1,8.8.8.8,8.8.4.4",
       {"epoxy.ipv4", "gateway"}},
      {"IPv4 address in the v6 slot",
       v4 + " epoxy.ipv6=4.14.159.112/26,2001:1900:2100:2d::1," +
           "2001:4860:4860::8888,2001:4860:4860::8844",
       {"epoxy.ipv6", "address"}},
      {"IPv4 DNS in the v6 slot",
       v4 + " epoxy.ipv6=2001:1900:2100:2d::112/64,2001:1900:2100:2d::1," +
           "8.8.8.8,2001:4860:4860::8844",
       {"epoxy.ipv6", "first DNS server"}},
      {"prefix above 32",
       "epoxy.ipv4=4.14.159.112/33,4.14.159.65,8.8.8.8,8.8.4.4",
       {"epoxy.ipv4", "address"}},
      {"prefix above 128",
       v4 + " epoxy.ipv6=2001:1900:2100:2d::112/129,2001:1900:2100:2d::1," +
           "2001:4860:4860::8888,2001:4860:4860::8844",
       {"epoxy.ipv6", "address"}},
      {"no prefix",
       "epoxy.ipv4=4.14.159.112,4.14.159.65,8.8.8.8,8.8.4.4",
       {"epoxy.ipv4", "address"}},
      // sscanf-based parsing (upstream) reads this as an address.
      {"octet above 255 and a negative octet",
       "epoxy.ipv4=300.2.3.-4/26,4.14.159.65,8.8.8.8,8.8.4.4",
       {"epoxy.ipv4", "address", "300.2.3.-4"}},
      {"gateway not an address",
       "epoxy.ipv4=4.14.159.112/26,gateway,8.8.8.8,8.8.4.4",
       {"epoxy.ipv4", "gateway", "'gateway'"}},
      {"gateway with a prefix",
       "epoxy.ipv4=4.14.159.112/26,4.14.159.65/26,8.8.8.8,8.8.4.4",
       {"epoxy.ipv4", "gateway"}},
      {"second DNS not an address",
       "epoxy.ipv4=4.14.159.112/26,4.14.159.65,8.8.8.8,dns.google",
       {"epoxy.ipv4", "second DNS server"}},
      {"v6 with 3 parts",
       v4 + " epoxy.ipv6=2001:1900:2100:2d::112/64,2001:1900:2100:2d::1," +
           "2001:4860:4860::8888",
       {"epoxy.ipv6", "got 3"}},
  });
}

TEST(ParseHostConfig, RejectsRepeatedParameters) {
  const std::string v4 = kEpoxyV4;
  const std::string v6 = kEpoxyV6;
  const std::string ip = kKernelIp;
  ExpectAllRejected({
      {"epoxy.ipv4 twice", v4 + " " + v4, {"'epoxy.ipv4'", "more than once"}},
      {"epoxy.ipv4 twice, different values",
       v4 + " epoxy.ipv4=4.14.159.113/26,4.14.159.65,8.8.8.8,8.8.4.4",
       {"'epoxy.ipv4'", "more than once"}},
      {"epoxy.ipv6 twice",
       v4 + " " + v6 + " " + v6,
       {"'epoxy.ipv6'", "more than once"}},
      {"empty epoxy.ipv6 twice",
       v4 + " epoxy.ipv6= epoxy.ipv6=",
       {"'epoxy.ipv6'", "more than once"}},
      {"ip twice", "ip=" + ip + " ip=" + ip, {"'ip'", "more than once"}},
      {"epoxy.ip twice",
       "epoxy.ip=" + ip + " epoxy.ip=" + ip,
       {"'epoxy.ip'", "more than once"}},
  });
}

TEST(ParseHostConfig, UnusedParametersMayRepeat) {
  const std::string v4 =
      "epoxy.ipv4=4.14.159.112/26,4.14.159.65,8.8.8.8,8.8.4.4";
  // With epoxy.ipv4 present, ip= and epoxy.ip= are never read.
  for (const std::string& line :
       {v4 + " ip=dhcp ip=dhcp", v4 + " epoxy.ip=a epoxy.ip=b ip=x ip=y",
        "ip=dhcp " + v4 + " ip=::::::"}) {
    absl::StatusOr<HostConfig> host = ParseHostConfig(line);
    ASSERT_TRUE(host.ok()) << line << ": " << host.status();
    EXPECT_EQ(host->v4_source, "epoxy.ipv4");
  }
  // With ip= in use, a repeated epoxy.ip= is not read either.
  const std::string ip =
      "ip=4.14.159.112::4.14.159.65:255.255.255.192:h:eth0:off:8.8.8.8:8.8.4.4";
  absl::StatusOr<HostConfig> host =
      ParseHostConfig(ip + " epoxy.ip=a epoxy.ip=b");
  ASSERT_TRUE(host.ok()) << host.status();
  EXPECT_EQ(host->v4_source, "ip");
  // The one in use may not.
  EXPECT_FALSE(ParseHostConfig(ip + " " + ip).ok());
}

TEST(ParseHostConfig, MatchesWholeKeysOnly) {
  // Upstream's unanchored `epoxy.ipv4=(...)` regex takes every one of these.
  const std::string value = "=4.14.159.112/26,4.14.159.65,8.8.8.8,8.8.4.4";
  const std::vector<std::string> kNotEpoxyIpv4 = {
      "epoxyXipv4" + value,
      "xepoxy.ipv4" + value,
      "epoxy.ipv4x" + value,
      "EPOXY.IPV4" + value,
      "foo=epoxy.ipv4" + value,
      "epoxy.ipv4" + absl::StrReplaceAll(value, {{"=", ":"}}),
  };
  for (const std::string& cmdline : kNotEpoxyIpv4) {
    SCOPED_TRACE(cmdline);
    absl::StatusOr<HostConfig> host = ParseHostConfig(cmdline);
    ASSERT_FALSE(host.ok());
    EXPECT_EQ(cni::CodeOf(host.status()), CniCode(Code::kHostConfig));
    EXPECT_EQ(cni::ToCniError(host.status(), "1.0.0").msg(),
              "no host address on the kernel command line");
  }
}

TEST(ParseHostConfig, MisspelledKeyDoesNotShadowTheRealOne) {
  // A look-alike before the real parameter is neither used nor a duplicate.
  absl::StatusOr<HostConfig> host = ParseHostConfig(
      "epoxyXipv4=1.2.3.4/24,1.2.3.1,1.1.1.1,1.0.0.1 " + std::string(kEpoxyV4));
  ASSERT_TRUE(host.ok()) << host.status();
  ExpectLga0tV4(*host);
}

TEST(ParseHostConfig, SplitsOnAnyWhitespace) {
  const std::vector<std::string> kSeparators = {" ",       "\t", "\n", "\r\n",
                                                " \t \n ", "\v", "\f"};
  for (const std::string& sep : kSeparators) {
    SCOPED_TRACE(absl::StrCat("separator of ", sep.size(), " bytes"));
    const std::string cmdline = absl::StrCat("root=/dev/sda1", sep, kEpoxyV4,
                                             sep, kEpoxyV6, sep, "quiet\n");
    absl::StatusOr<HostConfig> host = ParseHostConfig(cmdline);
    ASSERT_TRUE(host.ok()) << host.status();
    ExpectLga0tV4(*host);
    ASSERT_TRUE(host->v6.has_value());
    EXPECT_EQ(host->v6->address.ToString(), "2001:1900:2100:2d::112/64");
    // A trailing newline (as /proc/cmdline has) is not part of the value.
    EXPECT_EQ(host->v6->nameservers.back().ToString(), "2001:4860:4860::8844");
  }
}

TEST(ParseHostConfig, EmptyEpoxyIpv6MeansNoIpv6) {
  const std::vector<std::string> kCmdlines = {
      absl::StrCat(kEpoxyV4, " epoxy.ipv6="),
      absl::StrCat("epoxy.ipv6= ", kEpoxyV4),
      absl::StrCat(kEpoxyV4, " epoxy.ipv6=\n"),
      kEpoxyV4,
  };
  for (const std::string& cmdline : kCmdlines) {
    SCOPED_TRACE(cmdline);
    absl::StatusOr<HostConfig> host = ParseHostConfig(cmdline);
    ASSERT_TRUE(host.ok()) << host.status();
    ExpectLga0tV4(*host);
    EXPECT_FALSE(host->v6.has_value());
  }
}

TEST(ParseHostConfig, EpoxyIpv6WithoutIpv4IsNotEnough) {
  absl::StatusOr<HostConfig> host = ParseHostConfig(kEpoxyV6);
  ASSERT_FALSE(host.ok());
  EXPECT_EQ(cni::CodeOf(host.status()), CniCode(Code::kHostConfig));
  EXPECT_EQ(cni::ToCniError(host.status(), "1.0.0").msg(),
            "no host address on the kernel command line");
}

TEST(ParseHostConfig, FallsBackToKernelIp) {
  absl::StatusOr<HostConfig> host =
      ParseHostConfig(ReadTestData("cmdlines/kernel_ip_only.txt"));
  ASSERT_TRUE(host.ok()) << host.status();
  // 255.255.255.192 is /26.
  ExpectLga0tV4(*host);
  EXPECT_EQ(host->v4_source, "ip");
  EXPECT_FALSE(host->v6.has_value());
}

TEST(ParseHostConfig, FallsBackToEpoxyIp) {
  absl::StatusOr<HostConfig> host =
      ParseHostConfig(ReadTestData("cmdlines/epoxy_ip_only.txt"));
  ASSERT_TRUE(host.ok()) << host.status();
  ExpectLga0tV4(*host);
  EXPECT_EQ(host->v4_source, "epoxy.ip");
  EXPECT_FALSE(host->v6.has_value());
}

TEST(ParseHostConfig, KernelIpNetmaskGivesPrefixLength) {
  struct Case {
    std::string netmask;
    int length;
  };
  const std::vector<Case> kCases = {
      {"255.255.255.192", 26}, {"255.255.255.0", 24},   {"255.255.0.0", 16},
      {"255.255.255.255", 32}, {"255.255.255.254", 31}, {"128.0.0.0", 1},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.netmask);
    absl::StatusOr<HostConfig> host = ParseHostConfig(absl::StrCat(
        "ip=10.1.2.3::10.1.0.1:", c.netmask, ":host:eth0:off:1.1.1.1:1.0.0.1"));
    ASSERT_TRUE(host.ok()) << host.status();
    EXPECT_EQ(host->v4.address.address().ToString(), "10.1.2.3");
    EXPECT_EQ(host->v4.address.length(), c.length);
    EXPECT_EQ(host->v4.gateway.ToString(), "10.1.0.1");
    EXPECT_EQ(Strings(host->v4.nameservers),
              (std::vector<std::string>{"1.1.1.1", "1.0.0.1"}));
  }
}

TEST(ParseHostConfig, KernelIpAcceptsStaticAutoconf) {
  for (const char* autoconf : {"off", "none"}) {
    SCOPED_TRACE(autoconf);
    absl::StatusOr<HostConfig> host = ParseHostConfig(absl::StrCat(
        "ip=4.14.159.112::4.14.159.65:255.255.255.192:h:eth0:", autoconf,
        ":8.8.8.8:8.8.4.4"));
    ASSERT_TRUE(host.ok()) << host.status();
    ExpectLga0tV4(*host);
  }
}

TEST(ParseHostConfig, RejectsBadKernelIp) {
  // ip=<client>:<server>:<gw>:<netmask>:<hostname>:<device>:<autoconf>:
  //    <dns0>:<dns1>
  ExpectAllRejected({
      {"ip=dhcp", "ip=dhcp", {"ip ", "9 colon-separated parts", "got 1"}},
      {"empty ip", "ip=", {"ip ", "got 1"}},
      {"8 parts",
       "ip=4.14.159.112::4.14.159.65:255.255.255.192:h:eth0:off:8.8.8.8",
       {"ip ", "got 8"}},
      {"10 parts",
       "ip=4.14.159.112::4.14.159.65:255.255.255.192:h:eth0:off:8.8.8.8:"
       "8.8.4.4:1.2.3.4",
       {"ip ", "got 10"}},
      {"autoconf dhcp",
       "ip=4.14.159.112::4.14.159.65:255.255.255.192:h:eth0:dhcp:8.8.8.8:"
       "8.8.4.4",
       {"ip autoconf", "'dhcp'", "not a static configuration"}},
      {"autoconf on",
       "ip=4.14.159.112::4.14.159.65:255.255.255.192:h:eth0:on:8.8.8.8:"
       "8.8.4.4",
       {"ip autoconf", "'on'"}},
      {"autoconf bootp",
       "ip=4.14.159.112::4.14.159.65:255.255.255.192:h:eth0:bootp:8.8.8.8:"
       "8.8.4.4",
       {"ip autoconf", "'bootp'"}},
      {"empty client",
       "ip=::4.14.159.65:255.255.255.192:h:eth0:off:8.8.8.8:8.8.4.4",
       {"ip ", "empty client address"}},
      {"empty gateway",
       "ip=4.14.159.112:::255.255.255.192:h:eth0:off:8.8.8.8:8.8.4.4",
       {"ip ", "empty gateway"}},
      {"empty netmask",
       "ip=4.14.159.112::4.14.159.65::h:eth0:off:8.8.8.8:8.8.4.4",
       {"ip ", "empty netmask"}},
      {"empty first DNS",
       "ip=4.14.159.112::4.14.159.65:255.255.255.192:h:eth0:off::8.8.4.4",
       {"ip ", "empty first DNS server"}},
      {"empty second DNS",
       "ip=4.14.159.112::4.14.159.65:255.255.255.192:h:eth0:off:8.8.8.8:",
       {"ip ", "empty second DNS server"}},
      {"non-contiguous netmask",
       "ip=4.14.159.112::4.14.159.65:255.0.255.0:h:eth0:off:8.8.8.8:8.8.4.4",
       {"ip netmask", "255.0.255.0"}},
      {"netmask as a prefix length",
       "ip=4.14.159.112::4.14.159.65:26:h:eth0:off:8.8.8.8:8.8.4.4",
       {"ip netmask"}},
      {"client not an address",
       "ip=300.2.3.4::4.14.159.65:255.255.255.192:h:eth0:off:8.8.8.8:8.8.4.4",
       {"ip client address", "300.2.3.4"}},
      {"gateway not an address",
       "ip=4.14.159.112::gw:255.255.255.192:h:eth0:off:8.8.8.8:8.8.4.4",
       {"ip gateway", "'gw'"}},
      {"second DNS not an address",
       "ip=4.14.159.112::4.14.159.65:255.255.255.192:h:eth0:off:8.8.8.8:x",
       {"ip second DNS server"}},
      {"epoxy.ip is named as such",
       "epoxy.ip=4.14.159.112::4.14.159.65:255.255.255.192:h:eth0:dhcp:"
       "8.8.8.8:8.8.4.4",
       {"epoxy.ip autoconf", "'dhcp'"}},
  });
}

TEST(ParseHostConfig, SourcePrecedence) {
  // The three IPv4 sources, each with a different host address so the winner
  // is visible.
  const std::string epoxy_ipv4 =
      "epoxy.ipv4=10.0.0.4/24,10.0.0.1,8.8.8.8,8.8.4.4";
  const std::string ip =
      "ip=10.0.1.4::10.0.1.1:255.255.255.0:h:eth0:off:8.8.8.8:8.8.4.4";
  const std::string epoxy_ip =
      "epoxy.ip=10.0.2.4::10.0.2.1:255.255.255.0:h:eth0:off:8.8.8.8:8.8.4.4";
  struct Case {
    std::string cmdline;
    std::string address;
    std::string source;
  };
  const std::vector<Case> kCases = {
      {epoxy_ipv4 + " " + ip + " " + epoxy_ip, "10.0.0.4/24", "epoxy.ipv4"},
      {epoxy_ip + " " + ip + " " + epoxy_ipv4, "10.0.0.4/24", "epoxy.ipv4"},
      {ip + " " + epoxy_ipv4, "10.0.0.4/24", "epoxy.ipv4"},
      {epoxy_ipv4 + " " + epoxy_ip, "10.0.0.4/24", "epoxy.ipv4"},
      {epoxy_ip + " " + ip, "10.0.1.4/24", "ip"},
      {ip + " " + epoxy_ip, "10.0.1.4/24", "ip"},
      {ip, "10.0.1.4/24", "ip"},
      {epoxy_ip, "10.0.2.4/24", "epoxy.ip"},
      // The real M-Lab line carries both epoxy.ip and epoxy.ipv4.
      {ReadTestData("cmdlines/mlab4_lga0t.txt"), "4.14.159.112/26",
       "epoxy.ipv4"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.cmdline);
    absl::StatusOr<HostConfig> host = ParseHostConfig(c.cmdline);
    ASSERT_TRUE(host.ok()) << host.status();
    EXPECT_EQ(host->v4.address.ToString(), c.address);
    EXPECT_EQ(host->v4_source, c.source);
  }
}

TEST(ParseHostConfig, EpoxyIpv6ComesWithKernelIpToo) {
  absl::StatusOr<HostConfig> host =
      ParseHostConfig(absl::StrCat("ip=", kKernelIp, " ", kEpoxyV6));
  ASSERT_TRUE(host.ok()) << host.status();
  EXPECT_EQ(host->v4_source, "ip");
  ExpectLga0tV4(*host);
  ASSERT_TRUE(host->v6.has_value());
  EXPECT_EQ(host->v6->address.ToString(), "2001:1900:2100:2d::112/64");
}

TEST(ParseHostConfig, ReportsMissingAddress) {
  const std::vector<std::string> kCmdlines = {
      ReadTestData("cmdlines/no_address.txt"),
      "",
      " \n",
      "epoxy.ipv4",  // no '='
      "epoxy.ip4=4.14.159.112/26,4.14.159.65,8.8.8.8,8.8.4.4",
  };
  for (const std::string& cmdline : kCmdlines) {
    SCOPED_TRACE(cmdline);
    absl::StatusOr<HostConfig> host = ParseHostConfig(cmdline);
    ASSERT_FALSE(host.ok());
    EXPECT_EQ(cni::CodeOf(host.status()), CniCode(Code::kHostConfig));
    const cni::Error e = cni::ToCniError(host.status(), "1.0.0");
    EXPECT_EQ(e.code(), 100u);
    EXPECT_EQ(e.msg(), "no host address on the kernel command line");
    for (const char* param : {"epoxy.ipv4=", "ip=", "epoxy.ip="}) {
      EXPECT_NE(e.details().find(param), std::string::npos) << e.details();
    }
  }
}

TEST(ParseHostConfig, RejectsCommandLineAboveLimit) {
  // A valid line padded to the limit is read; one byte more is not.
  std::string cmdline = kEpoxyV4;
  cmdline.resize(kMaxCmdlineBytes, ' ');
  absl::StatusOr<HostConfig> host = ParseHostConfig(cmdline);
  ASSERT_TRUE(host.ok()) << host.status();
  ExpectLga0tV4(*host);

  cmdline.push_back(' ');
  host = ParseHostConfig(cmdline);
  ASSERT_FALSE(host.ok());
  EXPECT_EQ(cni::CodeOf(host.status()), CniCode(Code::kHostConfig));
  EXPECT_NE(host.status().message().find(
                absl::StrCat(kMaxCmdlineBytes + 1, " bytes")),
            absl::string_view::npos)
      << host.status();
}

TEST(ParseHostConfig, TruncatesLongValuesInDetails) {
  std::string value(10000, 'x');
  absl::StatusOr<HostConfig> host =
      ParseHostConfig(absl::StrCat("epoxy.ipv4=", value));
  ASSERT_FALSE(host.ok());
  EXPECT_EQ(cni::CodeOf(host.status()), CniCode(Code::kHostConfig));
  EXPECT_LT(host.status().message().size(), 400u) << host.status();
  EXPECT_NE(host.status().message().find("'..."), absl::string_view::npos);
}

}  // namespace
}  // namespace index2ip
