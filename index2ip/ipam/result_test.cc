#include "index2ip/ipam/result.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "cni/codec.h"
#include "cni/error.h"
#include "cni/request.h"
#include "cni/version.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index2ip/ipam/codes.h"
#include "testdata/runfiles.h"

namespace index2ip {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

cni::NetConf Conf(absl::string_view json) {
  absl::StatusOr<cni::NetConf> conf = cni::DecodeNetConf(json);
  EXPECT_TRUE(conf.ok()) << conf.status();
  return conf.ok() ? *conf : cni::NetConf();
}

std::string Mlab4() { return ReadTestData("cmdlines/mlab4_lga0t.txt"); }

// ComputeResult's result.
absl::StatusOr<cni::Result> Compute(const HostConfig& host,
                                    const IndexChoice& index) {
  absl::StatusOr<Addition> add = ComputeResult(host, index);
  if (!add.ok()) return add.status();
  return std::move(add->result);
}

// ADD as the command runs it on a kernel command line: ParseHostConfig,
// then ComputeAdd.
absl::StatusOr<cni::Result> AddOnHost(const cni::NetConf& conf,
                                      absl::string_view cni_args,
                                      absl::string_view cmdline) {
  absl::StatusOr<HostConfig> host = ParseHostConfig(cmdline);
  if (!host.ok()) return host.status();
  absl::StatusOr<Addition> add =
      ComputeAdd(conf, cni::ParseCniArgs(cni_args), *host);
  if (!add.ok()) return add.status();
  return std::move(add->result);
}

// CHECK as the command runs it: the config's version, ADD's answer now,
// then CheckPrevResult.
absl::Status CheckOnHost(const cni::NetConf& conf, absl::string_view cni_args,
                         absl::string_view cmdline) {
  absl::StatusOr<const cni::VersionSpec*> version =
      cni::ResolveVersion(conf.cni_version());
  if (!version.ok()) return version.status();
  absl::StatusOr<HostConfig> host = ParseHostConfig(cmdline);
  if (!host.ok()) return host.status();
  absl::StatusOr<Addition> want =
      ComputeAdd(conf, cni::ParseCniArgs(cni_args), *host);
  if (!want.ok()) return want.status();
  return CheckPrevResult(conf, **version, *want);
}

TEST(ComputeResult, DualStackShape) {
  const HostConfig host = *ParseHostConfig(Mlab4());
  absl::StatusOr<cni::Result> r = Compute(
      host, IndexChoice{12, IndexSource::kIpamIndex, "", absl::nullopt});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->ips_size(), 2);
  EXPECT_EQ(r->ips(0).address(), "4.14.159.124/26");
  EXPECT_EQ(r->ips(0).gateway(), "4.14.159.65");
  EXPECT_FALSE(r->ips(0).has_interface());  // IPAM results name no interface
  EXPECT_EQ(r->ips(1).address(), "2001:1900:2100:2d::124/64");
  EXPECT_EQ(r->ips(1).gateway(), "2001:1900:2100:2d::1");
  ASSERT_EQ(r->routes_size(), 2);
  EXPECT_EQ(r->routes(0).dst(), "0.0.0.0/0");
  EXPECT_EQ(r->routes(0).gw(), "4.14.159.65");
  EXPECT_EQ(r->routes(1).dst(), "::/0");
  EXPECT_EQ(r->routes(1).gw(), "2001:1900:2100:2d::1");
  EXPECT_THAT(r->dns().nameservers(),
              ElementsAre("8.8.8.8", "8.8.4.4", "2001:4860:4860::8888",
                          "2001:4860:4860::8844"));
  EXPECT_EQ(r->interfaces_size(), 0);
  EXPECT_TRUE(r->cni_version().empty());  // set on output, per version
}

// The typed addresses are the printed ones: the claims store and CHECK
// work from them.
TEST(ComputeResult, AddressesTypedAsPrinted) {
  const HostConfig host = *ParseHostConfig(Mlab4());
  absl::StatusOr<Addition> add = ComputeResult(
      host, IndexChoice{12, IndexSource::kIpamIndex, "", absl::nullopt});
  ASSERT_TRUE(add.ok()) << add.status();
  ASSERT_EQ(add->addresses.size(), 2u);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(add->addresses[i].address.ToString(),
              add->result.ips(i).address());
    EXPECT_EQ(add->addresses[i].gateway.ToString(),
              add->result.ips(i).gateway());
  }
  EXPECT_EQ(add->index.index, 12);
}

TEST(ComputeResult, OutOfRangeNamesSourceAndValidRange) {
  const HostConfig host = *ParseHostConfig(Mlab4());
  absl::StatusOr<cni::Result> r = Compute(
      host,
      IndexChoice{20, IndexSource::kPodName, "ndt-index20-abc", absl::nullopt});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(cni::CodeOf(r.status()), CniCode(Code::kIndexRefused));
  EXPECT_THAT(r.status().message(),
              HasSubstr("valid indices on this host are 1..14"));
  EXPECT_THAT(r.status().message(), HasSubstr("ndt-index20-abc"));
}

TEST(ComputeResult, Ipv6GroupThatCannotTakeIndexIsAnError) {
  // Upstream's "1:2::FE/64": the last group has no decimal reading.
  const HostConfig host = *ParseHostConfig(
      "epoxy.ipv4=1.2.3.4/26,1.2.3.1,8.8.8.8,8.8.4.4 "
      "epoxy.ipv6=1:2::fe/64,1:2::1,::1,::2");
  absl::StatusOr<cni::Result> r =
      Compute(host, IndexChoice{6, IndexSource::kIpamIndex, "", absl::nullopt});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(cni::CodeOf(r.status()), CniCode(Code::kIndexRefused));
}

TEST(ComputeResult, Ipv6OutOfRangeNamesHostSourceAndValidRange) {
  const std::string v4 = "epoxy.ipv4=1.2.3.4/24,1.2.3.1,8.8.8.8,8.8.4.4 ";
  const HostConfig full =
      *ParseHostConfig(v4 + "epoxy.ipv6=2001:db8::9997/64,2001:db8::1,::1,::2");
  absl::StatusOr<cni::Result> r =
      Compute(full, IndexChoice{3, IndexSource::kIpamIndex, "", absl::nullopt});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(cni::CodeOf(r.status()), CniCode(Code::kIndexRefused));
  EXPECT_THAT(r.status().message(),
              HasSubstr("; valid indices on this host are 1..2 (host "
                        "address 2001:db8::9997/64 from epoxy.ipv6, index "
                        "from ipam.index)"));

  const HostConfig hex =
      *ParseHostConfig(v4 + "epoxy.ipv6=2001:db8::fe/64,2001:db8::1,::1,::2");
  r = Compute(hex, IndexChoice{1, IndexSource::kIpamIndex, "", absl::nullopt});
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(),
              HasSubstr("; no index is valid on this host (host "
                        "address 2001:db8::fe/64 from epoxy.ipv6"));

  // The valid indices are what ADD accepts in both families: IPv4 alone
  // takes 1..250, but IPv6 only 1..2.
  r = Compute(full,
              IndexChoice{300, IndexSource::kIpamIndex, "", absl::nullopt});
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(),
              HasSubstr("past the subnet's last usable address 1.2.3.254; "
                        "valid indices on this host are 1..2 (host address "
                        "1.2.3.4/24 from epoxy.ipv4, index from ipam.index)"));
}

// The host's own addresses are someone's already: never a pod's.
TEST(ComputeResult, RefusesReservedAddresses) {
  struct Case {
    std::string cmdline;
    int64_t index;
    std::string details;
  } cases[] = {
      // The issue's /29: index 5 is the router.
      {"epoxy.ipv4=10.0.0.1/29,10.0.0.6,8.8.8.8,8.8.4.4", 5,
       "index 5 gives 10.0.0.6/29, but 10.0.0.6 is the gateway (epoxy.ipv4); "
       "valid indices on this host are 1..4"},
      // A nameserver inside the subnet.
      {"epoxy.ipv4=10.0.0.1/29,10.0.0.6,10.0.0.4,8.8.4.4", 3,
       "10.0.0.4 is a nameserver (epoxy.ipv4); valid indices on this host "
       "are 1..2, 4"},
      // The IPv6 gateway, where IPv4 is free.
      {"epoxy.ipv4=4.14.159.112/26,4.14.159.65,8.8.8.8,8.8.4.4 "
       "epoxy.ipv6=2001:1900:2100:2d::112/64,2001:1900:2100:2d::117,"
       "2001:4860:4860::8888,2001:4860:4860::8844",
       5,
       "2001:1900:2100:2d::117 is the gateway (epoxy.ipv6); valid indices on "
       "this host are 1..4, 6..14"},
      // ip='s server field.
      {"ip=10.0.0.1:10.0.0.3:10.0.0.6:255.255.255.248:h:eth0:off:8.8.8.8:"
       "8.8.4.4",
       2,
       "10.0.0.3 is the server (ip); valid indices on this host are 1, 3..4"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.cmdline);
    absl::StatusOr<HostConfig> host = ParseHostConfig(c.cmdline);
    ASSERT_TRUE(host.ok()) << host.status();
    absl::StatusOr<cni::Result> r =
        Compute(*host, IndexChoice{c.index, IndexSource::kIpamIndex,
                                   "ipam.index", absl::nullopt});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(cni::CodeOf(r.status()), CniCode(Code::kIndexRefused));
    const cni::Error e = cni::ToCniError(r.status(), "1.0.0");
    EXPECT_EQ(e.code(), 101u);
    EXPECT_EQ(e.msg(), "address reserved");
    EXPECT_THAT(e.details(), HasSubstr(c.details));
  }
}

TEST(AcceptedIndices, BothFamiliesReservedAndBound) {
  const HostConfig mlab = *ParseHostConfig(Mlab4());
  EXPECT_EQ(AcceptedIndices(mlab, absl::nullopt).ToString(), "1..14");
  EXPECT_EQ(AcceptedIndices(mlab, 12).ToString(), "1..12");
  const HostConfig router =
      *ParseHostConfig("epoxy.ipv4=10.0.0.1/29,10.0.0.6,10.0.0.4,8.8.4.4");
  EXPECT_EQ(AcceptedIndices(router, absl::nullopt).ToString(), "1..2, 4");
  // No input makes ComputeResult return a reserved address: every index
  // it accepts is in AcceptedIndices, and every address is nobody's.
  for (const HostConfig* host : {&mlab, &router}) {
    const netutil::IndexSet accepted = AcceptedIndices(*host, absl::nullopt);
    for (int64_t k = 1; k <= 20; ++k) {
      absl::StatusOr<cni::Result> r = Compute(
          *host, IndexChoice{k, IndexSource::kIpamIndex, "", absl::nullopt});
      EXPECT_EQ(r.ok(), accepted.Contains(k)) << k;
    }
  }
}

TEST(ComputeAdd, IndexSources) {
  const std::string cmdline = Mlab4();
  struct Case {
    const char* config;
    const char* cni_args;
    const char* want;
  } cases[] = {
      {R"({"ipam":{"index":3}})", "K8S_POD_NAME=x-index9", "4.14.159.115/26"},
      {R"({"args":{"cni":{"index":4}}})", "K8S_POD_NAME=x-index9",
       "4.14.159.116/26"},
      {R"({})", "K8S_POD_NAME=x-index9", "4.14.159.121/26"},
  };
  for (const Case& k : cases) {
    absl::StatusOr<cni::Result> r =
        AddOnHost(Conf(k.config), k.cni_args, cmdline);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->ips(0).address(), k.want);
  }
}

TEST(ComputeAdd, HostConfigErrorsComeFirst) {
  absl::StatusOr<cni::Result> r = AddOnHost(Conf("{}"), "", "no address here");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(cni::CodeOf(r.status()), CniCode(Code::kHostConfig));
}

TEST(ComputeAdd, KernelIpFallback) {
  absl::StatusOr<cni::Result> r =
      AddOnHost(Conf(R"({"ipam":{"index":2}})"), "",
                ReadTestData("cmdlines/kernel_ip_only.txt"));
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->ips_size(), 1);
  EXPECT_EQ(r->ips(0).address(), "4.14.159.114/26");
  EXPECT_EQ(r->ips(0).gateway(), "4.14.159.65");
  EXPECT_THAT(r->dns().nameservers(), ElementsAre("8.8.8.8", "8.8.4.4"));
}

std::string WithPrev(absl::string_view prev) {
  return absl::StrCat(
      R"({"cniVersion":"1.0.0","ipam":{"index":5},"prevResult":)", prev, "}");
}

TEST(CheckPrevResult, AcceptsOwnResult) {
  const std::string prev = ReadTestData("golden/add_1.0.0.json");
  EXPECT_TRUE(CheckOnHost(Conf(WithPrev(prev)), "", Mlab4()).ok());
}

TEST(CheckPrevResult, ExtraPrevResultEntriesAreFine) {
  // A main plugin's prevResult also lists interfaces and may hold more.
  const std::string prev = R"({"cniVersion":"1.0.0",
      "interfaces":[{"name":"net1","mac":"aa:bb:cc:dd:ee:ff","sandbox":"/x"}],
      "ips":[{"address":"10.0.0.1/8","interface":0},
             {"address":"4.14.159.117/26","gateway":"4.14.159.65","interface":0},
             {"address":"2001:1900:2100:2d:0::117/64",
              "gateway":"2001:1900:2100:2d::1","interface":0}]})";
  const absl::Status s = CheckOnHost(Conf(WithPrev(prev)), "", Mlab4());
  EXPECT_TRUE(s.ok()) << s;
}

TEST(CheckPrevResult, MissingPrevResult) {
  const absl::Status s = CheckOnHost(
      Conf(R"({"cniVersion":"1.0.0","ipam":{"index":5}})"), "", Mlab4());
  EXPECT_EQ(cni::CodeOf(s), cni::ErrorCode::kInvalidNetworkConfig);
}

TEST(CheckPrevResult, GatewayMismatch) {
  const std::string prev = R"({"ips":[
      {"address":"4.14.159.117/26","gateway":"4.14.159.66"},
      {"address":"2001:1900:2100:2d::117/64","gateway":"2001:1900:2100:2d::1"}]})";
  const absl::Status s = CheckOnHost(Conf(WithPrev(prev)), "", Mlab4());
  EXPECT_EQ(cni::CodeOf(s), CniCode(Code::kCheckMismatch));
  EXPECT_THAT(s.message(), HasSubstr("4.14.159.66"));
}

TEST(CheckPrevResult, MissingGatewayIsAMismatch) {
  const std::string prev = R"({"ips":[
      {"address":"4.14.159.117/26"},
      {"address":"2001:1900:2100:2d::117/64","gateway":"2001:1900:2100:2d::1"}]})";
  const absl::Status s = CheckOnHost(Conf(WithPrev(prev)), "", Mlab4());
  EXPECT_EQ(cni::CodeOf(s), CniCode(Code::kCheckMismatch));
}

TEST(CheckPrevResult, RecomputeErrorsPropagate) {
  const std::string prev = ReadTestData("golden/add_1.0.0.json");
  const absl::Status s =
      CheckOnHost(Conf(WithPrev(prev)), "", "epoxy.ipv4=bad");
  EXPECT_EQ(cni::CodeOf(s), CniCode(Code::kHostConfig));
}

TEST(HostStatus, ReadyAndNotReady) {
  EXPECT_TRUE(HostStatus(Mlab4()).ok());
  const absl::Status s = HostStatus("epoxy.ipv4=1.2.3.4/26,1.2.3.1,8.8.8.8");
  EXPECT_EQ(cni::CodeOf(s), cni::ErrorCode::kPluginNotAvailable);
  EXPECT_THAT(s.message(), HasSubstr("4 comma-separated parts"));
}

}  // namespace
}  // namespace index2ip
