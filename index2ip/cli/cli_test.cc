#include "index2ip/cli/cli.h"

#include <sys/stat.h>

#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "claims/format.h"
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

TEST(AboutLine, NamesVersionAndEverySupportedCniVersion) {
  EXPECT_EQ(AboutLine("1.2.3"),
            absl::StrCat("CNI index2ip plugin version 1.2.3; CNI protocol "
                         "versions supported: ",
                         absl::StrJoin(cni::SupportedVersions(), ", "), "\n"));
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
      {{"preview"},
       "preview needs --index N, --pod-name NAME, --config FILE or --all"},
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
       absl::StrCat("--cni-version '9.9.9' is not supported; use one of ",
                    absl::StrJoin(cni::SupportedVersions(), ", "))},
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

namespace index2ip {
namespace {

using namespace ::index2ip::cli_testing;  // NOLINT: the shared Call helper
using ::testing::HasSubstr;

// `index2ip claims`: list and release, on a store ADD filled.
TEST(ClaimsCommand, ListsAndReleases) {
  Call add;
  add.env = RuntimeEnv();
  add.stdin_text = IndexConfig("1.0.0", R"({"index": 5})");
  ASSERT_EQ(RunPlugin(add.Plugin()).exit_code, 0);
  const std::string dir = add.env["INDEX2IP_DATA_DIR_FOR_TESTING"];

  Call list;
  list.env = add.env;
  list.args = {"claims", "--data-dir", dir};
  const PluginOutput listed = list.Go();
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("address"));
  EXPECT_THAT(listed.out, HasSubstr("4.14.159.117"));
  EXPECT_THAT(listed.out, HasSubstr("2001:1900:2100:2d::117"));
  EXPECT_THAT(listed.out, HasSubstr("'0123abc'"));
  // The fake machine has no namespace at /var/run/netns/pod: held.
  EXPECT_THAT(listed.out, HasSubstr("held"));
  EXPECT_THAT(listed.out, HasSubstr("2 claims in " + dir));

  // preview --all marks the claimed row.
  Call preview = PreviewCall({"--all", "--cmdline", Mlab4()});
  preview.env = add.env;
  EXPECT_THAT(preview.Go().out,
              HasSubstr("claimed by '0123abc' 'net1' (held)"));

  Call none;
  none.args = {"claims", "--data-dir", dir + "-missing"};
  EXPECT_THAT(none.Go().out, HasSubstr("no claims store in"));
  Call usage;
  usage.args = {"claims", "frob"};
  EXPECT_EQ(usage.Go().exit_code, 2);
}

// Issue 19: release took a file name, one family at a time, in one
// spelling.
TEST(ClaimsCommand, ReleaseTakesTheAttachmentByAnySpellingAndNeverAFile) {
  for (const std::string spelling :
       {"4.14.159.117", "4.14.159.117/26", "2001:1900:2100:2D::117",
        "2001:1900:2100:2d:0:0:0:117"}) {
    SCOPED_TRACE(spelling);
    Call add;
    add.env = RuntimeEnv();
    add.stdin_text = IndexConfig("1.0.0", R"({"index": 5})");
    ASSERT_EQ(RunPlugin(add.Plugin()).exit_code, 0);
    const std::string dir = add.env["INDEX2IP_DATA_DIR_FOR_TESTING"];
    Call release;
    release.env = add.env;
    release.args = {"claims", "release", spelling, "--data-dir=" + dir};
    const PluginOutput released = release.Go();
    ASSERT_EQ(released.exit_code, 0) << released.err;
    EXPECT_THAT(released.out,
                HasSubstr("released 4.14.159.117 (container '0123abc' "
                          "interface 'net1' of network 'net', since "));
    EXPECT_THAT(released.out, HasSubstr("released 2001:1900:2100:2d::117 ("));
    const PluginOutput again = release.Go();
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_THAT(again.err, HasSubstr("no claim on "));
    Call list;
    list.args = {"claims", "--data-dir", dir};
    EXPECT_THAT(list.Go().out, HasSubstr("0 claims in"));
  }
  // A name that is no address is refused before anything is opened.
  const std::string dir = FreshDataDir();
  ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
  std::ofstream(dir + "/passwd") << "root:x:0:0";
  for (const char* name : {"passwd", "app.conf", "../passwd"}) {
    Call release;
    release.args = {"claims", "--data-dir", dir, "release", name};
    const PluginOutput out = release.Go();
    EXPECT_EQ(out.exit_code, 2) << name;
    EXPECT_THAT(out.err, HasSubstr("is not an IPv4 or IPv6 address")) << name;
  }
  struct stat st;
  EXPECT_EQ(stat((dir + "/passwd").c_str(), &st), 0);
  // By container: every interface, every family.
  Call add;
  add.env = RuntimeEnv();
  add.stdin_text = IndexConfig("1.0.0", R"({"index": 6})");
  ASSERT_EQ(RunPlugin(add.Plugin()).exit_code, 0);
  Call by_container;
  by_container.args = {"claims",      "release",
                       "--container", "0123abc",
                       "--data-dir",  add.env["INDEX2IP_DATA_DIR_FOR_TESTING"]};
  const PluginOutput out = by_container.Go();
  EXPECT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(Lines(out.out).size(), 2u) << out.out;
}

// Issue 19: the listing printed the store's bytes raw.
TEST(ClaimsCommand, QuotesWhatItReadsAndSaysWhatIsDamaged) {
  const std::string dir = FreshDataDir();
  ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
  claims::Store store;
  store.set_format(claims::kFormat);
  store.set_boot_id("boot-1");
  claims::Claim* c = store.add_claims();
  c->set_address("10.0.0.2");
  c->set_container_id("\x1b[2J\n");
  c->set_ifname("net1");
  c->set_network("n\u2028");
  c->set_netns("/x");
  c->set_since(1);
  std::ofstream(dir + "/claims.pb") << claims::EncodeStore(store);
  Call list;
  list.args = {"claims", "--data-dir", dir};
  PluginOutput out = list.Go();
  ASSERT_EQ(out.exit_code, 0) << out.out << out.err;
  EXPECT_THAT(out.out, HasSubstr(R"('\x1b[2J\n')"));
  EXPECT_THAT(out.out, HasSubstr(R"('n\u2028')"));
  EXPECT_EQ(out.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(Lines(out.out).size(), 3u) << out.out;
  // Damaged: the listing says so (exit 1); repair sets it aside.
  std::ofstream(dir + "/claims.pb") << "\x08\x02\x12";  // cut short
  out = list.Go();
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_THAT(out.out, HasSubstr("problem: the claims store is damaged"));
  Call repair;
  repair.args = {"claims", "repair", "--data-dir", dir};
  out = repair.Go();
  EXPECT_EQ(out.exit_code, 0) << out.err;
  EXPECT_THAT(out.out, HasSubstr("moved the damaged store to " + dir +
                                 "/claims.pb.damaged."));
  EXPECT_EQ(list.Go().exit_code, 0);
}

}  // namespace
}  // namespace index2ip

namespace index2ip {
namespace {

using namespace ::index2ip::cli_testing;  // NOLINT: the shared Call helper
using ::testing::HasSubstr;

}  // namespace
}  // namespace index2ip
