#include "cni/conflist.h"

#include <string>

#include "absl/status/statusor.h"
#include "cni/codec.h"
#include "cni/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace index2ip {
namespace cni {
namespace {

using ::testing::HasSubstr;

TEST(PluginConfigFor, PlainConfigIsItself) {
  const std::string plain =
      R"({"cniVersion":"1.0.0","name":"n","ipam":{"type":"index2ip"}})";
  absl::StatusOr<std::string> got = PluginConfigFor(plain);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, plain);
}

TEST(PluginConfigFor, MlabChainInjectsNameAndVersion) {
  // M-Lab's shape: a first plugin carrying the ipam section, then ipvlan.
  absl::StatusOr<std::string> got = PluginConfigFor(R"({
      "cniVersion": "0.3.1", "name": "index7",
      "plugins": [
        {"type": "netctl", "name": "mine", "cniVersion": "9.9.9",
         "ipam": {"type": "index2ip", "index": 7, "maxIndex": 12}},
        {"type": "ipvlan", "master": "eth0"}]})");
  ASSERT_TRUE(got.ok()) << got.status();
  absl::StatusOr<NetConf> conf = DecodeNetConf(*got);
  ASSERT_TRUE(conf.ok()) << conf.status() << " " << *got;
  EXPECT_EQ(conf->name(), "index7");
  EXPECT_EQ(conf->cni_version(), "0.3.1");
  EXPECT_EQ(conf->type(), "netctl");
  EXPECT_EQ(conf->ipam().index(), 7);
  EXPECT_EQ(conf->ipam().max_index(), 12);
}

// The spec as it stands: a list may carry cniVersions, and libcni gives the
// plugins the highest it implements.
TEST(PluginConfigFor, CniVersionsPicksTheHighestImplemented) {
  const auto version_of = [](const std::string& versions) {
    absl::StatusOr<std::string> got = PluginConfigFor(
        R"({"name":"n",)" + versions +
        R"("plugins":[{"type":"macvlan","ipam":{"type":"index2ip"}}]})");
    if (!got.ok()) return std::string(got.status().message());
    absl::StatusOr<NetConf> conf = DecodeNetConf(*got);
    return conf.ok() ? conf->cni_version() : "undecodable";
  };
  EXPECT_EQ(version_of(R"("cniVersions":["0.3.1","1.0.0","0.4.0"],)"), "1.0.0");
  // Newer than this plugin implements: skipped, as libcni skips what is
  // newer than its spec.
  EXPECT_EQ(version_of(R"("cniVersions":["1.0.0","9.0.0"],)"), "1.0.0");
  // cniVersion takes part; the highest wins whichever key holds it.
  EXPECT_EQ(version_of(R"("cniVersion":"1.1.0","cniVersions":["0.4.0"],)"),
            "1.1.0");
  EXPECT_EQ(version_of(R"("cniVersion":"0.3.1","cniVersions":["1.0.0"],)"),
            "1.0.0");
  // Numbers, not text: 0.10.0 is above 0.4.0 (and not one this plugin has).
  EXPECT_EQ(version_of(R"("cniVersions":["0.4.0","0.10.0"],)"), "0.10.0");
  // Nothing qualifies: cniVersion as given.
  EXPECT_EQ(version_of(R"("cniVersion":"0.3.1","cniVersions":["9.0.0"],)"),
            "0.3.1");
  EXPECT_THAT(version_of(R"("cniVersions":["1.0"],)"),
              HasSubstr("cniVersions has '1.0', which is not a version"));
  absl::StatusOr<std::string> bad = PluginConfigFor(
      R"({"name":"n","cniVersions":"1.0.0","plugins":[{"ipam":{"type":"index2ip"}}]})");
  EXPECT_EQ(CodeOf(bad.status()), ErrorCode::kDecodingFailure);
}

TEST(PluginConfigFor, FindsThePluginWhereverItIs) {
  absl::StatusOr<std::string> got = PluginConfigFor(
      R"({"name":"n","cniVersion":"1.0.0","Plugins":[{"type":"bridge",)"
      R"("ipam":{"type":"host-local"}},{"type":"macvlan","IPAM":)"
      R"({"Type":"index2ip","index":3}}]})");
  ASSERT_TRUE(got.ok()) << got.status();
  absl::StatusOr<NetConf> conf = DecodeNetConf(*got);
  ASSERT_TRUE(conf.ok()) << conf.status();
  EXPECT_EQ(conf->type(), "macvlan");
  EXPECT_EQ(conf->ipam().index(), 3);
}

TEST(PluginConfigFor, NeedsExactlyOneOfOurPlugins) {
  for (const char* list :
       {R"({"name":"n","plugins":[]})",
        R"({"name":"n","plugins":[{"type":"ipvlan"}]})",
        R"({"name":"n","plugins":[{"ipam":{"type":"index2ip"}},)"
        R"({"ipam":{"type":"index2ip"}}]})"}) {
    absl::StatusOr<std::string> got = PluginConfigFor(list);
    ASSERT_FALSE(got.ok()) << list;
    EXPECT_EQ(CodeOf(got.status()), ErrorCode::kInvalidNetworkConfig) << list;
    EXPECT_THAT(std::string(got.status().message()),
                HasSubstr("exactly one is needed"));
  }
}

TEST(PluginConfigFor, RejectsWhatIsNoList) {
  for (const char* bad :
       {R"({"plugins":{}})", R"({"plugins":[1]})", "[]", "not json"}) {
    absl::StatusOr<std::string> got = PluginConfigFor(bad);
    ASSERT_FALSE(got.ok()) << bad;
    EXPECT_EQ(CodeOf(got.status()), ErrorCode::kDecodingFailure) << bad;
  }
}

}  // namespace
}  // namespace cni
}  // namespace index2ip
