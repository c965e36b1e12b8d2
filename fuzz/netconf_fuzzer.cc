// Fuzzes cni::DecodeNetConf, the decoder of the network config on stdin
// (cni/codec.h): the first thing the plugin does with text that the main
// plugin, the operator and (through multus cni-args) the pod author control.
// The codec is hand-written over RapidJSON and promises protobuf's JSON
// mapping, only stricter; protobuf's own parser is the oracle here.
//
// Properties, for every input:
//   - a failure is CNI error 6 (or 7, for a config field that is null) with a
//     short message and details, and its
//     error object prints exactly as protobuf prints it and parses back
//     (strictly) to the same object;
//   - decoding is a function of the text (twice gives the same config);
//   - what the codec accepts, protobuf's mapping accepts too, with the same
//     fields and values (the codec may only be stricter), except for
//     protobuf's known divergences (fuzz/protobuf_oracle.h);
//   - a decoded index is an integer from -2^53 to 2^53, and written back as
//     a JSON number decodes to the same value;
//   - the cniVersion resolves exactly when it is empty or listed in
//     SupportedVersions(), and otherwise with error 1; ResolveVersion gives its
//     row for exactly the listed ones (error 1 otherwise).

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/utf8.h"
#include "cni/cni.pb.h"
#include "cni/codec.h"
#include "cni/error.h"
#include "cni/protobuf_json.h"
#include "cni/version.h"
#include "fuzz/fuzz_check.h"
#include "fuzz/protobuf_oracle.h"

namespace index2ip {
namespace {

namespace pj = ::index2ip::cni::testing;

// A network config is a few hundred bytes; larger inputs only slow the
// search down (re2/fuzzing/re2_fuzzer.cc gates the same way).
constexpr size_t kMaxInput = 8192;
constexpr int64_t kMaxExactInteger = int64_t{1} << 53;

void CheckErrorObject(const cni::Error& e);

// The one-line rule (cni/error.h): whatever a Status carries, its error
// object's msg and details have no control character, are UTF-8 and are cut.
void CheckOneLine(const cni::Error& e) {
  for (const std::string* text : {&e.msg(), &e.details()}) {
    for (char c : *text) {
      const unsigned char u = static_cast<unsigned char>(c);
      INDEX2IP_FUZZ_CHECK(
          u >= 0x20 && u != 0x7f,
          absl::StrCat("a control byte in ", absl::CHexEscape(*text)));
    }
    INDEX2IP_FUZZ_CHECK(IsValidUtf8(*text), absl::CHexEscape(*text));
  }
  INDEX2IP_FUZZ_CHECK(e.details().size() <= cni::kMaxDetailsBytes + 3,
                      absl::StrCat(e.details().size(), " bytes of details"));
}

// Any status, with any text, becomes a one-line error object.
void CheckAnyStatus(absl::string_view json) {
  if (json.empty()) return;
  // Most inputs start with '{': mix in the length for the pick.
  const unsigned pick = static_cast<unsigned char>(json[0]) + json.size();
  const absl::string_view text = json.substr(1);
  const absl::Status plain(static_cast<absl::StatusCode>(pick % 17), text);
  const absl::Status coded = cni::MakeError(
      static_cast<cni::ErrorCode>(pick % 13 == 12 ? 999 : pick % 13), text,
      text);
  for (const absl::Status& status : {plain, coded}) {
    if (status.ok()) continue;
    const cni::Error e = cni::ToCniError(status, "1.0.0");
    CheckOneLine(e);
    CheckErrorObject(e);
  }
}

// An error object must print as protobuf prints it, and parse back.
void CheckErrorObject(const cni::Error& e) {
  const std::string printed = cni::EncodeJson(e);
  INDEX2IP_FUZZ_CHECK(printed == pj::ProtobufMessageToJson(e),
                      absl::StrCat("codec printed ", printed, "protobuf ",
                                   pj::ProtobufMessageToJson(e)));
  cni::Error back;
  INDEX2IP_FUZZ_CHECK(
      pj::ProtobufJsonToMessage(printed, &back, /*strict=*/true) &&
          pj::Equal(back, e),
      printed);
  absl::StatusOr<cni::Error> own = cni::DecodeJson<cni::Error>(printed);
  INDEX2IP_FUZZ_CHECK(own.ok() && pj::Equal(*own, e), printed);
}

void CheckDecodeError(const absl::Status& status, absl::string_view json) {
  // Code 6, or code 7 for a null config field (only where a null is).
  const bool null_field =
      cni::CodeOf(status) == cni::ErrorCode::kInvalidNetworkConfig &&
      absl::StrContains(status.message(), "' is null;") &&
      absl::StrContains(json, "null");
  INDEX2IP_FUZZ_CHECK(
      cni::CodeOf(status) == cni::ErrorCode::kDecodingFailure || null_field,
      status.ToString());
  const cni::Error e = cni::ToCniError(status, "1.0.0");
  INDEX2IP_FUZZ_CHECK(
      (e.code() == 6 || null_field) && !e.msg().empty() && !e.details().empty(),
      pj::Debug(e));
  CheckErrorObject(e);
}

void CheckIndex(int64_t index, absl::string_view prefix,
                absl::string_view suffix, bool args) {
  INDEX2IP_FUZZ_CHECK(index >= -kMaxExactInteger && index <= kMaxExactInteger,
                      absl::StrCat("decoded index ", index, " beyond 2^53"));
  const std::string json = absl::StrCat(prefix, index, suffix);
  absl::StatusOr<cni::NetConf> back = cni::DecodeNetConf(json);
  INDEX2IP_FUZZ_CHECK(back.ok(), json);
  const bool same =
      args ? back->args().cni().has_index() &&
                 back->args().cni().index() == index
           : back->ipam().has_index() && back->ipam().index() == index;
  INDEX2IP_FUZZ_CHECK(same, json);
}

void CheckVersion(const cni::NetConf& conf) {
  const std::string& v = conf.cni_version();
  bool listed = v.empty();
  for (absl::string_view s : cni::SupportedVersions()) listed |= (s == v);
  absl::StatusOr<const cni::VersionSpec*> resolved = cni::ResolveVersion(v);
  INDEX2IP_FUZZ_CHECK(
      resolved.ok() == listed,
      absl::StrCat("cniVersion '", absl::CHexEscape(v.substr(0, 40)),
                   "' resolves: ", resolved.ok()));
  if (resolved.ok()) {
    // The table's own row, for exactly the version asked (or the default).
    const absl::Span<const cni::VersionSpec> table = cni::Versions();
    INDEX2IP_FUZZ_CHECK(
        *resolved >= table.data() && *resolved < table.data() + table.size(),
        "a row outside the table");
    INDEX2IP_FUZZ_CHECK(
        (*resolved)->version == (v.empty() ? cni::kDefaultVersion : v),
        std::string((*resolved)->version));
    return;
  }
  INDEX2IP_FUZZ_CHECK(
      cni::CodeOf(resolved.status()) == cni::ErrorCode::kIncompatibleCniVersion,
      resolved.status().ToString());
  // The requested version is quoted in the details: the object must print.
  CheckErrorObject(cni::ToCniError(resolved.status(), "1.0.0"));
}

void TestOneInput(absl::string_view json) {
  CheckAnyStatus(json);
  absl::StatusOr<cni::NetConf> conf = cni::DecodeNetConf(json);
  if (!conf.ok()) {
    CheckDecodeError(conf.status(), json);
    return;
  }
  absl::StatusOr<cni::NetConf> again = cni::DecodeNetConf(json);
  INDEX2IP_FUZZ_CHECK(again.ok() && pj::Equal(*again, *conf),
                      "decoding the same text twice differs");

  // Printed through its table and read back, a config is unchanged.
  absl::StatusOr<cni::NetConf> round =
      cni::DecodeJson<cni::NetConf>(cni::EncodeMessage(*conf));
  INDEX2IP_FUZZ_CHECK(round.ok() && pj::Equal(*round, *conf),
                      absl::StrCat("round trip of ", pj::Debug(*conf)));
  cni::VersionInfo info;
  info.set_cni_version(conf->cni_version());
  info.add_supported_versions(conf->name());
  absl::StatusOr<cni::VersionInfo> info_back =
      cni::DecodeJson<cni::VersionInfo>(cni::EncodeJson(info));
  INDEX2IP_FUZZ_CHECK(info_back.ok() && pj::Equal(*info_back, info),
                      pj::Debug(info));

  cni::NetConf reference;
  const fuzz::Oracle oracle = fuzz::ProtobufDecode(json, &reference);
  INDEX2IP_FUZZ_CHECK(oracle != fuzz::Oracle::kRejects,
                      "the codec accepts a config protobuf's mapping rejects");
  INDEX2IP_FUZZ_CHECK(
      oracle != fuzz::Oracle::kAccepts || pj::Equal(reference, *conf),
      absl::StrCat("codec: ", pj::Debug(*conf),
                   "\nprotobuf: ", pj::Debug(reference)));

  if (conf->ipam().has_index()) {
    CheckIndex(conf->ipam().index(), R"({"ipam":{"index":)", "}}", false);
  }
  if (conf->args().cni().has_index()) {
    CheckIndex(conf->args().cni().index(), R"({"args":{"cni":{"index":)", "}}}",
               true);
  }
  CheckVersion(*conf);
}

}  // namespace
}  // namespace index2ip

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > index2ip::kMaxInput) return 0;
  index2ip::TestOneInput(
      absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
