#include "index2ip/ipam/index_source.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cni/codec.h"
#include "cni/error.h"
#include "cni/request.h"
#include "gtest/gtest.h"
#include "index2ip/ipam/codes.h"

namespace index2ip {
namespace {

constexpr char kContainerId[] =
    "K8S_POD_INFRA_CONTAINER_ID="
    "adb9757c7392f7293ecc1147ee2706a70e304de2515f4f3327f37d31124df10b";

// CNI_ARGS as a runtime sends it, with the given pod name.
std::string ArgsWithPod(const std::string& pod_name) {
  return absl::StrCat("IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=",
                      pod_name, ";", kContainerId);
}

cni::NetConf Conf(const std::string& json) {
  absl::StatusOr<cni::NetConf> conf = cni::DecodeNetConf(json);
  EXPECT_TRUE(conf.ok()) << conf.status() << " for " << json;
  return conf.ok() ? *conf : cni::NetConf();
}

// A config with neither ipam.index nor args.cni.index.
cni::NetConf PlainConf() {
  return Conf(R"({"cniVersion": "1.0.0", "name": "net",
                  "ipam": {"type": "index2ip"}})");
}

// FindIndex on CNI_ARGS text, read as the request reads it.
absl::StatusOr<IndexChoice> FindIndex(const cni::NetConf& conf,
                                      absl::string_view cni_args,
                                      const HostConfig* host = nullptr) {
  return ::index2ip::FindIndex(conf, cni::ParseCniArgs(cni_args), host);
}

// Ported from upstream TestDiscoverIndex: the CNI_ARGS of a real call.
TEST(FindIndex, FindsIndexInUpstreamCniArgs) {
  absl::StatusOr<IndexChoice> c = FindIndex(
      PlainConf(),
      "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=poc-index4;"
      "K8S_POD_INFRA_CONTAINER_ID="
      "adb9757c7392f7293ecc1147ee2706a70e304de2515f4f3327f37d31124df10b");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->index, 4);
  EXPECT_EQ(c->source, IndexSource::kPodName);
  EXPECT_EQ(c->origin, "poc-index4");
}

// Ported from upstream TestDiscoverIndex's bad arguments.
TEST(FindIndex, RejectsUpstreamBadCniArgs) {
  const std::vector<std::string> kBad = {
      ArgsWithPod("poc-index"),
      ArgsWithPod("poc-ind4"),
      ArgsWithPod("poc"),
      absl::StrCat("IgnoreUnknown=1;K8S_POD_NAMESPACE=default;", kContainerId),
      "",
  };
  for (const std::string& args : kBad) {
    SCOPED_TRACE(args);
    absl::StatusOr<IndexChoice> c = FindIndex(PlainConf(), args);
    ASSERT_FALSE(c.ok()) << "index " << c->index;
    EXPECT_EQ(cni::CodeOf(c.status()), cni::ErrorCode::kInvalidNetworkConfig)
        << c.status();
  }
}

TEST(FindIndex, PrecedenceIpamThenArgsThenPodName) {
  struct Case {
    std::string name;
    std::string json;
    int64_t index;
    IndexSource source;
    std::string origin;
  };
  const std::vector<Case> kCases = {
      {"all three",
       R"({"name": "n", "ipam": {"type": "index2ip", "index": 2},
           "args": {"cni": {"index": 3}}})",
       2, IndexSource::kIpamIndex, "ipam.index"},
      {"ipam.index only", R"({"ipam": {"index": 2}})", 2,
       IndexSource::kIpamIndex, "ipam.index"},
      {"args.cni.index and pod name",
       R"({"ipam": {"type": "index2ip"}, "args": {"cni": {"index": 3}}})", 3,
       IndexSource::kCniArgsIndex, "args.cni"},
      {"pod name only", R"({"ipam": {"type": "index2ip"}})", 4,
       IndexSource::kPodName, "poc-index4"},
      // Go's encoding/json (upstream, libcni) reads "Index" as ipam.index:
      // the operator's index, not the pod's.
      {"Index as Go reads it", R"({"ipam": {"Index": 5}})", 5,
       IndexSource::kIpamIndex, "ipam.index"},
      {"INDEX in args.cni", R"({"ipam": {}, "Args": {"CNI": {"INDEX": 6}}})", 6,
       IndexSource::kCniArgsIndex, "args.cni"},
      {"unrelated args", R"({"args": {"cni": {"mac": "c2:b0:57:49:47:f1"}}})",
       4, IndexSource::kPodName, "poc-index4"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<IndexChoice> got =
        FindIndex(Conf(c.json), ArgsWithPod("poc-index4"));
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(got->index, c.index);
    EXPECT_EQ(got->source, c.source);
    EXPECT_EQ(got->origin, c.origin);
  }
}

TEST(FindIndex, ConfiguredIndexNeedsNoCniArgs) {
  absl::StatusOr<IndexChoice> c =
      FindIndex(Conf(R"({"ipam": {"index": 7}})"), "");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->index, 7);
  c = FindIndex(Conf(R"({"args": {"cni": {"index": 8}}})"), "");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->index, 8);
}

TEST(FindIndex, RejectsIndexBelowOne) {
  struct Case {
    std::string name;
    std::string json;
    std::string pod_name;
    std::string details;  // must appear in the message
  };
  const std::vector<Case> kCases = {
      {"ipam.index 0", R"({"ipam": {"index": 0}})", "poc", "ipam.index"},
      {"ipam.index negative", R"({"ipam": {"index": -3}})", "poc",
       "ipam.index"},
      {"args.cni.index 0", R"({"args": {"cni": {"index": 0}}})", "poc",
       "args.cni"},
      {"args.cni.index negative", R"({"args": {"cni": {"index": -1}}})", "poc",
       "args.cni"},
      {"pod name index0", "{}", "poc-index0", "poc-index0"},
      {"pod name index000", "{}", "poc-index000", "poc-index000"},
      // A present source with a bad value does not fall through.
      {"ipam.index 0 before a good pod name", R"({"ipam": {"index": 0}})",
       "poc-index4", "ipam.index"},
      {"args.cni.index 0 before a good pod name",
       R"({"args": {"cni": {"index": 0}}})", "poc-index4", "args.cni"},
      {"ipam.index 0 before a good args.cni.index",
       R"({"ipam": {"index": 0}, "args": {"cni": {"index": 3}}})", "poc-index4",
       "ipam.index"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<IndexChoice> got =
        FindIndex(Conf(c.json), ArgsWithPod(c.pod_name));
    ASSERT_FALSE(got.ok()) << "index " << got->index;
    EXPECT_EQ(cni::CodeOf(got.status()), cni::ErrorCode::kInvalidNetworkConfig);
    EXPECT_NE(got.status().message().find(c.details), absl::string_view::npos)
        << got.status();
  }
}

TEST(FindIndex, ReportsEveryPlaceLooked) {
  absl::StatusOr<IndexChoice> c =
      FindIndex(PlainConf(), "IgnoreUnknown=1;K8S_POD_NAMESPACE=default");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(cni::CodeOf(c.status()), cni::ErrorCode::kInvalidNetworkConfig);
  EXPECT_EQ(cni::ToCniError(c.status(), "1.0.0").msg(), "no index");
  for (const char* place : {"ipam.index", "runtimeConfig.ips", "args.cni",
                            "CNI_ARGS IP", "K8S_POD_NAME"}) {
    EXPECT_NE(c.status().message().find(place), absl::string_view::npos)
        << c.status();
  }
}

TEST(FindIndex, PassesOnCniArgsErrors) {
  absl::StatusOr<IndexChoice> c =
      FindIndex(PlainConf(), "IgnoreUnknown=1;garbage;K8S_POD_NAME=poc-index4");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(cni::CodeOf(c.status()),
            cni::ErrorCode::kInvalidEnvironmentVariables);
}

TEST(FindIndex, PodNameKeyMatchesWhole) {
  // Only K8S_POD_NAME names the pod; neither a prefix nor a longer key does.
  for (const char* args :
       {"K8S_POD_NAMESPACE=ns-index4", "X_K8S_POD_NAME=poc-index4",
        "K8S_POD_NAME_X=poc-index4", "k8s_pod_name=poc-index4"}) {
    SCOPED_TRACE(args);
    absl::StatusOr<IndexChoice> c = FindIndex(PlainConf(), args);
    ASSERT_FALSE(c.ok()) << "index " << c->index;
    EXPECT_EQ(cni::ToCniError(c.status(), "1.0.0").msg(), "no index");
  }
}

TEST(IndexFromPodName, ReadsFirstIndexFollowedByDigits) {
  struct Case {
    std::string pod_name;
    int64_t index;
  };
  const std::vector<Case> kCases = {
      {"poc-index4", 4},
      {"ndt-index12-111234-aa3b1", 12},
      {"index1", 1},
      {"a-index3-index5", 3},
      {"indexx-index7", 7},
      {"index-index9", 9},
      {"poc-index04", 4},
      // Found by cni_args_fuzzer: leading zeros are not digits of the value.
      {"poc-index00000000000000000000012", 12},
      {"index0009007199254740992", int64_t{1} << 53},
      {"host-index42abc", 42},
      {"index9007199254740992", int64_t{1} << 53},
      {"index9007199254740991", (int64_t{1} << 53) - 1},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.pod_name);
    absl::StatusOr<int64_t> index = IndexFromPodName(c.pod_name);
    ASSERT_TRUE(index.ok()) << index.status();
    EXPECT_EQ(*index, c.index);
  }
}

TEST(IndexFromPodName, RejectsMissingOrOutOfRangeIndex) {
  const std::vector<std::string> kBad = {
      "",
      "poc",
      "poc-index",
      "poc-ind4",
      "poc-Index4",
      "poc-INDEX4",
      "poc-index-4",
      "poc-index0",
      "poc-index00000000000000000000",
      "index0009007199254740993",       // 2^53 + 1 behind zeros
      "index9007199254740993",          // 2^53 + 1
      "index9223372036854775807",       // int64 max
      "index9223372036854775808",       // int64 max + 1
      "poc-index99999999999999999999",  // past uint64
      "index" + std::string(10000, '9'),
  };
  for (const std::string& pod_name : kBad) {
    SCOPED_TRACE(pod_name.substr(0, 40));
    absl::StatusOr<int64_t> index = IndexFromPodName(pod_name);
    ASSERT_FALSE(index.ok()) << "index " << *index;
    EXPECT_EQ(cni::CodeOf(index.status()),
              cni::ErrorCode::kInvalidNetworkConfig);
    EXPECT_LT(index.status().message().size(), 400u);
  }
}

TEST(FindIndex, PodNameOverflowIsAnError) {
  for (const char* pod :
       {"poc-index99999999999999999999", "index9007199254740993"}) {
    SCOPED_TRACE(pod);
    absl::StatusOr<IndexChoice> c = FindIndex(PlainConf(), ArgsWithPod(pod));
    ASSERT_FALSE(c.ok()) << "index " << c->index;
    EXPECT_EQ(cni::CodeOf(c.status()), cni::ErrorCode::kInvalidNetworkConfig);
    EXPECT_NE(c.status().message().find(pod), absl::string_view::npos)
        << c.status();
  }
  absl::StatusOr<IndexChoice> c =
      FindIndex(PlainConf(), ArgsWithPod("index9007199254740992"));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->index, int64_t{1} << 53);
}

TEST(IndexSourceName, NamesEverySource) {
  EXPECT_EQ(IndexSourceName(IndexSource::kIpamIndex), "ipam.index");
  EXPECT_EQ(IndexSourceName(IndexSource::kRuntimeConfigIps),
            "runtimeConfig.ips");
  EXPECT_EQ(IndexSourceName(IndexSource::kCniArgsIndex), "args.cni");
  EXPECT_EQ(IndexSourceName(IndexSource::kCniArgsIp), "CNI_ARGS IP");
  EXPECT_EQ(IndexSourceName(IndexSource::kPodName), "CNI_ARGS K8S_POD_NAME");
}

TEST(FindIndex, RejectsOversizedCniArgs) {
  std::string args = ArgsWithPod("poc-index4") + ";pad=";
  args.resize(cni::kMaxCniArgsBytes + 1, 'x');
  absl::StatusOr<IndexChoice> c = FindIndex(PlainConf(), args);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(cni::CodeOf(c.status()),
            cni::ErrorCode::kInvalidEnvironmentVariables);
}

// The one table of sources: every value has exactly one row, the rows come
// in precedence order, and the operator's source is the only one the pod
// does not control.
TEST(IndexSources, OneRowPerSourceInPrecedenceOrder) {
  const auto rows = IndexSources();
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].source, IndexSource::kIpamIndex);
  EXPECT_EQ(rows[1].source, IndexSource::kRuntimeConfigIps);
  EXPECT_EQ(rows[2].source, IndexSource::kCniArgsIndex);
  EXPECT_EQ(rows[3].source, IndexSource::kCniArgsIp);
  EXPECT_EQ(rows[4].source, IndexSource::kPodName);
  // The sources that ask for addresses are the ones held to agree with
  // ipam.index.
  EXPECT_EQ(rows[0].requested, nullptr);
  EXPECT_NE(rows[1].requested, nullptr);
  EXPECT_NE(rows[2].requested, nullptr);
  EXPECT_NE(rows[3].requested, nullptr);
  EXPECT_EQ(rows[4].requested, nullptr);
  for (const IndexSourceInfo& row : rows) {
    EXPECT_EQ(&InfoOf(row.source), &row);
    EXPECT_EQ(IndexSourceName(row.source), row.name);
    EXPECT_EQ(row.pod_controlled, row.source != IndexSource::kIpamIndex)
        << row.name;
    EXPECT_FALSE(row.set_by.empty());
  }
}

TEST(FindIndex, MaxIndexBoundsPodControlledSources) {
  struct Case {
    std::string json;
    std::string cni_args;
    cni::ErrorCode code;  // kInternal: success
    int64_t index;
  } cases[] = {
      {R"({"ipam":{"maxIndex":12}})", ArgsWithPod("ndt-index12"),
       cni::ErrorCode::kInternal, 12},
      {R"({"ipam":{"maxIndex":12}})", ArgsWithPod("ndt-index13"),
       CniCode(Code::kIndexRefused), 0},
      {R"({"ipam":{"maxIndex":12},"args":{"cni":{"index":13}}})", "",
       CniCode(Code::kIndexRefused), 0},
      {R"({"ipam":{"maxIndex":12},"args":{"cni":{"index":2}}})", "",
       cni::ErrorCode::kInternal, 2},
      {R"({"ipam":{"index":12,"maxIndex":12}})", "", cni::ErrorCode::kInternal,
       12},
      {R"({"ipam":{"index":13,"maxIndex":12}})", "",
       cni::ErrorCode::kInvalidNetworkConfig, 0},
      {R"({"ipam":{"index":1,"maxIndex":0}})", "",
       cni::ErrorCode::kInvalidNetworkConfig, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.json + " " + c.cni_args);
    absl::StatusOr<IndexChoice> got = FindIndex(Conf(c.json), c.cni_args);
    if (c.code == cni::ErrorCode::kInternal) {
      ASSERT_TRUE(got.ok()) << got.status();
      EXPECT_EQ(got->index, c.index);
    } else {
      ASSERT_FALSE(got.ok());
      EXPECT_EQ(cni::CodeOf(got.status()), c.code) << got.status();
    }
  }
}

}  // namespace
}  // namespace index2ip
