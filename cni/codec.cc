#include "cni/codec.h"

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cni/error.h"
#include "google/protobuf/stubs/common.h"
#include "rapidjson/document.h"
#include "rapidjson/error/en.h"

namespace index2ip {
namespace cni {
namespace {

using JsonValue = rapidjson::Value;

// Integers beyond 2^53 have no exact JSON-number (double) reading.
constexpr int64_t kMaxExactInteger = int64_t{1} << 53;

constexpr absl::string_view kDecodeMsg = "failed to decode network config";

absl::Status DecodeError(absl::string_view details) {
  return MakeError(ErrorCode::kDecodingFailure, kDecodeMsg, details);
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

std::string Shown(const JsonValue& v) {
  constexpr size_t kMax = 40;
  if (v.IsString()) {
    const absl::string_view s(v.GetString(), v.GetStringLength());
    return absl::StrCat(" \"", absl::CHexEscape(s.substr(0, kMax)),
                        s.size() > kMax ? "...\"" : "\"");
  }
  if (v.IsBool()) return v.GetBool() ? " true" : " false";
  if (v.IsInt64()) return absl::StrCat(" ", v.GetInt64());
  if (v.IsUint64()) return absl::StrCat(" ", v.GetUint64());
  if (v.IsDouble()) return absl::StrCat(" ", v.GetDouble());
  return "";
}

absl::Status TypeError(absl::string_view path, absl::string_view want,
                       const JsonValue& v) {
  return DecodeError(absl::StrCat("'", path, "' must be ", want, ", got ",
                                  TypeName(v), Shown(v)));
}

// Walks a JSON object, calling `on_field(key, value, path)` for each member.
// A key given twice is an error: a reader that took the first and one that
// took the last would see different configs.
template <typename OnField>
absl::Status ForEachField(const JsonValue& v, absl::string_view path,
                          OnField on_field) {
  if (!v.IsObject()) return TypeError(path, "an object", v);
  for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
    const absl::string_view key(m->name.GetString(),
                                m->name.GetStringLength());
    for (auto prev = v.MemberBegin(); prev != m; ++prev) {
      if (absl::string_view(prev->name.GetString(),
                            prev->name.GetStringLength()) == key) {
        return DecodeError(absl::StrCat(
            "'", path, path.empty() ? "" : ".", absl::CHexEscape(key),
            "' is given more than once"));
      }
    }
    const std::string field_path =
        path.empty() ? std::string(key) : absl::StrCat(path, ".", key);
    INDEX2IP_RETURN_IF_ERROR(on_field(key, m->value, field_path));
  }
  return absl::OkStatus();
}

// protobuf's JSON mapping accepts a field under its lowerCamelCase JSON name
// and under its proto name.
bool Is(absl::string_view key, absl::string_view json_name,
        absl::string_view proto_name = {}) {
  return key == json_name || (!proto_name.empty() && key == proto_name);
}

// A singular string field; null leaves it unset.
absl::Status String(const JsonValue& v, absl::string_view path,
                    std::string* out) {
  if (v.IsNull()) return absl::OkStatus();
  if (!v.IsString()) return TypeError(path, "a string", v);
  out->assign(v.GetString(), v.GetStringLength());
  return absl::OkStatus();
}

// A repeated field: an array (null leaves it empty) whose elements go to
// `add(element, path)`.
template <typename Add>
absl::Status Repeated(const JsonValue& v, absl::string_view path, Add add) {
  if (v.IsNull()) return absl::OkStatus();
  if (!v.IsArray()) return TypeError(path, "an array", v);
  for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
    INDEX2IP_RETURN_IF_ERROR(add(v[i], absl::StrCat(path, "[", i, "]")));
  }
  return absl::OkStatus();
}

template <typename Field>
absl::Status RepeatedString(const JsonValue& v, absl::string_view path,
                            Field* out) {
  return Repeated(v, path, [out](const JsonValue& e, const std::string& p) {
    if (!e.IsString()) return TypeError(p, "a string", e);
    out->Add(std::string(e.GetString(), e.GetStringLength()));
    return absl::OkStatus();
  });
}

// An integral JSON number in [min, max]; `12.0` counts, `"12"` does not.
absl::StatusOr<int64_t> Integer(const JsonValue& v, absl::string_view path,
                                int64_t min, int64_t max) {
  if (!v.IsNumber()) return TypeError(path, "an integer", v);
  int64_t value = 0;
  bool in_range = false;
  if (v.IsInt64()) {
    value = v.GetInt64();
    in_range = value >= min && value <= max;
  } else if (v.IsDouble()) {
    const double d = v.GetDouble();
    if (d != std::floor(d)) return TypeError(path, "an integer", v);
    in_range = d >= static_cast<double>(min) && d <= static_cast<double>(max);
    if (in_range) value = static_cast<int64_t>(d);
  }  // else a uint64 above int64's range: out of range.
  if (!in_range) {
    return DecodeError(absl::StrCat("'", path, "' must be an integer from ",
                                    min, " to ", max, ", got", Shown(v)));
  }
  return value;
}

absl::Status Index(const JsonValue& v, absl::string_view path,
                   const std::function<void(int64_t)>& set) {
  if (v.IsNull()) return absl::OkStatus();
  INDEX2IP_ASSIGN_OR_RETURN(
      const int64_t value,
      Integer(v, path, -kMaxExactInteger, kMaxExactInteger));
  set(value);
  return absl::OkStatus();
}

absl::Status InterfaceIndex(const JsonValue& v, absl::string_view path,
                            const std::function<void(int32_t)>& set) {
  if (v.IsNull()) return absl::OkStatus();
  INDEX2IP_ASSIGN_OR_RETURN(
      const int64_t value,
      Integer(v, path, std::numeric_limits<int32_t>::min(),
              std::numeric_limits<int32_t>::max()));
  set(static_cast<int32_t>(value));
  return absl::OkStatus();
}

absl::Status DecodeRoute(const JsonValue& v, absl::string_view path,
                         Route* out) {
  return ForEachField(v, path, [out](absl::string_view key, const JsonValue& f,
                                     const std::string& p) {
    if (Is(key, "dst")) return String(f, p, out->mutable_dst());
    if (Is(key, "gw")) return String(f, p, out->mutable_gw());
    return absl::OkStatus();
  });
}

template <typename Field>
absl::Status DecodeRoutes(const JsonValue& v, absl::string_view path,
                          Field* out) {
  return Repeated(v, path, [out](const JsonValue& e, const std::string& p) {
    return DecodeRoute(e, p, out->Add());
  });
}

absl::Status DecodeDns(const JsonValue& v, absl::string_view path, Dns* out) {
  return ForEachField(v, path, [out](absl::string_view key, const JsonValue& f,
                                     const std::string& p) {
    if (Is(key, "nameservers")) {
      return RepeatedString(f, p, out->mutable_nameservers());
    }
    if (Is(key, "domain")) return String(f, p, out->mutable_domain());
    if (Is(key, "search")) return RepeatedString(f, p, out->mutable_search());
    if (Is(key, "options")) return RepeatedString(f, p, out->mutable_options());
    return absl::OkStatus();
  });
}

absl::Status DecodeInterface(const JsonValue& v, absl::string_view path,
                             Interface* out) {
  return ForEachField(v, path, [out](absl::string_view key, const JsonValue& f,
                                     const std::string& p) {
    if (Is(key, "name")) return String(f, p, out->mutable_name());
    if (Is(key, "mac")) return String(f, p, out->mutable_mac());
    if (Is(key, "sandbox")) return String(f, p, out->mutable_sandbox());
    return absl::OkStatus();
  });
}

absl::Status DecodeIpConfigV040(const JsonValue& v, absl::string_view path,
                                IpConfigV040* out) {
  return ForEachField(v, path, [out](absl::string_view key, const JsonValue& f,
                                     const std::string& p) {
    if (Is(key, "version")) return String(f, p, out->mutable_version());
    if (Is(key, "interface")) {
      return InterfaceIndex(f, p, [out](int32_t i) { out->set_interface(i); });
    }
    if (Is(key, "address")) return String(f, p, out->mutable_address());
    if (Is(key, "gateway")) return String(f, p, out->mutable_gateway());
    return absl::OkStatus();
  });
}

absl::Status DecodeIpConfigV020(const JsonValue& v, absl::string_view path,
                                IpConfigV020* out) {
  return ForEachField(v, path, [out](absl::string_view key, const JsonValue& f,
                                     const std::string& p) {
    if (Is(key, "ip")) return String(f, p, out->mutable_ip());
    if (Is(key, "gateway")) return String(f, p, out->mutable_gateway());
    if (Is(key, "routes")) return DecodeRoutes(f, p, out->mutable_routes());
    return absl::OkStatus();
  });
}

absl::Status DecodeAnyResultValue(const JsonValue& v, absl::string_view path,
                                  AnyResult* out) {
  return ForEachField(v, path, [out](absl::string_view key, const JsonValue& f,
                                     const std::string& p) -> absl::Status {
    if (Is(key, "cniVersion", "cni_version")) {
      return String(f, p, out->mutable_cni_version());
    }
    if (Is(key, "interfaces")) {
      return Repeated(f, p, [out](const JsonValue& e, const std::string& ep) {
        return DecodeInterface(e, ep, out->add_interfaces());
      });
    }
    if (Is(key, "ips")) {
      return Repeated(f, p, [out](const JsonValue& e, const std::string& ep) {
        return DecodeIpConfigV040(e, ep, out->add_ips());
      });
    }
    if (Is(key, "routes")) return DecodeRoutes(f, p, out->mutable_routes());
    if (f.IsNull()) return absl::OkStatus();
    if (Is(key, "dns")) return DecodeDns(f, p, out->mutable_dns());
    if (Is(key, "ip4")) return DecodeIpConfigV020(f, p, out->mutable_ip4());
    if (Is(key, "ip6")) return DecodeIpConfigV020(f, p, out->mutable_ip6());
    return absl::OkStatus();
  });
}

absl::Status DecodeNetConfValue(const JsonValue& v, NetConf* out) {
  return ForEachField(v, "", [out](absl::string_view key, const JsonValue& f,
                                   const std::string& p) -> absl::Status {
    if (Is(key, "cniVersion", "cni_version")) {
      return String(f, p, out->mutable_cni_version());
    }
    if (Is(key, "name")) return String(f, p, out->mutable_name());
    if (Is(key, "type")) return String(f, p, out->mutable_type());
    if (f.IsNull()) return absl::OkStatus();
    if (Is(key, "ipam")) {
      Ipam* ipam = out->mutable_ipam();
      return ForEachField(f, p, [ipam](absl::string_view k, const JsonValue& g,
                                       const std::string& q) {
        if (Is(k, "type")) return String(g, q, ipam->mutable_type());
        if (Is(k, "index")) {
          return Index(g, q, [ipam](int64_t i) { ipam->set_index(i); });
        }
        return absl::OkStatus();
      });
    }
    if (Is(key, "args")) {
      Args* args = out->mutable_args();
      return ForEachField(f, p, [args](absl::string_view k, const JsonValue& g,
                                       const std::string& q) -> absl::Status {
        if (!Is(k, "cni") || g.IsNull()) return absl::OkStatus();
        CniArgs* cni = args->mutable_cni();
        return ForEachField(g, q, [cni](absl::string_view k2,
                                        const JsonValue& h,
                                        const std::string& r) {
          if (Is(k2, "index")) {
            return Index(h, r, [cni](int64_t i) { cni->set_index(i); });
          }
          return absl::OkStatus();
        });
      });
    }
    if (Is(key, "prevResult", "prev_result")) {
      return DecodeAnyResultValue(f, p, out->mutable_prev_result());
    }
    return absl::OkStatus();
  });
}

// Past this depth a config is hostile, not clever: no CNI config nests more
// than a handful of levels.
constexpr int kMaxNesting = 100;

// Whether `json` nests objects and arrays more than kMaxNesting deep, in one
// linear pass before any parsing. Brackets inside strings do not count.
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
      if (++depth > kMaxNesting) return true;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return false;
}

// Whether every string and key in `v` is UTF-8. RapidJSON 1.1.0 decodes an
// unpaired low-surrogate escape ("\udc00") into the three bytes of a
// surrogate, which are not (it rejects an unpaired high one). Recursion is
// bounded: Parse() has rejected nesting past kMaxNesting. Found by
// netconf_fuzzer.
bool AllUtf8(const JsonValue& v) {
  if (v.IsString()) {
    return google::protobuf::internal::IsStructurallyValidUTF8(
        v.GetString(), static_cast<int>(v.GetStringLength()));
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

// A parsed document and the pool its values live in. rapidjson's default
// pool takes its first 64 KiB chunk from malloc at once; only the start of it
// is ever written for a config, but malloc then writes the heap's new top
// beyond it, a page of its own, and each page first touched costs a fault
// (about 12 us on the VM bench/README.md describes, more than the whole
// parse). 4 KiB chunks keep a config's values on the pages the rest of the
// heap already uses.
struct ParsedJson {
  static constexpr size_t kPoolChunkBytes = 4096;
  rapidjson::MemoryPoolAllocator<> pool{kPoolChunkBytes};
  rapidjson::Document doc{&pool};
};

// Parses `json` into `doc`: strict RFC 8259 (no comments, NaN or trailing
// commas), UTF-8 validated, iterative so that nesting depth cannot exhaust
// the stack, and one value with nothing but white space after it.
absl::Status Parse(absl::string_view json, rapidjson::Document* doc) {
  if (!google::protobuf::internal::IsStructurallyValidUTF8(
          json.data(), static_cast<int>(json.size()))) {
    return DecodeError("the input is not valid UTF-8");
  }
  // rapidjson's MemoryStream reads a NUL as the end of its input, so the
  // parser would take `{...}\0anything` for `{...}`. No JSON text holds a raw
  // NUL (RFC 8259: it is not white space, and strings escape it).
  const size_t nul = json.find('\0');
  if (nul != absl::string_view::npos) {
    return DecodeError(absl::StrCat("the input has a NUL byte at byte ", nul));
  }
  if (NestedTooDeep(json)) {
    return DecodeError(absl::StrCat("the JSON is nested more than ",
                                    kMaxNesting, " levels deep"));
  }
  constexpr unsigned kFlags =
      rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag;
  doc->Parse<kFlags>(json.data(), json.size());
  if (doc->HasParseError()) {
    const rapidjson::ParseErrorCode code = doc->GetParseError();
    if (code == rapidjson::kParseErrorStringInvalidEncoding) {
      return DecodeError(absl::StrCat("the input is not valid UTF-8 (at byte ",
                                      doc->GetErrorOffset(), ")"));
    }
    return DecodeError(absl::StrCat("not valid JSON at byte ",
                                    doc->GetErrorOffset(), ": ",
                                    rapidjson::GetParseError_En(code)));
  }
  if (!doc->IsObject()) {
    return DecodeError(
        absl::StrCat("expected a JSON object, got ", TypeName(*doc)));
  }
  if (!AllUtf8(*doc)) {
    return DecodeError(
        "the input is not valid UTF-8: an unpaired surrogate escape "
        "(\\udc00 to \\udfff)");
  }
  return absl::OkStatus();
}

// The JSON writer: protobuf's printer's output, byte for byte.
class Writer {
 public:
  std::string Finish() {
    out_.push_back('\n');
    return std::move(out_);
  }

  void Begin(char c) {
    out_.push_back(c);
    first_ = true;
  }
  void End(char c) {
    out_.push_back(c);
    first_ = false;
  }
  void Key(absl::string_view key) {
    Separator();
    out_.push_back('"');
    out_.append(key.data(), key.size());
    out_.append("\":");
    first_ = true;  // the value follows without a comma
  }
  void String(absl::string_view s) {
    Separator();
    out_.push_back('"');
    Escape(s);
    out_.push_back('"');
  }
  void Number(int64_t n) {
    Separator();
    absl::StrAppend(&out_, n);
  }

  // Fields at their default value are left out, as protobuf prints them.
  void StringField(absl::string_view key, const std::string& value) {
    if (value.empty()) return;
    Key(key);
    String(value);
  }
  template <typename Field>
  void StringsField(absl::string_view key, const Field& values) {
    if (values.empty()) return;
    Key(key);
    Begin('[');
    for (const std::string& v : values) String(v);
    End(']');
  }
  template <typename Field, typename Fn>
  void MessagesField(absl::string_view key, const Field& values, Fn write) {
    if (values.empty()) return;
    Key(key);
    Begin('[');
    for (const auto& v : values) {
      Separator();
      write(*this, v);
      first_ = false;
    }
    End(']');
  }

 private:
  void Separator() {
    if (!first_) out_.push_back(',');
    first_ = false;
  }

  // protobuf 3.21's JsonEscaping: the two-character escapes for \b \t \n \f
  // \r " and \\, \u00XX for other control characters and DEL, \u003c and
  // \u003e for < and >, \uXXXX for the code points of EscapedByProtobuf();
  // everything else as is.
  void Escape(absl::string_view s) {
    for (size_t i = 0; i < s.size(); ++i) {
      // Runs of characters written as they are, appended at once: results
      // are almost all of them, and appending byte by byte was half of
      // EncodeJson's instructions (bench/profile.py).
      size_t end = i;
      while (end < s.size() && WrittenAsIs(s[end])) ++end;
      if (end > i) {
        out_.append(s.data() + i, end - i);
        i = end - 1;
        continue;
      }
      const unsigned char c = static_cast<unsigned char>(s[i]);
      switch (c) {
        case '"':
          out_.append("\\\"");
          continue;
        case '\\':
          out_.append("\\\\");
          continue;
        case '\b':
          out_.append("\\b");
          continue;
        case '\t':
          out_.append("\\t");
          continue;
        case '\n':
          out_.append("\\n");
          continue;
        case '\f':
          out_.append("\\f");
          continue;
        case '\r':
          out_.append("\\r");
          continue;
        case '<':
          out_.append("\\u003c");
          continue;
        case '>':
          out_.append("\\u003e");
          continue;
        default:
          break;
      }
      if (c < 0x20 || c == 0x7f) {
        AppendU(c);
        continue;
      }
      uint32_t cp = 0;
      const size_t n = DecodeUtf8(s.substr(i), &cp);
      if (n > 0 && EscapedByProtobuf(cp)) {
        if (cp > 0xffff) {  // as a surrogate pair
          AppendU(0xd800 + ((cp - 0x10000) >> 10));
          AppendU(0xdc00 + (cp & 0x3ff));
        } else {
          AppendU(cp);
        }
        i += n - 1;
        continue;
      }
      out_.push_back(static_cast<char>(c));
    }
  }

  // Printable ASCII but the four characters Escape() rewrites.
  static bool WrittenAsIs(char ch) {
    const unsigned char c = static_cast<unsigned char>(ch);
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '<' &&
           c != '>';
  }

  void AppendU(uint32_t unit) {
    static constexpr char kHex[] = "0123456789abcdef";
    out_.append("\\u");
    for (int shift = 12; shift >= 0; shift -= 4) {
      out_.push_back(kHex[(unit >> shift) & 0xf]);
    }
  }

  // The length of the UTF-8 sequence of two to four bytes at the start of
  // `s`, with its code point in `*cp`; 0 when there is none.
  static size_t DecodeUtf8(absl::string_view s, uint32_t* cp) {
    const unsigned char lead = static_cast<unsigned char>(s[0]);
    const size_t n = lead >= 0xf8   ? 0
                     : lead >= 0xf0 ? 4
                     : lead >= 0xe0 ? 3
                     : lead >= 0xc0 ? 2
                                    : 0;
    if (n == 0 || s.size() < n) return 0;
    *cp = lead & (0x7f >> n);
    for (size_t k = 1; k < n; ++k) {
      const unsigned char b = static_cast<unsigned char>(s[k]);
      if ((b & 0xc0) != 0x80) return 0;
      *cp = *cp << 6 | (b & 0x3f);
    }
    return n;
  }

  // Besides ASCII, protobuf 3.21 escapes the C1 controls and Unicode format
  // characters that JavaScript treats specially (json_escaping.cc,
  // EscapeCodePoint); prev_result_fuzzer found U+070F written as is.
  static bool EscapedByProtobuf(uint32_t cp) {
    switch (cp) {
      case 0x00ad:  // soft hyphen
      case 0x06dd:  // Arabic end of ayah
      case 0x070f:  // Syriac abbreviation mark
      case 0x17b4:  // Khmer vowels inherent Aq and Aa
      case 0x17b5:
      case 0xfeff:  // zero width no-break space
      case 0xfff9:  // interlinear annotation marks
      case 0xfffa:
      case 0xfffb:
      case 0xe0001:  // language tag
        return true;
      default:
        break;
    }
    return (cp >= 0x0080 && cp <= 0x009f) ||    // C1 controls
           (cp >= 0x0600 && cp <= 0x0603) ||    // Arabic signs
           (cp >= 0x200b && cp <= 0x200f) ||    // zero width etc.
           (cp >= 0x2028 && cp <= 0x202e) ||    // separators etc.
           (cp >= 0x2060 && cp <= 0x2064) ||    // invisible operators
           (cp >= 0x206a && cp <= 0x206f) ||    // shaping controls
           (cp >= 0x1d173 && cp <= 0x1d17a) ||  // musical formatting
           (cp >= 0xe0020 && cp <= 0xe007f);    // tag characters
  }

  std::string out_;
  bool first_ = true;
};

void WriteRoute(Writer& w, const Route& r) {
  w.Begin('{');
  w.StringField("dst", r.dst());
  w.StringField("gw", r.gw());
  w.End('}');
}

void WriteDns(Writer& w, const Dns& d) {
  w.Begin('{');
  w.StringsField("nameservers", d.nameservers());
  w.StringField("domain", d.domain());
  w.StringsField("search", d.search());
  w.StringsField("options", d.options());
  w.End('}');
}

void WriteInterface(Writer& w, const Interface& i) {
  w.Begin('{');
  w.StringField("name", i.name());
  w.StringField("mac", i.mac());
  w.StringField("sandbox", i.sandbox());
  w.End('}');
}

void WriteIpConfigV020(Writer& w, const IpConfigV020& ip) {
  w.Begin('{');
  w.StringField("ip", ip.ip());
  w.StringField("gateway", ip.gateway());
  w.MessagesField("routes", ip.routes(), WriteRoute);
  w.End('}');
}

}  // namespace

absl::StatusOr<NetConf> DecodeNetConf(absl::string_view json) {
  ParsedJson parsed;
  rapidjson::Document& doc = parsed.doc;
  INDEX2IP_RETURN_IF_ERROR(Parse(json, &doc));
  NetConf conf;
  INDEX2IP_RETURN_IF_ERROR(DecodeNetConfValue(doc, &conf));
  return conf;
}

absl::StatusOr<AnyResult> DecodeAnyResult(absl::string_view json) {
  ParsedJson parsed;
  rapidjson::Document& doc = parsed.doc;
  INDEX2IP_RETURN_IF_ERROR(Parse(json, &doc));
  AnyResult result;
  INDEX2IP_RETURN_IF_ERROR(DecodeAnyResultValue(doc, "", &result));
  return result;
}

absl::StatusOr<std::string> DecodeCniVersion(absl::string_view json) {
  ParsedJson parsed;
  rapidjson::Document& doc = parsed.doc;
  INDEX2IP_RETURN_IF_ERROR(Parse(json, &doc));
  const auto it = doc.FindMember("cniVersion");
  if (it == doc.MemberEnd() || !it->value.IsString()) {
    return DecodeError("'cniVersion' is not a string");
  }
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

std::string EncodeJson(const Result& m) {
  Writer w;
  w.Begin('{');
  w.StringField("cniVersion", m.cni_version());
  w.MessagesField("interfaces", m.interfaces(), WriteInterface);
  w.MessagesField("ips", m.ips(), [](Writer& iw, const IpConfig& ip) {
    iw.Begin('{');
    iw.StringField("address", ip.address());
    iw.StringField("gateway", ip.gateway());
    if (ip.has_interface()) {
      iw.Key("interface");
      iw.Number(ip.interface());
    }
    iw.End('}');
  });
  w.MessagesField("routes", m.routes(), WriteRoute);
  if (m.has_dns()) {
    w.Key("dns");
    WriteDns(w, m.dns());
  }
  w.End('}');
  return w.Finish();
}

std::string EncodeJson(const ResultV040& m) {
  Writer w;
  w.Begin('{');
  w.StringField("cniVersion", m.cni_version());
  w.MessagesField("interfaces", m.interfaces(), WriteInterface);
  w.MessagesField("ips", m.ips(), [](Writer& iw, const IpConfigV040& ip) {
    iw.Begin('{');
    iw.StringField("version", ip.version());
    if (ip.has_interface()) {
      iw.Key("interface");
      iw.Number(ip.interface());
    }
    iw.StringField("address", ip.address());
    iw.StringField("gateway", ip.gateway());
    iw.End('}');
  });
  w.MessagesField("routes", m.routes(), WriteRoute);
  if (m.has_dns()) {
    w.Key("dns");
    WriteDns(w, m.dns());
  }
  w.End('}');
  return w.Finish();
}

std::string EncodeJson(const ResultV020& m) {
  Writer w;
  w.Begin('{');
  w.StringField("cniVersion", m.cni_version());
  if (m.has_ip4()) {
    w.Key("ip4");
    WriteIpConfigV020(w, m.ip4());
  }
  if (m.has_ip6()) {
    w.Key("ip6");
    WriteIpConfigV020(w, m.ip6());
  }
  if (m.has_dns()) {
    w.Key("dns");
    WriteDns(w, m.dns());
  }
  w.End('}');
  return w.Finish();
}

std::string EncodeJson(const Error& m) {
  Writer w;
  w.Begin('{');
  w.StringField("cniVersion", m.cni_version());
  if (m.code() != 0) {
    w.Key("code");
    w.Number(m.code());
  }
  w.StringField("msg", m.msg());
  w.StringField("details", m.details());
  w.End('}');
  return w.Finish();
}

std::string EncodeJson(const VersionInfo& m) {
  Writer w;
  w.Begin('{');
  w.StringField("cniVersion", m.cni_version());
  w.StringsField("supportedVersions", m.supported_versions());
  w.End('}');
  return w.Finish();
}

}  // namespace cni
}  // namespace index2ip
