#include "index2ip/ipam/requested_address.h"

#include <string>
#include <vector>

#include "cni/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index2ip/ipam/host_config.h"

namespace index2ip {
namespace {

using ::testing::HasSubstr;

HostConfig Mlab4() {
  return *ParseHostConfig(
      "epoxy.ipv4=4.14.159.112/26,4.14.159.65,8.8.8.8,8.8.4.4 "
      "epoxy.ipv6=2001:1900:2100:2d::112/64,2001:1900:2100:2d::1,"
      "2001:4860:4860::8888,2001:4860:4860::8844");
}

TEST(IndexForAddresses, MapsEachFamilyAndBoth) {
  const HostConfig host = Mlab4();
  const std::vector<std::vector<std::string>> cases = {
      {"4.14.159.117"},
      {"4.14.159.117/26"},
      {"2001:1900:2100:2d::117"},
      // The inverse of the decimal-in-hex rule: ::117 is 112 + 5.
      {"2001:1900:2100:2d::117/64", "4.14.159.117/26"},
      {"2001:1900:2100:002d:0000:0000:0000:0117"},
  };
  for (const auto& c : cases) {
    absl::StatusOr<int64_t> k = IndexForAddresses(host, c, "test");
    ASSERT_TRUE(k.ok()) << c[0] << ": " << k.status();
    EXPECT_EQ(*k, 5) << c[0];
  }
  absl::StatusOr<int64_t> twelve =
      IndexForAddresses(host, {"2001:1900:2100:2d::124"}, "t");
  ASSERT_TRUE(twelve.ok());
  EXPECT_EQ(*twelve, 12);
}

TEST(IndexForAddresses, RefusesWhatIsNoHostPlusK) {
  const HostConfig host = Mlab4();
  const struct {
    std::vector<std::string> addresses;
    const char* details;
  } cases[] = {
      {{"4.14.159.100"}, "is not this host's address plus an index"},
      {{"4.14.159.200"}, "is not this host's address plus an index"},
      {{"2001:1900:2100:2d::11a"}, "its last group has a hex letter"},
      {{"2001:1900:2100:2e::117"}, "is not this host's address plus an index"},
      {{"4.14.159.117/24"}, "has not the host's prefix length /26"},
      {{"4.14.159.117", "4.14.159.118"}, "at most one address per family"},
      {{"4.14.159.117", "2001:1900:2100:2d::118"}, "they must be one index"},
      {{"not-an-address"}, "is not an IP address"},
      {{}, "no address given"},
  };
  for (const auto& c : cases) {
    absl::StatusOr<int64_t> k = IndexForAddresses(host, c.addresses, "IP");
    ASSERT_FALSE(k.ok()) << c.details;
    const cni::Error e = cni::ToCniError(k.status(), "1.0.0");
    EXPECT_EQ(e.code(), 101u);
    EXPECT_EQ(e.msg(), "requested address refused");
    EXPECT_THAT(e.details(), HasSubstr(c.details));
    EXPECT_THAT(e.details(), HasSubstr("IP: "));
  }
  HostConfig v4_only = host;
  v4_only.v6.reset();
  EXPECT_THAT(IndexForAddresses(v4_only, {"2001:1900:2100:2d::117"}, "IP")
                  .status()
                  .message(),
              HasSubstr("this host has no IPv6 address"));
}

}  // namespace
}  // namespace index2ip
