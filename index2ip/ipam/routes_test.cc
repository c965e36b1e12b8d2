#include "index2ip/ipam/routes.h"

#include <string>

#include "cni/codec.h"
#include "cni/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace index2ip {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kDualStack[] =
    "epoxy.ipv4=4.14.159.112/26,4.14.159.65,8.8.8.8,8.8.4.4 "
    "epoxy.ipv6=2001:1900:2100:2d::112/64,2001:1900:2100:2d::1,"
    "2001:4860:4860::8888,2001:4860:4860::8844";
// A site without IPv6 boots with an empty epoxy.ipv6=.
constexpr char kV4Only[] =
    "epoxy.ipv4=4.14.159.112/26,4.14.159.65,8.8.8.8,8.8.4.4 epoxy.ipv6=";

absl::StatusOr<ExtraRoutes> Routes(const std::string& routes,
                                   const char* cmdline = kDualStack) {
  absl::StatusOr<cni::NetConf> conf =
      cni::DecodeNetConf(R"({"ipam":{"routes":)" + routes + "}}");
  EXPECT_TRUE(conf.ok()) << conf.status();
  absl::StatusOr<HostConfig> host = ParseHostConfig(cmdline);
  EXPECT_TRUE(host.ok()) << host.status();
  return RoutesFor(conf->ipam(), *host);
}

TEST(RoutesFor, GatewayDefaultsToTheFamilysAndIsKeptInOrder) {
  absl::StatusOr<ExtraRoutes> r =
      Routes(R"([{"dst":"10.96.0.0/12"},)"
             R"({"dst":"fd00:10:96::/112","gw":"2001:1900:2100:2d::2"},)"
             R"({"dst":"192.0.2.0/24","gw":"4.14.159.66"}])");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->routes.size(), 3u);
  EXPECT_EQ(r->routes[0].dst.ToString(), "10.96.0.0/12");
  EXPECT_EQ(r->routes[0].gw.ToString(), "4.14.159.65");
  EXPECT_EQ(r->routes[1].dst.ToString(), "fd00:10:96::/112");
  EXPECT_EQ(r->routes[1].gw.ToString(), "2001:1900:2100:2d::2");
  EXPECT_EQ(r->routes[2].gw.ToString(), "4.14.159.66");
  EXPECT_THAT(r->warnings, IsEmpty());
}

TEST(RoutesFor, AFamilyTheHostLacksIsLeftOutWithAWarning) {
  absl::StatusOr<ExtraRoutes> r =
      Routes(R"([{"dst":"fd00:10:96::/112"},{"dst":"10.96.0.0/12"}])", kV4Only);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->routes.size(), 1u);
  EXPECT_EQ(r->routes[0].dst.ToString(), "10.96.0.0/12");
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0],
            "ipam.routes[0] to fd00:10:96::/112 left out: the host has no "
            "IPv6");
}

TEST(RoutesFor, BadEntriesAreInvalidConfigNamingTheEntry) {
  const struct {
    const char* routes;
    const char* details;
  } cases[] = {
      {R"([{"dst":"10.96.0.0"}])", "ipam.routes[0] dst '10.96.0.0' is not"},
      {R"([{"gw":"4.14.159.65"}])", "ipam.routes[0] dst '' is not"},
      {R"([{"dst":"10.96.0.0/12"},{"dst":"10.96.1.1/12"}])",
       "ipam.routes[1] dst '10.96.1.1/12' has host bits set; the network is "
       "10.96.0.0/12"},
      {R"([{"dst":"10.96.0.0/12","gw":"2001:1900:2100:2d::1"}])",
       "ipam.routes[0] gw '2001:1900:2100:2d::1' is not an IPv4 address"},
      {R"([{"dst":"10.96.0.0/12","gw":"10.0.0.1"}])",
       "ipam.routes[0] gw 10.0.0.1 is outside the host's 4.14.159.112/26"},
      {R"([{"dst":"10.96.0.0/12","gw":"4.14.159.65 "}])",
       "is not an IPv4 address"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.routes);
    absl::StatusOr<ExtraRoutes> r = Routes(c.routes);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(cni::CodeOf(r.status()), cni::ErrorCode::kInvalidNetworkConfig);
    EXPECT_THAT(r.status().message(), HasSubstr(c.details));
  }
}

}  // namespace
}  // namespace index2ip
