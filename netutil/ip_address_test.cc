#include "netutil/ip_address.h"

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace index2ip {
namespace netutil {
namespace {

using ::testing::HasSubstr;

// Prints a test input readably in failure messages, NUL bytes included.
std::string Show(absl::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\0') {
      out += "\\0";
    } else {
      out.push_back(c);
    }
  }
  return "\"" + out + "\"";
}

IpAddress MustParse(absl::string_view text) {
  absl::StatusOr<IpAddress> a = ParseIpAddress(text);
  EXPECT_TRUE(a.ok()) << Show(text) << ": " << a.status();
  return a.ok() ? *a : IpAddress();
}

IpPrefix MustParsePrefix(absl::string_view text) {
  absl::StatusOr<IpPrefix> p = ParseIpPrefix(text);
  EXPECT_TRUE(p.ok()) << Show(text) << ": " << p.status();
  return p.ok() ? *p : IpPrefix();
}

TEST(IpFamily, NamesAndBits) {
  EXPECT_EQ(FamilyName(IpFamily::kV4), "IPv4");
  EXPECT_EQ(FamilyName(IpFamily::kV6), "IPv6");
  EXPECT_EQ(FamilyBits(IpFamily::kV4), 32);
  EXPECT_EQ(FamilyBits(IpFamily::kV6), 128);
}

TEST(IpAddress, DefaultIsIpv4Zero) {
  IpAddress a;
  EXPECT_EQ(a.family(), IpFamily::kV4);
  EXPECT_EQ(a.size(), 4);
  EXPECT_EQ(a.ToString(), "0.0.0.0");
}

TEST(IpAddress, FactoriesSetFamilyBytesAndSize) {
  const IpAddress v4 = IpAddress::V4({4, 14, 159, 112});
  EXPECT_EQ(v4.family(), IpFamily::kV4);
  EXPECT_EQ(v4.size(), 4);
  EXPECT_EQ(v4.bytes()[0], 4);
  EXPECT_EQ(v4.bytes()[3], 112);
  EXPECT_EQ(v4.ToString(), "4.14.159.112");

  std::array<uint8_t, 16> b{};
  b[0] = 0x20;
  b[1] = 0x01;
  b[15] = 0x01;
  const IpAddress v6 = IpAddress::V6(b);
  EXPECT_EQ(v6.family(), IpFamily::kV6);
  EXPECT_EQ(v6.size(), 16);
  EXPECT_EQ(v6.bytes(), b);
  EXPECT_EQ(v6.ToString(), "2001::1");
}

TEST(IpAddress, EqualityIncludesFamily) {
  // 0.0.0.0 and :: have the same (all-zero) bytes but are different addresses.
  EXPECT_NE(IpAddress::V4({0, 0, 0, 0}), IpAddress::V6({}));
  EXPECT_EQ(IpAddress::V4({1, 2, 3, 4}), MustParse("1.2.3.4"));
  EXPECT_NE(IpAddress::V4({1, 2, 3, 4}), IpAddress::V4({1, 2, 3, 5}));
}

struct GoodAddressCase {
  absl::string_view text;
  IpFamily family;
  absl::string_view canonical;
};

TEST(ParseIpAddress, AcceptsValidAddresses) {
  const GoodAddressCase cases[] = {
      {"1.2.3.4", IpFamily::kV4, "1.2.3.4"},
      {"0.0.0.0", IpFamily::kV4, "0.0.0.0"},
      {"255.255.255.255", IpFamily::kV4, "255.255.255.255"},
      {"4.14.159.112", IpFamily::kV4, "4.14.159.112"},
      {"::", IpFamily::kV6, "::"},
      {"::1", IpFamily::kV6, "::1"},
      {"2001:db8::1", IpFamily::kV6, "2001:db8::1"},
      {"2001:DB8::1", IpFamily::kV6, "2001:db8::1"},
      {"0000:0000:0000:0000:0000:0000:0000:0001", IpFamily::kV6, "::1"},
      // Words of one to four digits, a lone zero word left uncompressed.
      {"1:20:300:4000:0:FFFF:a0b:c", IpFamily::kV6,
       "1:20:300:4000:0:ffff:a0b:c"},
      // IPv4-mapped text is an IPv6 address, not an IPv4 one.
      {"::ffff:1.2.3.4", IpFamily::kV6, "::ffff:1.2.3.4"},
      {"ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", IpFamily::kV6,
       "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
  };
  for (const GoodAddressCase& c : cases) {
    absl::StatusOr<IpAddress> a = ParseIpAddress(c.text);
    ASSERT_TRUE(a.ok()) << Show(c.text) << ": " << a.status();
    EXPECT_EQ(a->family(), c.family) << Show(c.text);
    EXPECT_EQ(a->ToString(), c.canonical) << Show(c.text);
  }
}

TEST(ParseIpAddress, ParsesBytesInNetworkOrder) {
  const IpAddress v4 = MustParse("1.2.3.4");
  EXPECT_EQ(v4, IpAddress::V4({1, 2, 3, 4}));
  const IpAddress v6 = MustParse("2001:db8::ff01");
  std::array<uint8_t, 16> want{};
  want[0] = 0x20;
  want[1] = 0x01;
  want[2] = 0x0d;
  want[3] = 0xb8;
  want[14] = 0xff;
  want[15] = 0x01;
  EXPECT_EQ(v6, IpAddress::V6(want));
}

TEST(ParseIpAddress, RejectsMalformedText) {
  const std::string cases[] = {
      "300.2.3.4",                  // octet above 255
      "256.0.0.0",                  // octet above 255
      "1.2.3",                      // too few octets
      "1.2.3.4.5",                  // too many octets
      "01.2.3.4",                   // leading zero (could be read as octal)
      "1.2.3.04",                   // leading zero in the last octet
      "1.2.3.4 ",                   // trailing space
      " 1.2.3.4",                   // leading space
      "1.2.3.4\n",                  // trailing newline
      "1.2.3.-4",                   // sign (upstream's sscanf accepted this)
      "+1.2.3.4",                   // sign
      "0x1.2.3.4",                  // hex octet
      "1.2.3.4/26",                 // a prefix is not an address
      "",                           // empty
      "1:Z::",                      // not a hex digit (upstream test vector)
      "1:2:3:4:5:6:7:8:9",          // nine groups
      "1::2::3",                    // two "::"
      "12345::",                    // group of five digits
      "::1%eth0",                   // zone index
      "[::1]",                      // brackets
      "localhost",                  // a name
      std::string("\0", 1),         // a lone NUL
      std::string("1.2.3.4\0", 8),  // NUL after a valid address
      std::string("1.2\0.3.4", 8),  // NUL inside
      std::string("::1\0garbage", 11),   // NUL hides trailing junk
      std::string(65, '1'),              // over the 64-byte bound
      "1.2.3.4" + std::string(58, ' '),  // 65 bytes: valid prefix, then junk
      std::string(1 << 20, ':'),         // very long
  };
  for (const std::string& text : cases) {
    absl::StatusOr<IpAddress> a = ParseIpAddress(text);
    EXPECT_FALSE(a.ok()) << Show(text) << " parsed as " << a->ToString();
    EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument)
        << Show(text);
  }
}

TEST(ParseIpAddress, ErrorQuotesTheInput) {
  absl::StatusOr<IpAddress> a = ParseIpAddress("300.2.3.4");
  ASSERT_FALSE(a.ok());
  EXPECT_THAT(a.status().message(), HasSubstr("'300.2.3.4'"));
}

TEST(ParseIpAddress, ErrorTruncatesLongInput) {
  const std::string text(100000, 'x');
  absl::StatusOr<IpAddress> a = ParseIpAddress(text);
  ASSERT_FALSE(a.ok());
  EXPECT_LT(a.status().message().size(), 200u);
  EXPECT_THAT(a.status().message(), HasSubstr("xxxx"));
}

TEST(ParseIpAddress, ErrorEscapesNulBytes) {
  absl::StatusOr<IpAddress> a = ParseIpAddress(std::string("1.2\0.3.4", 8));
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().message().find('\0'), absl::string_view::npos);
}

struct FamilyCase {
  absl::string_view text;
  IpFamily family;
  bool ok;
};

TEST(ParseIpAddress, FamilyOverloadChecksFamily) {
  const FamilyCase cases[] = {
      {"1.2.3.4", IpFamily::kV4, true},
      {"2001:db8::1", IpFamily::kV6, true},
      {"2001:db8::1", IpFamily::kV4, false},
      {"1.2.3.4", IpFamily::kV6, false},
      // Mapped addresses are IPv6, so they are no IPv4 address.
      {"::ffff:1.2.3.4", IpFamily::kV4, false},
      {"::ffff:1.2.3.4", IpFamily::kV6, true},
      // Bad text fails whichever family is asked for.
      {"300.2.3.4", IpFamily::kV4, false},
      {"1:Z::", IpFamily::kV6, false},
      {"", IpFamily::kV4, false},
  };
  for (const FamilyCase& c : cases) {
    absl::StatusOr<IpAddress> a = ParseIpAddress(c.text, c.family);
    EXPECT_EQ(a.ok(), c.ok)
        << Show(c.text) << " as " << FamilyName(c.family) << ": " << a.status();
    if (a.ok()) {
      EXPECT_EQ(a->family(), c.family) << Show(c.text);
      EXPECT_EQ(*a, MustParse(c.text)) << Show(c.text);
    } else {
      EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument)
          << Show(c.text);
      EXPECT_THAT(a.status().message(), HasSubstr(FamilyName(c.family)))
          << Show(c.text);
    }
  }
}

TEST(ParseIpAddress, FamilyMismatchNamesBothFamilies) {
  absl::StatusOr<IpAddress> a = ParseIpAddress("2001:db8::1", IpFamily::kV4);
  ASSERT_FALSE(a.ok());
  EXPECT_THAT(a.status().message(), HasSubstr("expected an IPv4 address"));
  EXPECT_THAT(a.status().message(), HasSubstr("IPv6"));
  EXPECT_THAT(a.status().message(), HasSubstr("2001:db8::1"));
}

struct GoodPrefixCase {
  absl::string_view text;
  absl::string_view address;
  int length;
};

TEST(ParseIpPrefix, AcceptsValidPrefixes) {
  const GoodPrefixCase cases[] = {
      {"4.14.159.112/26", "4.14.159.112", 26},
      {"1.2.3.4/0", "1.2.3.4", 0},
      {"1.2.3.4/32", "1.2.3.4", 32},
      {"0.0.0.0/0", "0.0.0.0", 0},
      {"2001:db8::112/64", "2001:db8::112", 64},
      {"::/0", "::", 0},
      {"::1/128", "::1", 128},
      {"1:2::/64", "1:2::", 64},
      {"::ffff:1.2.3.4/96", "::ffff:1.2.3.4", 96},
      // The length is 1 to 3 decimal digits; a leading zero is a digit.
      {"1.2.3.4/026", "1.2.3.4", 26},
      {"1.2.3.4/00", "1.2.3.4", 0},
      {"1.2.3.4/000", "1.2.3.4", 0},
      {"::1/064", "::1", 64},
  };
  for (const GoodPrefixCase& c : cases) {
    absl::StatusOr<IpPrefix> p = ParseIpPrefix(c.text);
    ASSERT_TRUE(p.ok()) << Show(c.text) << ": " << p.status();
    EXPECT_EQ(p->address(), MustParse(c.address)) << Show(c.text);
    EXPECT_EQ(p->length(), c.length) << Show(c.text);
    EXPECT_EQ(p->family(), p->address().family()) << Show(c.text);
  }
}

TEST(ParseIpPrefix, KeepsHostBits) {
  const IpPrefix p = MustParsePrefix("4.14.159.112/26");
  EXPECT_EQ(p.address().ToString(), "4.14.159.112");
  EXPECT_EQ(p.ToString(), "4.14.159.112/26");
}

TEST(ParseIpPrefix, RejectsMalformedText) {
  const std::string cases[] = {
      "1.2.3.4/33",   // too long for IPv4
      "::/129",       // too long for IPv6
      "1.2.3.4/128",  // an IPv6 length on an IPv4 address
      "1.2.3.4/999",
      "1.2.3.4/0026",                   // four digits
      "::/0128",                        // four digits
      "1.2.3.4/+26",                    // sign
      "1.2.3.4/-1",                     // sign
      "1.2.3.4/ 26",                    // space before the length
      "1.2.3.4/26 ",                    // space after the length
      "1.2.3.4 /26",                    // space before the slash
      "1.2.3.4/",                       // no length
      "1.2.3.4/26/1",                   // extra slash
      "1.2.3.4//26",                    // extra slash
      "1.2.3.4/2a",                     // not decimal
      "1.2.3.4/0x1a",                   // not decimal
      "1.2.3.4",                        // no slash
      "1:2::",                          // no slash (upstream test vector)
      "/26",                            // no address
      "",                               // empty
      "300.2.3.4/26",                   // bad address
      "1.c.3.4/26",                     // bad address (upstream test vector)
      "1:Z::/64",                       // bad address (upstream test vector)
      "300.2.3.-4/26",                  // upstream's sscanf accepted this
      std::string("1.2.3.4/2\0", 10),   // NUL in the length
      std::string("1.2.3.4\0/26", 11),  // NUL in the address
  };
  for (const std::string& text : cases) {
    absl::StatusOr<IpPrefix> p = ParseIpPrefix(text);
    EXPECT_FALSE(p.ok()) << Show(text) << " parsed as " << p->ToString();
    EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument)
        << Show(text);
  }
}

TEST(ParseIpPrefix, LengthErrorNamesTheFamilyMaximum) {
  absl::StatusOr<IpPrefix> v4 = ParseIpPrefix("1.2.3.4/33");
  ASSERT_FALSE(v4.ok());
  EXPECT_THAT(v4.status().message(), HasSubstr("0 to 32"));
  absl::StatusOr<IpPrefix> v6 = ParseIpPrefix("::/129");
  ASSERT_FALSE(v6.ok());
  EXPECT_THAT(v6.status().message(), HasSubstr("0 to 128"));
}

TEST(ParseIpPrefix, FamilyOverloadChecksFamily) {
  const FamilyCase cases[] = {
      {"1.2.3.4/26", IpFamily::kV4, true},
      {"2001:db8::1/64", IpFamily::kV6, true},
      {"1.2.3.4/26", IpFamily::kV6, false},
      {"2001:db8::1/64", IpFamily::kV4, false},
      {"::ffff:1.2.3.4/96", IpFamily::kV4, false},
      {"1.2.3.4/33", IpFamily::kV4, false},
      {"1.2.3.4", IpFamily::kV4, false},
  };
  for (const FamilyCase& c : cases) {
    absl::StatusOr<IpPrefix> p = ParseIpPrefix(c.text, c.family);
    EXPECT_EQ(p.ok(), c.ok)
        << Show(c.text) << " as " << FamilyName(c.family) << ": " << p.status();
    if (p.ok()) {
      EXPECT_EQ(*p, MustParsePrefix(c.text)) << Show(c.text);
    } else {
      EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument)
          << Show(c.text);
    }
  }
}

TEST(ParseIpPrefix, FamilyMismatchNamesBothFamilies) {
  absl::StatusOr<IpPrefix> p = ParseIpPrefix("1.2.3.4/26", IpFamily::kV6);
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.status().message(), HasSubstr("expected an IPv6 address"));
  EXPECT_THAT(p.status().message(), HasSubstr("IPv4"));
  EXPECT_THAT(p.status().message(), HasSubstr("1.2.3.4/26"));
}

struct ToStringCase {
  absl::string_view text;
  absl::string_view canonical;
};

TEST(IpAddress, ToStringIsRfc5952) {
  const ToStringCase cases[] = {
      {"2001:DB8:0:0:0:0:0:1", "2001:db8::1"},
      {"2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"},
      // glibc's inet_ntop prints this as "::0.1.0.2"; Go and RFC 5952 don't.
      {"::1:2", "::1:2"},
      {"::1.2.3.4", "::102:304"},
      // The longest run of zeros is compressed, not the first.
      {"1:0:0:1:0:0:0:1", "1:0:0:1::1"},
      // On a tie, the first run is compressed.
      {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},
      // A single zero group is not compressed (RFC 5952 section 4.2.2).
      {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},
      {"1:2:3:4:5:6:7:0", "1:2:3:4:5:6:7:0"},
      {"0:1:2:3:4:5:6:7", "0:1:2:3:4:5:6:7"},
      {"0:0:0:0:0:0:0:0", "::"},
      {"0:0:0:0:0:0:0:1", "::1"},
      {"1:0:0:0:0:0:0:0", "1::"},
      {"1:0:0:0:0:0:0:1", "1::1"},
      {"ABCD:EF01::", "abcd:ef01::"},
      {"2001:1900:2100:2d:0:0:0:112", "2001:1900:2100:2d::112"},
      // IPv4-mapped addresses keep their dotted tail (RFC 5952 section 5).
      {"::ffff:1.2.3.4", "::ffff:1.2.3.4"},
      {"::FFFF:0102:0304", "::ffff:1.2.3.4"},
      {"::ffff:0.0.0.0", "::ffff:0.0.0.0"},
      // Not mapped: the ffff group is elsewhere.
      {"::ffff:0:102:304", "::ffff:0:102:304"},
      {"1::ffff:102:304", "1::ffff:102:304"},
  };
  for (const ToStringCase& c : cases) {
    EXPECT_EQ(MustParse(c.text).ToString(), c.canonical) << Show(c.text);
    // The canonical form parses back to the same address.
    EXPECT_EQ(MustParse(c.canonical), MustParse(c.text)) << Show(c.text);
  }
}

TEST(IpAddress, ToStringOfIpv4IsDottedQuad) {
  const ToStringCase cases[] = {
      {"0.0.0.0", "0.0.0.0"},
      {"1.2.3.4", "1.2.3.4"},
      {"10.0.0.255", "10.0.0.255"},
      {"255.255.255.255", "255.255.255.255"},
  };
  for (const ToStringCase& c : cases) {
    EXPECT_EQ(MustParse(c.text).ToString(), c.canonical) << Show(c.text);
  }
}

TEST(IpPrefix, ToStringIsAddressSlashLength) {
  EXPECT_EQ(MustParsePrefix("4.14.159.112/26").ToString(), "4.14.159.112/26");
  EXPECT_EQ(MustParsePrefix("2001:DB8:0::112/064").ToString(),
            "2001:db8::112/64");
  EXPECT_EQ(MustParsePrefix("::/0").ToString(), "::/0");
  EXPECT_EQ(IpPrefix(IpAddress::V4({10, 0, 0, 1}), 8).ToString(), "10.0.0.1/8");
}

TEST(IpPrefix, Equality) {
  EXPECT_EQ(MustParsePrefix("1.2.3.4/26"), MustParsePrefix("1.2.3.4/26"));
  EXPECT_NE(MustParsePrefix("1.2.3.4/26"), MustParsePrefix("1.2.3.4/27"));
  EXPECT_NE(MustParsePrefix("1.2.3.4/26"), MustParsePrefix("1.2.3.5/26"));
}

struct SubnetCase {
  absl::string_view prefix;
  absl::string_view network;
  absl::string_view broadcast;
};

TEST(IpPrefix, NetworkAndBroadcastAddresses) {
  const SubnetCase cases[] = {
      {"4.14.159.112/26", "4.14.159.64", "4.14.159.127"},
      {"1.2.3.4/26", "1.2.3.0", "1.2.3.63"},
      {"1.2.3.201/26", "1.2.3.192", "1.2.3.255"},
      {"1.2.3.4/0", "0.0.0.0", "255.255.255.255"},
      {"1.2.3.4/32", "1.2.3.4", "1.2.3.4"},
      {"1.2.3.5/31", "1.2.3.4", "1.2.3.5"},
      {"1.2.3.5/30", "1.2.3.4", "1.2.3.7"},
      {"10.1.2.3/8", "10.0.0.0", "10.255.255.255"},
      {"172.16.5.4/12", "172.16.0.0", "172.31.255.255"},
      {"192.168.1.200/25", "192.168.1.128", "192.168.1.255"},
      {"192.168.200.1/17", "192.168.128.0", "192.168.255.255"},
      {"2001:db8::112/64", "2001:db8::", "2001:db8::ffff:ffff:ffff:ffff"},
      {"2001:db8::1/128", "2001:db8::1", "2001:db8::1"},
      {"::1/0", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
      {"2001:db8:abcd:12ff::1/60",
       "2001:db8:abcd:12f0::", "2001:db8:abcd:12ff:ffff:ffff:ffff:ffff"},
      {"2001:db8::1:2/120", "2001:db8::1:0", "2001:db8::1:ff"},
      {"2001:db8::1:2/127", "2001:db8::1:2", "2001:db8::1:3"},
      {"8000::1/1", "8000::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
  };
  for (const SubnetCase& c : cases) {
    const IpPrefix p = MustParsePrefix(c.prefix);
    const IpAddress network = p.NetworkAddress();
    const IpAddress broadcast = p.BroadcastAddress();
    EXPECT_EQ(network.family(), p.family()) << c.prefix;
    EXPECT_EQ(broadcast.family(), p.family()) << c.prefix;
    EXPECT_EQ(network.ToString(), c.network) << c.prefix;
    EXPECT_EQ(broadcast.ToString(), c.broadcast) << c.prefix;
    // The host address itself is unchanged.
    EXPECT_EQ(p.address(), MustParsePrefix(c.prefix).address()) << c.prefix;
  }
}

TEST(IpPrefix, NetworkAddressOfIpv4LeavesUnusedBytesZero) {
  // Only the first 4 bytes carry an IPv4 address; equality compares all 16,
  // so the results must leave the others as a parsed address has them.
  const IpPrefix p = MustParsePrefix("1.2.3.4/24");
  EXPECT_EQ(p.NetworkAddress(), MustParse("1.2.3.0"));
  EXPECT_EQ(p.BroadcastAddress(), MustParse("1.2.3.255"));
}

struct ContainsCase {
  absl::string_view prefix;
  absl::string_view address;
  bool contains;
};

TEST(IpPrefix, Contains) {
  const ContainsCase cases[] = {
      {"4.14.159.112/26", "4.14.159.112", true},
      {"4.14.159.112/26", "4.14.159.64", true},
      {"4.14.159.112/26", "4.14.159.127", true},
      {"4.14.159.112/26", "4.14.159.128", false},
      {"4.14.159.112/26", "4.14.159.63", false},
      {"4.14.159.112/26", "5.14.159.112", false},
      {"1.2.3.4/32", "1.2.3.4", true},
      {"1.2.3.4/32", "1.2.3.5", false},
      {"1.2.3.4/0", "255.255.255.255", true},
      {"0.0.0.0/0", "0.0.0.0", true},
      // Never across families, not even for /0 or mapped addresses.
      {"0.0.0.0/0", "::", false},
      {"1.2.3.4/26", "::ffff:1.2.3.4", false},
      {"::/0", "1.2.3.4", false},
      {"::/0", "::ffff:1.2.3.4", true},
      {"2001:db8::112/64", "2001:db8::ffff:ffff:ffff:ffff", true},
      {"2001:db8::112/64", "2001:db8::", true},
      {"2001:db8::112/64", "2001:db8:0:1::", false},
      {"2001:db8::1:2/120", "2001:db8::1:ff", true},
      {"2001:db8::1:2/120", "2001:db8::1:100", false},
      {"2001:db8::1/128", "2001:db8::1", true},
      {"2001:db8::1/128", "2001:db8::2", false},
  };
  for (const ContainsCase& c : cases) {
    EXPECT_EQ(MustParsePrefix(c.prefix).Contains(MustParse(c.address)),
              c.contains)
        << c.prefix << " contains " << c.address;
  }
}

struct NetmaskCase {
  absl::string_view text;
  int length;
};

TEST(ParseIpv4Netmask, AcceptsContiguousMasks) {
  const NetmaskCase cases[] = {
      {"255.255.255.192", 26}, {"0.0.0.0", 0},          {"255.255.255.255", 32},
      {"255.255.255.0", 24},   {"255.255.0.0", 16},     {"255.0.0.0", 8},
      {"128.0.0.0", 1},        {"255.255.255.254", 31}, {"255.255.254.0", 23},
      {"255.240.0.0", 12},
  };
  for (const NetmaskCase& c : cases) {
    absl::StatusOr<int> length = ParseIpv4Netmask(c.text);
    ASSERT_TRUE(length.ok()) << c.text << ": " << length.status();
    EXPECT_EQ(*length, c.length) << c.text;
  }
}

TEST(ParseIpv4Netmask, AcceptsEveryLength) {
  for (int length = 0; length <= 32; ++length) {
    const uint32_t bits = length == 0 ? 0 : ~uint32_t{0} << (32 - length);
    const IpAddress mask = IpAddress::V4(
        {static_cast<uint8_t>(bits >> 24), static_cast<uint8_t>(bits >> 16),
         static_cast<uint8_t>(bits >> 8), static_cast<uint8_t>(bits)});
    absl::StatusOr<int> got = ParseIpv4Netmask(mask.ToString());
    ASSERT_TRUE(got.ok()) << mask.ToString() << ": " << got.status();
    EXPECT_EQ(*got, length) << mask.ToString();
  }
}

TEST(ParseIpv4Netmask, RejectsOtherText) {
  const absl::string_view cases[] = {
      "255.0.255.0",            // not contiguous
      "0.255.255.255",          // ones at the wrong end
      "255.255.255.193",        // a stray one bit
      "254.255.255.255",        // a hole at the top
      "255.255.255.256",        // not an address
      "ffff:ffff:ffff:ffff::",  // IPv6
      "",
      "26",
      "/26",
      "255.255.255.192/26",
      "255.255.255.192 ",
  };
  for (absl::string_view text : cases) {
    absl::StatusOr<int> length = ParseIpv4Netmask(text);
    EXPECT_FALSE(length.ok()) << Show(text) << " gave " << *length;
    EXPECT_EQ(length.status().code(), absl::StatusCode::kInvalidArgument)
        << Show(text);
  }
}

}  // namespace
}  // namespace netutil
}  // namespace index2ip
