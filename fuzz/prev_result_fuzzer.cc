// Fuzzes results in every CNI version: cni::DecodeAnyResult (the shape of
// `prevResult`), cni::NormalizeResult into the internal shape, and
// cni::EncodeResult back out in each supported version (cni/version.h).
//
// Input layout (FuzzedDataProvider): the last byte picks the config's
// cniVersion (each supported one, "" or an unsupported one), used when the
// result has none; the rest is the result's JSON.
//
// Properties:
//   - what the codec accepts, protobuf's mapping accepts too, equally
//     (but for protobuf's known divergences, fuzz/protobuf_oracle.h);
//   - NormalizeResult fails exactly when the result's version (else the
//     config's) is unsupported, with error 1; otherwise it keeps the
//     addresses of the result's shape: ip4 then ip6 for 0.1.0/0.2.0, every
//     entry of ips[] otherwise;
//   - EncodeResult succeeds for every supported version, except 0.1.0/0.2.0
//     with no address (error 999); its output parses strictly (no field the
//     version does not have) as that version's message, has that
//     cniVersion, and is byte for byte what protobuf prints for it;
//   - parsed back and normalized again, the output keeps its addresses: for
//     0.3.0 and newer all of them, with gateways and interface indices (and
//     everything else: the result comes back equal); for 0.1.0/0.2.0, which
//     hold one address per family, the first of each family;
//   - printing again what was parsed back gives the same text.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "cni/cni.pb.h"
#include "cni/codec.h"
#include "cni/error.h"
#include "cni/protobuf_json.h"
#include "cni/version.h"
#include "fuzz/fuzz_check.h"
#include "fuzz/protobuf_oracle.h"
#include "fuzzer/FuzzedDataProvider.h"

namespace index2ip {
namespace {

namespace pj = ::index2ip::cni::testing;

constexpr size_t kMaxInput = 8192;

bool IsV020(absl::string_view v) { return v == "0.1.0" || v == "0.2.0"; }
bool IsV040(absl::string_view v) {
  return v == "0.3.0" || v == "0.3.1" || v == "0.4.0";
}

// What an address entry must keep across versions.
struct Entry {
  std::string address, gateway;
  bool has_interface = false;
  int32_t interface = 0;
  bool operator==(const Entry& o) const {
    return address == o.address && gateway == o.gateway &&
           has_interface == o.has_interface && interface == o.interface;
  }
};

std::vector<Entry> Entries(const cni::Result& r, bool with_interface) {
  std::vector<Entry> out;
  for (const cni::IpConfig& ip : r.ips()) {
    out.push_back({ip.address(), ip.gateway(),
                   with_interface && ip.has_interface(),
                   with_interface && ip.has_interface() ? ip.interface() : 0});
  }
  return out;
}

// 0.1.0/0.2.0 keep the first address with text of each family (by the
// ':' rule of cni/version.cc), IPv4 first.
std::vector<Entry> FirstPerFamily(const cni::Result& r) {
  std::vector<Entry> out;
  for (bool v6 : {false, true}) {
    for (const cni::IpConfig& ip : r.ips()) {
      if (ip.address().empty() || absl::StrContains(ip.address(), ':') != v6) {
        continue;
      }
      out.push_back({ip.address(), ip.gateway(), false, 0});
      break;
    }
  }
  return out;
}

std::string Show(const std::vector<Entry>& entries) {
  std::string out;
  for (const Entry& e : entries) {
    absl::StrAppend(&out, "[", e.address, " gw ", e.gateway,
                    e.has_interface ? absl::StrCat(" if ", e.interface) : "",
                    "]");
  }
  return out;
}

// `json` parses strictly as `M`, with cniVersion `version`, and protobuf
// prints that message as exactly `json`.
template <typename M>
void CheckShape(const std::string& json, absl::string_view version) {
  M m;
  INDEX2IP_FUZZ_CHECK(pj::ProtobufJsonToMessage(json, &m, /*strict=*/true),
                      absl::StrCat("not a ", version, " result: ", json));
  INDEX2IP_FUZZ_CHECK(m.cni_version() == version, json);
  const std::string reference = pj::ProtobufMessageToJson(m);
  INDEX2IP_FUZZ_CHECK(
      reference == json,
      absl::StrCat("codec printed ", json, "protobuf prints ", reference));
  // The codec's own table reads the shape back as protobuf does.
  absl::StatusOr<M> own = cni::DecodeJson<M>(json);
  INDEX2IP_FUZZ_CHECK(
      own.ok() && pj::Equal(*own, m),
      absl::StrCat("the codec reads back ", json, "as ",
                   own.ok() ? pj::Debug(*own) : own.status().ToString()));
}

void CheckVersion(const cni::Result& norm, const cni::VersionSpec& row) {
  const absl::string_view v = row.version;
  absl::StatusOr<std::string> json = cni::EncodeResult(norm, row);
  if (!json.ok()) {
    INDEX2IP_FUZZ_CHECK(
        IsV020(v) && norm.ips_size() == 0 &&
            cni::CodeOf(json.status()) == cni::ErrorCode::kInternal,
        absl::StrCat(v, ": ", json.status().ToString()));
    return;
  }
  if (IsV020(v)) {
    CheckShape<cni::ResultV020>(*json, v);
  } else if (IsV040(v)) {
    CheckShape<cni::ResultV040>(*json, v);
  } else {
    CheckShape<cni::Result>(*json, v);
  }

  absl::StatusOr<cni::AnyResult> back = cni::DecodeAnyResult(*json);
  INDEX2IP_FUZZ_CHECK(back.ok(), absl::StrCat(back.status().ToString(),
                                              " decoding our own ", *json));
  absl::StatusOr<cni::Result> again =
      cni::NormalizeResult(*back, **cni::ResolveVersion(""));
  INDEX2IP_FUZZ_CHECK(again.ok() && again->cni_version() == v,
                      absl::StrCat(again.status().ToString(), " for ", *json));

  const std::vector<Entry> want =
      IsV020(v) ? FirstPerFamily(norm) : Entries(norm, true);
  const std::vector<Entry> got = Entries(*again, !IsV020(v));
  INDEX2IP_FUZZ_CHECK(
      got == want, absl::StrCat(v, " keeps ", Show(got), ", want ", Show(want),
                                ": ", *json));
  if (!IsV020(v)) {
    // 0.3.0 and newer hold everything the internal shape has.
    cni::Result same = norm;
    same.set_cni_version(std::string(v));
    INDEX2IP_FUZZ_CHECK(
        pj::Equal(*again, same),
        absl::StrCat(v, " changes the result: ", *json, pj::Debug(*again),
                     " != ", pj::Debug(same)));
  }

  // An address entry without address text is no address: the 0.1.0/0.2.0
  // shape has no way to keep its gateway and routes, so the text is stable
  // only once such entries are gone.
  bool all_have_text = true;
  for (const cni::IpConfig& ip : norm.ips()) {
    all_have_text &= !ip.address().empty();
  }
  if (all_have_text) {
    absl::StatusOr<std::string> reprinted = cni::EncodeResult(*again, row);
    INDEX2IP_FUZZ_CHECK(reprinted.ok() && *reprinted == *json,
                        absl::StrCat(v, " prints ", *json, "then ",
                                     reprinted.ok() ? *reprinted : "an error"));
  }
}

void TestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  const uint8_t pick = fdp.ConsumeIntegral<uint8_t>();
  const auto versions = cni::SupportedVersions();
  const size_t n = versions.size();
  const std::string config_version = pick % (n + 2) < n
                                         ? std::string(versions[pick % (n + 2)])
                                         : (pick % (n + 2) == n ? "" : "0.5.0");
  const std::string json = fdp.ConsumeRemainingBytesAsString();

  absl::StatusOr<cni::AnyResult> any = cni::DecodeAnyResult(json);
  if (!any.ok()) {
    INDEX2IP_FUZZ_CHECK(
        cni::CodeOf(any.status()) == cni::ErrorCode::kDecodingFailure,
        any.status().ToString());
    return;
  }
  cni::AnyResult reference;
  const fuzz::Oracle oracle = fuzz::ProtobufDecode(json, &reference);
  INDEX2IP_FUZZ_CHECK(oracle != fuzz::Oracle::kRejects,
                      "the codec accepts a result protobuf's mapping rejects");
  INDEX2IP_FUZZ_CHECK(
      oracle != fuzz::Oracle::kAccepts || pj::Equal(reference, *any),
      absl::StrCat("codec: ", pj::Debug(*any),
                   "\nprotobuf: ", pj::Debug(reference)));

  // Printed through its table and read back, a result is unchanged.
  absl::StatusOr<cni::AnyResult> round =
      cni::DecodeJson<cni::AnyResult>(cni::EncodeMessage(*any));
  INDEX2IP_FUZZ_CHECK(round.ok() && pj::Equal(*round, *any),
                      absl::StrCat("round trip of ", pj::Debug(*any)));

  // The plugin resolves the config's version before it reads prevResult: an
  // unsupported one never gets this far.
  absl::StatusOr<const cni::VersionSpec*> config_row =
      cni::ResolveVersion(config_version);
  if (!config_row.ok()) return;
  const std::string own_version =
      any->cni_version().empty() ? config_version : any->cni_version();
  const bool supported = cni::ResolveVersion(own_version).ok();
  absl::StatusOr<cni::Result> norm = cni::NormalizeResult(*any, **config_row);
  INDEX2IP_FUZZ_CHECK(
      norm.ok() == supported,
      absl::StrCat("NormalizeResult ok=", norm.ok(), " for version '",
                   own_version.substr(0, 40), "'"));
  if (!norm.ok()) {
    INDEX2IP_FUZZ_CHECK(
        cni::CodeOf(norm.status()) == cni::ErrorCode::kIncompatibleCniVersion,
        norm.status().ToString());
    return;
  }
  const std::string resolved((*cni::ResolveVersion(own_version))->version);
  INDEX2IP_FUZZ_CHECK(norm->cni_version() == resolved, norm->cni_version());

  // The shape of the result's version decides which addresses it has.
  std::vector<Entry> want;
  if (IsV020(resolved)) {
    for (const cni::IpConfigV020* ip : {&any->ip4(), &any->ip6()}) {
      if (!ip->ip().empty())
        want.push_back({ip->ip(), ip->gateway(), false, 0});
    }
  } else {
    for (const cni::IpConfigV040& ip : any->ips()) {
      want.push_back({ip.address(), ip.gateway(), ip.has_interface(),
                      ip.has_interface() ? ip.interface() : 0});
    }
  }
  INDEX2IP_FUZZ_CHECK(Entries(*norm, true) == want,
                      absl::StrCat("normalized ", Show(Entries(*norm, true)),
                                   ", want ", Show(want)));

  for (const cni::VersionSpec& row : cni::Versions()) CheckVersion(*norm, row);
}

}  // namespace
}  // namespace index2ip

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > index2ip::kMaxInput) return 0;
  index2ip::TestOneInput(data, size);
  return 0;
}
