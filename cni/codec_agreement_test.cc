// Holds cni/codec.cc to protobuf's own JSON mapping of the same messages:
// cni.proto stays the one schema even though the plugin does not use
// protobuf's reflection-based JSON utilities at run time.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cni/cni.pb.h"
#include "cni/codec.h"
#include "cni/protobuf_json.h"
#include "cni/version.h"
#include "gtest/gtest.h"
#include "testdata/runfiles.h"

namespace index2ip {
namespace cni {
namespace {

template <typename M>
std::string ProtobufPrint(const M& m) {
  return testing::ProtobufMessageToJson(m);
}

template <typename M>
bool ProtobufParse(const std::string& json, M* m) {
  return testing::ProtobufJsonToMessage(json, m);
}

std::vector<std::string> Configs() {
  std::vector<std::string> out;
  for (const char* f :
       {"configs/upstream_ipvlan.json", "configs/macvlan_ipam_index.json",
        "configs/multus_cni_args.json", "configs/pod_name.json"}) {
    out.push_back(ReadTestData(f));
  }
  // Every golden result as a prevResult, in every shape.
  for (absl::string_view v : SupportedVersions()) {
    out.push_back(absl::StrCat(
        R"({"cniVersion":")", v, R"(","name":"n","prevResult":)",
        ReadTestData(absl::StrCat("golden/add_", v, ".json")), "}"));
  }
  const char* handmade[] = {
      R"({})",
      R"({"ipam":{"index":-7},"args":{"cni":{"index":9007199254740992}}})",
      R"({"ipam":{"index":12.0}})",
      R"({"ipam":{"index":1e2}})",
      R"({"name":"caf\u00e9 \ud83d\ude00 \"q\" \\ \/ \n<>&"})",
      R"({"prevResult":{"interfaces":[{"name":"eth0","mac":"m","sandbox":"s",
          "mtu":1500}],"ips":[{"version":"4","interface":0,"address":"a",
          "gateway":"g"},{"interface":-2147483648},{"interface":2147483647}],
          "routes":[{"dst":"d","gw":"g","mtu":9000},{}],
          "dns":{"nameservers":[],"domain":"x","search":["a","b"],
          "options":["o"]},"ip4":{"ip":"i","gateway":"g","routes":[{}]},
          "ip6":{}}})",
      R"({"unknown":{"deep":[[[{"a":[1,2,{"b":null}]}]]],"n":1.5e300}})",
  };
  for (const char* h : handmade) out.emplace_back(h);
  return out;
}

TEST(CodecAgreement, DecodesAsProtobufDoes) {
  for (const std::string& json : Configs()) {
    SCOPED_TRACE(json);
    NetConf want;
    ASSERT_TRUE(ProtobufParse(json, &want));
    absl::StatusOr<NetConf> got = DecodeNetConf(json);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_TRUE(testing::Equal(*got, want))
        << "codec:    " << testing::Debug(*got)
        << "\nprotobuf: " << testing::Debug(want);
  }
}

TEST(CodecAgreement, DecodesResultsAsProtobufDoes) {
  for (absl::string_view v : SupportedVersions()) {
    const std::string json =
        ReadTestData(absl::StrCat("golden/add_", v, ".json"));
    AnyResult want;
    ASSERT_TRUE(ProtobufParse(json, &want));
    absl::StatusOr<AnyResult> got = DecodeAnyResult(json);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_TRUE(testing::Equal(*got, want)) << v;
  }
}

Result SampleResult() {
  Result r;
  IpConfig* ip = r.add_ips();
  ip->set_address("4.14.159.117/26");
  ip->set_gateway("4.14.159.65");
  ip = r.add_ips();
  ip->set_address("2001:1900:2100:2d::117/64");
  ip->set_interface(0);
  Route* route = r.add_routes();
  route->set_dst("0.0.0.0/0");
  route->set_gw("4.14.159.65");
  r.add_routes()->set_dst("::/0");
  r.mutable_dns()->add_nameservers("8.8.8.8");
  r.mutable_dns()->set_domain("example.com");
  r.mutable_dns()->add_search("a");
  r.mutable_dns()->add_options("ndots:2");
  Interface* i = r.add_interfaces();
  i->set_name("net1");
  i->set_mac("aa:bb:cc:dd:ee:ff");
  return r;
}

TEST(CodecAgreement, EncodesResultsAsProtobufDoes) {
  const Result r = SampleResult();
  EXPECT_EQ(EncodeJson(r), ProtobufPrint(r));
  EXPECT_EQ(EncodeJson(Result()), ProtobufPrint(Result()));
  Result empty_dns;
  empty_dns.mutable_dns();
  EXPECT_EQ(EncodeJson(empty_dns), ProtobufPrint(empty_dns));

  ResultV040 v040;
  v040.set_cni_version("0.4.0");
  IpConfigV040* ip = v040.add_ips();
  ip->set_version("4");
  ip->set_interface(2);
  ip->set_address("1.2.3.4/24");
  ip->set_gateway("1.2.3.1");
  *v040.mutable_routes() = r.routes();
  *v040.mutable_dns() = r.dns();
  *v040.mutable_interfaces() = r.interfaces();
  EXPECT_EQ(EncodeJson(v040), ProtobufPrint(v040));

  ResultV020 v020;
  v020.set_cni_version("0.2.0");
  v020.mutable_ip4()->set_ip("1.2.3.4/24");
  v020.mutable_ip4()->set_gateway("1.2.3.1");
  v020.mutable_ip4()->add_routes()->set_dst("0.0.0.0/0");
  v020.mutable_ip6()->set_ip("::1/128");
  *v020.mutable_dns() = r.dns();
  EXPECT_EQ(EncodeJson(v020), ProtobufPrint(v020));
}

TEST(CodecAgreement, EncodesEveryVersionOfAResultAsProtobufDoes) {
  // EncodeResult's output, parsed back by protobuf and printed by it again,
  // is the same text.
  for (const VersionSpec& row : Versions()) {
    absl::StatusOr<std::string> json = EncodeResult(SampleResult(), row);
    ASSERT_TRUE(json.ok());
    AnyResult parsed;
    ASSERT_TRUE(ProtobufParse(*json, &parsed)) << *json;
    if (row.shape == ResultShape::kV020) {
      ResultV020 m;
      ASSERT_TRUE(ProtobufParse(*json, &m));
      EXPECT_EQ(*json, ProtobufPrint(m));
    } else if (row.shape == ResultShape::kV100) {
      Result m;
      ASSERT_TRUE(ProtobufParse(*json, &m));
      EXPECT_EQ(*json, ProtobufPrint(m));
    } else {
      ResultV040 m;
      ASSERT_TRUE(ProtobufParse(*json, &m));
      EXPECT_EQ(*json, ProtobufPrint(m));
    }
  }
}

TEST(CodecAgreement, EscapesStringsAsProtobufDoes) {
  // Every byte from 1 to 127, the JavaScript line separators and other
  // multi-byte UTF-8.
  std::string all;
  for (int c = 1; c < 128; ++c) all.push_back(static_cast<char>(c));
  all += "\xe2\x80\xa8 \xe2\x80\xa9 \xe2\x80\xa7 caf\xc3\xa9 \xf0\x9f\x98\x80";
  Error e;
  e.set_cni_version("1.1.0");
  e.set_code(4294967295u);
  e.set_msg(all);
  e.set_details(all);
  EXPECT_EQ(EncodeJson(e), ProtobufPrint(e));

  VersionInfo info;
  info.set_cni_version(all);
  info.add_supported_versions(all);
  info.add_supported_versions("");
  EXPECT_EQ(EncodeJson(info), ProtobufPrint(info));
}

}  // namespace
}  // namespace cni
}  // namespace index2ip
