#include "cni/request.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cni/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace index2ip {
namespace cni {
namespace {

using ::testing::HasSubstr;
using Pairs = std::vector<std::pair<std::string, std::string>>;

// An environment as data, counting the reads of each variable.
struct Env {
  std::map<std::string, std::string> vars;
  std::map<std::string, int> reads;
  GetEnv Get() {
    return [this](absl::string_view name) -> absl::optional<std::string> {
      ++reads[std::string(name)];
      auto it = vars.find(std::string(name));
      if (it == vars.end()) return absl::nullopt;
      return it->second;
    };
  }
};

Env AddEnv() {
  Env e;
  e.vars = {{"CNI_COMMAND", "ADD"},
            {"CNI_CONTAINERID", "0123abc"},
            {"CNI_NETNS", "/var/run/netns/pod"},
            {"CNI_IFNAME", "net1"},
            {"CNI_PATH", "/opt/cni/bin"},
            {"CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAME=ndt-index4"},
            {"TRACEPARENT",
             "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}};
  return e;
}

TEST(ReadRequest, ReadsEachVariableOnce) {
  Env env = AddEnv();
  const Request r = ReadRequest(env.Get());
  EXPECT_EQ(r.command->command, CniCommand::kAdd);
  EXPECT_TRUE(r.command_known);
  EXPECT_EQ(r.container_id, "0123abc");
  EXPECT_EQ(r.netns, "/var/run/netns/pod");
  EXPECT_EQ(r.ifname, "net1");
  EXPECT_EQ(r.path, "/opt/cni/bin");
  EXPECT_EQ(r.traceparent,
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  EXPECT_EQ(r.tracestate, "");
  EXPECT_EQ(r.args.Get("K8S_POD_NAME"),
            absl::optional<absl::string_view>("ndt-index4"));
  for (const auto& [name, n] : env.reads) EXPECT_EQ(n, 1) << name;
  EXPECT_EQ(env.reads.size(), 8u);  // and TRACEPARENT, TRACESTATE
  EXPECT_TRUE(CheckRequest(r).ok());
}

TEST(ReadRequest, CommandsAreCaseInsensitiveAndUnknownRunsAdd) {
  for (const auto& [text, want, known] :
       std::vector<std::tuple<std::string, CniCommand, bool>>{
           {"check", CniCommand::kCheck, true},
           {"Del", CniCommand::kDel, true},
           {"GC", CniCommand::kGc, true},
           {"status", CniCommand::kStatus, true},
           {"VERSION", CniCommand::kVersion, true},
           {"", CniCommand::kAdd, false},
           {"ADDX", CniCommand::kAdd, false}}) {
    SCOPED_TRACE(text);
    Env env;
    env.vars["CNI_COMMAND"] = text;
    const Request r = ReadRequest(env.Get());
    EXPECT_EQ(r.command->command, want);
    EXPECT_EQ(r.command_known, known);
    EXPECT_EQ(r.command_text, text);
  }
}

TEST(CheckRequest, NamesEveryMissingVariable) {
  Env env;
  env.vars = {{"CNI_COMMAND", "ADD"}, {"CNI_NETNS", ""}};
  const absl::Status s = CheckRequest(ReadRequest(env.Get()));
  EXPECT_EQ(CodeOf(s), ErrorCode::kInvalidEnvironmentVariables);
  EXPECT_EQ(s.message(), "ADD needs CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME");
  env.vars = {{"CNI_COMMAND", "DEL"}, {"CNI_CONTAINERID", "a"}};
  EXPECT_EQ(CheckRequest(ReadRequest(env.Get())).message(),
            "DEL needs CNI_IFNAME");
  env.vars = {{"CNI_COMMAND", "GC"}};
  EXPECT_EQ(CheckRequest(ReadRequest(env.Get())).message(),
            "GC needs CNI_PATH");
  env.vars = {{"CNI_COMMAND", "STATUS"}};
  EXPECT_TRUE(CheckRequest(ReadRequest(env.Get())).ok());
}

TEST(CheckRequest, RefusesBadIdsNamesAndLengths) {
  const std::pair<const char*, std::string> cases[] = {
      {"CNI_CONTAINERID", "-leading-dash"},
      {"CNI_CONTAINERID", "has space"},
      {"CNI_CONTAINERID", std::string(kMaxEnvValueBytes + 1, 'a')},
      {"CNI_NETNS", "/" + std::string(kMaxEnvValueBytes, 'n')},
      {"CNI_IFNAME", "sixteen-bytes-xx"},
      {"CNI_IFNAME", "a/b"},
  };
  for (const auto& [name, value] : cases) {
    SCOPED_TRACE(name);
    Env env = AddEnv();
    env.vars[name] = value;
    const absl::Status s = CheckRequest(ReadRequest(env.Get()));
    EXPECT_EQ(CodeOf(s), ErrorCode::kInvalidEnvironmentVariables);
    EXPECT_THAT(ToCniError(s, "1.0.0").msg(), HasSubstr(name));
  }
}

// As libcni's LoadArgs: a bad IgnoreUnknown refuses the request even when no
// index source reads CNI_ARGS; DEL still cleans up.
TEST(CheckRequest, IgnoreUnknownMustBeABooleanForEveryCommandButDel) {
  for (const char* command : {"ADD", "CHECK", "STATUS", "GC"}) {
    Env env = AddEnv();
    env.vars["CNI_COMMAND"] = command;
    env.vars["CNI_ARGS"] = "IgnoreUnknown=yes;K8S_POD_NAME=a";
    const absl::Status s = CheckRequest(ReadRequest(env.Get()));
    EXPECT_EQ(CodeOf(s), ErrorCode::kInvalidEnvironmentVariables) << command;
    EXPECT_THAT(s.message(), HasSubstr("'yes'")) << command;
  }
  Env del = AddEnv();
  del.vars["CNI_COMMAND"] = "DEL";
  del.vars["CNI_ARGS"] = "IgnoreUnknown=yes";
  EXPECT_TRUE(CheckRequest(ReadRequest(del.Get())).ok());
  // A malformed pair is an error only for the source that reads CNI_ARGS.
  Env pair = AddEnv();
  pair.vars["CNI_ARGS"] = "garbage";
  EXPECT_TRUE(CheckRequest(ReadRequest(pair.Get())).ok());
}

TEST(IsValidCniId, LibcnisPattern) {
  for (const char* ok : {"a", "0", "a.b-c_d", "ABC123"}) {
    EXPECT_TRUE(IsValidCniId(ok)) << ok;
  }
  for (const char* bad : {"", ".a", "-a", "_a", "a b", "a/b", "a:b", "é"}) {
    EXPECT_FALSE(IsValidCniId(bad)) << bad;
  }
}

TEST(ValidateIfName, LibcnisRulesAndUtf8) {
  for (const char* ok : {"net1", "eth0.100", "a", "fifteen-bytes-x", "é"}) {
    EXPECT_TRUE(ValidateIfName(ok).ok()) << ok;
  }
  const std::pair<std::string, const char*> bad[] = {
      {"sixteen-bytes-xx", "longer than 15"},
      {".", "must not be"},
      {"..", "must not be"},
      {"a:b", "white space"},
      {"a b", "white space"},
      {"a\u00a0b", "white space"},  // NO-BREAK SPACE: Go's IsSpace
      {"a\xff", "UTF-8"},
  };
  for (const auto& [name, why] : bad) {
    const absl::Status s = ValidateIfName(name);
    EXPECT_EQ(CodeOf(s), ErrorCode::kInvalidEnvironmentVariables) << name;
    EXPECT_THAT(s.message(), HasSubstr(why)) << name;
  }
}

TEST(ArgsPairs, LastOfARepeatedKeyWins) {
  const ArgsPairs a = ParseCniArgs("K8S_POD_NAME=a;X=1;K8S_POD_NAME=b");
  EXPECT_EQ(a.Get("K8S_POD_NAME"), absl::optional<absl::string_view>("b"));
  EXPECT_EQ(a.Get("Y"), absl::nullopt);
}

TEST(ParseCniArgs, IgnoreUnknownTakesGosBooleans) {
  for (const char* ok : {"1", "0", "true", "FALSE", "True"}) {
    EXPECT_TRUE(ParseCniArgs(absl::StrCat("IgnoreUnknown=", ok)).status.ok())
        << ok;
  }
  for (const char* bad : {"", "yes", "2", "t"}) {
    const ArgsPairs a = ParseCniArgs(absl::StrCat("IgnoreUnknown=", bad));
    EXPECT_EQ(CodeOf(a.status), ErrorCode::kInvalidEnvironmentVariables) << bad;
  }
}

TEST(ParseCniArgs, SplitsPairsInOrder) {
  struct Case {
    std::string args;
    Pairs want;
  };
  const std::vector<Case> kCases = {
      {"", {}},
      {";", {}},
      {";;;", {}},
      {"a=1", {{"a", "1"}}},
      {"a=1;;b=2;", {{"a", "1"}, {"b", "2"}}},
      {";a=1", {{"a", "1"}}},
      {"b=2;a=1", {{"b", "2"}, {"a", "1"}}},
      {"a=1;a=2", {{"a", "1"}, {"a", "2"}}},
      {"k=v=w", {{"k", "v=w"}}},
      {"k==", {{"k", "="}}},
      {"k=", {{"k", ""}}},
      {"IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=poc-index4",
       {{"IgnoreUnknown", "1"},
        {"K8S_POD_NAMESPACE", "default"},
        {"K8S_POD_NAME", "poc-index4"}}},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.args);
    ArgsPairs pairs = ParseCniArgs(c.args);
    ASSERT_TRUE(pairs.status.ok()) << pairs.status;
    EXPECT_EQ(pairs.pairs, c.want);
  }
}

TEST(ParseCniArgs, RejectsMalformedPairs) {
  for (const char* args :
       {"noequals", "=v", "a=1;noequals", "a=1;=v;b=2", "=", " "}) {
    SCOPED_TRACE(args);
    ArgsPairs pairs = ParseCniArgs(args);
    ASSERT_FALSE(pairs.status.ok());
    EXPECT_TRUE(pairs.pairs.empty());
    EXPECT_EQ(CodeOf(pairs.status), ErrorCode::kInvalidEnvironmentVariables);
    EXPECT_EQ(ToCniError(pairs.status, "1.0.0").code(), 4u);
    EXPECT_NE(pairs.status.message().find("KEY=VALUE"), absl::string_view::npos)
        << pairs.status;
  }
}

TEST(ParseCniArgs, ParsesManyPairs) {
  std::string args;
  for (int i = 0; i < 10000; ++i) absl::StrAppend(&args, "k", i, "=v", i, ";");
  ArgsPairs pairs = ParseCniArgs(args);
  ASSERT_TRUE(pairs.status.ok()) << pairs.status;
  ASSERT_EQ(pairs.pairs.size(), 10000u);
  EXPECT_EQ(pairs.pairs[0].first, "k0");
  EXPECT_EQ(pairs.pairs[9999].first, "k9999");
  EXPECT_EQ(pairs.pairs[9999].second, "v9999");
}

TEST(ParseCniArgs, RejectsTextAboveLimit) {
  std::string args = "a=";
  args.resize(kMaxCniArgsBytes, 'x');
  ArgsPairs pairs = ParseCniArgs(args);
  ASSERT_TRUE(pairs.status.ok()) << pairs.status;
  ASSERT_EQ(pairs.pairs.size(), 1u);
  EXPECT_EQ(pairs.pairs[0].second.size(), kMaxCniArgsBytes - 2);

  args.push_back('x');
  pairs = ParseCniArgs(args);
  ASSERT_FALSE(pairs.status.ok());
  EXPECT_EQ(CodeOf(pairs.status), ErrorCode::kInvalidEnvironmentVariables);
  EXPECT_NE(
      pairs.status.message().find(absl::StrCat(kMaxCniArgsBytes + 1, " bytes")),
      absl::string_view::npos)
      << pairs.status;
}

}  // namespace
}  // namespace cni
}  // namespace index2ip
