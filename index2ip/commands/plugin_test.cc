#include "index2ip/commands/plugin.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <new>
#include <sstream>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/types/span.h"
#include "claims/format.h"
#include "cni/cni.pb.h"
#include "cni/codec.h"
#include "cni/protobuf_json.h"
#include "cni/version.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index2ip/commands/fake_process.h"
#include "index2ip/commands/log.h"
#include "index2ip/commands/records.h"
#include "testdata/runfiles.h"

namespace index2ip {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// Every version the table has (cni/version_test.cc pins the list).
const absl::Span<const absl::string_view> kVersions = cni::SupportedVersions();

// Upstream's real CNI_ARGS from mlab4.lga0t (m-lab/index2ip main_test.go).
constexpr absl::string_view kUpstreamCniArgs =
    "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=poc-index4;"
    "K8S_POD_INFRA_CONTAINER_ID="
    "adb9757c7392f7293ecc1147ee2706a70e304de2515f4f3327f37d31124df10b";

// One in-process invocation: environment, stdin and /proc/cmdline as data.
struct Call : FakeProcess {
  PluginOutput Run() { return RunPlugin(Input()); }
};

// An ADD/CHECK/DEL call on the M-Lab host, as a runtime would make it.
Call RuntimeCall(absl::string_view command, std::string config) {
  Call c;
  c.env = {
      {"INDEX2IP_DATA_DIR_FOR_TESTING", FreshDataDir()},
      {"CNI_COMMAND", std::string(command)},
      {"CNI_CONTAINERID", "0123abc"},
      {"CNI_NETNS", "/var/run/netns/pod"},
      {"CNI_IFNAME", "net1"},
      {"CNI_PATH", "/opt/cni/bin"},
      {"PROC_CMDLINE_FOR_TESTING", ReadTestData("cmdlines/mlab4_lga0t.txt")}};
  c.stdin_text = std::move(config);
  return c;
}

std::string ConfigWithVersion(absl::string_view version) {
  return absl::StrReplaceAll(
      ReadTestData("configs/macvlan_ipam_index.json"),
      {{"\"1.0.0\"", absl::StrCat("\"", version, "\"")}});
}

// `command` on the same node as `before`: the same environment, so the same
// claims store.
Call OnSameNode(const Call& before, absl::string_view command,
                std::string config) {
  Call c = before;
  c.env["CNI_COMMAND"] = std::string(command);
  c.stdin_text = std::move(config);
  return c;
}

// A claims store in which ADD of the default config has run.
Call AfterAdd(absl::string_view version = "1.0.0") {
  Call add = RuntimeCall("ADD", ConfigWithVersion(version));
  EXPECT_EQ(add.Run().exit_code, 0);
  return add;
}

cni::Error ParseError(const std::string& json) {
  cni::Error e;
  EXPECT_TRUE(cni::testing::ProtobufJsonToMessage(json, &e, /*strict=*/true))
      << json;
  return e;
}

cni::AnyResult ParseResult(const std::string& json) {
  cni::AnyResult r;
  EXPECT_TRUE(cni::testing::ProtobufJsonToMessage(json, &r, /*strict=*/true))
      << json;
  return r;
}

// Every failure: exit 1, the error object on stdout, one line on stderr.
cni::Error ExpectFailure(const PluginOutput& out, uint32_t code) {
  EXPECT_EQ(out.exit_code, 1);
  const cni::Error e = ParseError(out.out);
  EXPECT_EQ(e.code(), code) << out.out;
  EXPECT_FALSE(e.msg().empty());
  EXPECT_FALSE(e.cni_version().empty());
  EXPECT_THAT(out.err, HasSubstr(absl::StrCat("error ", code, ": ")));
  return e;
}

// One ADD per case: code 0 wants `text` in the result, any other code the
// error object with `text` in its details.
struct AddCase {
  std::string name, config, cni_args;
  uint32_t code;     // 0: success
  std::string text;  // in the result, or in the error's details
};

void ExpectAddCases(absl::Span<const AddCase> cases) {
  for (const AddCase& k : cases) {
    SCOPED_TRACE(k.name);
    Call c = RuntimeCall("ADD", k.config);
    if (!k.cni_args.empty()) c.env["CNI_ARGS"] = k.cni_args;
    const PluginOutput out = c.Run();
    if (k.code == 0) {
      EXPECT_EQ(out.exit_code, 0) << out.out;
      EXPECT_THAT(out.out, HasSubstr(k.text));
      continue;
    }
    const cni::Error e = ExpectFailure(out, k.code);
    EXPECT_THAT(e.details(), HasSubstr(k.text));
  }
}

TEST(RunPlugin, AddMatchesGoldenForEveryVersion) {
  for (absl::string_view v : kVersions) {
    SCOPED_TRACE(v);
    Call c = RuntimeCall("ADD", ConfigWithVersion(v));
    const PluginOutput out = c.Run();
    EXPECT_EQ(out.exit_code, 0) << out.out << out.err;
    EXPECT_EQ(out.out, ReadTestData(absl::StrCat("golden/add_", v, ".json")));
    EXPECT_THAT(out.err, IsEmpty());
  }
}

TEST(RunPlugin, MissingCniVersionMeansZeroOneZero) {
  Call c = RuntimeCall("ADD", R"({"name": "n", "ipam": {"index": 5}})");
  const PluginOutput out = c.Run();
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_EQ(out.out, ReadTestData("golden/add_0.1.0.json"));
}

// Upstream's AddEndToEnd: "add", "ADD", an unknown and an empty command all
// run ADD on upstream's own config.
TEST(RunPlugin, UpstreamAddEndToEnd) {
  for (absl::string_view command :
       {"add", "ADD", "unkndsjkladjoiwdqunknwn", ""}) {
    SCOPED_TRACE(command);
    Call c = RuntimeCall(command, ReadTestData("configs/upstream_ipvlan.json"));
    c.env["CNI_ARGS"] = std::string(kUpstreamCniArgs);
    const PluginOutput out = c.Run();
    ASSERT_EQ(out.exit_code, 0) << out.out << out.err;
    const cni::AnyResult r = ParseResult(out.out);
    EXPECT_EQ(r.cni_version(), "0.3.1");
    ASSERT_GE(r.ips_size(), 1);
    // ipam.index (5) wins over the pod name's index4.
    EXPECT_EQ(r.ips(0).address(), "4.14.159.117/26");
    EXPECT_EQ(r.ips(0).gateway(), "4.14.159.65");
    const bool known = command == "add" || command == "ADD";
    EXPECT_EQ(out.err.empty(), known) << out.err;
    if (!known) {
      EXPECT_THAT(out.err, HasSubstr("running ADD"));
    }
  }
}

TEST(RunPlugin, CommandsAreCaseInsensitive) {
  for (absl::string_view command : {"version", "Version", "VERSION"}) {
    Call c;
    c.env = {{"INDEX2IP_DATA_DIR_FOR_TESTING", FreshDataDir()},
             {"CNI_COMMAND", std::string(command)}};
    const PluginOutput out = c.Run();
    EXPECT_EQ(out.exit_code, 0);
    EXPECT_EQ(out.out, ReadTestData("golden/version.json"));
    EXPECT_THAT(out.err, IsEmpty());
  }
}

TEST(RunPlugin, IndexFromEachSource) {
  struct Case {
    const char* config;
    const char* cni_args;
    const char* want_v4;
  } cases[] = {
      {"configs/macvlan_ipam_index.json", "", "4.14.159.117/26"},
      {"configs/multus_cni_args.json", "", "4.14.159.119/26"},
      {"configs/pod_name.json", "K8S_POD_NAME=ndt-index12-111234-aa3b1",
       "4.14.159.124/26"},
      // ipam.index (5) wins over the pod name.
      {"configs/macvlan_ipam_index.json", "K8S_POD_NAME=ndt-index12",
       "4.14.159.117/26"},
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(k.config);
    Call c = RuntimeCall("ADD", ReadTestData(k.config));
    c.env["CNI_ARGS"] = k.cni_args;
    const PluginOutput out = c.Run();
    ASSERT_EQ(out.exit_code, 0) << out.out;
    const cni::AnyResult r = ParseResult(out.out);
    ASSERT_EQ(r.ips_size(), 2);
    EXPECT_EQ(r.ips(0).address(), k.want_v4);
  }
}

TEST(RunPlugin, ReadsProcCmdlineWithoutTestingVariable) {
  Call c = RuntimeCall("ADD", ConfigWithVersion("1.0.0"));
  c.env.erase("PROC_CMDLINE_FOR_TESTING");
  c.proc_cmdline = ReadTestData("cmdlines/mlab4_lga0t_v4only.txt");
  const PluginOutput out = c.Run();
  ASSERT_EQ(out.exit_code, 0) << out.out;
  EXPECT_EQ(c.cmdline_reads, 1);
  const cni::AnyResult r = ParseResult(out.out);
  ASSERT_EQ(r.ips_size(), 1);
  EXPECT_EQ(r.ips(0).address(), "4.14.159.117/26");
  EXPECT_EQ(r.routes_size(), 1);
  EXPECT_EQ(r.dns().nameservers_size(), 2);
}

TEST(RunPlugin, ProcCmdlineReadFailureIsIoError) {
  Call c = RuntimeCall("ADD", ConfigWithVersion("1.0.0"));
  c.env.erase("PROC_CMDLINE_FOR_TESTING");
  c.proc_cmdline = absl::DataLossError("open /proc/cmdline: Permission denied");
  const cni::Error e = ExpectFailure(c.Run(), 5);
  EXPECT_THAT(e.details(), HasSubstr("Permission denied"));
  EXPECT_EQ(e.cni_version(), "1.0.0");
}

TEST(RunPlugin, RequiredEnvironmentPerCommand) {
  struct Case {
    const char* command;
    const char* variable;
  } cases[] = {
      {"ADD", "CNI_CONTAINERID"}, {"ADD", "CNI_NETNS"},
      {"ADD", "CNI_IFNAME"},      {"CHECK", "CNI_CONTAINERID"},
      {"CHECK", "CNI_NETNS"},     {"CHECK", "CNI_IFNAME"},
      {"DEL", "CNI_CONTAINERID"}, {"DEL", "CNI_IFNAME"},
      {"GC", "CNI_PATH"},
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(absl::StrCat(k.command, " ", k.variable));
    for (bool empty : {false, true}) {
      Call c = RuntimeCall(k.command, ConfigWithVersion("1.1.0"));
      if (empty) {
        c.env[k.variable] = "";
      } else {
        c.env.erase(k.variable);
      }
      const cni::Error e = ExpectFailure(c.Run(), 4);
      EXPECT_THAT(e.details(), HasSubstr(k.variable));
      EXPECT_EQ(e.cni_version(), "1.1.0");
    }
  }
}

TEST(RunPlugin, CommandsThatNeedNoEnvironment) {
  // DEL does not need CNI_NETNS, STATUS and VERSION need nothing.
  Call del = RuntimeCall("DEL", "");
  del.env.erase("CNI_NETNS");
  del.env.erase("CNI_PATH");
  EXPECT_EQ(del.Run().exit_code, 0);

  Call status = RuntimeCall("STATUS", ConfigWithVersion("1.1.0"));
  for (const char* v :
       {"CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_PATH"}) {
    status.env.erase(v);
  }
  const PluginOutput out = status.Run();
  EXPECT_EQ(out.exit_code, 0) << out.out;
  EXPECT_THAT(out.out, IsEmpty());
}

TEST(RunPlugin, ValidatesContainerIdAndIfName) {
  struct Case {
    const char* variable;
    std::string value;
  } cases[] = {
      {"CNI_CONTAINERID", "-starts-with-dash"},
      {"CNI_CONTAINERID", "has space"},
      {"CNI_CONTAINERID", "semi;colon"},
      {"CNI_IFNAME", "sixteen-chars-xx"},
      {"CNI_IFNAME", "."},
      {"CNI_IFNAME", ".."},
      {"CNI_IFNAME", "a/b"},
      {"CNI_IFNAME", "a:b"},
      {"CNI_IFNAME", "a b"},
      {"CNI_IFNAME", "a\vb"},
      // Every other rune Go's unicode.IsSpace reports, as libcni rejects it.
      {"CNI_IFNAME",
       "a\xc2\xa0"
       "b"},  // U+00A0
      {"CNI_IFNAME",
       "a\xc2\x85"
       "b"},  // U+0085
      {"CNI_IFNAME",
       "a\xe2\x80\xa8"
       "b"},  // U+2028
      {"CNI_IFNAME",
       "a\xe3\x80\x80"
       "b"},  // U+3000
      {"CNI_IFNAME",
       "a\xe1\x9a\x80"
       "b"},  // U+1680
      // libcni lets a lone invalid byte through; this plugin does not.
      {"CNI_IFNAME", "eth\xff"},
      {"CNI_IFNAME", "\xc3"},
      // Every character the first of a container ID may not be.
      {"CNI_CONTAINERID", "_abc"},
      {"CNI_CONTAINERID", ".abc"},
      {"CNI_CONTAINERID", "-abc"},
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(k.value);
    Call c = RuntimeCall("ADD", ConfigWithVersion("1.0.0"));
    c.env[k.variable] = k.value;
    const cni::Error e = ExpectFailure(c.Run(), 4);
    EXPECT_THAT(e.msg(), HasSubstr(k.variable));
  }
  // The longest valid interface name: 15 bytes; UTF-8 that is not white
  // space is fine, as in libcni.
  for (const char* name : {"fifteen-chars-x", "r\xc3\xa9seau", "a_b.c-d"}) {
    Call ok = RuntimeCall("ADD", ConfigWithVersion("1.0.0"));
    ok.env["CNI_IFNAME"] = name;
    EXPECT_EQ(ok.Run().exit_code, 0) << name;
  }
  // And a container ID may have those characters after its first.
  Call id = RuntimeCall("ADD", ConfigWithVersion("1.0.0"));
  id.env["CNI_CONTAINERID"] = "a_b.c-d";
  EXPECT_EQ(id.Run().exit_code, 0);
}

// The cap on stdin, as a literal: a change of it shows up here.
TEST(RunPlugin, StdinCapIsOneMebibyte) {
  EXPECT_EQ(kMaxStdinBytes, 1048576u);
  std::string config = ConfigWithVersion("1.0.0");
  config.append(kMaxStdinBytes - config.size(), ' ');
  Call at_cap = RuntimeCall("ADD", config);
  EXPECT_EQ(at_cap.Run().exit_code, 0);
  Call past = RuntimeCall("ADD", config + " ");
  const cni::Error e = ExpectFailure(past.Run(), 6);
  EXPECT_THAT(e.details(), HasSubstr("larger than 1048576 bytes"));
}

TEST(RunPlugin, CheckValidatesTheNetworkNameAsAddDoes) {
  std::string config = absl::StrReplaceAll(
      ConfigWithVersion("1.0.0"), {{"\"name\": \"", "\"name\": \"bad name! "}});
  ASSERT_THAT(config, HasSubstr("bad name! "));
  config.insert(
      config.rfind('}'),
      absl::StrCat(",\"prevResult\": ", ReadTestData("golden/add_1.0.0.json")));
  Call add = RuntimeCall("ADD", config);
  ExpectFailure(add.Run(), 7);
  Call check = RuntimeCall("CHECK", config);
  const cni::Error e = ExpectFailure(check.Run(), 7);
  EXPECT_EQ(e.msg(), "invalid network name");
}

TEST(RunPlugin, CheckComparesGatewaysAsAddresses) {
  // The same gateways ADD returns, written out in full.
  const std::string prev = absl::StrReplaceAll(
      ReadTestData("golden/add_1.0.0.json"),
      {{"\"gateway\":\"2001:1900:2100:2d::1\"",
        "\"gateway\":\"2001:1900:2100:2d:0:0:0:1\""},
       {"\"gateway\":\"4.14.159.65\"", "\"gateway\":\"4.14.159.065\""}});
  ASSERT_THAT(prev, HasSubstr("2d:0:0:0:1"));
  std::string config = ConfigWithVersion("1.0.0");
  config.insert(config.rfind('}'), absl::StrCat(",\"prevResult\": ", prev));
  // 4.14.159.065 is not an IPv4 address (inet_pton takes no leading zeros):
  // the IPv4 gateway differs.
  Call bad = RuntimeCall("CHECK", config);
  ExpectFailure(bad.Run(), 102);
  config = absl::StrReplaceAll(config, {{"4.14.159.065", "4.14.159.65"}});
  Call check = OnSameNode(AfterAdd(), "CHECK", config);
  const PluginOutput out = check.Run();
  EXPECT_EQ(out.exit_code, 0) << out.out << out.err;
}

// Untrusted text never splits a line or floods the output.
TEST(RunPlugin, UntrustedTextIsQuotedAndCut) {
  const std::string hostile_names[] = {
      "ndt-index99\n[FAKE] index2ip: all good",
      "ndt-index99\x1b[2J\x1b[31m",
      "ndt-index99\xe2\x80\xae"
      "evil",
      "ndt-index99-" + std::string(70000, 'a'),
  };
  for (const std::string& name : hostile_names) {
    SCOPED_TRACE(name.substr(0, 20));
    Call c =
        RuntimeCall("ADD", R"({"cniVersion":"1.0.0","name":"n","ipam":{}})");
    c.env["CNI_ARGS"] = "IgnoreUnknown=1;K8S_POD_NAME=" + name;
    const PluginOutput out = c.Run();
    const cni::Error e = ExpectFailure(out, 101);
    EXPECT_LT(out.out.size(), 4096u);
    EXPECT_LT(out.err.size(), 4096u);
    EXPECT_EQ(out.err.find('\n'), out.err.size() - 1) << out.err;
    EXPECT_EQ(out.err.find('\x1b'), std::string::npos);
    EXPECT_EQ(out.err.find("\xe2\x80\xae"), std::string::npos);
    EXPECT_THAT(e.details(), HasSubstr("'ndt-index99"));
  }
  // Long duplicate keys are never echoed: only keys the plugin reads are
  // compared, and they are named by their path.
  const std::string key(70000, 'k');
  Call dup = RuntimeCall(
      "ADD", absl::StrCat(R"({"cniVersion":"1.0.0","Name":"a","NAME":"b",")",
                          key, R"(":1,")", key, R"(":2,"ipam":{"index":1}})"));
  const PluginOutput out = dup.Run();
  ExpectFailure(out, 6);
  EXPECT_LT(out.out.size(), 4096u);
  EXPECT_LT(out.err.size(), 4096u);
}

TEST(RunPlugin, ReadsKeysAsLibcniDoes) {
  // protobuf's names are not aliases: libcni and VERSION read 0.3.1.
  Call alias = RuntimeCall(
      "ADD", R"({"cniVersion":"0.3.1","cni_version":"1.0.0","name":"n",)"
             R"("ipam":{"index":5}})");
  const PluginOutput out = alias.Run();
  ASSERT_EQ(out.exit_code, 0) << out.out;
  EXPECT_THAT(out.out, HasSubstr("\"cniVersion\":\"0.3.1\""));
  // Go reads "Index" as the operator's index (upstream did); the pod's
  // name does not decide.
  Call folded = RuntimeCall("ADD", R"({"cniVersion":"1.0.0","name":"n",)"
                                   R"("ipam":{"Index":5}})");
  folded.env["CNI_ARGS"] = "K8S_POD_NAME=ndt-index3";
  const PluginOutput f = folded.Run();
  ASSERT_EQ(f.exit_code, 0) << f.out;
  EXPECT_THAT(f.out, HasSubstr("4.14.159.117/26"));
  // An exact key beside a folded one wins, with a warning on stderr.
  Call both = RuntimeCall("ADD", R"({"cniVersion":"1.0.0","Name":"user",)"
                                 R"("name":"n","ipam":{"index":5}})");
  const PluginOutput b = both.Run();
  ASSERT_EQ(b.exit_code, 0) << b.out;
  EXPECT_EQ(b.err,
            "index2ip: warning: 'name' is also given as 'Name'; the exact key "
            "is read and the other ignored\n");
  // null is no fall-through to the pod's index.
  Call null_index = RuntimeCall(
      "ADD", R"({"cniVersion":"1.0.0","name":"n","ipam":{"index":null},)"
             R"("args":{"cni":{"index":3}}})");
  const cni::Error e = ExpectFailure(null_index.Run(), 7);
  EXPECT_THAT(e.details(), HasSubstr("'ipam.index' is null"));
  // DEL ignores it.
  Call del = RuntimeCall("DEL", R"({"cniVersion":"1.0.0","name":"n",)"
                                R"("ipam":{"index":null}})");
  EXPECT_EQ(del.Run().exit_code, 0);
}

TEST(RunPlugin, MaxIndexBoundsEveryPodControlledSource) {
  const std::string open =
      R"({"cniVersion":"1.0.0","name":"n","ipam":{"maxIndex":12})";
  const AddCase cases[] = {
      {"pod name at the bound", open + "}", "K8S_POD_NAME=ndt-index12-x", 0,
       "4.14.159.124/26"},
      {"pod name past the bound", open + "}", "K8S_POD_NAME=ndt-index13-x", 101,
       "index 13 from CNI_ARGS K8S_POD_NAME 'ndt-index13-x' is above "
       "ipam.maxIndex 12, the operator's bound on the indices a pod may "
       "choose"},
      {"cni-args past the bound", open + R"(,"args":{"cni":{"index":13}}})", "",
       101, "index 13 from args.cni is above ipam.maxIndex 12"},
      {"operator's index past the bound",
       R"({"cniVersion":"1.0.0","name":"n","ipam":{"index":13,"maxIndex":12}})",
       "", 7, "ipam.index 13 is above ipam.maxIndex 12 in the same config"},
      {"zero bound",
       R"({"cniVersion":"1.0.0","name":"n","ipam":{"index":1,"maxIndex":0}})",
       "", 7, "ipam.maxIndex must be at least 1, got 0"},
      {"negative bound",
       R"({"cniVersion":"1.0.0","name":"n","ipam":{"index":1,"maxIndex":-3}})",
       "", 7, "ipam.maxIndex must be at least 1, got -3"},
      {"not an integer",
       R"({"cniVersion":"1.0.0","name":"n","ipam":{"index":1,"maxIndex":"12"}})",
       "", 6, "'ipam.maxIndex' must be an integer"},
      // The bound never unlocks a reserved address: 14 is in the subnet,
      // but the mlab4 host's line reserves nothing there; past the subnet
      // is still past the subnet.
      {"bound past the subnet",
       R"({"cniVersion":"1.0.0","name":"n","ipam":{"index":15,"maxIndex":99}})",
       "", 101, "past the subnet's last usable address"},
  };
  ExpectAddCases(cases);
  // The bound never unlocks what rule 1 refuses.
  Call gw = RuntimeCall(
      "ADD", R"({"cniVersion":"1.0.0","name":"n","ipam":{"maxIndex":12}})");
  gw.env["CNI_ARGS"] = "K8S_POD_NAME=ndt-index5";
  gw.env["PROC_CMDLINE_FOR_TESTING"] =
      "epoxy.ipv4=10.0.0.1/29,10.0.0.6,8.8.8.8,8.8.4.4";
  const cni::Error e = ExpectFailure(gw.Run(), 101);
  EXPECT_EQ(e.msg(), "address reserved");
  // CHECK recomputes with the same rules.
  std::string check =
      R"({"cniVersion":"1.0.0","name":"n","ipam":{"maxIndex":12},)"
      R"("prevResult":)" +
      ReadTestData("golden/add_1.0.0.json") + "}";
  Call past = RuntimeCall("CHECK", check);
  past.env["CNI_ARGS"] = "K8S_POD_NAME=ndt-index13";
  ExpectFailure(past.Run(), 101);
}

TEST(RunPlugin, OnlyTheHostParametersUsedMustBeWellFormed) {
  const std::string line = ReadTestData("cmdlines/mlab4_lga0t.txt");
  for (const char* command : {"ADD", "STATUS"}) {
    SCOPED_TRACE(command);
    Call c = RuntimeCall(command, ConfigWithVersion("1.1.0"));
    c.env["PROC_CMDLINE_FOR_TESTING"] =
        line + " ip=dhcp ip=dhcp epoxy.ip=x epoxy.ip=y";
    const PluginOutput out = c.Run();
    EXPECT_EQ(out.exit_code, 0) << out.out;
  }
  // The parameter in use may not repeat.
  for (const char* command : {"ADD", "STATUS"}) {
    SCOPED_TRACE(command);
    Call c = RuntimeCall(command, ConfigWithVersion("1.1.0"));
    c.env["PROC_CMDLINE_FOR_TESTING"] =
        line + " epoxy.ipv4=4.14.159.112/26,4.14.159.65,8.8.8.8,8.8.4.4";
    ExpectFailure(c.Run(), std::string(command) == "ADD" ? 100 : 50);
  }
}

TEST(RunPlugin, VersionEchoesRequestedSupportedVersion) {
  for (absl::string_view v : kVersions) {
    Call c;
    c.env = {{"CNI_COMMAND", "VERSION"}};
    c.stdin_text = absl::StrCat(R"({"cniVersion": ")", v, R"("})");
    const PluginOutput out = c.Run();
    EXPECT_EQ(out.exit_code, 0);
    cni::VersionInfo info;
    ASSERT_TRUE(
        cni::testing::ProtobufJsonToMessage(out.out, &info, /*strict=*/true));
    EXPECT_EQ(info.cni_version(), v);
    EXPECT_EQ(info.supported_versions_size(),
              static_cast<int>(cni::SupportedVersions().size()));
  }
}

TEST(RunPlugin, VersionReadsOnlyCniVersion) {
  // Fields a full config would reject do not change VERSION's answer.
  Call c;
  c.env = {{"CNI_COMMAND", "VERSION"}};
  c.stdin_text = R"({"cniVersion": "0.4.0", "name": 7, "ipam": "bad"})";
  const PluginOutput out = c.Run();
  EXPECT_EQ(out.exit_code, 0);
  cni::VersionInfo info;
  ASSERT_TRUE(
      cni::testing::ProtobufJsonToMessage(out.out, &info, /*strict=*/true));
  EXPECT_EQ(info.cni_version(), "0.4.0");
}

TEST(RunPlugin, VersionNeverFails) {
  for (absl::StatusOr<std::string> in :
       {absl::StatusOr<std::string>(""),
        absl::StatusOr<std::string>("not json"),
        absl::StatusOr<std::string>(R"({"cniVersion": "9.9.9"})"),
        absl::StatusOr<std::string>(absl::DataLossError("read: EIO"))}) {
    Call c;
    c.env = {{"CNI_COMMAND", "VERSION"}};
    c.stdin_text = in;
    const PluginOutput out = c.Run();
    EXPECT_EQ(out.exit_code, 0);
    EXPECT_EQ(out.out, ReadTestData("golden/version.json"));
  }
}

TEST(RunPlugin, DelAlwaysSucceedsSilently) {
  const std::string configs[] = {"",
                                 "{",
                                 "not json",
                                 "\xff\xfe",
                                 ConfigWithVersion("9.9.9"),
                                 ConfigWithVersion("1.0.0"),
                                 R"({"ipam": {"index": "x"}})",
                                 std::string(2 << 20, '{')};
  for (const std::string& config : configs) {
    for (int i = 0; i < 2; ++i) {  // repeated DELs
      Call c = RuntimeCall("DEL", config);
      c.env["PROC_CMDLINE_FOR_TESTING"] = "garbage";
      const PluginOutput out = c.Run();
      EXPECT_EQ(out.exit_code, 0) << out.out;
      EXPECT_THAT(out.out, IsEmpty());
      EXPECT_THAT(out.err, IsEmpty());
    }
  }
}

TEST(RunPlugin, CheckAcceptsTheAddResult) {
  for (absl::string_view v : {"0.4.0", "1.0.0", "1.1.0"}) {
    SCOPED_TRACE(v);
    Call add = RuntimeCall("ADD", ConfigWithVersion(v));
    const PluginOutput added = add.Run();
    ASSERT_EQ(added.exit_code, 0);
    std::string config = ConfigWithVersion(v);
    config.insert(config.rfind('}'),
                  absl::StrCat(",\"prevResult\": ", added.out));
    Call check = OnSameNode(add, "CHECK", config);
    const PluginOutput out = check.Run();
    EXPECT_EQ(out.exit_code, 0) << out.out;
    EXPECT_THAT(out.out, IsEmpty());
  }
}

TEST(RunPlugin, CheckAcceptsOlderPrevResultShape) {
  // A 0.2.0-shaped prevResult under a 0.4.0 config, with its IPv6 address in
  // upper case: compared as addresses, not as text.
  std::string prev = absl::StrReplaceAll(ReadTestData("golden/add_0.2.0.json"),
                                         {{"2d::117", "2D::117"}});
  std::string config = ConfigWithVersion("0.4.0");
  config.insert(config.rfind('}'), absl::StrCat(",\"prevResult\": ", prev));
  Call check = OnSameNode(AfterAdd("0.4.0"), "CHECK", config);
  const PluginOutput out = check.Run();
  EXPECT_EQ(out.exit_code, 0) << out.out;
}

TEST(RunPlugin, CheckFailures) {
  const std::string good = ReadTestData("golden/add_1.0.0.json");
  struct Case {
    std::string name;
    std::string prev;  // empty: no prevResult at all
    uint32_t code;
    std::string details;
  } cases[] = {
      {"no prevResult", "", 7, "prevResult"},
      {"other address",
       absl::StrReplaceAll(good, {{"4.14.159.117", "4.14.159.118"}}), 102,
       "4.14.159.117/26"},
      {"other prefix", absl::StrReplaceAll(good, {{"117/26", "117/25"}}), 102,
       "4.14.159.117/26"},
      {"other gateway",
       absl::StrReplaceAll(good, {{"\"gateway\":\"4.14.159.65\"",
                                   "\"gateway\":\"4.14.159.66\""}}),
       102, "4.14.159.66"},
      {"missing IPv6",
       R"({"cniVersion":"1.0.0","ips":[{"address":"4.14.159.117/26",)"
       R"("gateway":"4.14.159.65"}]})",
       102, "2001:1900:2100:2d::117/64"},
      {"unsupported prevResult version",
       absl::StrReplaceAll(good, {{"\"1.0.0\"", "\"7.0.0\""}}), 1, "7.0.0"},
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(k.name);
    std::string config = ConfigWithVersion("1.0.0");
    if (!k.prev.empty()) {
      config.insert(config.rfind('}'),
                    absl::StrCat(",\"prevResult\": ", k.prev));
    }
    Call check = RuntimeCall("CHECK", config);
    const cni::Error e = ExpectFailure(check.Run(), k.code);
    EXPECT_THAT(e.details(), HasSubstr(k.details));
  }
}

TEST(RunPlugin, CommandsGatedByVersion) {
  struct Case {
    const char* command;
    const char* version;
  } cases[] = {{"CHECK", "0.3.1"},
               {"CHECK", ""},
               {"STATUS", "1.0.0"},
               {"GC", "1.0.0"},
               {"STATUS", "0.4.0"}};
  for (const Case& k : cases) {
    SCOPED_TRACE(absl::StrCat(k.command, " ", k.version));
    Call c = RuntimeCall(
        k.command,
        absl::StrCat(R"({"name": "n", "cniVersion": ")", k.version, R"("})"));
    const cni::Error e = ExpectFailure(c.Run(), 1);
    EXPECT_THAT(e.msg(), HasSubstr(k.command));
  }
}

TEST(RunPlugin, StatusReportsHostConfig) {
  Call ok = RuntimeCall("STATUS", ConfigWithVersion("1.1.0"));
  const PluginOutput good = ok.Run();
  EXPECT_EQ(good.exit_code, 0);
  EXPECT_THAT(good.out, IsEmpty());

  Call bad = RuntimeCall("STATUS", ConfigWithVersion("1.1.0"));
  bad.env["PROC_CMDLINE_FOR_TESTING"] =
      "epoxy.ipv4=4.14.159.112/33,4.14.159.65,8.8.8.8,8.8.4.4";
  const cni::Error e = ExpectFailure(bad.Run(), 50);
  EXPECT_THAT(e.details(), HasSubstr("epoxy.ipv4"));

  Call unreadable = RuntimeCall("STATUS", ConfigWithVersion("1.1.0"));
  unreadable.env.erase("PROC_CMDLINE_FOR_TESTING");
  unreadable.proc_cmdline = absl::DataLossError("read: EIO");
  ExpectFailure(unreadable.Run(), 50);
}

TEST(RunPlugin, GcSucceeds) {
  Call c = RuntimeCall("GC", R"({"cniVersion": "1.1.0", "name": "n",
               "cni.dev/valid-attachments": [{"containerID": "a", "ifname": "b"}]})");
  const PluginOutput out = c.Run();
  EXPECT_EQ(out.exit_code, 0) << out.out;
  EXPECT_THAT(out.out, IsEmpty());
}

TEST(RunPlugin, ConfigErrors) {
  struct Case {
    std::string name;
    std::string config;
    uint32_t code;
    std::string details;
  } cases[] = {
      {"unsupported version", ConfigWithVersion("9.9.9"), 1, "9.9.9"},
      {"empty stdin", "", 6, ""},
      {"not json", "{{}", 6, ""},
      {"string index", R"({"name":"n","ipam":{"index":"12"}})", 6,
       "ipam.index"},
      {"fractional index", R"({"name":"n","ipam":{"index":12.5}})", 6,
       "ipam.index"},
      {"boolean index", R"({"name":"n","ipam":{"index":true}})", 6,
       "ipam.index"},
      {"string args index", R"({"name":"n","args":{"cni":{"index":"1"}}})", 6,
       "args.cni.index"},
      {"invalid utf-8", "{\"name\":\"n\xff\",\"ipam\":{\"index\":5}}", 6,
       "UTF-8"},
      {"no name", R"({"ipam":{"index":5}})", 7, "name"},
      {"bad name", R"({"name":"-x","ipam":{"index":5}})", 7, "name"},
      {"zero index", R"({"name":"n","ipam":{"index":0}})", 7, "ipam.index"},
      {"no index", R"({"name":"n"})", 7, "K8S_POD_NAME"},
      {"index past subnet", R"({"name":"n","ipam":{"index":15}})", 101,
       "1..14"},
      {"too large", std::string(kMaxStdinBytes + 10, ' '), 6, "larger than"},
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(k.name);
    Call c = RuntimeCall("ADD", k.config);
    const cni::Error e = ExpectFailure(c.Run(), k.code);
    EXPECT_THAT(e.details(), HasSubstr(k.details));
  }
}

TEST(RunPlugin, StdinReadFailureIsIoError) {
  Call c = RuntimeCall("ADD", "");
  c.stdin_text = absl::DataLossError("read: Input/output error");
  const cni::Error e = ExpectFailure(c.Run(), 5);
  EXPECT_THAT(e.details(), HasSubstr("Input/output error"));
}

TEST(RunPlugin, DecodeErrorCarriesRequestVersion) {
  Call c = RuntimeCall(
      "ADD", R"({"cniVersion":"0.4.0","name":"n","ipam":{"index":"5"}})");
  const cni::Error e = ExpectFailure(c.Run(), 6);
  EXPECT_EQ(e.cni_version(), "0.4.0");
  // Without a readable, supported cniVersion: the newest version.
  Call unsupported = RuntimeCall(
      "ADD", R"({"cniVersion":"7.0.0","name":"n","ipam":{"index":"5"}})");
  EXPECT_EQ(ExpectFailure(unsupported.Run(), 6).cni_version(),
            cni::kCurrentVersion);
  Call not_json = RuntimeCall("ADD", R"({"cniVersion":"0.4.0",)");
  EXPECT_EQ(ExpectFailure(not_json.Run(), 6).cni_version(),
            cni::kCurrentVersion);
}

TEST(RunPlugin, ErrorObjectCarriesRequestVersion) {
  Call c = RuntimeCall("ADD", R"({"cniVersion":"0.3.1","name":"n"})");
  const cni::Error e = ExpectFailure(c.Run(), 7);
  EXPECT_EQ(e.cni_version(), "0.3.1");
  EXPECT_EQ(e.msg(), "no index");
}

TEST(RunPlugin, LogLineNamesCommandContainerAndInterface) {
  Call c = RuntimeCall("ADD", R"({"cniVersion":"1.0.0","name":"n"})");
  const PluginOutput out = c.Run();
  EXPECT_EQ(out.err,
            "index2ip: ADD container='0123abc' ifname='net1': error 7: no "
            "index: looked for ipam.index, runtimeConfig.ips, args.cni, "
            "CNI_ARGS IP and CNI_ARGS K8S_POD_NAME; none is set. Set "
            "ipam.index in the network config, or give the pod the cni-args "
            "annotation {\"index\": N} or a name with index<N> in it (e.g. "
            "ndt-index12-abcde)\n");
}

TEST(RunPlugin, ReadsStdinOnceAndCmdlineOnlyWhenNeeded) {
  Call del = RuntimeCall("DEL", ConfigWithVersion("1.0.0"));
  del.env.erase("PROC_CMDLINE_FOR_TESTING");
  EXPECT_EQ(del.Run().exit_code, 0);
  EXPECT_EQ(del.stdin_reads, 1);
  EXPECT_EQ(del.cmdline_reads, 0);
}

// Attachments on one node: one claims store, and every pod's namespace
// alive once the pod has been seen.
struct Node {
  std::string data_dir = FreshDataDir();
  std::map<std::string, claims::NetnsId> alive;
  Call Pod(absl::string_view command, absl::string_view container,
           std::string config) {
    Call c = RuntimeCall(command, std::move(config));
    c.env["INDEX2IP_DATA_DIR_FOR_TESTING"] = data_dir;
    c.env["CNI_CONTAINERID"] = std::string(container);
    c.env["CNI_NETNS"] = absl::StrCat("/run/netns/", container);
    alive.emplace(
        c.env["CNI_NETNS"],
        claims::NetnsId{4, 1000 + static_cast<uint64_t>(alive.size())});
    c.machine.paths = alive;
    return c;
  }
};

// Requested addresses, as runtimes ask for them (CONVENTIONS.md).
TEST(RequestedAddresses, EverySourceAndItsPrecedence) {
  const std::string open = R"({"cniVersion":"1.0.0","name":"n","ipam":{})";
  const AddCase cases[] = {
      {"runtimeConfig ips",
       open + R"(,"runtimeConfig":{"ips":["4.14.159.119/26"]}})", "", 0,
       "4.14.159.119/26"},
      {"args.cni.ips",
       open + R"(,"args":{"cni":{"ips":["2001:1900:2100:2d::120"]}}})", "", 0,
       "4.14.159.120/26"},
      {"CNI_ARGS IP, both families", open + "}",
       "IgnoreUnknown=1;IP=4.14.159.121,2001:1900:2100:2d::121", 0,
       "2001:1900:2100:2d::121/64"},
      {"runtimeConfig wins over args.cni",
       open +
           R"(,"runtimeConfig":{"ips":["4.14.159.119"]},"args":{"cni":{"index":3}}})",
       "", 0, "4.14.159.119/26"},
      {"args.cni wins over IP=", open + R"(,"args":{"cni":{"index":3}}})",
       "IP=4.14.159.121", 0, "4.14.159.115/26"},
      {"IP= wins over the pod name", open + "}",
       "K8S_POD_NAME=ndt-index2;IP=4.14.159.121", 0, "4.14.159.121/26"},
      {"agrees with ipam.index",
       R"({"cniVersion":"1.0.0","name":"n","ipam":{"index":5}})",
       "IP=4.14.159.117", 0, "4.14.159.117/26"},
      {"disagrees with ipam.index",
       R"({"cniVersion":"1.0.0","name":"n","ipam":{"index":5}})",
       "IP=4.14.159.118", 101,
       "CNI_ARGS IP asks for index 6, and the operator's ipam.index is 5"},
      {"args.cni ips and index disagree",
       open + R"(,"args":{"cni":{"index":3,"ips":["4.14.159.117"]}}})", "", 7,
       "args.cni.ips stand for index 5 and args.cni.index is 3"},
      {"not host+k", open + "}", "IP=4.14.159.100", 101,
       "is not this host's address plus an index"},
      {"the gateway", open + "}", "IP=4.14.159.65", 101,
       "is not this host's address plus an index"},
      {"past maxIndex",
       R"({"cniVersion":"1.0.0","name":"n","ipam":{"maxIndex":4}})",
       "IP=4.14.159.117", 101, "is above ipam.maxIndex 4"},
      {"IgnoreUnknown not a boolean", open + "}",
       "IgnoreUnknown=yes;IP=4.14.159.117", 4,
       "IgnoreUnknown must be 1, 0, true or false"},
      // As libcni's LoadArgs: even when no source reads CNI_ARGS.
      {"IgnoreUnknown not a boolean, fixed index",
       R"({"cniVersion":"1.0.0","name":"n","ipam":{"index":5}})",
       "IgnoreUnknown=yes", 4, "IgnoreUnknown must be 1, 0, true or false"},
      // A malformed pair is not read when no source needs CNI_ARGS
      // (upstream ignored CNI_ARGS).
      {"a malformed pair, fixed index",
       R"({"cniVersion":"1.0.0","name":"n","ipam":{"index":5}})", "garbage", 0,
       "4.14.159.117/26"},
      {"IgnoreUnknown as multus writes it", open + "}",
       "IgnoreUnknown=true;K8S_POD_NAME=ndt-index7;Unknown=x", 0,
       "4.14.159.119/26"},
  };
  ExpectAddCases(cases);
}

// Requests that disagree: the first source wins, and the others are named
// in one warning line, on stderr and in the log.
TEST(RequestedAddresses, DisagreeingRequestsAreNamedInAWarning) {
  const std::string log = FreshDataDir() + ".log";
  Call c = RuntimeCall(
      "ADD", absl::StrCat(
                 R"({"cniVersion":"1.0.0","name":"n","ipam":{"logFile":")", log,
                 R"("},"runtimeConfig":{"ips":["4.14.159.117"]},)"
                 R"("args":{"cni":{"ips":["4.14.159.118"]}}})"));
  c.env["CNI_ARGS"] = "IP=4.14.159.119";
  const PluginOutput out = c.Run();
  ASSERT_EQ(out.exit_code, 0) << out.out;
  EXPECT_THAT(out.out, HasSubstr("4.14.159.117/26"));
  const std::string want =
      "index 5 from runtimeConfig.ips wins; ignored: args.cni asks for index "
      "6; CNI_ARGS IP asks for index 7";
  EXPECT_EQ(out.err, absl::StrCat("index2ip: warning: ", want, "\n"));
  std::ifstream in(log);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  absl::StatusOr<LogEntry> entry = DecodeLogEntry(line);
  ASSERT_TRUE(entry.ok()) << entry.status();
  ASSERT_EQ(entry->warnings_size(), 1);
  EXPECT_EQ(entry->warnings(0), want);
  // Requests that agree, or a pod name below them, are no warning.
  Call agree =
      RuntimeCall("ADD", R"({"cniVersion":"1.0.0","name":"n","ipam":{},)"
                         R"("runtimeConfig":{"ips":["4.14.159.117"]}})");
  agree.env["CNI_ARGS"] = "IP=4.14.159.117;K8S_POD_NAME=ndt-index9";
  const PluginOutput quiet = agree.Run();
  EXPECT_EQ(quiet.exit_code, 0) << quiet.out;
  EXPECT_THAT(quiet.err, IsEmpty());
}

// ipam.routes: after the default routes, in every result shape, compared
// by CHECK, and left out with a warning for a family the host lacks.
TEST(Routes, InEveryShapeAndCheckedByCheck) {
  const std::string routes =
      R"("routes":[{"dst":"10.96.0.0/12"},)"
      R"({"dst":"fd00:10:96::/112","gw":"2001:1900:2100:2d::2"}])";
  const auto config = [&](absl::string_view v) {
    return absl::StrCat(R"({"cniVersion":")", v,
                        R"(","name":"n","ipam":{"index":5,)", routes, "}}");
  };
  for (absl::string_view v : kVersions) {
    SCOPED_TRACE(v);
    const PluginOutput out = RuntimeCall("ADD", config(v)).Run();
    ASSERT_EQ(out.exit_code, 0) << out.out;
    EXPECT_THAT(out.err, IsEmpty());
    absl::StatusOr<cni::AnyResult> any = cni::DecodeAnyResult(out.out);
    ASSERT_TRUE(any.ok()) << any.status();
    if (v == "0.1.0" || v == "0.2.0") {
      // Nested by family, after the default route.
      ASSERT_EQ(any->ip4().routes_size(), 2);
      EXPECT_EQ(any->ip4().routes(1).dst(), "10.96.0.0/12");
      EXPECT_EQ(any->ip4().routes(1).gw(), "4.14.159.65");
      ASSERT_EQ(any->ip6().routes_size(), 2);
      EXPECT_EQ(any->ip6().routes(1).dst(), "fd00:10:96::/112");
      EXPECT_EQ(any->ip6().routes(1).gw(), "2001:1900:2100:2d::2");
    } else {
      ASSERT_EQ(any->routes_size(), 4);
      EXPECT_EQ(any->routes(0).dst(), "0.0.0.0/0");
      EXPECT_EQ(any->routes(1).dst(), "::/0");
      EXPECT_EQ(any->routes(2).dst(), "10.96.0.0/12");
      EXPECT_EQ(any->routes(2).gw(), "4.14.159.65");
      EXPECT_EQ(any->routes(3).dst(), "fd00:10:96::/112");
    }
  }
  // CHECK: the result ADD gave passes; without the route it is 102.
  Call add = RuntimeCall("ADD", config("1.0.0"));
  const PluginOutput added = add.Run();
  ASSERT_EQ(added.exit_code, 0);
  std::string check = config("1.0.0");
  check.insert(check.rfind('}'), absl::StrCat(",\"prevResult\":", added.out));
  EXPECT_EQ(OnSameNode(add, "CHECK", check).Run().exit_code, 0);
  std::string stripped = absl::StrReplaceAll(
      added.out, {{R"(,{"dst":"10.96.0.0/12","gw":"4.14.159.65"})", ""}});
  ASSERT_NE(stripped, added.out);
  std::string check_without = config("1.0.0");
  check_without.insert(check_without.rfind('}'),
                       absl::StrCat(",\"prevResult\":", stripped));
  const cni::Error e =
      ExpectFailure(OnSameNode(add, "CHECK", check_without).Run(), 102);
  EXPECT_THAT(e.details(),
              HasSubstr("lacks the route to 10.96.0.0/12 via 4.14.159.65"));
  // A bad route is error 7 naming the entry.
  const cni::Error bad = ExpectFailure(
      RuntimeCall("ADD", R"({"cniVersion":"1.0.0","name":"n","ipam":)"
                         R"({"index":5,"routes":[{"dst":"10.96.0.0/12",)"
                         R"("gw":"10.0.0.1"}]}})")
          .Run(),
      7);
  EXPECT_THAT(bad.details(),
              HasSubstr("ipam.routes[0] gw 10.0.0.1 is outside"));
}

TEST(Routes, AFamilyTheHostLacksIsAWarning) {
  Call c = RuntimeCall(
      "ADD",
      R"({"cniVersion":"1.0.0","name":"n","ipam":{"index":5,)"
      R"("routes":[{"dst":"fd00:10:96::/112"},{"dst":"10.96.0.0/12"}]}})");
  c.env["PROC_CMDLINE_FOR_TESTING"] =
      "epoxy.ipv4=4.14.159.112/26,4.14.159.65,8.8.8.8,8.8.4.4 epoxy.ipv6=";
  const PluginOutput out = c.Run();
  ASSERT_EQ(out.exit_code, 0) << out.out;
  EXPECT_THAT(out.out,
              HasSubstr(R"({"dst":"10.96.0.0/12","gw":"4.14.159.65"})"));
  EXPECT_THAT(out.out, Not(HasSubstr("fd00")));
  EXPECT_EQ(out.err,
            "index2ip: warning: ipam.routes[0] to fd00:10:96::/112 left out: "
            "the host has no IPv6\n");
}

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// libcni passes the runtime's trace context; the log carries it, cut and
// made valid like every untrusted value.
TEST(LogFile, CarriesTheTraceContext) {
  const std::string log = FreshDataDir() + ".log";
  Call add = RuntimeCall(
      "ADD", absl::StrCat(R"({"cniVersion":"1.0.0","name":"n","ipam":)"
                          R"({"index":5,"logFile":")",
                          log, R"("}})"));
  add.env["TRACEPARENT"] =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  add.env["TRACESTATE"] = "vendor=\n\xff" + std::string(200, 'x');
  ASSERT_EQ(add.Run().exit_code, 0);
  absl::StatusOr<LogEntry> entry = DecodeLogEntry(ReadWhole(log));
  ASSERT_TRUE(entry.ok()) << entry.status();
  EXPECT_EQ(entry->traceparent(),
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  EXPECT_EQ(entry->tracestate(), ForLog(add.env["TRACESTATE"]));
  EXPECT_LT(entry->tracestate().size(), 80u);
  EXPECT_EQ(entry->tracestate().find('\xff'), std::string::npos);
}

TEST(LogFile, OneLinePerCallWithWhatItWasAskedAndAnswered) {
  const std::string log = FreshDataDir() + ".log";
  const std::string config = absl::StrCat(
      R"({"cniVersion":"1.0.0","name":"ndt","ipam":{"index":5,"logFile":")",
      log, R"("}})");
  Call add = RuntimeCall("ADD", config);
  add.env["CNI_ARGS"] =
      "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;"
      "K8S_POD_NAME=ndt-\x1b[2Jpod";
  ASSERT_EQ(add.Run().exit_code, 0);
  Call bad = OnSameNode(
      add, "ADD",
      absl::StrReplaceAll(config, {{"\"index\":5", "\"index\":99"}}));
  ASSERT_EQ(bad.Run().exit_code, 1);
  Call del = OnSameNode(add, "DEL", "{not json but " + config);
  ASSERT_EQ(del.Run().exit_code, 0);
  const std::vector<std::string> lines =
      absl::StrSplit(ReadWhole(log), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u) << ReadWhole(log);  // DEL could not read it
  absl::StatusOr<LogEntry> first = DecodeLogEntry(lines[0]);
  ASSERT_TRUE(first.ok()) << lines[0];
  EXPECT_EQ(first->command(), "ADD");
  EXPECT_EQ(first->container_id(), "0123abc");
  EXPECT_EQ(first->ifname(), "net1");
  EXPECT_EQ(first->network(), "ndt");
  EXPECT_EQ(first->pod_namespace(), "default");
  EXPECT_EQ(first->pod_name(), "ndt-\x1b[2Jpod");  // JSON escapes it
  EXPECT_THAT(lines[0], HasSubstr(R"("podName":"ndt-\u001b[2Jpod")"));
  EXPECT_EQ(first->index(), 5);
  EXPECT_EQ(first->index_source(), "ipam.index");
  ASSERT_EQ(first->addresses_size(), 2);
  EXPECT_EQ(first->addresses(0), "4.14.159.117/26");
  EXPECT_EQ(first->code(), 0u);
  EXPECT_EQ(first->time(), "2023-11-14T22:13:20.123Z");
  absl::StatusOr<LogEntry> second = DecodeLogEntry(lines[1]);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->code(), 101u);
  EXPECT_EQ(second->msg(), "index out of range");
  struct stat st;
  ASSERT_EQ(stat(log.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(LogFile, LevelErrorLogsFailuresOnly) {
  const std::string log = FreshDataDir() + ".log";
  const std::string config = absl::StrCat(
      R"({"cniVersion":"1.0.0","name":"n","ipam":{"index":5,"logLevel":"error",)",
      R"("logFile":")", log, R"("}})");
  Call add = RuntimeCall("ADD", config);
  ASSERT_EQ(add.Run().exit_code, 0);
  EXPECT_EQ(ReadWhole(log), "");
  Call bad = OnSameNode(
      add, "ADD",
      absl::StrReplaceAll(config, {{"\"index\":5", "\"index\":99"}}));
  ASSERT_EQ(bad.Run().exit_code, 1);
  EXPECT_THAT(ReadWhole(log), HasSubstr(R"("code":101)"));
}

TEST(LogFile, BadSettingsAndUnwritableFiles) {
  for (const char* ipam :
       {R"("logFile":"relative.log")", R"("logLevel":"debug")"}) {
    Call c = RuntimeCall(
        "ADD",
        absl::StrCat(R"({"cniVersion":"1.0.0","name":"n","ipam":{"index":5,)",
                     ipam, "}}"));
    ExpectFailure(c.Run(), 7);
  }
  // A symlink or a directory where the log should be: a warning, and the
  // command still succeeds; the link is not followed.
  const std::string dir = FreshDataDir();
  ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
  const std::string target = dir + "/target";
  ASSERT_EQ(symlink(target.c_str(), (dir + "/link.log").c_str()), 0);
  for (const std::string& path : {dir + "/link.log", dir}) {
    SCOPED_TRACE(path);
    Call c = RuntimeCall(
        "ADD",
        absl::StrCat(
            R"({"cniVersion":"1.0.0","name":"n","ipam":{"index":5,"logFile":")",
            path, R"("}})"));
    const PluginOutput out = c.Run();
    EXPECT_EQ(out.exit_code, 0) << out.out;
    EXPECT_THAT(out.err,
                HasSubstr("index2ip: warning: cannot write ipam.logFile"));
  }
  struct stat st;
  EXPECT_NE(lstat(target.c_str(), &st), 0) << "the symlink was followed";
}

// Issue 19: a relative logFile failed ADD and CHECK with 7 yet was appended
// to in the runtime's working directory, and STATUS and GC used it.
TEST(LogFile, ARelativeLogFileIsRefusedBeforeAnythingIsWritten) {
  const std::string prev = ReadTestData("golden/add_1.1.0.json");
  for (const char* command : {"ADD", "CHECK", "STATUS", "GC"}) {
    SCOPED_TRACE(command);
    const std::string file = absl::StrCat("rel-", command, ".log");
    Call c = RuntimeCall(
        command,
        absl::StrCat(R"({"cniVersion":"1.1.0","name":"n","ipam":{"index":5,)",
                     R"("logFile":")", file, R"("},"prevResult":)", prev, "}"));
    const cni::Error e = ExpectFailure(c.Run(), 7);
    EXPECT_THAT(e.details(),
                HasSubstr("ipam.logFile must be an absolute path"));
    struct stat st;
    EXPECT_NE(stat(file.c_str(), &st), 0) << "written in the working directory";
    EXPECT_NE(stat(c.env["INDEX2IP_DATA_DIR_FOR_TESTING"].c_str(), &st), 0)
        << "a claims store made";
  }
}

// Issue 19: a FIFO with no reader held ADD after its claims were written.
TEST(LogFile, AFifoNeverHoldsTheCommand) {
  const std::string fifo = FreshDataDir() + ".fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const std::string config = absl::StrCat(
      R"({"cniVersion":"1.0.0","name":"n","ipam":{"index":5,"logFile":")", fifo,
      R"("}})");
  for (bool reader : {false, true}) {
    SCOPED_TRACE(reader);
    const int fd = reader ? open(fifo.c_str(), O_RDONLY | O_NONBLOCK) : -1;
    Call c = RuntimeCall("ADD", config);
    const PluginOutput out = c.Run();
    EXPECT_EQ(out.exit_code, 0) << out.out;
    EXPECT_THAT(out.err, HasSubstr("warning: cannot write ipam.logFile"));
    if (fd >= 0) close(fd);
  }
}

// Issue 19: a call refused for its environment was not logged.
TEST(LogFile, ACallRefusedForItsEnvironmentIsLogged) {
  const std::string log = FreshDataDir() + ".log";
  Call c = RuntimeCall(
      "ADD",
      absl::StrCat(
          R"({"cniVersion":"1.0.0","name":"ndt","ipam":{"index":5,"logFile":")",
          log, R"("}})"));
  c.env.erase("CNI_IFNAME");
  ExpectFailure(c.Run(), 4);
  absl::StatusOr<LogEntry> entry = DecodeLogEntry(ReadWhole(log));
  ASSERT_TRUE(entry.ok()) << ReadWhole(log);
  EXPECT_EQ(entry->code(), 4u);
  EXPECT_EQ(entry->network(), "ndt");
}

TEST(Claims, OneAddressOneAttachmentPerNode) {
  Node node;
  const std::string config = ConfigWithVersion("1.0.0");
  Call a = node.Pod("ADD", "pod-a", config);
  const PluginOutput first = a.Run();
  ASSERT_EQ(first.exit_code, 0) << first.out;
  // A runtime retrying ADD gets the same result.
  EXPECT_EQ(a.Run().out, first.out);
  // Another pod asking for the same index is refused, with the holder named.
  Call b = node.Pod("ADD", "pod-b", config);  // pod-a lives on
  const cni::Error e = ExpectFailure(b.Run(), 103);
  EXPECT_EQ(e.msg(), "address in use");
  EXPECT_THAT(e.details(), HasSubstr("4.14.159.117 is claimed by container "
                                     "'pod-a' interface 'net1'"));
  // pod-a's CHECK still passes; pod-b's would not.
  std::string check = config;
  check.insert(check.rfind('}'), absl::StrCat(",\"prevResult\": ", first.out));
  Call check_a = node.Pod("CHECK", "pod-a", check);
  EXPECT_EQ(check_a.Run().exit_code, 0);
  Call check_b = node.Pod("CHECK", "pod-b", check);
  const cni::Error not_held = ExpectFailure(check_b.Run(), 102);
  EXPECT_THAT(not_held.details(), HasSubstr("does not hold its claim"));
  // After pod-a's DEL, pod-b gets the address.
  Call del_a = node.Pod("DEL", "pod-a", config);
  const PluginOutput deleted = del_a.Run();
  EXPECT_EQ(deleted.exit_code, 0);
  EXPECT_THAT(deleted.out, IsEmpty());
  EXPECT_EQ(del_a.Run().exit_code, 0);  // DEL can be repeated
  EXPECT_EQ(b.Run().exit_code, 0);
}

// libcni 1.2 passes the ADD result to DEL as prevResult; DEL releases as
// before, whatever that result holds.
TEST(Claims, DelWithPrevResultReleases) {
  Node node;
  const std::string config = ConfigWithVersion("1.1.0");
  const PluginOutput first = node.Pod("ADD", "pod-a", config).Run();
  ASSERT_EQ(first.exit_code, 0) << first.out;
  for (const std::string& prev :
       {first.out, std::string(R"({"ips":[{"address":"10.9.9.9/8"}]})"),
        std::string("[1]")}) {
    SCOPED_TRACE(prev);
    std::string del = config;
    del.insert(del.rfind('}'), absl::StrCat(",\"prevResult\": ", prev));
    const PluginOutput out = node.Pod("DEL", "pod-a", del).Run();
    EXPECT_EQ(out.exit_code, 0) << out.out;
    EXPECT_THAT(out.out, IsEmpty());
    // Released: another pod gets the address, then gives it back.
    EXPECT_EQ(node.Pod("ADD", "pod-b", config).Run().exit_code, 0);
    EXPECT_EQ(node.Pod("DEL", "pod-b", config).Run().exit_code, 0);
    ASSERT_EQ(node.Pod("ADD", "pod-a", config).Run().exit_code, 0);
  }
}

TEST(Claims, ClaimsFalseIsStatelessAsUpstream) {
  Node node;
  const std::string config = R"({"cniVersion":"1.0.0","name":"n",)"
                             R"("ipam":{"index":5,"claims":false}})";
  EXPECT_EQ(node.Pod("ADD", "pod-a", config).Run().exit_code, 0);
  EXPECT_EQ(node.Pod("ADD", "pod-b", config).Run().exit_code, 0);
  struct stat st;
  EXPECT_NE(stat(node.data_dir.c_str(), &st), 0) << "no store made";
}

TEST(Claims, DelReadsOnlyWhatItNeeds) {
  Node node;
  const std::string dir = FreshDataDir();
  const std::string config = absl::StrCat(
      R"({"cniVersion":"1.0.0","name":"n","ipam":{"index":5,"dataDir":")", dir,
      R"("}})");
  ASSERT_EQ(node.Pod("ADD", "pod-a", config).Run().exit_code, 0);
  // A config broken everywhere else still names its store.
  const std::string broken = absl::StrCat(
      R"({"cniVersion":7,"name":"n","ipam":{"index":"x","dataDir":")", dir,
      R"("},"prevResult":5})");
  const PluginOutput del = node.Pod("DEL", "pod-a", broken).Run();
  EXPECT_EQ(del.exit_code, 0) << del.out;
  EXPECT_EQ(node.Pod("ADD", "pod-b", config).Run().exit_code, 0)
      << "pod-a's claim was released";
  // Too broken to read even that: the default store, which DEL never makes.
  const PluginOutput garbage = node.Pod("DEL", "pod-b", "{{not json").Run();
  EXPECT_EQ(garbage.exit_code, 0);
  struct stat st;
  EXPECT_NE(stat(node.data_dir.c_str(), &st), 0);
}

TEST(Claims, GcRemovesWhatIsNotValid) {
  Node node;
  // ADD's CNI error code, 0 for success.
  const auto add = [&](const char* pod, int index) -> uint32_t {
    const PluginOutput out =
        node.Pod("ADD", pod,
                 absl::StrCat(
                     R"({"cniVersion":"1.1.0","name":"n","ipam":{"index":)",
                     index, "}}"))
            .Run();
    return out.exit_code == 0 ? 0 : ParseError(out.out).code();
  };
  ASSERT_EQ(add("pod-a", 1), 0u);
  ASSERT_EQ(add("pod-b", 2), 0u);
  // No list: nothing can be told unwanted.
  Call none = node.Pod("GC", "gc", R"({"cniVersion":"1.1.0","name":"n"})");
  EXPECT_EQ(none.Run().exit_code, 0);
  EXPECT_EQ(add("pod-x", 2), 103u);
  // pod-a valid, pod-b not: pod-b's claims go.
  Call gc = node.Pod(
      "GC", "gc",
      R"({"cniVersion":"1.1.0","name":"n","cni.dev/valid-attachments":)"
      R"([{"containerID":"pod-a","ifname":"net1"}]})");
  const PluginOutput out = gc.Run();
  EXPECT_EQ(out.exit_code, 0) << out.out;
  EXPECT_EQ(add("pod-x", 2), 0u);
  EXPECT_EQ(add("pod-y", 1), 103u);
}

// Issue 19: GC read an entry without a containerID or an ifname as "no
// attachment is valid" and collected live claims.
TEST(Claims, GcRefusesAListEntryThatNamesNoAttachment) {
  Node node;
  ASSERT_EQ(
      node.Pod("ADD", "pod-a", ConfigWithVersion("1.1.0")).Run().exit_code, 0);
  for (const char* list :
       {R"([{}])", R"([{"containerID":"pod-a"}])",
        R"([{"containerID":"pod-a","ifname":"net1"},{"ifname":"x"}])"}) {
    SCOPED_TRACE(list);
    Call gc = node.Pod(
        "GC", "gc",
        absl::StrCat(
            R"({"cniVersion":"1.1.0","name":"net","cni.dev/valid-attachments":)",
            list, "}"));
    const cni::Error e = ExpectFailure(gc.Run(), 7);
    EXPECT_THAT(e.details(), HasSubstr("needs a containerID and an ifname"));
  }
  Call again = node.Pod("ADD", "pod-b", ConfigWithVersion("1.1.0"));
  ExpectFailure(again.Run(), 103);  // pod-a's claim is still there
}

// Issue 19: GC of 2,000 claims printed 224 KB on stderr; it stays within
// the 4 KiB bound, and the log file has them all.
TEST(Claims, GcPrintsABoundedSummaryAndLogsEveryClaim) {
  Node node;
  const std::string dir = node.data_dir;
  ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
  claims::Store store;
  store.set_format(claims::kFormat);
  store.set_boot_id("boot-1");
  for (int i = 0; i < 2000; ++i) {
    claims::Claim* c = store.add_claims();
    c->set_address(absl::StrCat("10.", i / 256, ".", i % 256, ".1"));
    c->set_container_id(absl::StrCat("gone-", i));
    c->set_ifname("net1");
    c->set_network("net");
    c->set_netns("/x");
    c->set_since(1);
  }
  std::ofstream(dir + "/claims.pb") << claims::EncodeStore(store);
  const std::string log = FreshDataDir() + ".log";
  Call gc = node.Pod(
      "GC", "gc",
      absl::StrCat(R"({"cniVersion":"1.1.0","name":"net","ipam":{"logFile":")",
                   log, R"("},"cni.dev/valid-attachments":[]})"));
  const PluginOutput out = gc.Run();
  EXPECT_EQ(out.exit_code, 0) << out.out;
  EXPECT_LT(out.err.size(), 4096u);
  EXPECT_THAT(out.err, HasSubstr("index2ip: and 1997 more, in ipam.logFile"));
  absl::StatusOr<LogEntry> entry = DecodeLogEntry(ReadWhole(log));
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->events_size(), 2000);
  EXPECT_THAT(entry->events(0), HasSubstr("collected 10.0.0.1 of container"));
}

TEST(Claims, StatusSaysWhenTheStoreIsUnusable) {
  Node node;
  for (const char* dir : {"relative/dir", "/proc/no-such-dir/claims"}) {
    SCOPED_TRACE(dir);
    Call c = node.Pod(
        "STATUS", "s",
        absl::StrCat(R"({"cniVersion":"1.1.0","name":"n","ipam":{"dataDir":")",
                     dir, R"("}})"));
    const cni::Error e = ExpectFailure(c.Run(), 50);
    EXPECT_THAT(e.details(), HasSubstr("the claims store"));
  }
  Call ok = node.Pod("STATUS", "s", R"({"cniVersion":"1.1.0","name":"n"})");
  EXPECT_EQ(ok.Run().exit_code, 0);
  // ADD names the directory it cannot use.
  Call add = node.Pod("ADD", "a",
                      R"({"cniVersion":"1.0.0","name":"n","ipam":{"index":5,)"
                      R"("dataDir":"/proc/no-such-dir/claims"}})");
  const cni::Error e = ExpectFailure(add.Run(), 5);
  EXPECT_THAT(e.details(), HasSubstr("/proc/no-such-dir/claims"));
}

}  // namespace
}  // namespace index2ip
