#include "cni/codec.h"

#include <cmath>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "base/status_macros.h"
#include "cni/error.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/stubs/common.h"
#include "google/protobuf/util/json_util.h"

namespace index2ip {
namespace cni {
namespace {

namespace pb = ::google::protobuf;

// Integers beyond 2^53 have no exact JSON-number (double) reading.
constexpr double kMaxExactInteger = 9007199254740992.0;

// protobuf 3.21 rejects JSON nested past about 50 levels, but only after
// work quadratic in the depth: 20000 nested arrays take seconds, a megabyte
// of them hours. One linear pass rejects them first.
constexpr int kMaxNesting = 100;

// Whether `json` nests objects and arrays more than kMaxNesting deep.
// Brackets inside strings do not count; protobuf also accepts '...' strings.
bool NestedTooDeep(absl::string_view json) {
  int depth = 0;
  char quote = 0;
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (quote != 0) {
      if (c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxNesting) return true;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return false;
}

std::string Truncated(absl::string_view text) {
  constexpr size_t kMax = 80;
  if (text.size() <= kMax) return absl::CHexEscape(text);
  return absl::StrCat(absl::CHexEscape(text.substr(0, kMax)), "...");
}

// The one adapter from protobuf 3.21's status type.
absl::Status FromProtobuf(const pb::util::Status& status,
                          absl::string_view what) {
  if (status.ok()) return absl::OkStatus();
  return MakeError(
      ErrorCode::kDecodingFailure, "failed to decode network config",
      absl::StrCat(what, ": ", Truncated(std::string(status.message()))));
}

const pb::Value* Field(const pb::Struct& s, const std::string& key) {
  auto it = s.fields().find(key);
  return it == s.fields().end() ? nullptr : &it->second;
}

absl::string_view KindName(const pb::Value& v) {
  switch (v.kind_case()) {
    case pb::Value::kStringValue:
      return "a string";
    case pb::Value::kBoolValue:
      return "a boolean";
    case pb::Value::kStructValue:
      return "an object";
    case pb::Value::kListValue:
      return "an array";
    case pb::Value::kNumberValue:
      return "a number";
    default:
      return "null";
  }
}

// Checks that `path` (e.g. {"ipam", "index"}) is absent, null, or an
// integral JSON number that a double holds exactly.
absl::Status CheckInteger(const pb::Struct& root,
                          std::initializer_list<const char*> path,
                          absl::string_view name) {
  const pb::Struct* s = &root;
  const pb::Value* v = nullptr;
  for (const char* key : path) {
    if (s == nullptr) return absl::OkStatus();  // protobuf reports the type
    v = Field(*s, key);
    if (v == nullptr) return absl::OkStatus();
    s = v->has_struct_value() ? &v->struct_value() : nullptr;
  }
  if (v->kind_case() == pb::Value::kNullValue) return absl::OkStatus();
  if (v->kind_case() != pb::Value::kNumberValue) {
    std::string shown;
    if (v->kind_case() == pb::Value::kStringValue) {
      shown = absl::StrCat(" \"", Truncated(v->string_value()), "\"");
    } else if (v->kind_case() == pb::Value::kBoolValue) {
      shown = v->bool_value() ? " true" : " false";
    }
    return MakeError(ErrorCode::kDecodingFailure,
                     "failed to decode network config",
                     absl::StrCat("'", name, "' must be an integer, got ",
                                  KindName(*v), shown));
  }
  const double d = v->number_value();
  if (d != std::floor(d) || std::fabs(d) > kMaxExactInteger) {
    return MakeError(ErrorCode::kDecodingFailure,
                     "failed to decode network config",
                     absl::StrCat("'", name, "' must be an integer from ",
                                  "-2^53 to 2^53, got ", d));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<NetConf> DecodeNetConf(absl::string_view json) {
  if (!pb::internal::IsStructurallyValidUTF8(json.data(),
                                             static_cast<int>(json.size()))) {
    return MakeError(ErrorCode::kDecodingFailure,
                     "failed to decode network config",
                     "the network config is not valid UTF-8");
  }
  if (NestedTooDeep(json)) {
    return MakeError(ErrorCode::kDecodingFailure,
                     "failed to decode network config",
                     absl::StrCat("the network config nests objects and "
                                  "arrays more than ",
                                  kMaxNesting, " levels deep"));
  }
  const pb::StringPiece input(json.data(), json.size());
  // First as a generic JSON object: that checks it is one well-formed object
  // and keeps each value's JSON type, which the typed parse below loses.
  pb::Struct generic;
  INDEX2IP_RETURN_IF_ERROR(FromProtobuf(
      pb::util::JsonStringToMessage(input, &generic), "not a JSON object"));
  INDEX2IP_RETURN_IF_ERROR(CheckInteger(generic, {"ipam", "index"},
                                        "ipam.index"));
  INDEX2IP_RETURN_IF_ERROR(CheckInteger(generic, {"args", "cni", "index"},
                                        "args.cni.index"));
  NetConf conf;
  pb::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  INDEX2IP_RETURN_IF_ERROR(
      FromProtobuf(pb::util::JsonStringToMessage(input, &conf, options),
                   "a field has the wrong type"));
  return conf;
}

std::string EncodeJson(const pb::Message& message) {
  std::string out;
  pb::util::JsonPrintOptions options;
  // Printing a valid message into a string cannot fail.
  (void)pb::util::MessageToJsonString(message, &out, options);
  out.push_back('\n');
  return out;
}

}  // namespace cni
}  // namespace index2ip
