#include "netutil/index_math.h"

#include <array>
#include <cstdint>
#include <limits>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "netutil/ip_address.h"

namespace index2ip {
namespace netutil {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();

IpPrefix MustParsePrefix(absl::string_view text) {
  absl::StatusOr<IpPrefix> p = ParseIpPrefix(text);
  EXPECT_TRUE(p.ok()) << text << ": " << p.status();
  return p.ok() ? *p : IpPrefix();
}

// Upstream (m-lab/index2ip main_test.go, TestAddIndexToIP): every good case.
// An empty ip6 means upstream ran the case with an IPv4 address only.
struct UpstreamGoodCase {
  absl::string_view ip4;
  absl::string_view ip6;
  int64_t index;
  absl::string_view answer4;
  absl::string_view answer6;
};

TEST(AddIndexToIp, PortsUpstreamGoodVectors) {
  const UpstreamGoodCase cases[] = {
      // Some random IPs to test every index in the expected range [1,12].
      {"1.2.3.4/26", "", 1, "1.2.3.5/26", ""},
      {"1.2.3.4/26", "", 2, "1.2.3.6/26", ""},
      {"1.2.3.4/26", "", 3, "1.2.3.7/26", ""},
      {"1.2.3.4/26", "", 4, "1.2.3.8/26", ""},
      {"1.2.3.4/26", "", 5, "1.2.3.9/26", ""},
      {"1.2.3.4/26", "1:2::/64", 6, "1.2.3.10/26", "1:2::6/64"},
      {"1.2.3.4/26", "", 7, "1.2.3.11/26", ""},
      {"1.2.3.4/26", "", 8, "1.2.3.12/26", ""},
      {"1.2.3.4/26", "", 9, "1.2.3.13/26", ""},
      {"1.2.3.4/26", "1:2::/64", 10, "1.2.3.14/26", "1:2::10/64"},
      {"1.2.3.4/26", "1::10/64", 11, "1.2.3.15/26", "1::21/64"},
      {"1.2.3.4/26", "", 12, "1.2.3.16/26", ""},
      // M-Lab's mlab1s are ::9, ::73, ::137, ::201; mlab4s ::48, ::112,
      // ::176, ::240: each with a high index, for base-conversion edges.
      {"1.2.3.9/26", "::9/64", 12, "1.2.3.21/26", "::21/64"},
      {"1.2.3.73/26", "::73/64", 11, "1.2.3.84/26", "::84/64"},
      {"1.2.3.137/26", "::137/64", 10, "1.2.3.147/26", "::147/64"},
      {"1.2.3.201/26", "::201/64", 9, "1.2.3.210/26", "::210/64"},
      {"1.2.3.48/26", "::48/64", 8, "1.2.3.56/26", "::56/64"},
      {"1.2.3.112/26", "::112/64", 7, "1.2.3.119/26", "::119/64"},
      {"1.2.3.176/26", "::176/64", 6, "1.2.3.182/26", "::182/64"},
      {"1.2.3.240/26", "::240/64", 5, "1.2.3.245/26", "::245/64"},
  };
  for (const UpstreamGoodCase& c : cases) {
    const std::string name = absl::StrCat(c.ip4, " ", c.ip6, " + ", c.index);
    absl::StatusOr<IpPrefix> v4 =
        AddIndexToIpv4(MustParsePrefix(c.ip4), c.index);
    ASSERT_TRUE(v4.ok()) << name << ": " << v4.status();
    EXPECT_EQ(v4->ToString(), c.answer4) << name;
    if (c.ip6.empty()) continue;
    absl::StatusOr<IpPrefix> v6 =
        AddIndexToIpv6(MustParsePrefix(c.ip6), c.index);
    ASSERT_TRUE(v6.ok()) << name << ": " << v6.status();
    EXPECT_EQ(v6->ToString(), c.answer6) << name;
  }
}

// Where an upstream bad case fails here: upstream only checks that it fails.
enum class FailsAt { kParse, kAdd };

struct UpstreamBadCase {
  absl::string_view ip;
  int64_t index;
  FailsAt fails_at;
  absl::StatusCode code;
};

TEST(AddIndexToIp, PortsUpstreamBadVectors) {
  const UpstreamBadCase cases[] = {
      {"1.c.3.4/26", 8, FailsAt::kParse, absl::StatusCode::kInvalidArgument},
      {"1.2.3.4/26", 254, FailsAt::kAdd, absl::StatusCode::kOutOfRange},
      {"1:Z::/64", 6, FailsAt::kParse, absl::StatusCode::kInvalidArgument},
      // No prefix length.
      {"1:2::", 6, FailsAt::kParse, absl::StatusCode::kInvalidArgument},
      // "FE" has no decimal reading.
      {"1:2::FE/64", 6, FailsAt::kAdd, absl::StatusCode::kInvalidArgument},
  };
  for (const UpstreamBadCase& c : cases) {
    absl::StatusOr<IpPrefix> host = ParseIpPrefix(c.ip);
    if (c.fails_at == FailsAt::kParse) {
      EXPECT_FALSE(host.ok()) << c.ip;
      EXPECT_EQ(host.status().code(), c.code) << c.ip;
      continue;
    }
    ASSERT_TRUE(host.ok()) << c.ip << ": " << host.status();
    absl::StatusOr<IpPrefix> sum = AddIndexToIp(*host, c.index);
    EXPECT_FALSE(sum.ok()) << c.ip << " + " << c.index << " gave "
                           << sum->ToString();
    EXPECT_EQ(sum.status().code(), c.code) << c.ip << " + " << c.index;
  }
}

struct Base10Case {
  uint16_t group;
  int64_t index;
  absl::StatusCode code;
  uint16_t want;  // when code is kOk
};

TEST(Base10AdditionInBase16, AddsInDecimalWritesInHex) {
  const Base10Case cases[] = {
      // Upstream's cases (TestBase10AdditionInBase16). Its {0, 9, 10} case,
      // a three-byte group, cannot be expressed with a uint16_t group.
      {0x0009, 2, absl::StatusCode::kOk, 0x0011},
      {0x0009, 12, absl::StatusCode::kOk, 0x0021},
      {0x0009, 65536, absl::StatusCode::kOutOfRange, 0},
      {0x0201, 12, absl::StatusCode::kOk, 0x0213},
      // Carries across decimal digits.
      {0x0099, 1, absl::StatusCode::kOk, 0x0100},
      {0x0999, 1, absl::StatusCode::kOk, 0x1000},
      {0x0000, 0, absl::StatusCode::kOk, 0x0000},
      {0x0000, 9999, absl::StatusCode::kOk, 0x9999},
      {0x0000, 10000, absl::StatusCode::kOutOfRange, 0},
      // Index 0 is allowed here (only AddIndexToIpv6 requires >= 1).
      {0x9999, 0, absl::StatusCode::kOk, 0x9999},
      {0x9990, 9, absl::StatusCode::kOk, 0x9999},
      {0x9999, 1, absl::StatusCode::kOutOfRange, 0},
      // Upstream parses the result as a signed 16-bit number and so rejects
      // 8000..9999; they fit in a group, and this plugin accepts them.
      {0x7999, 1, absl::StatusCode::kOk, 0x8000},
      {0x0009, -1, absl::StatusCode::kOutOfRange, 0},
      {0x0009, kInt64Min, absl::StatusCode::kOutOfRange, 0},
      {0x0009, kInt64Max, absl::StatusCode::kOutOfRange, 0},
      {0x9999, kInt64Max, absl::StatusCode::kOutOfRange, 0},
      // A hex digit above 9 anywhere in the group has no decimal reading.
      {0x00fe, 6, absl::StatusCode::kInvalidArgument, 0},
      {0x000a, 0, absl::StatusCode::kInvalidArgument, 0},
      {0x00a0, 1, absl::StatusCode::kInvalidArgument, 0},
      {0x0a00, 1, absl::StatusCode::kInvalidArgument, 0},
      {0xa000, 1, absl::StatusCode::kInvalidArgument, 0},
      {0xffff, 1, absl::StatusCode::kInvalidArgument, 0},
  };
  for (const Base10Case& c : cases) {
    const std::string name =
        absl::StrCat("0x", absl::Hex(c.group), " + ", c.index);
    absl::StatusOr<uint16_t> got = Base10AdditionInBase16(c.group, c.index);
    EXPECT_EQ(got.status().code(), c.code) << name << ": " << got.status();
    if (got.ok() && c.code == absl::StatusCode::kOk) {
      EXPECT_EQ(*got, c.want)
          << name << " gave " << absl::StrCat("0x", absl::Hex(*got));
    }
  }
}

TEST(Base10AdditionInBase16, AgreesWithDecimalArithmeticEverywhere) {
  // Every decimal-looking group plus a few indices: the hex digits of the
  // result, read as decimal, are the decimal sum.
  auto as_decimal = [](uint16_t g) {
    return ((g >> 12) & 0xf) * 1000 + ((g >> 8) & 0xf) * 100 +
           ((g >> 4) & 0xf) * 10 + (g & 0xf);
  };
  auto as_group = [](int d) {
    return static_cast<uint16_t>((d / 1000) << 12 | (d / 100 % 10) << 8 |
                                 (d / 10 % 10) << 4 | d % 10);
  };
  for (int d = 0; d <= 9999; ++d) {
    for (int64_t index : {0, 1, 12, 255}) {
      absl::StatusOr<uint16_t> got = Base10AdditionInBase16(as_group(d), index);
      if (d + index > 9999) {
        ASSERT_EQ(got.status().code(), absl::StatusCode::kOutOfRange)
            << d << " + " << index;
      } else {
        ASSERT_TRUE(got.ok()) << d << " + " << index << ": " << got.status();
        ASSERT_EQ(as_decimal(*got), d + index) << d << " + " << index;
      }
    }
  }
}

struct Ipv4Case {
  absl::string_view host;
  int64_t index;
  absl::StatusCode code;
  // The result; or "1..N" / "no index is valid on this host", which
  // LargestIndex must then say (N, or 0); or a substring of the error.
  absl::string_view want;
};

TEST(AddIndexToIpv4, StaysInsideTheSubnet) {
  const Ipv4Case cases[] = {
      // The header's example host: .64/26, broadcast .127, usable .65-.126.
      {"4.14.159.112/26", 1, absl::StatusCode::kOk, "4.14.159.113/26"},
      {"4.14.159.112/26", 5, absl::StatusCode::kOk, "4.14.159.117/26"},
      {"4.14.159.112/26", 14, absl::StatusCode::kOk, "4.14.159.126/26"},
      {"4.14.159.112/26", 15, absl::StatusCode::kOutOfRange,
       "valid indices on this host are 1..14"},
      {"4.14.159.112/26", 16, absl::StatusCode::kOutOfRange,
       "valid indices on this host are 1..14"},
      {"4.14.159.112/26", 254, absl::StatusCode::kOutOfRange,
       "valid indices on this host are 1..14"},
      // Index 0 and negative indices are never valid.
      {"4.14.159.112/26", 0, absl::StatusCode::kOutOfRange,
       "index must be at least 1"},
      {"4.14.159.112/26", -1, absl::StatusCode::kOutOfRange,
       "index must be at least 1"},
      {"4.14.159.112/26", kInt64Min, absl::StatusCode::kOutOfRange,
       "index must be at least 1"},
      // Huge indices never wrap around the 32-bit address space: 2^32 + 1
      // would land on .113 again if the sum were taken modulo 2^32.
      {"4.14.159.112/26", kInt64Max, absl::StatusCode::kOutOfRange, "1..14"},
      {"4.14.159.112/26", int64_t{1} << 32, absl::StatusCode::kOutOfRange,
       "1..14"},
      {"4.14.159.112/26", (int64_t{1} << 32) + 1, absl::StatusCode::kOutOfRange,
       "1..14"},
      {"255.255.255.254/31", kInt64Max, absl::StatusCode::kOutOfRange,
       "past the subnet's last usable address"},
      // Upstream accepted any last octet up to 255: 1.2.3.4/26 + 60 gave
      // 1.2.3.64/26, an address in the next /26. Here it stays inside.
      {"1.2.3.4/26", 58, absl::StatusCode::kOk, "1.2.3.62/26"},
      {"1.2.3.4/26", 59, absl::StatusCode::kOutOfRange,
       "valid indices on this host are 1..58"},
      {"1.2.3.4/26", 60, absl::StatusCode::kOutOfRange,
       "valid indices on this host are 1..58"},
      // A host on the network address itself.
      {"1.2.3.0/26", 1, absl::StatusCode::kOk, "1.2.3.1/26"},
      {"1.2.3.0/26", 62, absl::StatusCode::kOk, "1.2.3.62/26"},
      {"1.2.3.0/26", 63, absl::StatusCode::kOutOfRange, "1..62"},
      // A host on the last usable address, or on the broadcast address.
      {"1.2.3.62/26", 1, absl::StatusCode::kOutOfRange,
       "no index is valid on this host"},
      {"1.2.3.63/26", 1, absl::StatusCode::kOutOfRange,
       "no index is valid on this host"},
      {"1.2.3.255/24", 1, absl::StatusCode::kOutOfRange,
       "no index is valid on this host"},
      // /30: two usable addresses.
      {"10.0.0.1/30", 1, absl::StatusCode::kOk, "10.0.0.2/30"},
      {"10.0.0.1/30", 2, absl::StatusCode::kOutOfRange, "1..1"},
      // /31 has no network or broadcast address (RFC 3021).
      {"10.0.0.0/31", 1, absl::StatusCode::kOk, "10.0.0.1/31"},
      {"10.0.0.0/31", 2, absl::StatusCode::kOutOfRange, "1..1"},
      {"10.0.0.1/31", 1, absl::StatusCode::kOutOfRange,
       "no index is valid on this host"},
      {"255.255.255.254/31", 1, absl::StatusCode::kOk, "255.255.255.255/31"},
      // /32 is the host alone.
      {"10.0.0.5/32", 1, absl::StatusCode::kOutOfRange,
       "no index is valid on this host"},
      {"255.255.255.255/32", 1, absl::StatusCode::kOutOfRange,
       "no index is valid on this host"},
      // /0: the whole space, with 0.0.0.0 and 255.255.255.255 reserved.
      {"0.0.0.1/0", 1, absl::StatusCode::kOk, "0.0.0.2/0"},
      {"0.0.0.1/0", 4294967293, absl::StatusCode::kOk, "255.255.255.254/0"},
      {"0.0.0.1/0", 4294967294, absl::StatusCode::kOutOfRange, "1..4294967293"},
      // Addition carries across octets.
      {"10.0.0.255/16", 1, absl::StatusCode::kOk, "10.0.1.0/16"},
      {"10.0.255.250/8", 10, absl::StatusCode::kOk, "10.1.0.4/8"},
  };
  for (const Ipv4Case& c : cases) {
    const std::string name = absl::StrCat(c.host, " + ", c.index);
    absl::StatusOr<IpPrefix> got =
        AddIndexToIpv4(MustParsePrefix(c.host), c.index);
    ASSERT_EQ(got.status().code(), c.code) << name << ": " << got.status();
    const int64_t largest = LargestIndex(MustParsePrefix(c.host));
    const size_t range = c.want.find("1..");
    if (got.ok()) {
      EXPECT_EQ(got->ToString(), c.want) << name;
    } else if (range != absl::string_view::npos) {
      EXPECT_EQ(absl::StrCat("1..", largest), c.want.substr(range)) << name;
      EXPECT_THAT(got.status().message(),
                  HasSubstr("past the subnet's last usable address"))
          << name;
    } else if (c.want == "no index is valid on this host") {
      EXPECT_EQ(largest, 0) << name;
    } else {
      EXPECT_THAT(got.status().message(), HasSubstr(c.want)) << name;
    }
  }
}

TEST(AddIndexToIpv4, BroadcastErrorNamesHostAndLastUsableAddress) {
  absl::StatusOr<IpPrefix> got =
      AddIndexToIpv4(MustParsePrefix("4.14.159.112/26"), 15);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(got.status().message(), HasSubstr("index 15"));
  EXPECT_THAT(got.status().message(), HasSubstr("4.14.159.112/26"));
  EXPECT_THAT(got.status().message(), HasSubstr("4.14.159.126"));
}

TEST(AddIndexToIpv4, EveryValidResultIsInsideAndNotReserved) {
  // Property over every host and index of one /26 and a /30.
  for (absl::string_view subnet : {"1.2.3.192/26", "1.2.3.4/30"}) {
    const IpPrefix net = MustParsePrefix(subnet);
    const int hosts = 1 << (32 - net.length());
    const IpAddress network = net.NetworkAddress();
    const std::array<uint8_t, 16>& nb = network.bytes();
    for (int h = 0; h < hosts; ++h) {
      const IpPrefix host(
          IpAddress::V4({nb[0], nb[1], nb[2], static_cast<uint8_t>(nb[3] + h)}),
          net.length());
      for (int64_t index = 1; index <= hosts + 1; ++index) {
        absl::StatusOr<IpPrefix> got = AddIndexToIpv4(host, index);
        const bool want_ok = h + index <= hosts - 2;
        ASSERT_EQ(got.ok(), want_ok) << host.ToString() << " + " << index;
        if (!got.ok()) {
          ASSERT_EQ(got.status().code(), absl::StatusCode::kOutOfRange);
          continue;
        }
        ASSERT_EQ(got->length(), net.length());
        ASSERT_TRUE(net.Contains(got->address()));
        ASSERT_NE(got->address(), net.NetworkAddress());
        ASSERT_NE(got->address(), net.BroadcastAddress());
        ASSERT_EQ(got->address().bytes()[3], nb[3] + h + index);
      }
    }
  }
}

TEST(AddIndexToIpv4, RejectsIpv6Host) {
  absl::StatusOr<IpPrefix> got =
      AddIndexToIpv4(MustParsePrefix("2001:db8::112/64"), 1);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(got.status().message(), HasSubstr("IPv4"));
  EXPECT_THAT(got.status().message(), HasSubstr("2001:db8::112/64"));
}

struct Ipv6Case {
  absl::string_view host;
  int64_t index;
  absl::StatusCode code;
  absl::string_view want;  // the result, or a substring of the error message
};

TEST(AddIndexToIpv6, AppliesTheLastGroupRule) {
  const Ipv6Case cases[] = {
      // The header's example.
      {"2001:db8::112/64", 12, absl::StatusCode::kOk, "2001:db8::124/64"},
      {"2001:1900:2100:2d::112/64", 5, absl::StatusCode::kOk,
       "2001:1900:2100:2d::117/64"},
      // Only the last group changes.
      {"2001:db8:1:2:3:4:5:9/64", 12, absl::StatusCode::kOk,
       "2001:db8:1:2:3:4:5:21/64"},
      // No address is reserved in IPv6: the subnet's first address is a host.
      {"2001:db8::/64", 1, absl::StatusCode::kOk, "2001:db8::1/64"},
      {"2001:db8::9000/112", 999, absl::StatusCode::kOk, "2001:db8::9999/112"},
      {"2001:db8::7999/64", 1, absl::StatusCode::kOk, "2001:db8::8000/64"},
      // Index 0 and negative indices are never valid.
      {"2001:db8::112/64", 0, absl::StatusCode::kOutOfRange,
       "index must be at least 1"},
      {"2001:db8::112/64", -1, absl::StatusCode::kOutOfRange,
       "index must be at least 1"},
      {"2001:db8::112/64", kInt64Min, absl::StatusCode::kOutOfRange,
       "index must be at least 1"},
      // More than four decimal digits.
      {"2001:db8::9999/64", 1, absl::StatusCode::kOutOfRange, "4 decimal"},
      {"2001:db8::112/64", kInt64Max, absl::StatusCode::kOutOfRange,
       "4 decimal"},
      // A hex digit in the last group.
      {"1:2::FE/64", 6, absl::StatusCode::kInvalidArgument,
       "group fe has a hex digit above 9"},
      {"2001:db8::a/64", 1, absl::StatusCode::kInvalidArgument,
       "group a has a hex digit above 9"},
      // Prefixes longer than /112 can be left by the sum: /120 keeps the
      // group's top byte, /121 its top 9 bits, /128 all of it.
      {"2001:db8::1:99/120", 1, absl::StatusCode::kOutOfRange,
       "outside the subnet 2001:db8::1:0/120"},
      {"2001:db8::1:50/120", 49, absl::StatusCode::kOk, "2001:db8::1:99/120"},
      {"::10/121", 69, absl::StatusCode::kOk, "::79/121"},
      {"::10/121", 70, absl::StatusCode::kOutOfRange, "outside the subnet"},
      {"2001:db8::5/128", 1, absl::StatusCode::kOutOfRange,
       "outside the subnet"},
  };
  for (const Ipv6Case& c : cases) {
    const std::string name = absl::StrCat(c.host, " + ", c.index);
    absl::StatusOr<IpPrefix> got =
        AddIndexToIpv6(MustParsePrefix(c.host), c.index);
    ASSERT_EQ(got.status().code(), c.code) << name << ": " << got.status();
    if (got.ok()) {
      EXPECT_EQ(got->ToString(), c.want) << name;
      EXPECT_EQ(got->family(), IpFamily::kV6) << name;
    } else {
      EXPECT_THAT(got.status().message(), HasSubstr(c.want)) << name;
    }
  }
}

TEST(AddIndexToIpv6, RejectsIpv4Host) {
  absl::StatusOr<IpPrefix> got =
      AddIndexToIpv6(MustParsePrefix("4.14.159.112/26"), 1);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(got.status().message(), HasSubstr("IPv6"));
  EXPECT_THAT(got.status().message(), HasSubstr("4.14.159.112/26"));
}

TEST(AddIndexToIpv6, TreatsMappedAddressAsIpv6) {
  // A mapped address is IPv6: its last group 0x0304 reads as 304.
  absl::StatusOr<IpPrefix> got =
      AddIndexToIpv6(MustParsePrefix("::ffff:1.2.3.4/96"), 1);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->ToString(), "::ffff:1.2.3.5/96");
}

struct DispatchCase {
  absl::string_view host;
  int64_t index;
  absl::StatusCode code;
  absl::string_view want;
};

TEST(AddIndexToIp, DispatchesOnFamily) {
  const DispatchCase cases[] = {
      // Plain addition for IPv4 (.112 + 12 = .124)...
      {"4.14.159.112/26", 12, absl::StatusCode::kOk, "4.14.159.124/26"},
      // ...decimal reading for IPv6 (::112 + 12 = ::124, not ::11e).
      {"2001:db8::112/64", 12, absl::StatusCode::kOk, "2001:db8::124/64"},
      // IPv4 rejects the broadcast address; IPv6 has no such rule.
      {"1.2.3.4/26", 59, absl::StatusCode::kOutOfRange, ""},
      {"::4/64", 59, absl::StatusCode::kOk, "::63/64"},
      // Each family's own errors come through.
      {"1.2.3.4/26", 0, absl::StatusCode::kOutOfRange, ""},
      {"::4/64", 0, absl::StatusCode::kOutOfRange, ""},
      {"::fe/64", 1, absl::StatusCode::kInvalidArgument, ""},
  };
  for (const DispatchCase& c : cases) {
    const std::string name = absl::StrCat(c.host, " + ", c.index);
    const IpPrefix host = MustParsePrefix(c.host);
    absl::StatusOr<IpPrefix> got = AddIndexToIp(host, c.index);
    ASSERT_EQ(got.status().code(), c.code) << name << ": " << got.status();
    if (got.ok()) {
      EXPECT_EQ(got->ToString(), c.want) << name;
    }
    // Same answer as the family's own function.
    absl::StatusOr<IpPrefix> direct = host.family() == IpFamily::kV4
                                          ? AddIndexToIpv4(host, c.index)
                                          : AddIndexToIpv6(host, c.index);
    EXPECT_EQ(got.status(), direct.status()) << name;
    if (got.ok() && direct.ok()) {
      EXPECT_EQ(*got, *direct) << name;
    }
  }
}

IpAddress MustParseAddress(absl::string_view text) {
  absl::StatusOr<IpAddress> a = ParseIpAddress(text);
  EXPECT_TRUE(a.ok()) << text;
  return a.ok() ? *a : IpAddress();
}

TEST(LargestIndex, MatchesTheForwardRule) {
  for (const char* host :
       {"4.14.159.112/26", "4.14.159.73/26", "10.0.0.1/29", "10.0.0.6/29",
        "10.0.0.7/29", "10.0.0.1/31", "10.0.0.0/31", "10.0.0.1/32",
        "192.168.0.1/16", "2001:1900:2100:2d::112/64", "::9998/64", "::9999/64",
        "::fe/64", "::112/120", "::112/124", "::1/127"}) {
    const IpPrefix p = MustParsePrefix(host);
    const int64_t k = LargestIndex(p);
    if (k > 0) {
      EXPECT_TRUE(AddIndexToIp(p, k).ok()) << host << " " << k;
    }
    EXPECT_FALSE(AddIndexToIp(p, k + 1).ok()) << host << " " << k + 1;
  }
  EXPECT_EQ(LargestIndex(MustParsePrefix("4.14.159.112/26")), 14);
  EXPECT_EQ(LargestIndex(MustParsePrefix("4.14.159.73/26")), 53);
  EXPECT_EQ(LargestIndex(MustParsePrefix("2001:1900:2100:2d::112/64")), 9887);
  EXPECT_EQ(LargestIndex(MustParsePrefix("::fe/64")), 0);
  EXPECT_EQ(LargestIndex(MustParsePrefix("10.0.0.7/29")), 0);
}

TEST(IndexOf, InvertsAddIndexToIp) {
  for (const char* host :
       {"4.14.159.112/26", "10.0.0.1/29", "2001:1900:2100:2d::112/64",
        "::9990/64", "::112/124"}) {
    const IpPrefix p = MustParsePrefix(host);
    for (int64_t k = 1; k <= LargestIndex(p); ++k) {
      absl::StatusOr<IpPrefix> pod = AddIndexToIp(p, k);
      ASSERT_TRUE(pod.ok());
      EXPECT_EQ(IndexOf(p, pod->address()), k) << host << " " << k;
    }
  }
  const IpPrefix v4 = MustParsePrefix("4.14.159.112/26");
  const IpPrefix v6 = MustParsePrefix("2001:1900:2100:2d::112/64");
  EXPECT_EQ(IndexOf(v4, MustParseAddress("4.14.159.117")), 5);
  EXPECT_EQ(IndexOf(v6, MustParseAddress("2001:1900:2100:2d::117")), 5);
  // What maps to no index.
  for (const char* a : {"4.14.159.112",  // the host itself
                        "4.14.159.100",  // below it
                        "4.14.159.127",  // the broadcast address
                        "4.14.159.129",  // another subnet
                        "2001:1900:2100:2d::117"}) {
    EXPECT_EQ(IndexOf(v4, MustParseAddress(a)), absl::nullopt) << a;
  }
  for (const char* a : {"2001:1900:2100:2d::112",    // the host itself
                        "2001:1900:2100:2d::11a",    // a hex digit: no index
                        "2001:1900:2100:2d::1:117",  // another upper part
                        "2001:1900:2100:2e::117",    // another subnet
                        "4.14.159.117"}) {
    EXPECT_EQ(IndexOf(v6, MustParseAddress(a)), absl::nullopt) << a;
  }
}

TEST(ValidIndices, TakesOutReservedAddresses) {
  // The issue's /29: host .1, gateway .6, a nameserver .4.
  const IpPrefix host = MustParsePrefix("10.0.0.1/29");
  EXPECT_EQ(ValidIndices(host, {}).ToString(), "1..5");
  EXPECT_EQ(
      ValidIndices(host,
                   {MustParseAddress("10.0.0.6"), MustParseAddress("10.0.0.4"),
                    MustParseAddress("8.8.8.8"), MustParseAddress("10.0.0.1")})
          .ToString(),
      "1..2, 4");
  const IpPrefix v6 = MustParsePrefix("2001:1900:2100:2d::112/64");
  EXPECT_EQ(ValidIndices(v6, {MustParseAddress("2001:1900:2100:2d::117"),
                              MustParseAddress("2001:1900:2100:2d::1")})
                .ToString(),
            "1..4, 6..9887");
}

}  // namespace
}  // namespace netutil
}  // namespace index2ip
