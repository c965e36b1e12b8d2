#include "cni/version.h"

#include <iterator>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "base/quote.h"
#include "cni/cni.pb.h"
#include "cni/codec.h"
#include "cni/error.h"
#include "cni/protobuf_json.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace index2ip {
namespace cni {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr absl::string_view kAll[] = {"0.1.0", "0.2.0", "0.3.0", "0.3.1",
                                      "0.4.0", "1.0.0", "1.1.0"};

// The table's row of a supported version.
const VersionSpec& Row(absl::string_view version) {
  absl::StatusOr<const VersionSpec*> row = ResolveVersion(version);
  EXPECT_TRUE(row.ok()) << version << ": " << row.status();
  return row.ok() ? **row : CurrentVersion();
}

TEST(SupportedVersions, ListsExactlyTheSevenOldestFirst) {
  EXPECT_THAT(SupportedVersions(),
              ElementsAre("0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0",
                          "1.1.0"));
  EXPECT_EQ(kCurrentVersion, "1.1.0");
  EXPECT_EQ(SupportedVersions().back(), kCurrentVersion);
  EXPECT_EQ(kDefaultVersion, "0.1.0");
}

TEST(ResolveVersion, EmptyMeansDefault) {
  absl::StatusOr<const VersionSpec*> v = ResolveVersion("");
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ((*v)->version, "0.1.0");
  EXPECT_EQ((*v)->id, Version::k010);
}

TEST(ResolveVersion, EverySupportedVersionIsItself) {
  for (absl::string_view version : kAll) {
    absl::StatusOr<const VersionSpec*> v = ResolveVersion(version);
    ASSERT_TRUE(v.ok()) << version << ": " << v.status();
    EXPECT_EQ((*v)->version, version);
  }
}

TEST(ResolveVersion, RejectsUnsupportedWithCode1) {
  const std::string cases[] = {
      "9.9.9",
      "1.1",
      "0.3.2",
      "1.0",
      "2.0.0",
      "0.0.0",
      "v1.0.0",
      "1.0.0 ",
      " 1.0.0",
      "1.0.0-rc1",
      "01.0.0",
      "1.0.0.0",
      std::string("1.0.0\0", 6),
  };
  for (const std::string& version : cases) {
    absl::StatusOr<const VersionSpec*> v = ResolveVersion(version);
    ASSERT_FALSE(v.ok()) << version << " resolved to " << (*v)->version;
    EXPECT_EQ(CodeOf(v.status()), ErrorCode::kIncompatibleCniVersion)
        << version;
    const Error e = ToCniError(v.status(), "");
    EXPECT_EQ(e.code(), 1u) << version;
    EXPECT_EQ(e.msg(), "incompatible CNI versions") << version;
  }
}

TEST(ResolveVersion, DetailsNameRequestedAndSupported) {
  absl::StatusOr<const VersionSpec*> v = ResolveVersion("9.9.9");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().message(),
            R"(config is '9.9.9', plugin supports ["0.1.0" "0.2.0" "0.3.0" )"
            R"("0.3.1" "0.4.0" "1.0.0" "1.1.0"])");
}

TEST(ResolveVersion, DetailsTruncateALongRequest) {
  const std::string requested =
      std::string(kQuoteMaxBytes, 'a') + std::string(1000, 'b');
  absl::StatusOr<const VersionSpec*> v = ResolveVersion(requested);
  ASSERT_FALSE(v.ok());
  EXPECT_THAT(std::string(v.status().message()),
              HasSubstr(std::string(kQuoteMaxBytes, 'a') + "'..."));
  EXPECT_THAT(std::string(v.status().message()), Not(HasSubstr("b")));
}

TEST(ResolveVersion, TruncationKeepsDetailsUtf8) {
  // A lone \xc3 (a character cut in two), unescaped, made protobuf log an
  // error and drop it and the quote after it from the printed error object.
  const std::string requested = std::string(31, 'a') + "\xc3";
  absl::StatusOr<const VersionSpec*> v = ResolveVersion(requested);
  ASSERT_FALSE(v.ok());
  const std::string want_details = absl::StrCat(
      "config is '", std::string(31, 'a'), R"(\xc3', plugin supports )",
      R"(["0.1.0" "0.2.0" "0.3.0" "0.3.1" "0.4.0" "1.0.0" "1.1.0"])");
  EXPECT_EQ(v.status().message(), want_details);
  EXPECT_EQ(EncodeJson(ToCniError(v.status(), "1.0.0")),
            absl::StrCat(R"({"cniVersion":"1.0.0","code":1,)",
                         R"("msg":"incompatible CNI versions","details":")",
                         absl::StrReplaceAll(want_details,
                                             {{"\\", "\\\\"}, {"\"", "\\\""}}),
                         "\"}\n"));
}

struct RequireCase {
  absl::string_view command;
  CniCommand id;
  absl::string_view version;
  absl::string_view minimum;
  bool ok;
};

TEST(RequireVersion, NeedsTheMinimumOrNewer) {
  const RequireCase cases[] = {
      {"CHECK", CniCommand::kCheck, "0.4.0", "0.4.0", true},
      {"CHECK", CniCommand::kCheck, "1.1.0", "0.4.0", true},
      {"CHECK", CniCommand::kCheck, "0.3.1", "0.4.0", false},
      {"CHECK", CniCommand::kCheck, "0.1.0", "0.4.0", false},
      {"STATUS", CniCommand::kStatus, "1.1.0", "1.1.0", true},
      {"STATUS", CniCommand::kStatus, "1.0.0", "1.1.0", false},
      {"GC", CniCommand::kGc, "1.1.0", "1.1.0", true},
      {"GC", CniCommand::kGc, "0.4.0", "1.1.0", false},
      {"ADD", CniCommand::kAdd, "0.1.0", "0.1.0", true},
      {"DEL", CniCommand::kDel, "0.2.0", "0.1.0", true},
      {"VERSION", CniCommand::kVersion, "1.1.0", "0.1.0", true},
  };
  for (const RequireCase& c : cases) {
    EXPECT_EQ(CommandName(c.id), c.command);
    const absl::Status s = RequireVersion(Row(c.version), c.id);
    EXPECT_EQ(s.ok(), c.ok) << c.command << " " << c.version << ": " << s;
    if (s.ok()) continue;
    EXPECT_EQ(CodeOf(s), ErrorCode::kIncompatibleCniVersion);
    const Error e = ToCniError(s, c.version);
    EXPECT_EQ(e.msg(),
              absl::StrCat("config version does not allow ", c.command));
    EXPECT_EQ(e.details(),
              absl::StrCat(c.command, " needs cniVersion ", c.minimum,
                           " or newer, the config has ", c.version));
  }
}

// The one table fails closed: a version it does not list has no row, and
// printing or dispatching takes a row, so adding "1.2.0" to one list alone
// cannot print 0.4.0.
TEST(Versions, OneTableThatFailsClosed) {
  const auto rows = Versions();
  ASSERT_EQ(rows.size(), SupportedVersions().size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].version, SupportedVersions()[i]);
    EXPECT_EQ(&Row(rows[i].version), &rows[i]);
    EXPECT_EQ(static_cast<size_t>(rows[i].id), i);
  }
  EXPECT_EQ(rows.back().version, kCurrentVersion);
  EXPECT_EQ(&CurrentVersion(), &rows.back());
  for (absl::string_view v : {"9.9.9", "0.5.0", "1.0"}) {
    EXPECT_EQ(CodeOf(ResolveVersion(v).status()),
              ErrorCode::kIncompatibleCniVersion)
        << v;
  }
}

// The result of ADD on the M-Lab host of upstream's tests, index 5.
Result DualStackResult() {
  Result r;
  IpConfig* v4 = r.add_ips();
  v4->set_address("4.14.159.117/26");
  v4->set_gateway("4.14.159.65");
  IpConfig* v6 = r.add_ips();
  v6->set_address("2001:1900:2100:2d::117/64");
  v6->set_gateway("2001:1900:2100:2d::1");
  Route* r4 = r.add_routes();
  r4->set_dst("0.0.0.0/0");
  r4->set_gw("4.14.159.65");
  Route* r6 = r.add_routes();
  r6->set_dst("::/0");
  r6->set_gw("2001:1900:2100:2d::1");
  for (absl::string_view ns :
       {"8.8.8.8", "8.8.4.4", "2001:4860:4860::8888", "2001:4860:4860::8844"}) {
    r.mutable_dns()->add_nameservers(std::string(ns));
  }
  return r;
}

constexpr absl::string_view kDns =
    R"("dns":{"nameservers":["8.8.8.8","8.8.4.4",)"
    R"("2001:4860:4860::8888","2001:4860:4860::8844"]})";

std::string GoldenV020(absl::string_view version) {
  return absl::StrCat(
      R"({"cniVersion":")", version, R"(",)",
      R"("ip4":{"ip":"4.14.159.117/26","gateway":"4.14.159.65",)",
      R"("routes":[{"dst":"0.0.0.0/0","gw":"4.14.159.65"}]},)",
      R"("ip6":{"ip":"2001:1900:2100:2d::117/64",)",
      R"("gateway":"2001:1900:2100:2d::1",)",
      R"("routes":[{"dst":"::/0","gw":"2001:1900:2100:2d::1"}]},)", kDns,
      "}\n");
}

std::string GoldenV040(absl::string_view version) {
  return absl::StrCat(
      R"({"cniVersion":")", version, R"(",)",
      R"("ips":[{"version":"4","address":"4.14.159.117/26",)",
      R"("gateway":"4.14.159.65"},)",
      R"({"version":"6","address":"2001:1900:2100:2d::117/64",)",
      R"("gateway":"2001:1900:2100:2d::1"}],)",
      R"("routes":[{"dst":"0.0.0.0/0","gw":"4.14.159.65"},)",
      R"({"dst":"::/0","gw":"2001:1900:2100:2d::1"}],)", kDns, "}\n");
}

std::string GoldenV100(absl::string_view version) {
  return absl::StrCat(
      R"({"cniVersion":")", version, R"(",)",
      R"("ips":[{"address":"4.14.159.117/26","gateway":"4.14.159.65"},)",
      R"({"address":"2001:1900:2100:2d::117/64",)",
      R"("gateway":"2001:1900:2100:2d::1"}],)",
      R"("routes":[{"dst":"0.0.0.0/0","gw":"4.14.159.65"},)",
      R"({"dst":"::/0","gw":"2001:1900:2100:2d::1"}],)", kDns, "}\n");
}

TEST(EncodeResult, GoldenForEveryVersion) {
  const Result result = DualStackResult();
  for (absl::string_view version : kAll) {
    std::string want;
    if (Row(version).shape == ResultShape::kV020) {
      want = GoldenV020(version);
    } else if (Row(version).shape == ResultShape::kV100) {
      want = GoldenV100(version);
    } else {
      want = GoldenV040(version);
    }
    absl::StatusOr<std::string> json = EncodeResult(result, Row(version));
    ASSERT_TRUE(json.ok()) << version << ": " << json.status();
    EXPECT_EQ(*json, want) << version;
  }
}

TEST(EncodeResult, OverridesTheResultsOwnVersion) {
  Result result = DualStackResult();
  result.set_cni_version("0.0.0");
  absl::StatusOr<std::string> json = EncodeResult(result, Row("1.0.0"));
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(*json, GoldenV100("1.0.0"));
}

TEST(EncodeResult, V020DropsRoutesOfAMissingFamily) {
  Result result = DualStackResult();
  result.mutable_ips()->RemoveLast();  // the IPv6 address
  absl::StatusOr<std::string> json = EncodeResult(result, Row("0.2.0"));
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(
      *json,
      absl::StrCat(R"({"cniVersion":"0.2.0",)",
                   R"("ip4":{"ip":"4.14.159.117/26","gateway":"4.14.159.65",)",
                   R"("routes":[{"dst":"0.0.0.0/0","gw":"4.14.159.65"}]},)",
                   kDns, "}\n"));
  // Newer shapes keep every route, whatever the addresses.
  absl::StatusOr<std::string> v040 = EncodeResult(result, Row("0.4.0"));
  ASSERT_TRUE(v040.ok()) << v040.status();
  EXPECT_THAT(*v040,
              HasSubstr(R"({"dst":"::/0","gw":"2001:1900:2100:2d::1"})"));
}

TEST(EncodeResult, V020KeepsTheFirstAddressOfEachFamily) {
  Result result = DualStackResult();
  IpConfig* extra = result.add_ips();
  extra->set_address("4.14.159.118/26");
  extra->set_gateway("4.14.159.66");
  absl::StatusOr<std::string> json = EncodeResult(result, Row("0.2.0"));
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(*json, GoldenV020("0.2.0"));
}

TEST(EncodeResult, V020NeedsAnAddress) {
  Result result = DualStackResult();
  result.clear_ips();
  for (absl::string_view version : {"0.1.0", "0.2.0"}) {
    absl::StatusOr<std::string> json = EncodeResult(result, Row(version));
    ASSERT_FALSE(json.ok()) << version << " gave " << *json;
    EXPECT_EQ(CodeOf(json.status()), ErrorCode::kInternal) << version;
    const Error e = ToCniError(json.status(), version);
    EXPECT_EQ(e.code(), 999u);
    EXPECT_EQ(e.msg(), "cannot convert: no valid IP addresses");
    EXPECT_THAT(e.details(), HasSubstr(version));
  }
  // The newer shapes have no such limit.
  for (absl::string_view version : {"0.3.0", "0.4.0", "1.0.0", "1.1.0"}) {
    absl::StatusOr<std::string> json = EncodeResult(result, Row(version));
    ASSERT_TRUE(json.ok()) << version << ": " << json.status();
    EXPECT_THAT(*json, Not(HasSubstr("ips"))) << version;
  }
}

TEST(EncodeResult, KeepsInterfacesFromV030) {
  Result result = DualStackResult();
  Interface* iface = result.add_interfaces();
  iface->set_name("eth0");
  iface->set_sandbox("/var/run/netns/x");
  result.mutable_ips(0)->set_interface(0);
  for (absl::string_view version : {"0.3.0", "0.4.0", "1.0.0"}) {
    absl::StatusOr<std::string> json = EncodeResult(result, Row(version));
    ASSERT_TRUE(json.ok()) << version << ": " << json.status();
    EXPECT_THAT(*json, HasSubstr(R"("interfaces":[{"name":"eth0",)"
                                 R"("sandbox":"/var/run/netns/x"}])"))
        << version;
    // interface 0 is set, so printed; the IPv6 address has none.
    EXPECT_THAT(*json, HasSubstr(R"("interface":0)")) << version;
    EXPECT_EQ(json->find(R"("interface":)"), json->rfind(R"("interface":)"))
        << version;
  }
  // 0.2.0 has no interfaces.
  absl::StatusOr<std::string> v020 = EncodeResult(result, Row("0.2.0"));
  ASSERT_TRUE(v020.ok()) << v020.status();
  EXPECT_EQ(*v020, GoldenV020("0.2.0"));
}

AnyResult MustParseAny(absl::string_view json) {
  AnyResult any;
  // protobuf's own mapping, strict: an unknown key in our output would fail.
  EXPECT_TRUE(testing::ProtobufJsonToMessage(std::string(json), &any,
                                             /*strict=*/true))
      << json;
  return any;
}

struct Address {
  std::string address;
  std::string gateway;
  friend bool operator==(const Address& a, const Address& b) {
    return a.address == b.address && a.gateway == b.gateway;
  }
  friend std::ostream& operator<<(std::ostream& os, const Address& a) {
    return os << a.address << " via " << a.gateway;
  }
};

std::vector<Address> AddressesOf(const Result& r) {
  std::vector<Address> out;
  for (const IpConfig& ip : r.ips())
    out.push_back({ip.address(), ip.gateway()});
  return out;
}

std::vector<Address> RoutesOf(const Result& r) {
  std::vector<Address> out;
  for (const Route& route : r.routes())
    out.push_back({route.dst(), route.gw()});
  return out;
}

TEST(NormalizeResult, ReadsV020Shape) {
  const AnyResult any = MustParseAny(R"({
      "cniVersion": "0.2.0",
      "ip4": {"ip": "4.14.159.117/26", "gateway": "4.14.159.65",
              "routes": [{"dst": "0.0.0.0/0", "gw": "4.14.159.65"}]},
      "ip6": {"ip": "2001:db8::117/64",
              "routes": [{"dst": "::/0"}]},
      "dns": {"nameservers": ["8.8.8.8"], "domain": "d"}
  })");
  absl::StatusOr<Result> r = NormalizeResult(any, Row("1.0.0"));
  ASSERT_TRUE(r.ok()) << r.status();
  // Its own version wins over the config's.
  EXPECT_EQ(r->cni_version(), "0.2.0");
  EXPECT_THAT(AddressesOf(*r),
              ElementsAre(Address{"4.14.159.117/26", "4.14.159.65"},
                          Address{"2001:db8::117/64", ""}));
  EXPECT_THAT(RoutesOf(*r), ElementsAre(Address{"0.0.0.0/0", "4.14.159.65"},
                                        Address{"::/0", ""}));
  EXPECT_THAT(r->dns().nameservers(), ElementsAre("8.8.8.8"));
  EXPECT_EQ(r->dns().domain(), "d");
  EXPECT_EQ(r->interfaces_size(), 0);
  EXPECT_FALSE(r->ips(0).has_interface());
}

TEST(NormalizeResult, ReadsV040Shape) {
  const AnyResult any = MustParseAny(R"({
      "cniVersion": "0.4.0",
      "interfaces": [{"name": "eth0", "sandbox": "/var/run/netns/x"}],
      "ips": [{"version": "4", "interface": 0,
               "address": "4.14.159.117/26", "gateway": "4.14.159.65"},
              {"version": "6", "address": "2001:db8::117/64"}],
      "routes": [{"dst": "0.0.0.0/0"}],
      "dns": {"nameservers": ["8.8.8.8", "8.8.4.4"]}
  })");
  absl::StatusOr<Result> r = NormalizeResult(any, Row("0.2.0"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->cni_version(), "0.4.0");
  EXPECT_THAT(AddressesOf(*r),
              ElementsAre(Address{"4.14.159.117/26", "4.14.159.65"},
                          Address{"2001:db8::117/64", ""}));
  ASSERT_EQ(r->ips_size(), 2);
  EXPECT_TRUE(r->ips(0).has_interface());
  EXPECT_EQ(r->ips(0).interface(), 0);
  EXPECT_FALSE(r->ips(1).has_interface());
  ASSERT_EQ(r->interfaces_size(), 1);
  EXPECT_EQ(r->interfaces(0).name(), "eth0");
  EXPECT_EQ(r->interfaces(0).sandbox(), "/var/run/netns/x");
  EXPECT_THAT(RoutesOf(*r), ElementsAre(Address{"0.0.0.0/0", ""}));
  EXPECT_THAT(r->dns().nameservers(), ElementsAre("8.8.8.8", "8.8.4.4"));
}

TEST(NormalizeResult, MissingVersionFallsBackToTheConfigs) {
  // No cniVersion: the config's version decides which fields are read.
  const AnyResult any = MustParseAny(R"({
      "ip4": {"ip": "10.0.0.2/24", "gateway": "10.0.0.1"},
      "ips": [{"address": "10.0.0.3/24", "gateway": "10.0.0.1"}]
  })");
  struct Case {
    absl::string_view config_version;
    absl::string_view want_version;
    absl::string_view want_address;
  };
  const Case cases[] = {
      {"0.2.0", "0.2.0", "10.0.0.2/24"},
      {"0.1.0", "0.1.0", "10.0.0.2/24"},
      // An empty config version means 0.1.0 too.
      {"", "0.1.0", "10.0.0.2/24"},
      {"0.4.0", "0.4.0", "10.0.0.3/24"},
      {"1.0.0", "1.0.0", "10.0.0.3/24"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<Result> r = NormalizeResult(any, Row(c.config_version));
    ASSERT_TRUE(r.ok()) << c.config_version << ": " << r.status();
    EXPECT_EQ(r->cni_version(), c.want_version) << c.config_version;
    ASSERT_EQ(r->ips_size(), 1) << c.config_version;
    EXPECT_EQ(r->ips(0).address(), c.want_address) << c.config_version;
  }
}

TEST(NormalizeResult, RejectsUnsupportedVersionWithCode1) {
  AnyResult any = MustParseAny(R"({"cniVersion": "9.9.9",
      "ips": [{"address": "10.0.0.3/24"}]})");
  absl::StatusOr<Result> r = NormalizeResult(any, Row("1.0.0"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(CodeOf(r.status()), ErrorCode::kIncompatibleCniVersion);
  EXPECT_THAT(std::string(r.status().message()), StartsWith("prevResult: "));
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("9.9.9"));

  // With no version of its own, an unsupported config version cannot get
  // this far: it has no row (OneTableThatFailsClosed).
}

TEST(NormalizeResult, RoundTripsEveryVersion) {
  const Result original = DualStackResult();
  for (absl::string_view version : kAll) {
    absl::StatusOr<std::string> json = EncodeResult(original, Row(version));
    ASSERT_TRUE(json.ok()) << version << ": " << json.status();
    // Strict parse: every printed field must be one AnyResult knows.
    const AnyResult any = MustParseAny(*json);
    EXPECT_EQ(any.cni_version(), version);
    // The config's version must not matter when the result has its own.
    absl::StatusOr<Result> back = NormalizeResult(any, Row("1.1.0"));
    ASSERT_TRUE(back.ok()) << version << ": " << back.status();
    EXPECT_EQ(back->cni_version(), version);
    EXPECT_EQ(AddressesOf(*back), AddressesOf(original)) << version;
    EXPECT_EQ(RoutesOf(*back), RoutesOf(original)) << version;
    EXPECT_THAT(back->dns().nameservers(),
                ElementsAre("8.8.8.8", "8.8.4.4", "2001:4860:4860::8888",
                            "2001:4860:4860::8844"))
        << version;
  }
}

}  // namespace
}  // namespace cni
}  // namespace index2ip
