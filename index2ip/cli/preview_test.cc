#include "index2ip/cli/preview.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "cni/version.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index2ip/cli/cli_call.h"
#include "index2ip/commands/fake_process.h"
#include "index2ip/commands/plugin.h"
#include "testdata/runfiles.h"

namespace index2ip {
namespace {

using namespace ::index2ip::cli_testing;  // NOLINT: the shared Call helper
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

TEST(Preview, PrintsAddResultThenOneLinePerFamily) {
  Call r =
      PreviewCall({"--index", "5", "--cmdline-file", std::string(kMlab4File)});
  const PluginOutput out = r.Go();
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(out.out,
            absl::StrCat(ReadTestData(absl::StrCat(
                             "golden/add_", cni::kCurrentVersion, ".json")),
                         "IPv4 4.14.159.117/26 gw 4.14.159.65 (host .112 + 5)\n"
                         "IPv6 2001:1900:2100:2d::117/64 gw "
                         "2001:1900:2100:2d::1 (host ::112 + 5)\n"));
  EXPECT_THAT(out.err, IsEmpty());
  EXPECT_EQ(r.stdin_reads, 0);
  EXPECT_EQ(r.cmdline_reads, 0);
}

// The first line is byte for byte what ADD prints for a config with
// ipam.index, in every version's shape.
TEST(Preview, FirstLineIsWhatAddPrintsForEveryVersion) {
  for (absl::string_view v : cni::SupportedVersions()) {
    SCOPED_TRACE(v);
    const PluginOutput add = RuntimeAdd(IndexConfig(v, R"({"index": 9})"));
    ASSERT_EQ(add.exit_code, 0) << add.out;
    Call r = PreviewCall(
        {"--index=9", "--cni-version", std::string(v), "--cmdline", Mlab4()});
    const PluginOutput out = r.Go();
    ASSERT_EQ(out.exit_code, 0) << out.err;
    EXPECT_THAT(out.out, StartsWith(add.out));
    EXPECT_EQ(Lines(out.out).size(), 3u) << out.out;
  }
}

TEST(Preview, PodNameGivesTheIndexLikeCniArgs) {
  const std::string pod = "ndt-index12-111234-aa3b1";
  const PluginOutput add =
      RuntimeAdd(IndexConfig(cni::kCurrentVersion, R"({})"),
                 absl::StrCat("K8S_POD_NAME=", pod));
  ASSERT_EQ(add.exit_code, 0) << add.out;
  Call r = PreviewCall({"--pod-name", pod, "--cmdline", Mlab4()});
  const PluginOutput out = r.Go();
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(out.out,
            absl::StrCat(add.out,
                         "IPv4 4.14.159.124/26 gw 4.14.159.65 (host .112 + 12, "
                         "index from the pod name 'ndt-index12-111234-aa3b1')\n"
                         "IPv6 2001:1900:2100:2d::124/64 gw "
                         "2001:1900:2100:2d::1 (host ::112 + 12, index from "
                         "the pod name 'ndt-index12-111234-aa3b1')\n"));
}

TEST(Preview, IndexWinsOverPodNameAsIpamIndexDoes) {
  Call r = PreviewCall(
      {"--pod-name", "ndt-index12-abc", "--index", "5", "--cmdline", Mlab4()});
  const PluginOutput out = r.Go();
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_THAT(out.out, HasSubstr("IPv4 4.14.159.117/26 gw 4.14.159.65 "
                                 "(host .112 + 5)\n"));
}

TEST(Preview, Ipv4OnlyHostHasOneLine) {
  Call r = PreviewCall({"--index", "1", "--cmdline",
                        ReadTestData("cmdlines/mlab4_lga0t_v4only.txt")});
  const PluginOutput out = r.Go();
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_THAT(out.out,
              EndsWith("}\nIPv4 4.14.159.113/26 gw 4.14.159.65 (host .112 + "
                       "1)\n"));
}

TEST(Preview, AddressOutsideTheLastOctetShowsTheWholeHost) {
  Call r = PreviewCall({"--index", "10", "--cmdline",
                        "epoxy.ipv4=10.1.0.250/16,10.1.0.1,8.8.8.8,8.8.4.4"});
  const PluginOutput out = r.Go();
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_THAT(out.out, EndsWith("}\nIPv4 10.1.1.4/16 gw 10.1.0.1 (host "
                                "10.1.0.250 + 10)\n"));
}

TEST(Preview, CmdlineSourcesInAddsOrder) {
  // Without a flag: PROC_CMDLINE_FOR_TESTING, as ADD reads it ...
  Call testing = PreviewCall({"--index", "2"});
  testing.env["PROC_CMDLINE_FOR_TESTING"] = Mlab4();
  EXPECT_THAT(testing.Go().out, HasSubstr("4.14.159.114/26"));
  EXPECT_EQ(testing.cmdline_reads, 0);
  // ... else /proc/cmdline.
  Call proc = PreviewCall({"--index", "2"});
  proc.proc_cmdline = ReadTestData("cmdlines/kernel_ip_only.txt");
  const PluginOutput out = proc.Go();
  EXPECT_EQ(out.exit_code, 0) << out.err;
  EXPECT_THAT(out.out, HasSubstr("4.14.159.114/26"));
  EXPECT_EQ(proc.cmdline_reads, 1);
}

// ---- preview failures: ADD's error object ----

TEST(Preview, OutOfRangeIsAddsErrorObject) {
  const PluginOutput add =
      RuntimeAdd(IndexConfig(cni::kCurrentVersion, R"({"index": 20})"));
  ASSERT_EQ(add.exit_code, 1);
  Call r = PreviewCall({"--index", "20", "--cmdline", Mlab4()});
  const PluginOutput out = r.Go();
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_EQ(out.out, add.out);
  EXPECT_THAT(out.out, HasSubstr("valid indices on this host are 1..14"));
  EXPECT_EQ(out.err,
            "index2ip preview: error 101: index out of range: index 20 moves "
            "4.14.159.112/26 past the subnet's last usable address "
            "4.14.159.126; valid indices on this host are 1..14 (host address "
            "4.14.159.112/26 from epoxy.ipv4, index from ipam.index)\n");
}

TEST(Preview, Ipv6ThatCannotTakeTheIndexFailsAsAdd) {
  const std::string cmdline =
      "epoxy.ipv4=10.0.0.1/24,10.0.0.254,8.8.8.8,8.8.4.4 "
      "epoxy.ipv6=2001:db8::9997/64,2001:db8::1,::1,::2";
  Call r = PreviewCall({"--index", "3", "--cmdline", cmdline});
  const PluginOutput out = r.Go();
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_THAT(out.out, HasSubstr(R"("code":101)"));
  EXPECT_THAT(out.out,
              HasSubstr("valid indices on this host are 1..2 (host "
                        "address 2001:db8::9997/64 from epoxy.ipv6, index "
                        "from ipam.index)"));
}

TEST(Preview, HostConfigErrorNamesWhereTheLineCameFrom) {
  Call r = PreviewCall({"--index", "3"});
  r.proc_cmdline = ReadTestData("cmdlines/no_address.txt");
  const PluginOutput out = r.Go();
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_THAT(out.out, StartsWith(absl::StrCat(R"({"cniVersion":")",
                                               cni::kCurrentVersion,
                                               R"(","code":100,)")));
  EXPECT_THAT(out.err, StartsWith("index2ip preview: error 100: no host "
                                  "address on the kernel command line: "));
  EXPECT_THAT(out.err, EndsWith("(kernel command line from /proc/cmdline)\n"));
}

TEST(Preview, UnreadableCmdlineIsAddsIoError) {
  Call file = PreviewCall({"--index", "3", "--cmdline-file", "/nonexistent"});
  PluginOutput out = file.Go();
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_THAT(out.out, HasSubstr(R"("code":5,"msg":"cannot read the kernel )"
                                 R"(command line")"));
  EXPECT_THAT(out.out, HasSubstr("/nonexistent"));

  Call proc = PreviewCall({"--index", "3"});
  out = proc.Go();
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_THAT(out.out, HasSubstr(R"("code":5)"));
}

TEST(Preview, ErrorObjectHasTheRequestedVersion) {
  Call r = PreviewCall(
      {"--index", "15", "--cni-version", "0.3.1", "--cmdline", Mlab4()});
  const PluginOutput out = r.Go();
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_THAT(out.out, StartsWith(R"({"cniVersion":"0.3.1","code":101,)"));
}

// ---- preview --all ----

TEST(PreviewAll, ListsEveryValidIndexOnTheMlabHost) {
  Call r = PreviewCall({"--all", "--cmdline-file", std::string(kMlab4File)});
  const PluginOutput out = r.Go();
  ASSERT_EQ(out.exit_code, 0) << out.err;
  std::string want =
      "host IPv4 4.14.159.112/26 gw 4.14.159.65 (epoxy.ipv4 in "
      "/etc/mlab4_lga0t.txt)\n"
      "host IPv6 2001:1900:2100:2d::112/64 gw 2001:1900:2100:2d::1 "
      "(epoxy.ipv6 in /etc/mlab4_lga0t.txt)\n"
      "index  IPv4             IPv6\n";
  for (int i = 1; i <= 14; ++i) {
    absl::StrAppend(&want, i, i < 10 ? "      " : "     ", "4.14.159.", 112 + i,
                    "/26  2001:1900:2100:2d::", 112 + i, "/64\n");
  }
  absl::StrAppend(&want,
                  "14 valid indices (1..14); from 15 on, ADD fails with "
                  "error 101 (index out of range)\n");
  EXPECT_EQ(out.out, want);
  EXPECT_THAT(out.err, IsEmpty());
}

TEST(PreviewAll, Ipv4OnlyHost) {
  Call r = PreviewCall(
      {"--all", "--cmdline", ReadTestData("cmdlines/kernel_ip_only.txt")});
  const PluginOutput out = r.Go();
  ASSERT_EQ(out.exit_code, 0) << out.err;
  const std::vector<std::string> lines = Lines(out.out);
  ASSERT_EQ(lines.size(), 2u + 1u + 14u + 1u) << out.out;
  EXPECT_EQ(lines[0],
            "host IPv4 4.14.159.112/26 gw 4.14.159.65 (ip in --cmdline)");
  EXPECT_EQ(lines[1], "host IPv6 none (no epoxy.ipv6 in --cmdline)");
  EXPECT_EQ(lines[3], "1      4.14.159.113/26  -");
}

TEST(PreviewAll, MarksIndicesWhoseIpv6CannotBeComputed) {
  Call r = PreviewCall({"--all", "--cmdline",
                        "epoxy.ipv4=10.0.0.1/29,10.0.0.6,8.8.8.8,8.8.4.4 "
                        "epoxy.ipv6=2001:db8::9997/64,2001:db8::1,::1,::2"});
  const PluginOutput out = r.Go();
  ASSERT_EQ(out.exit_code, 0) << out.err;
  const std::vector<std::string> lines = Lines(out.out);
  ASSERT_EQ(lines.size(), 2u + 1u + 5u + 2u) << out.out;
  EXPECT_EQ(lines[3], "1      10.0.0.2/29  2001:db8::9998/64");
  EXPECT_EQ(lines[4], "2      10.0.0.3/29  2001:db8::9999/64");
  EXPECT_EQ(lines[5],
            "3      10.0.0.4/29  none               no IPv6 address: ADD fails "
            "with error 101");
  EXPECT_EQ(lines[7],
            "5      10.0.0.6/29  none               gateway (IPv4), no IPv6 "
            "address: ADD fails with error 101");
  // Only what ADD accepts is counted.
  EXPECT_EQ(lines[8],
            "2 valid indices (1..2); from 6 on, ADD fails with error 101 "
            "(index out of range)");
  EXPECT_THAT(lines[9], StartsWith("ADD refuses 3 of the 5 indices listed "
                                   "(3..5); index 3: error 101: "));
  EXPECT_THAT(lines[9], HasSubstr("are 1..2"));
}

TEST(PreviewAll, NoValidIndexFails) {
  Call r = PreviewCall({"--all", "--cmdline",
                        "epoxy.ipv4=10.0.0.6/29,10.0.0.1,8.8.8.8,8.8.4.4"});
  const PluginOutput out = r.Go();
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_THAT(out.out, EndsWith("no index is valid on this host\n"));
  EXPECT_THAT(out.err, HasSubstr("no index is valid on this host"));
}

TEST(PreviewAll, HostConfigErrorFails) {
  Call r = PreviewCall({"--all", "--cmdline", "quiet"});
  const PluginOutput out = r.Go();
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_THAT(out.out, IsEmpty());
  EXPECT_THAT(out.err, StartsWith("index2ip preview: error 100: "));
  EXPECT_THAT(out.err, EndsWith("(kernel command line from --cmdline)\n"));
}

TEST(PreviewAll, StopsAtTheRowLimitAndSaysSo) {
  // The gateway below the host: every listed index is valid.
  Call r = PreviewCall(
      {"--all", "--cmdline", "epoxy.ipv4=10.0.0.2/8,10.0.0.1,8.8.8.8,8.8.4.4"});
  const PluginOutput out = r.Go();
  ASSERT_EQ(out.exit_code, 0) << out.err;
  const std::vector<std::string> lines = Lines(out.out);
  ASSERT_EQ(lines.size(), 2u + 1u + kMaxPreviewRows + 1u);
  EXPECT_EQ(
      lines.back(),
      absl::StrCat(kMaxPreviewRows, " valid indices (1..", kMaxPreviewRows,
                   ") listed, and the subnet has more; preview --index "
                   "N shows any one of them"));
}

TEST(PreviewAll, EndsExactlyAtTheLimitWithoutTheNote) {
  // A host on a /16's network address: exactly kMaxPreviewRows indices.
  static_assert(kMaxPreviewRows == 65534, "the case below is a /16");
  // Its gateway is the last index, which ADD refuses.
  Call r = PreviewCall({"--all", "--cmdline",
                        "epoxy.ipv4=10.1.0.0/16,10.1.255.254,8.8.8.8,8.8.4.4"});
  const PluginOutput out = r.Go();
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_THAT(out.out,
              HasSubstr("\n65534  10.1.255.254/16  -     gateway (IPv4): ADD "
                        "fails with error 101\n"));
  EXPECT_THAT(out.out, HasSubstr("\n65533 valid indices (1..65533); from "
                                 "65535 on, ADD fails with error 101 (index "
                                 "out of range)\nADD refuses 1 of the 65534 "
                                 "indices listed (65534); index 65534: error "
                                 "101: index 65534 gives 10.1.255.254/16, but "
                                 "10.1.255.254 is the gateway (epoxy.ipv4)"));
}

}  // namespace
}  // namespace index2ip

namespace index2ip {
namespace {

using namespace ::index2ip::cli_testing;  // NOLINT: the shared Call helper
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kRouter[] = "epoxy.ipv4=10.0.0.1/29,10.0.0.6,10.0.0.4,8.8.4.4";

TEST(PreviewReserved, IndexOnTheGatewayIsAddsError) {
  Call r = PreviewCall({"--index", "5", "--cmdline", kRouter});
  const PluginOutput out = r.Go();
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_THAT(out.out, HasSubstr(R"("code":101,"msg":"address reserved")"));
  EXPECT_THAT(out.out, HasSubstr("10.0.0.6 is the gateway (epoxy.ipv4); "
                                 "valid indices on this host are 1..2, 4"));
  EXPECT_THAT(out.err, StartsWith("index2ip preview: error 101: address "
                                  "reserved: "));
}

TEST(PreviewReserved, AllMarksGatewayAndNameserver) {
  Call r = PreviewCall({"--all", "--cmdline", kRouter});
  const PluginOutput out = r.Go();
  ASSERT_EQ(out.exit_code, 0) << out.err;
  const std::vector<std::string> lines = Lines(out.out);
  ASSERT_EQ(lines.size(), 2u + 1u + 5u + 2u) << out.out;
  EXPECT_EQ(lines[2], "index  IPv4         IPv6  note");
  EXPECT_EQ(lines[3], "1      10.0.0.2/29  -");
  EXPECT_EQ(lines[5],
            "3      10.0.0.4/29  -     nameserver (IPv4): ADD fails with "
            "error 101");
  EXPECT_EQ(lines[7],
            "5      10.0.0.6/29  -     gateway (IPv4): ADD fails with error "
            "101");
  EXPECT_EQ(lines[8],
            "3 valid indices (1..2, 4); from 6 on, ADD fails with error 101 "
            "(index out of range)");
  EXPECT_THAT(lines[9], StartsWith("ADD refuses 2 of the 5 indices listed "
                                   "(3, 5); index 3: error 101: index 3 gives "
                                   "10.0.0.4/29, but 10.0.0.4 is a "
                                   "nameserver (epoxy.ipv4)"));
}

// M-Lab's /26: mlab1 at .73, whose index 13 is mlab2's host address .86.
constexpr char kMlab1[] =
    "epoxy.ipv4=4.14.159.73/26,4.14.159.65,8.8.8.8,8.8.4.4 "
    "epoxy.ipv6=2001:1900:2100:2d::73/64,2001:1900:2100:2d::1,"
    "2001:4860:4860::8888,2001:4860:4860::8844";

constexpr char kOpenNetwork[] =
    R"({"cniVersion":"0.3.1","name":"ndt","type":"macvlan",)"
    R"("ipam":{"type":"index2ip","maxIndex":12}})";

TEST(PreviewConfig, ReadsAConfigFileAsAddDoes) {
  Call r = PreviewCall(
      {"--config", "/etc/cni/ndt.conf", "--index", "5", "--cmdline", kMlab1});
  r.files["/etc/cni/ndt.conf"] = kOpenNetwork;
  const PluginOutput out = r.Go();
  ASSERT_EQ(out.exit_code, 0) << out.err;
  // The config's own version, and the index as the pod's choice.
  EXPECT_THAT(
      out.out,
      StartsWith(
          R"({"cniVersion":"0.3.1","ips":[{"version":"4","address":"4.14.159.78/26")"));
  EXPECT_THAT(out.out, HasSubstr("(host .73 + 5, index from args.cni)"));
  // A pod choosing past maxIndex is refused, with the bound named.
  Call past = PreviewCall(
      {"--config", "/etc/cni/ndt.conf", "--index", "13", "--cmdline", kMlab1});
  past.files["/etc/cni/ndt.conf"] = kOpenNetwork;
  const PluginOutput refused = past.Go();
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.out, HasSubstr("is above ipam.maxIndex 12"));
}

TEST(PreviewConfig, ReadsAConflistFromStdin) {
  // M-Lab's chain: a first plugin carrying the ipam section, then ipvlan.
  Call r = PreviewCall({"--config", "-", "--cmdline", kMlab1});
  r.stdin_text = std::string(
      R"({"cniVersion":"0.3.1","name":"index7","plugins":[)"
      R"({"type":"netctl","ipam":{"type":"index2ip","index":7,"maxIndex":12}},)"
      R"({"type":"ipvlan","master":"eth0"}]})");
  const PluginOutput out = r.Go();
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_THAT(out.out, StartsWith(R"({"cniVersion":"0.3.1",)"));
  EXPECT_THAT(out.out, HasSubstr("4.14.159.80/26"));
  // --index beside a fixed ipam.index is a usage error.
  Call both =
      PreviewCall({"--config", "-", "--index", "3", "--cmdline", kMlab1});
  both.stdin_text = r.stdin_text;
  const PluginOutput usage = both.Go();
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_THAT(usage.err, HasSubstr("the config fixes ipam.index 7"));
}

// A list with cniVersions: preview prints the version a runtime would pick.
TEST(PreviewConfig, PicksFromCniVersionsAsARuntimeDoes) {
  Call r = PreviewCall({"--config", "-", "--cmdline", kMlab1});
  r.stdin_text = std::string(
      R"({"cniVersion":"0.3.1","cniVersions":["0.3.1","0.4.0","9.0.0"],)"
      R"("name":"index7","plugins":[)"
      R"({"type":"netctl","ipam":{"type":"index2ip","index":7}}]})");
  const PluginOutput out = r.Go();
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_THAT(out.out, StartsWith(R"({"cniVersion":"0.4.0",)"));
}

TEST(PreviewConfig, ShowsTheRoutesAndWarnsOfThoseLeftOut) {
  Call r = PreviewCall({"--config", "-", "--cmdline",
                        "epoxy.ipv4=4.14.159.112/26,4.14.159.65,8.8.8.8,"
                        "8.8.4.4 epoxy.ipv6="});
  r.stdin_text = std::string(
      R"({"cniVersion":"0.3.1","name":"n","type":"ipvlan","ipam":{)"
      R"("type":"index2ip","index":7,"routes":[{"dst":"10.96.0.0/12"},)"
      R"({"dst":"fd00:10:96::/112"}]}})");
  const PluginOutput out = r.Go();
  ASSERT_EQ(out.exit_code, 0) << out.err;
  const std::vector<std::string> lines = Lines(out.out);
  ASSERT_EQ(lines.size(), 3u) << out.out;
  EXPECT_THAT(lines[0],
              HasSubstr(R"({"dst":"10.96.0.0/12","gw":"4.14.159.65"})"));
  EXPECT_EQ(lines[2], "route 10.96.0.0/12 via 4.14.159.65 (ipam.routes)");
  EXPECT_EQ(out.err,
            "index2ip preview: warning: ipam.routes[1] to fd00:10:96::/112 "
            "left out: the host has no IPv6\n");
}

TEST(PreviewConfig, AllStopsAtMaxIndexAndMarksTheFixedIndex) {
  Call r = PreviewCall({"--all", "--config", "-", "--cmdline", kMlab1});
  r.stdin_text =
      std::string(R"({"cniVersion":"0.3.1","name":"i3","type":"macvlan",)"
                  R"("ipam":{"type":"index2ip","index":3,"maxIndex":12}})");
  const PluginOutput out = r.Go();
  ASSERT_EQ(out.exit_code, 0) << out.err;
  const std::vector<std::string> lines = Lines(out.out);
  ASSERT_EQ(lines.size(), 2u + 1u + 12u + 1u) << out.out;
  EXPECT_THAT(lines[5], HasSubstr("4.14.159.76/26"));
  EXPECT_THAT(lines[5], HasSubstr("<- ipam.index"));
  EXPECT_EQ(lines.back(),
            "12 valid indices (1..12); ipam.maxIndex 12 ends "
            "the list");
  // Without maxIndex, index 13 (mlab2's host address .86) would be listed.
  Call open = PreviewCall({"--all", "--cmdline", kMlab1});
  EXPECT_THAT(open.Go().out, HasSubstr("\n13     4.14.159.86/26 "));
}

TEST(PreviewConfig, BadConfigsFailAsAddFails) {
  const struct {
    const char* config;
    uint32_t code;
    const char* details;
  } cases[] = {
      {R"({"name":"n","ipam":{"index":13,"maxIndex":12}})", 7,
       "ipam.index 13 is above ipam.maxIndex 12"},
      {R"({"name":"n","ipam":{"maxIndex":0}})", 7,
       "ipam.maxIndex must be at least 1"},
      {R"({"name":"n","ipam":{"maxIndex":"12"}})", 6, "ipam.maxIndex"},
      {R"({"name":"bad name!","ipam":{"index":1}})", 7, "'name'"},
      {R"({"name":"n","plugins":[{"type":"ipvlan"}]})", 7,
       "exactly one is needed"},
      {"not json", 6, "not valid JSON"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.config);
    Call r = PreviewCall({"--config", "-", "--cmdline", kMlab1});
    r.stdin_text = std::string(c.config);
    const PluginOutput out = r.Go();
    EXPECT_EQ(out.exit_code, 1);
    EXPECT_THAT(out.out, HasSubstr(absl::StrCat("\"code\":", c.code)));
    EXPECT_THAT(out.out, HasSubstr(c.details));
  }
  Call missing = PreviewCall({"--config", "/nope", "--cmdline", kMlab1});
  const PluginOutput out = missing.Go();
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_THAT(out.out, HasSubstr(R"("code":5)"));
}

}  // namespace
}  // namespace index2ip
