#include "index2ip/cli.h"

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
#include "index2ip/plugin.h"
#include "index2ip/fake_process.h"
#include "index2ip/testdata.h"

namespace index2ip {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

constexpr absl::string_view kVersion = "1.2.3-test";
constexpr absl::string_view kMlab4File = "/etc/mlab4_lga0t.txt";

std::string Mlab4() { return ReadTestData("cmdlines/mlab4_lga0t.txt"); }

// One in-process run of the binary: arguments, environment, stdin, files
// and /proc/cmdline as data, with counts of what was read.
struct Call : FakeProcess {
  std::vector<std::string> args;
  bool tty = false;
  std::map<std::string, std::string> files = {
      {std::string(kMlab4File), Mlab4()}};

  PluginInput Plugin() { return Input(); }

  PluginOutput Go() {
    CliInput in;
    in.args = args;
    in.plugin = Plugin();
    in.stdin_is_tty = tty;
    in.read_file = [this](const std::string& path,
                          size_t) -> absl::StatusOr<std::string> {
      auto it = files.find(path);
      if (it == files.end()) {
        return absl::DataLossError(
            absl::StrCat("open ", path, ": No such file or directory"));
      }
      return it->second;
    };
    in.version = std::string(kVersion);
    return RunCli(in);
  }
};

Call PreviewCall(std::vector<std::string> flags) {
  Call r;
  r.args = {"preview"};
  r.args.insert(r.args.end(), flags.begin(), flags.end());
  return r;
}

// The variables a runtime sets for ADD on the M-Lab host.
std::map<std::string, std::string> RuntimeEnv() {
  return {{"CNI_COMMAND", "ADD"},
          {"CNI_CONTAINERID", "0123abc"},
          {"CNI_NETNS", "/var/run/netns/pod"},
          {"CNI_IFNAME", "net1"},
          {"PROC_CMDLINE_FOR_TESTING", Mlab4()}};
}

// What RunPlugin prints for ADD of `config` with `cni_args` on the M-Lab
// host: what preview must print first.
PluginOutput RuntimeAdd(const std::string& config,
                        const std::string& cni_args = "") {
  Call r;
  r.env = RuntimeEnv();
  if (!cni_args.empty()) r.env["CNI_ARGS"] = cni_args;
  r.stdin_text = config;
  return RunPlugin(r.Plugin());
}

std::string IndexConfig(absl::string_view version, absl::string_view ipam) {
  return absl::StrCat(R"({"cniVersion":")", version,
                      R"(","name":"net","type":"macvlan","ipam":)", ipam, "}");
}

std::vector<std::string> Lines(absl::string_view text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

TEST(AboutLine, NamesVersionAndEverySupportedCniVersion) {
  EXPECT_EQ(AboutLine("1.2.3"),
            "CNI index2ip plugin version 1.2.3; CNI protocol versions "
            "supported: 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0\n");
}

// ---- the CNI path: no arguments ----

TEST(RunCli, NoArgumentsWithCommandIsThePlugin) {
  for (bool tty : {false, true}) {
    SCOPED_TRACE(tty);
    Call r;
    r.env = RuntimeEnv();
    r.tty = tty;  // a runtime's stdin is never a terminal, but it is ADD
    r.stdin_text = ReadTestData("configs/macvlan_ipam_index.json");
    const PluginOutput out = r.Go();
    EXPECT_EQ(out.exit_code, 0) << out.err;
    EXPECT_EQ(out.out, ReadTestData("golden/add_1.0.0.json"));
    EXPECT_THAT(out.err, IsEmpty());
    EXPECT_EQ(r.stdin_reads, 1);
  }
}

TEST(RunCli, NoArgumentsMatchesRunPluginForEveryCommand) {
  for (absl::string_view command :
       {"ADD", "DEL", "CHECK", "VERSION", "STATUS", "GC", "bogus"}) {
    SCOPED_TRACE(command);
    Call r;
    r.env = RuntimeEnv();
    r.env["CNI_COMMAND"] = std::string(command);
    r.stdin_text = IndexConfig("1.1.0", R"({"index": 20})");
    const PluginOutput via_cli = r.Go();
    const PluginOutput direct = RunPlugin(r.Plugin());
    EXPECT_EQ(via_cli.exit_code, direct.exit_code);
    EXPECT_EQ(via_cli.out, direct.out);
    EXPECT_EQ(via_cli.err, direct.err);
  }
}

TEST(RunCli, NoCommandAtATerminalPrintsAbout) {
  for (bool set_empty : {false, true}) {
    SCOPED_TRACE(set_empty);
    Call r;
    r.tty = true;
    if (set_empty) r.env["CNI_COMMAND"] = "";
    const PluginOutput out = r.Go();
    EXPECT_EQ(out.exit_code, 0);
    EXPECT_THAT(out.out, StartsWith(AboutLine(kVersion)));
    EXPECT_THAT(out.out, HasSubstr("index2ip preview"));
    EXPECT_THAT(out.err, IsEmpty());
    // Nothing waits for a config that a person will not type.
    EXPECT_EQ(r.stdin_reads, 0);
  }
}

TEST(RunCli, NoCommandFromAPipeRunsAddWithWarning) {
  Call r;
  r.env = RuntimeEnv();
  r.env.erase("CNI_COMMAND");
  r.stdin_text = ReadTestData("configs/macvlan_ipam_index.json");
  const PluginOutput out = r.Go();
  EXPECT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(out.out, ReadTestData("golden/add_1.0.0.json"));
  EXPECT_THAT(out.err, HasSubstr("CNI_COMMAND is empty; running ADD"));
}

// ---- --help, --version ----

TEST(RunCli, HelpPrintsAboutAndUsage) {
  for (const char* flag : {"--help", "-h"}) {
    SCOPED_TRACE(flag);
    Call r;
    r.args = {flag};
    r.env = RuntimeEnv();  // arguments win over CNI_COMMAND
    const PluginOutput out = r.Go();
    EXPECT_EQ(out.exit_code, 0);
    EXPECT_THAT(out.out, StartsWith(AboutLine(kVersion)));
    EXPECT_THAT(out.out, HasSubstr("preview --all"));
    EXPECT_THAT(out.err, IsEmpty());
    EXPECT_EQ(r.stdin_reads, 0);
  }
}

TEST(RunCli, VersionPrintsTheStampedVersion) {
  Call r;
  r.args = {"--version"};
  const PluginOutput out = r.Go();
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_EQ(out.out, "CNI index2ip plugin version 1.2.3-test\n");
  EXPECT_THAT(out.err, IsEmpty());
}

// ---- preview --index / --pod-name ----

TEST(Preview, PrintsAddResultThenOneLinePerFamily) {
  Call r =
      PreviewCall({"--index", "5", "--cmdline-file", std::string(kMlab4File)});
  const PluginOutput out = r.Go();
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(out.out,
            absl::StrCat(ReadTestData("golden/add_1.1.0.json"),
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
  const PluginOutput add = RuntimeAdd(IndexConfig("1.1.0", R"({})"),
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
  const PluginOutput add = RuntimeAdd(IndexConfig("1.1.0", R"({"index": 20})"));
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
            "from epoxy.ipv4, index from ipam.index)\n");
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
              HasSubstr("valid indices for 2001:db8::9997/64 are 1..2 (host "
                        "address 2001:db8::9997/64 from epoxy.ipv6, index "
                        "from ipam.index)"));
}

TEST(Preview, HostConfigErrorNamesWhereTheLineCameFrom) {
  Call r = PreviewCall({"--index", "3"});
  r.proc_cmdline = ReadTestData("cmdlines/no_address.txt");
  const PluginOutput out = r.Go();
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_THAT(out.out, StartsWith(R"({"cniVersion":"1.1.0","code":100,)"));
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
  EXPECT_EQ(lines[5], "3      10.0.0.4/29  none: ADD fails, error 101");
  EXPECT_EQ(lines[7], "5      10.0.0.6/29  none: ADD fails, error 101");
  EXPECT_EQ(lines[8],
            "5 valid indices (1..5); from 6 on, ADD fails with error 101 "
            "(index out of range)");
  EXPECT_THAT(lines[9], StartsWith("3 of them have no IPv6 address, and ADD "
                                   "fails for them; index 3: error 101: "));
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
  Call r = PreviewCall({"--all", "--cmdline",
                        "epoxy.ipv4=10.0.0.1/8,10.0.0.254,8.8.8.8,8.8.4.4"});
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
  Call r = PreviewCall({"--all", "--cmdline",
                        "epoxy.ipv4=10.1.0.0/16,10.1.0.254,8.8.8.8,8.8.4.4"});
  const PluginOutput out = r.Go();
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_THAT(out.out, EndsWith("65534 valid indices (1..65534); from 65535 "
                                "on, ADD fails with error 101 (index out of "
                                "range)\n"));
}

// ---- usage errors ----

TEST(RunCli, UsageErrorsExitTwoAndSayWhatIsWrong) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> kCases = {
      {{"bogus"}, "unknown command or flag 'bogus'"},
      {{"-x"}, "unknown command or flag '-x'"},
      {{"--version", "now"}, "--version takes no arguments"},
      {{"--help", "preview"}, "--help takes no arguments"},
      {{"preview"}, "preview needs --index N, --pod-name NAME or --all"},
      {{"preview", "--cmdline", "x"}, "preview needs --index N"},
      {{"preview", "--index"}, "--index needs a value"},
      {{"preview", "--index", "0"}, "--index must be a whole number from 1"},
      {{"preview", "--index", "-1"}, "--index must be a whole number"},
      {{"preview", "--index", "+5"}, "--index must be a whole number"},
      {{"preview", "--index", " 5"}, "--index must be a whole number"},
      {{"preview", "--index", "5x"}, "--index must be a whole number"},
      {{"preview", "--index", "9007199254740993"},
       "--index must be a whole number"},
      {{"preview", "--index", "99999999999999999999"},
       "--index must be a whole number"},
      {{"preview", "--index="}, "--index must be a whole number"},
      {{"preview", "--index", "5", "--index", "6"}, "--index given twice"},
      {{"preview", "--all", "--all"}, "--all given twice"},
      {{"preview", "--all=yes"}, "--all takes no value"},
      {{"preview", "--all", "--index", "5"}, "--all lists every index"},
      {{"preview", "--all", "--cni-version", "1.0.0"},
       "--all lists every index"},
      {{"preview", "--all", "--pod-name", "a-index1"},
       "--all lists every index"},
      {{"preview", "--index", "5", "--cmdline", "x", "--cmdline-file", "f"},
       "give --cmdline or --cmdline-file, not both"},
      {{"preview", "--index", "5", "--cni-version", "9.9.9"},
       "--cni-version '9.9.9' is not supported; use one of 0.1.0, 0.2.0, "
       "0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0"},
      {{"preview", "--pod-name", "a;K8S_POD_NAME=b-index3"},
       "--pod-name must be a pod name"},
      {{"preview", "--pod-name", ""}, "--pod-name must be a pod name"},
      {{"preview", "--pod-name", std::string(254, 'a')},
       "--pod-name must be a pod name"},
      {{"preview", "--frobnicate"}, "unknown flag '--frobnicate' for preview"},
      {{"preview", "-i", "5"}, "unexpected argument '-i'"},
      {{"preview", "5"}, "unexpected argument '5'"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(absl::StrJoin(c.args, " "));
    Call r;
    r.args = c.args;
    r.env = RuntimeEnv();
    const PluginOutput out = r.Go();
    EXPECT_EQ(out.exit_code, 2);
    EXPECT_THAT(out.out, IsEmpty());
    EXPECT_THAT(out.err, StartsWith(absl::StrCat("index2ip: ", c.message)));
    EXPECT_THAT(out.err, HasSubstr("\nUsage:\n"));
    EXPECT_EQ(r.stdin_reads, 0);
    EXPECT_EQ(r.cmdline_reads, 0);
  }
}

TEST(RunCli, PreviewHelp) {
  Call r = PreviewCall({"--help"});
  const PluginOutput out = r.Go();
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_THAT(out.out, StartsWith("Usage:\n"));
  EXPECT_THAT(out.out, HasSubstr("--cmdline-file"));
}

}  // namespace
}  // namespace index2ip
