#include "cni/codec.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "cni/cni.pb.h"
#include "cni/error.h"
#include "cni/protobuf_json.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace index2ip {
namespace cni {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;

NetConf MustDecode(absl::string_view json) {
  absl::StatusOr<NetConf> conf = DecodeNetConf(json);
  EXPECT_TRUE(conf.ok()) << json << ": " << conf.status();
  return conf.ok() ? *conf : NetConf();
}

TEST(DecodeNetConf, ReadsUpstreamRealInput) {
  // Upstream's TestReadIndexFromJSON input, taken from a real call.
  const NetConf conf =
      MustDecode(R"({"ipam":{"index":4,"type":"index2ip"},"master":"eth0",)"
                 R"("name":"ipvlan","type":"ipvlan"})");
  EXPECT_TRUE(conf.ipam().has_index());
  EXPECT_EQ(conf.ipam().index(), 4);
  EXPECT_EQ(conf.ipam().type(), "index2ip");
  EXPECT_EQ(conf.name(), "ipvlan");
  EXPECT_EQ(conf.type(), "ipvlan");
  EXPECT_EQ(conf.cni_version(), "");
  EXPECT_FALSE(conf.args().cni().has_index());
}

TEST(DecodeNetConf, ReadsHeaderExample) {
  const NetConf conf = MustDecode(R"({"cniVersion": "1.0.0",
      "name": "net", "ipam": {"type": "index2ip", "index": 4}})");
  EXPECT_EQ(conf.cni_version(), "1.0.0");
  EXPECT_EQ(conf.name(), "net");
  EXPECT_EQ(conf.ipam().index(), 4);
}

TEST(DecodeNetConf, IgnoresUnknownFields) {
  const NetConf conf = MustDecode(R"({
      "cniVersion": "0.4.0",
      "name": "n",
      "master": "eth0",
      "plugins": [{"a": 1}, [1, 2, [3]], null, "s", true, 1.5],
      "capabilities": {"ips": true, "nested": {"deeper": {"x": null}}},
      "runtimeConfig": {"portMappings": [{"hostPort": 8080}]},
      "ipam": {
        "type": "index2ip",
        "ranges": [[{"subnet": "10.0.0.0/8"}]],
        "extra": {"index": "not this one"},
        "index": 3
      },
      "args": {"cni": {"other": [1], "index": 9}, "k8s": {"index": "x"}}
  })");
  EXPECT_EQ(conf.cni_version(), "0.4.0");
  EXPECT_EQ(conf.ipam().index(), 3);
  EXPECT_EQ(conf.args().cni().index(), 9);
}

TEST(DecodeNetConf, ReadsArgsCniIndex) {
  const NetConf conf = MustDecode(R"({"args":{"cni":{"index":7}}})");
  EXPECT_TRUE(conf.args().cni().has_index());
  EXPECT_EQ(conf.args().cni().index(), 7);
  EXPECT_FALSE(conf.ipam().has_index());
}

TEST(DecodeNetConf, ReadsBothIndices) {
  const NetConf conf =
      MustDecode(R"({"ipam":{"index":2},"args":{"cni":{"index":7}}})");
  EXPECT_EQ(conf.ipam().index(), 2);
  EXPECT_EQ(conf.args().cni().index(), 7);
}

TEST(DecodeNetConf, MissingIndexIsAbsent) {
  // Upstream's ReadIndexFromJSON rejects the first three (it needs
  // ipam.index); here decoding succeeds and the caller decides what a
  // missing index means, since args.cni.index may supply it.
  const absl::string_view cases[] = {
      R"({"ipam":{"type":"index2ip"},"master":"eth0","name":"ipvlan","type":"ipvlan"})",
      R"({"spam":{"index":4,"type":"index2ip"},"master":"eth0","name":"ipvlan","type":"ipvlan"})",
      R"({})",
      R"({"ipam":{}})",
      R"({"args":{}})",
      R"({"args":{"cni":{}}})",
  };
  for (absl::string_view json : cases) {
    const NetConf conf = MustDecode(json);
    EXPECT_FALSE(conf.ipam().has_index()) << json;
    EXPECT_FALSE(conf.args().cni().has_index()) << json;
  }
}

struct IndexCase {
  absl::string_view json;
  int64_t index;
};

TEST(DecodeNetConf, AcceptsIntegralNumbers) {
  // The range of an index is checked later; the codec only wants integers.
  const IndexCase cases[] = {
      {R"({"ipam":{"index":0}})", 0},
      {R"({"ipam":{"index":-1}})", -1},
      {R"({"ipam":{"index":12}})", 12},
      {R"({"ipam":{"index":9007199254740992}})", int64_t{1} << 53},
      {R"({"ipam":{"index":-9007199254740992}})", -(int64_t{1} << 53)},
  };
  for (const IndexCase& c : cases) {
    const NetConf conf = MustDecode(c.json);
    EXPECT_TRUE(conf.ipam().has_index()) << c.json;
    EXPECT_EQ(conf.ipam().index(), c.index) << c.json;
  }
}

struct BadCase {
  std::string json;
  absl::string_view details;  // a substring of the details
};

void ExpectDecodingFailure(const BadCase& c) {
  absl::StatusOr<NetConf> conf = DecodeNetConf(c.json);
  ASSERT_FALSE(conf.ok()) << c.json << " decoded as " << testing::Debug(*conf);
  EXPECT_EQ(CodeOf(conf.status()), ErrorCode::kDecodingFailure)
      << c.json << ": " << conf.status();
  EXPECT_THAT(std::string(conf.status().message()), HasSubstr(c.details))
      << c.json;
  const Error e = ToCniError(conf.status(), "1.0.0");
  EXPECT_EQ(e.code(), 6u) << c.json;
  EXPECT_EQ(e.msg(), "failed to decode network config") << c.json;
}

TEST(DecodeNetConf, RejectsIndexOfWrongType) {
  const BadCase cases[] = {
      // protobuf's own mapping would take "12" for an int64 field.
      {R"({"ipam":{"index":"12"}})",
       "'ipam.index' must be an integer, got a string '12'"},
      {R"({"ipam":{"index":"monkey"}})",
       "'ipam.index' must be an integer, got a string"},
      {R"({"ipam":{"index":12.5}})", "'ipam.index' must be an integer"},
      {R"({"ipam":{"index":true}})",
       "'ipam.index' must be an integer, got a boolean true"},
      {R"({"ipam":{"index":false}})",
       "'ipam.index' must be an integer, got a boolean false"},
      {R"({"ipam":{"index":[]}})",
       "'ipam.index' must be an integer, got an array"},
      {R"({"ipam":{"index":[4]}})",
       "'ipam.index' must be an integer, got an array"},
      {R"({"ipam":{"index":{}}})",
       "'ipam.index' must be an integer, got an object"},
      {R"({"ipam":{"index":1e300}})", "'ipam.index' must be an integer"},
      {R"({"ipam":{"index":-1e300}})", "'ipam.index' must be an integer"},
      {R"({"ipam":{"index":9007199254740994}})",
       "'ipam.index' must be an integer"},
      {R"({"ipam":{"index":0.5}})", "'ipam.index' must be an integer"},
      {R"({"args":{"cni":{"index":"12"}}})",
       "'args.cni.index' must be an integer, got a string"},
      {R"({"args":{"cni":{"index":12.5}}})",
       "'args.cni.index' must be an integer"},
      {R"({"args":{"cni":{"index":true}}})",
       "'args.cni.index' must be an integer"},
  };
  for (const BadCase& c : cases) ExpectDecodingFailure(c);
}

TEST(DecodeNetConf, TruncatesLongValuesInDetails) {
  const std::string json =
      absl::StrCat(R"({"ipam":{"index":")", std::string(10000, '7'), R"("}})");
  absl::StatusOr<NetConf> conf = DecodeNetConf(json);
  ASSERT_FALSE(conf.ok());
  EXPECT_LT(conf.status().message().size(), 300u);
  EXPECT_THAT(std::string(conf.status().message()), HasSubstr("ipam.index"));
}

TEST(DecodeNetConf, RejectsOtherFieldsOfWrongType) {
  // The details name the field by its JSON path.
  const BadCase cases[] = {
      {R"({"name":5})", "name"},
      {R"({"cniVersion":1})", "cniVersion"},
      {R"({"type":["a"]})", "type"},
      {R"({"ipam":5})", "ipam"},
      {R"({"ipam":"index2ip"})", "ipam"},
      {R"({"ipam":{"type":7}})", "ipam.type"},
      {R"({"args":[]})", "args"},
      {R"({"args":{"cni":"index=4"}})", "args.cni"},
      {R"({"prevResult":"x"})", "prevResult"},
      {R"({"prevResult":{"ips":"x"}})", "prevResult.ips"},
      {R"({"prevResult":{"ips":[5]}})", "prevResult.ips[0]"},
      {R"({"prevResult":{"ips":[{"interface":"0"}]}})",
       "prevResult.ips[0].interface"},
      {R"({"prevResult":{"ips":[{"interface":2147483648}]}})",
       "prevResult.ips[0].interface"},
      {R"({"prevResult":{"dns":{"nameservers":"8.8.8.8"}}})",
       "prevResult.dns.nameservers"},
      {R"({"prevResult":{"dns":{"nameservers":[null]}}})",
       "prevResult.dns.nameservers[0]"},
  };
  for (const BadCase& c : cases) ExpectDecodingFailure(c);
}

TEST(DecodeNetConf, RejectsWhatIsNotOneJsonObject) {
  const BadCase cases[] = {
      // Upstream's bad inputs.
      {"", ""},
      {"{{}", ""},
      {"}", ""},
      // Not an object at the top.
      {"[]", ""},
      {"5", ""},
      {R"("s")", ""},
      {"true", ""},
      // Trailing garbage, or two objects.
      {"{} x", ""},
      {"{}{}", ""},
      {"{},", ""},
      // Truncated.
      {R"({"ipam":{"index":4})", ""},
      {R"({"name":"n)", ""},
      // Not JSON.
      {"{/*comment*/}", ""},
      {R"({"name":"\ud800"})", ""},  // a lone surrogate escape
      {"null", ""},
  };
  for (const BadCase& c : cases) ExpectDecodingFailure(c);
}

TEST(DecodeNetConf, RejectsInvalidUtf8) {
  const BadCase cases[] = {
      {"{\"name\":\"\xff\"}", "UTF-8"},
      {"{\"name\":\"\xc3\"}", "UTF-8"},          // truncated sequence
      {"{\"name\":\"\xed\xa0\x80\"}", "UTF-8"},  // a UTF-16 surrogate
      {"{\"unknown\":\"\xc0\xaf\"}", "UTF-8"},   // overlong, in any field
      {"{\"name\":\"ok\"}\xff", "UTF-8"},        // after the object
      // Found by netconf_fuzzer: RapidJSON decodes an unpaired low surrogate
      // escape into surrogate bytes, which are not UTF-8.
      {R"({"name":"\ude00"})", "unpaired surrogate"},
      {R"({"name":"\ud66d\ude00"})", "unpaired surrogate"},  // not high
      {R"({"x":["\udfff"]})", "unpaired surrogate"},         // in any field
      {R"({"\udc00":1})", "unpaired surrogate"},             // or key
  };
  for (const BadCase& c : cases) ExpectDecodingFailure(c);
  // A pair is one character.
  EXPECT_EQ(MustDecode(R"({"name":"\ud83d\ude00"})").name(),
            "\xf0\x9f\x98\x80");
}

TEST(DecodeNetConf, RejectsNulBytes) {
  // rapidjson alone stops at a NUL as at the end of input, and took the
  // first two of these for the object before the NUL.
  const BadCase cases[] = {
      {std::string("{\"name\":\"n\"}\0", 13), "NUL byte at byte 12"},
      {std::string("{\"name\":\"n\"}\0{\"name\":\"m\"}", 25),
       "NUL byte at byte 12"},
      {std::string("\0{}", 3), "NUL byte at byte 0"},
      {std::string("{\"name\":\"a\0b\"}", 14), "NUL byte at byte 10"},
  };
  for (const BadCase& c : cases) ExpectDecodingFailure(c);
  // Escaped, it is a character like any other.
  EXPECT_EQ(MustDecode(R"({"name":"a\u0000b"})").name(),
            std::string("a\0b", 3));
}

TEST(DecodeNetConf, AcceptsValidUtf8) {
  const NetConf conf = MustDecode("{\"name\":\"r\xc3\xa9seau \xe2\x9c\x93\"}");
  EXPECT_EQ(conf.name(), "r\xc3\xa9seau \xe2\x9c\x93");
}

// `depth` arrays, one inside the other, in an unknown field.
std::string NestedArrays(int depth, bool closed) {
  return absl::StrCat(R"({"x":)", std::string(depth, '['),
                      closed ? std::string(depth, ']') + "}" : "");
}

// `depth` objects, one inside the other, in an unknown field.
std::string NestedObjects(int depth) {
  std::string s = R"({"x":)";
  for (int i = 0; i < depth; ++i) s += R"({"a":)";
  return s + "1" + std::string(depth + 1, '}');
}

TEST(DecodeNetConf, RejectsDeepNestingQuickly) {
  // Hostile depth inside an unknown field. protobuf alone fails on these
  // only after work quadratic in the depth (minutes for 100000 closed
  // arrays); this test's timeout is what catches that coming back.
  for (int depth : {101, 1000, 100000, 500000}) {
    for (const std::string& json :
         {NestedArrays(depth, false), NestedArrays(depth, true),
          NestedObjects(depth)}) {
      const BadCase c = {json, "levels deep"};
      ExpectDecodingFailure(c);
    }
  }
}

TEST(DecodeNetConf, NestingLimitIsExactly100Levels) {
  // NestedObjects(n) is n + 1 levels, the config itself included.
  MustDecode(NestedObjects(99));
  MustDecode(NestedArrays(99, true));
  ExpectDecodingFailure({NestedObjects(100), "nested more than 100 levels"});
  ExpectDecodingFailure(
      {NestedArrays(100, true), "nested more than 100 levels"});
}

TEST(DecodeNetConf, AcceptsModerateNesting) {
  const NetConf arrays = MustDecode(absl::StrCat(
      R"({"name":"n","x":)", std::string(40, '['), std::string(40, ']'), "}"));
  EXPECT_EQ(arrays.name(), "n");
  const NetConf objects =
      MustDecode(absl::StrCat(R"({"ipam":{"index":3},"x":)",
                              [] {
                                std::string s;
                                for (int i = 0; i < 20; ++i) s += R"({"a":)";
                                return s + "1" + std::string(20, '}');
                              }(),
                              "}"));
  EXPECT_EQ(objects.ipam().index(), 3);
}

TEST(DecodeNetConf, BracketsInStringsAreNotNesting) {
  const std::string brackets = std::string(1000, '[') + std::string(1000, '{');
  const NetConf conf =
      MustDecode(absl::StrCat(R"({"name":"\"\\)", brackets, R"(","x":"]]]"})"));
  EXPECT_EQ(conf.name(), "\"\\" + brackets);
}

TEST(DecodeNetConf, ReadsPrevResultV040) {
  const NetConf conf = MustDecode(R"({
      "cniVersion": "0.4.0", "name": "n", "type": "ipvlan",
      "prevResult": {
        "cniVersion": "0.4.0",
        "interfaces": [{"name": "eth0", "mac": "00:11:22:33:44:55",
                        "sandbox": "/var/run/netns/x", "mtu": 1500}],
        "ips": [{"version": "4", "interface": 0,
                 "address": "4.14.159.117/26", "gateway": "4.14.159.65"},
                {"version": "6", "address": "2001:db8::117/64",
                 "gateway": "2001:db8::1"}],
        "routes": [{"dst": "0.0.0.0/0", "gw": "4.14.159.65"}],
        "dns": {"nameservers": ["8.8.8.8", "8.8.4.4"], "domain": "d",
                "search": ["s"], "options": ["o"]}
      }
  })");
  ASSERT_TRUE(conf.has_prev_result());
  const AnyResult& r = conf.prev_result();
  EXPECT_EQ(r.cni_version(), "0.4.0");
  ASSERT_EQ(r.interfaces_size(), 1);
  EXPECT_EQ(r.interfaces(0).name(), "eth0");
  EXPECT_EQ(r.interfaces(0).mac(), "00:11:22:33:44:55");
  EXPECT_EQ(r.interfaces(0).sandbox(), "/var/run/netns/x");
  ASSERT_EQ(r.ips_size(), 2);
  EXPECT_EQ(r.ips(0).version(), "4");
  EXPECT_TRUE(r.ips(0).has_interface());
  EXPECT_EQ(r.ips(0).interface(), 0);
  EXPECT_EQ(r.ips(0).address(), "4.14.159.117/26");
  EXPECT_EQ(r.ips(0).gateway(), "4.14.159.65");
  EXPECT_EQ(r.ips(1).version(), "6");
  EXPECT_FALSE(r.ips(1).has_interface());
  EXPECT_EQ(r.ips(1).address(), "2001:db8::117/64");
  EXPECT_EQ(r.ips(1).gateway(), "2001:db8::1");
  ASSERT_EQ(r.routes_size(), 1);
  EXPECT_EQ(r.routes(0).dst(), "0.0.0.0/0");
  EXPECT_EQ(r.routes(0).gw(), "4.14.159.65");
  EXPECT_THAT(r.dns().nameservers(),
              ::testing::ElementsAre("8.8.8.8", "8.8.4.4"));
  EXPECT_EQ(r.dns().domain(), "d");
  EXPECT_THAT(r.dns().search(), ::testing::ElementsAre("s"));
  EXPECT_THAT(r.dns().options(), ::testing::ElementsAre("o"));
  EXPECT_FALSE(r.has_ip4());
  EXPECT_FALSE(r.has_ip6());
}

TEST(DecodeNetConf, ReadsPrevResultV020) {
  const NetConf conf = MustDecode(R"({
      "cniVersion": "0.2.0", "name": "n",
      "prevResult": {
        "cniVersion": "0.2.0",
        "ip4": {"ip": "4.14.159.117/26", "gateway": "4.14.159.65",
                "routes": [{"dst": "0.0.0.0/0"}]},
        "ip6": {"ip": "2001:db8::117/64",
                "routes": [{"dst": "::/0", "gw": "2001:db8::1"}]},
        "dns": {"nameservers": ["8.8.8.8"]}
      }
  })");
  ASSERT_TRUE(conf.has_prev_result());
  const AnyResult& r = conf.prev_result();
  EXPECT_EQ(r.cni_version(), "0.2.0");
  ASSERT_TRUE(r.has_ip4());
  EXPECT_EQ(r.ip4().ip(), "4.14.159.117/26");
  EXPECT_EQ(r.ip4().gateway(), "4.14.159.65");
  ASSERT_EQ(r.ip4().routes_size(), 1);
  EXPECT_EQ(r.ip4().routes(0).dst(), "0.0.0.0/0");
  EXPECT_EQ(r.ip4().routes(0).gw(), "");
  ASSERT_TRUE(r.has_ip6());
  EXPECT_EQ(r.ip6().ip(), "2001:db8::117/64");
  EXPECT_EQ(r.ip6().gateway(), "");
  ASSERT_EQ(r.ip6().routes_size(), 1);
  EXPECT_EQ(r.ip6().routes(0).gw(), "2001:db8::1");
  EXPECT_THAT(r.dns().nameservers(), ::testing::ElementsAre("8.8.8.8"));
  EXPECT_EQ(r.ips_size(), 0);
}

TEST(EncodeJson, VersionInfo) {
  VersionInfo v;
  v.set_cni_version("1.1.0");
  for (absl::string_view s : {"0.1.0", "0.2.0", "1.1.0"}) {
    v.add_supported_versions(std::string(s));
  }
  EXPECT_EQ(
      EncodeJson(v),
      R"({"cniVersion":"1.1.0","supportedVersions":["0.1.0","0.2.0","1.1.0"]})"
      "\n");
}

TEST(EncodeJson, ErrorCodeIsANumber) {
  Error e;
  e.set_cni_version("1.0.0");
  e.set_code(7);
  e.set_msg("invalid index");
  e.set_details("reading ipam.index: ipam.index must be at least 1");
  EXPECT_EQ(EncodeJson(e),
            R"({"cniVersion":"1.0.0","code":7,"msg":"invalid index",)"
            R"("details":"reading ipam.index: ipam.index must be at least 1"})"
            "\n");
  e.set_code(999);
  EXPECT_THAT(EncodeJson(e), HasSubstr(R"("code":999,)"));
}

TEST(EncodeJson, OmitsEmptyFields) {
  Error e;
  e.set_code(6);
  e.set_msg("failed to decode network config");
  EXPECT_EQ(EncodeJson(e),
            R"({"code":6,"msg":"failed to decode network config"})"
            "\n");
  EXPECT_EQ(EncodeJson(Error()), "{}\n");
  EXPECT_EQ(EncodeJson(VersionInfo()), "{}\n");
}

TEST(EncodeJson, ToCniErrorOfMakeError) {
  // The object the dispatcher prints for a decoding failure.
  const absl::Status s =
      Annotate(MakeError(ErrorCode::kInvalidNetworkConfig, "invalid index",
                         "ipam.index must be at least 1"),
               "reading ipam.index");
  EXPECT_EQ(EncodeJson(ToCniError(s, "1.0.0")),
            R"({"cniVersion":"1.0.0","code":7,"msg":"invalid index",)"
            R"("details":"reading ipam.index: ipam.index must be at least 1"})"
            "\n");
}

TEST(EncodeJson, EscapesStringsAndStaysOnOneLine) {
  Error e;
  e.set_code(7);
  e.set_details("quote \" backslash \\ newline \n tab \t");
  const std::string json = EncodeJson(e);
  EXPECT_THAT(json, EndsWith("}\n"));
  // The only newline is the final one.
  EXPECT_EQ(json.find('\n'), json.size() - 1);
  EXPECT_THAT(json, HasSubstr(R"(quote \" backslash \\ newline \n tab \t)"));
}

TEST(EncodeJson, EscapesWhatProtobufEscapes) {
  // Found by prev_result_fuzzer: protobuf also escapes the C1 controls and
  // Unicode format characters (U+070F was written as is), and those above
  // U+FFFF as a surrogate pair.
  Error e;
  e.set_details(
      "\xdc\x8f"                    // U+070F Syriac abbreviation mark
      "\xc2\x80\xc2\x9f"            // U+0080, U+009F
      "\xc2\xad"                    // U+00AD soft hyphen
      "\xe2\x80\xa8\xe2\x80\xae"    // U+2028, U+202E
      "\xef\xbb\xbf"                // U+FEFF
      "\xf3\xa0\x80\x81"            // U+E0001 language tag
      "\xc3\xa9\xf0\x9f\x98\x80");  // e-acute and an emoji stay as they are
  const std::string json = EncodeJson(e);
  EXPECT_THAT(json, HasSubstr("\\u070f\\u0080\\u009f\\u00ad\\u2028\\u202e"
                              "\\ufeff\\udb40\\udc01\xc3\xa9\xf0\x9f\x98\x80"));
  EXPECT_EQ(json, testing::ProtobufMessageToJson(e));
}

TEST(EncodeJson, PrintsASetOptionalZero) {
  // interface 0 names the first interface; it must not be dropped as a
  // default value.
  Result r;
  IpConfig* ip = r.add_ips();
  ip->set_address("10.0.0.5/24");
  ip->set_interface(0);
  EXPECT_EQ(EncodeJson(r),
            R"({"ips":[{"address":"10.0.0.5/24","interface":0}]})"
            "\n");
  ip->clear_interface();
  EXPECT_THAT(EncodeJson(r), Not(HasSubstr("interface")));
}

TEST(DecodeNetConf, RejectsDuplicateKeys) {
  const BadCase cases[] = {
      {R"({"name":"a","name":"b"})", "'name' is given more than once"},
      {R"({"ipam":{"index":1,"index":2}})",
       "'ipam.index' is given more than once"},
      {R"({"ipam":{},"ipam":{}})", "'ipam' is given more than once"},
      // Not next to each other.
      {R"({"name":"a","type":"t","x":1,"ipam":{},"name":"b"})",
       "'name' is given more than once"},
      {R"({"ipam":{"index":1,"type":"t","x":[{"index":3}],"index":2}})",
       "'ipam.index' is given more than once"},
      // The same folded variant twice, with no exact key.
      {R"({"Name":"a","x":1,"Name":"b"})", "'name' is given more than once"},
      // Two different folded variants, with no exact key.
      {R"({"Name":"a","NAME":"b"})",
       "'name' is given more than once, as 'Name' and 'NAME'"},
      {R"({"prevResult":{"IPs":[],"ips":[],"ips":[]}})",
       "'prevResult.ips' is given more than once"},
  };
  for (const BadCase& c : cases) ExpectDecodingFailure(c);
}

TEST(DecodeNetConf, NeverComparesKeysItDoesNotRead) {
  // Unknown keys may repeat: only the main plugin reads them.
  const NetConf conf =
      MustDecode(R"({"master":"a","master":"b","name":"n","x":1,"x":2})");
  EXPECT_EQ(conf.name(), "n");
}

// Go's encoding/json folds keys: exact first, then ASCII case-insensitive,
// with U+212A KELVIN SIGN for k and U+017F LONG S for s.
TEST(KeyMatching, FoldsAsGoDoes) {
  struct Case {
    absl::string_view json;
    bool has_index;
    int64_t index;
  };
  const Case cases[] = {
      {R"({"ipam":{"index":5}})", true, 5},
      {R"({"ipam":{"Index":5}})", true, 5},
      {R"({"IPAM":{"INDEX":5}})", true, 5},
      {R"({"iPaM":{"iNdEx":5}})", true, 5},
      {"{\"ipam\":{\"inde\xe2\x84\xaa\":5}}", false, 0},  // no k in index
      {R"({"ipam":{"indexx":5}})", false, 0},
      {R"({"ipam":{"inde":5}})", false, 0},
      {R"({"ipam":{"ind ex":5}})", false, 0},
      {R"({"ipam":{"\u0130ndex":5}})", false, 0},  // dotted capital I
  };
  for (const Case& c : cases) {
    const NetConf conf = MustDecode(c.json);
    EXPECT_EQ(conf.ipam().has_index(), c.has_index) << c.json;
    if (c.has_index) {
      EXPECT_EQ(conf.ipam().index(), c.index) << c.json;
    }
  }
  // The two non-ASCII folds, on keys that have a k or an s.
  EXPECT_EQ(MustDecode("{\"prevResult\":{\"ip\xc5\xbf\":[{}]}}")
                .prev_result()
                .ips_size(),
            1);
  EXPECT_EQ(MustDecode("{\"prevResult\":{\"ip\xc5\xbf\":[{\"ga\":1,"
                       "\"ma\xe2\x84\xaa\":2}],"
                       "\"dns\":{\"ma\":1,\"nameserver\xc5\xbf\":[\"x\"]}}}")
                .prev_result()
                .dns()
                .nameservers_size(),
            1);
  EXPECT_EQ(MustDecode("{\"prevResult\":{\"interfaces\":[{\"MA\xe2\x84\xaa"
                       "\":1,\"\xc5\xbf"
                       "andbox\":\"/x\"}]}}")
                .prev_result()
                .interfaces(0)
                .sandbox(),
            "/x");
  EXPECT_EQ(MustDecode(R"({"CNIVERSION":"0.3.1"})").cni_version(), "0.3.1");
  EXPECT_EQ(MustDecode(R"({"PrevResult":{"CniVersion":"0.4.0"}})")
                .prev_result()
                .cni_version(),
            "0.4.0");
}

TEST(KeyMatching, ExactKeyWinsWithAWarning) {
  std::vector<std::string> warnings;
  absl::StatusOr<NetConf> conf =
      DecodeNetConf(R"({"Name":"user","name":"injected","ipam":{"index":3,)"
                    R"("INDEX":9}})",
                    &warnings);
  ASSERT_TRUE(conf.ok()) << conf.status();
  EXPECT_EQ(conf->name(), "injected");
  EXPECT_EQ(conf->ipam().index(), 3);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0],
            "'name' is also given as 'Name'; the exact key is read and the "
            "other ignored");
  EXPECT_EQ(warnings[1],
            "'ipam.index' is also given as 'INDEX'; the exact key is read and "
            "the other ignored");
}

TEST(KeyMatching, ProtobufNamesAreNotAliases) {
  // libcni and the plugin's own VERSION read "cniVersion" only.
  const NetConf conf =
      MustDecode(R"({"cniVersion":"0.3.1","cni_version":"1.0.0",)"
                 R"("prev_result":{"cniVersion":"1.0.0"},"ipam":{"index":1}})");
  EXPECT_EQ(conf.cni_version(), "0.3.1");
  EXPECT_FALSE(conf.has_prev_result());
  EXPECT_EQ(MustDecode(R"({"cni_version":"1.0.0"})").cni_version(), "");
  absl::StatusOr<std::string> v =
      DecodeCniVersion(R"({"cniVersion":"0.3.1","cni_version":"1.0.0"})");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, "0.3.1");
  v = DecodeCniVersion(R"({"CNIVersion":"0.4.0"})");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, "0.4.0");
  EXPECT_FALSE(
      DecodeCniVersion(R"({"cniVersion":"0.4.0","cniVersion":"x"})").ok());
}

TEST(DecodeNetConf, NullInTheConfigIsAnInvalidConfig) {
  const struct {
    absl::string_view json;
    absl::string_view field;
  } cases[] = {
      {R"({"ipam":{"index":null}})", "'ipam.index' is null"},
      {R"({"ipam":{"Index":null},"args":{"cni":{"index":4}}})",
       "'ipam.index' is null"},
      {R"({"args":{"cni":{"index":null}}})", "'args.cni.index' is null"},
      {R"({"ipam":null})", "'ipam' is null"},
      {R"({"args":null})", "'args' is null"},
      {R"({"args":{"cni":null}})", "'args.cni' is null"},
      {R"({"name":null})", "'name' is null"},
      {R"({"cniVersion":null})", "'cniVersion' is null"},
      {R"({"prevResult":null})", "'prevResult' is null"},
  };
  for (const auto& c : cases) {
    absl::StatusOr<NetConf> conf = DecodeNetConf(c.json);
    ASSERT_FALSE(conf.ok()) << c.json;
    EXPECT_EQ(CodeOf(conf.status()), ErrorCode::kInvalidNetworkConfig)
        << c.json;
    EXPECT_THAT(std::string(conf.status().message()), HasSubstr(c.field))
        << c.json;
  }
  // A null the plugin does not read is nobody's business here.
  EXPECT_EQ(
      MustDecode(R"({"master":null,"ipam":{"x":null},"name":"n"})").name(),
      "n");
}

TEST(DecodeNetConf, NullInsidePrevResultIsAbsent) {
  const NetConf conf = MustDecode(
      R"({"prevResult":{"cniVersion":null,"ips":[{"address":"a","gateway":null,)"
      R"("interface":null}],"dns":null,"routes":null,"ip4":null}})");
  ASSERT_EQ(conf.prev_result().ips_size(), 1);
  EXPECT_EQ(conf.prev_result().ips(0).address(), "a");
  EXPECT_FALSE(conf.prev_result().ips(0).has_interface());
  EXPECT_FALSE(conf.prev_result().has_dns());
}

TEST(DecodeNetConf, RejectsWhatProtobufsParserWouldForgive) {
  // protobuf 3.21's JSON parser takes all of these; RFC 8259 does not.
  const BadCase cases[] = {
      {R"({'name':'n'})", "not valid JSON"},
      {R"({name:"n"})", "not valid JSON"},
      {R"({"name":"n",})", "not valid JSON"},
      {R"({"x":[1,2,]})", "not valid JSON"},
  };
  for (const BadCase& c : cases) ExpectDecodingFailure(c);
}

TEST(DecodeCniVersion, ReadsOnlyTheVersion) {
  absl::StatusOr<std::string> v =
      DecodeCniVersion(R"({"cniVersion":"0.4.0","ipam":{"index":"x"}})");
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(*v, "0.4.0");
  EXPECT_FALSE(DecodeCniVersion(R"({"cniVersion":4})").ok());
  EXPECT_FALSE(DecodeCniVersion(R"({"name":"n"})").ok());
  EXPECT_FALSE(DecodeCniVersion(R"({"cniVersion":"0.4.0")").ok());
}

TEST(DecodeAnyResult, ReadsAResult) {
  absl::StatusOr<AnyResult> r = DecodeAnyResult(
      R"({"cniVersion":"1.0.0","ips":[{"address":"1.2.3.4/24"}]})");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->cni_version(), "1.0.0");
  ASSERT_EQ(r->ips_size(), 1);
  EXPECT_EQ(r->ips(0).address(), "1.2.3.4/24");
  EXPECT_FALSE(DecodeAnyResult(R"({"ips":5})").ok());
}

}  // namespace
}  // namespace cni
}  // namespace index2ip
