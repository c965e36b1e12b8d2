#include "json/fields.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "base/quote.h"
#include "base/utf8.h"
#include "rapidjson/error/en.h"

namespace index2ip {
namespace json {
namespace {

absl::Status DecodeError(absl::string_view details) {
  return absl::InvalidArgumentError(details);
}

absl::string_view TypeName(const JsonValue& v) {
  switch (v.GetType()) {
    case rapidjson::kNullType:
      return "null";
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
      return "a boolean";
    case rapidjson::kObjectType:
      return "an object";
    case rapidjson::kArrayType:
      return "an array";
    case rapidjson::kStringType:
      return "a string";
    case rapidjson::kNumberType:
      break;
  }
  return "a number";
}

// " VALUE" for scalars (strings quoted and cut), "" for the rest.
std::string Shown(const JsonValue& v) {
  if (v.IsString()) {
    return absl::StrCat(" ", QuoteForMessage(absl::string_view(
                                 v.GetString(), v.GetStringLength())));
  }
  if (v.IsBool()) return v.GetBool() ? " true" : " false";
  if (v.IsInt64()) return absl::StrCat(" ", v.GetInt64());
  if (v.IsUint64()) return absl::StrCat(" ", v.GetUint64());
  if (v.IsDouble()) return absl::StrCat(" ", v.GetDouble());
  return "";
}

absl::string_view KeyOf(const JsonValue& name) {
  return absl::string_view(name.GetString(), name.GetStringLength());
}

// Whether `json` nests objects and arrays more than kMaxJsonNesting deep, in
// one linear pass before any parsing. Brackets inside strings do not count.
bool NestedTooDeep(absl::string_view json) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonNesting) return true;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return false;
}

// Whether every string and key in `v` is UTF-8. RapidJSON 1.1.0 decodes an
// unpaired low-surrogate escape ("\udc00") into the three bytes of a
// surrogate, which are not (it rejects an unpaired high one). Recursion is
// bounded: ParseJsonObject has rejected nesting past kMaxJsonNesting. Found
// by netconf_fuzzer.
bool AllUtf8(const JsonValue& v) {
  if (v.IsString()) {
    return IsValidUtf8(absl::string_view(v.GetString(), v.GetStringLength()));
  }
  if (v.IsArray()) {
    for (const JsonValue& e : v.GetArray()) {
      if (!AllUtf8(e)) return false;
    }
  }
  if (v.IsObject()) {
    for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
      if (!AllUtf8(m->name) || !AllUtf8(m->value)) return false;
    }
  }
  return true;
}

}  // namespace

absl::Status ParseJsonObject(absl::string_view json, JsonDocument* doc) {
  if (!IsValidUtf8(json)) return DecodeError("the input is not valid UTF-8");
  // rapidjson's MemoryStream reads a NUL as the end of its input, so the
  // parser would take `{...}\0anything` for `{...}`. No JSON text holds a raw
  // NUL (RFC 8259: it is not white space, and strings escape it).
  const size_t nul = json.find('\0');
  if (nul != absl::string_view::npos) {
    return DecodeError(absl::StrCat("the input has a NUL byte at byte ", nul));
  }
  if (NestedTooDeep(json)) {
    return DecodeError(absl::StrCat("the JSON is nested more than ",
                                    kMaxJsonNesting, " levels deep"));
  }
  // The bytes are UTF-8 already, so RapidJSON need not validate them again;
  // what it decodes from \u escapes is checked below (AllUtf8).
  doc->Parse<rapidjson::kParseIterativeFlag>(json.data(), json.size());
  if (doc->HasParseError()) {
    const rapidjson::ParseErrorCode code = doc->GetParseError();
    return DecodeError(absl::StrCat("not valid JSON at byte ",
                                    doc->GetErrorOffset(), ": ",
                                    rapidjson::GetParseError_En(code)));
  }
  if (!doc->IsObject()) {
    return DecodeError(
        absl::StrCat("expected a JSON object, got ", TypeName(*doc)));
  }
  // Only a \u escape can decode to bytes that are not UTF-8: the rest of
  // every string is the input's own, checked above.
  if (json.find("\\u") != absl::string_view::npos && !AllUtf8(*doc)) {
    return DecodeError(
        "the input is not valid UTF-8: an unpaired surrogate escape "
        "(\\udc00 to \\udfff)");
  }
  return absl::OkStatus();
}

bool KeyFoldEquals(absl::string_view key, absl::string_view name) {
  // Each name byte takes one key byte, or 3 (U+212A) or 2 (U+017F).
  if (key.size() < name.size() || key.size() > 3 * name.size()) return false;
  size_t i = 0;
  for (const char n : name) {
    if (i >= key.size()) return false;
    const char lower = absl::ascii_tolower(static_cast<unsigned char>(n));
    const unsigned char c = static_cast<unsigned char>(key[i]);
    if (c < 0x80) {
      if (absl::ascii_tolower(c) != lower) return false;
      ++i;
    } else if (lower == 'k' && key.substr(i, 3) == "\xe2\x84\xaa") {
      i += 3;
    } else if (lower == 's' && key.substr(i, 2) == "\xc5\xbf") {
      i += 2;
    } else {
      return false;
    }
  }
  return i == key.size();
}

absl::Status MatchMembers(const JsonValue& v, const Path& path,
                          absl::Span<const absl::string_view> names,
                          const ReadContext& ctx,
                          absl::Span<const JsonValue*> out) {
  struct Slot {
    const JsonValue* folded = nullptr;
    absl::string_view folded_key;
    absl::string_view other_folded_key;  // a second folded variant
  };
  Slot slots[kMaxFieldsPerMessage];
  for (size_t i = 0; i < out.size(); ++i) out[i] = nullptr;
  for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
    const absl::string_view key = KeyOf(m->name);
    for (size_t i = 0; i < names.size(); ++i) {
      if (key == names[i]) {
        if (out[i] != nullptr) {
          return DecodeError(absl::StrCat("'", Path(path, names[i]).ToString(),
                                          "' is given more than once"));
        }
        out[i] = &m->value;
        break;
      }
      if (KeyFoldEquals(key, names[i])) {
        Slot& s = slots[i];
        if (s.folded == nullptr) {
          s.folded = &m->value;
          s.folded_key = key;
        } else if (s.other_folded_key.empty()) {
          s.other_folded_key = key;
        }
        break;
      }
    }
  }
  for (size_t i = 0; i < names.size(); ++i) {
    const Slot& s = slots[i];
    if (s.folded == nullptr) continue;
    const std::string field = Path(path, names[i]).ToString();
    if (out[i] != nullptr) {
      if (ctx.warnings != nullptr) {
        ctx.warnings->push_back(absl::StrCat(
            "'", field, "' is also given as ", QuoteForMessage(s.folded_key),
            "; the exact key is read and the other ignored"));
      }
      continue;
    }
    if (!s.other_folded_key.empty()) {
      return DecodeError(absl::StrCat(
          "'", field, "' is given more than once, as ",
          QuoteForMessage(s.folded_key), " and ",
          QuoteForMessage(s.other_folded_key),
          "; keys match case-insensitively, as in Go's encoding/json"));
    }
    out[i] = s.folded;
  }
  return absl::OkStatus();
}

std::string Path::ToString() const {
  if (parent_ == nullptr) return "";
  std::string out = parent_->ToString();
  if (index_ != static_cast<size_t>(-1))
    return absl::StrCat(out, "[", index_, "]");
  return out.empty() ? std::string(key_) : absl::StrCat(out, ".", key_);
}

absl::Status JsonTypeError(const Path& path, absl::string_view want,
                           const JsonValue& v) {
  return DecodeError(absl::StrCat("'", path.ToString(), "' must be ", want,
                                  ", got ", TypeName(v), Shown(v)));
}

absl::Status JsonNullError(const Path& path) {
  return absl::FailedPreconditionError(absl::StrCat(
      "'", path.ToString(), "' is null; give it a value or ", "leave it out"));
}

absl::StatusOr<int64_t> JsonInteger(const JsonValue& v, const Path& path,
                                    int64_t min, int64_t max) {
  if (!v.IsNumber()) return JsonTypeError(path, "an integer", v);
  int64_t value = 0;
  bool in_range = false;
  if (v.IsInt64()) {
    value = v.GetInt64();
    in_range = value >= min && value <= max;
  } else if (v.IsDouble()) {
    const double d = v.GetDouble();
    if (d != std::floor(d)) return JsonTypeError(path, "an integer", v);
    in_range = d >= static_cast<double>(min) && d <= static_cast<double>(max);
    if (in_range) value = static_cast<int64_t>(d);
  }  // else a uint64 above int64's range: out of range.
  if (!in_range) {
    return DecodeError(absl::StrCat("'", path.ToString(),
                                    "' must be an integer from ", min, " to ",
                                    max, ", got", Shown(v)));
  }
  return value;
}

}  // namespace json
}  // namespace index2ip
