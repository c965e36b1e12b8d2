#include "json/writer.h"

namespace index2ip {
namespace json {
namespace {

// Printable ASCII but the four characters Escape() rewrites.
bool WrittenAsIs(char ch) {
  const unsigned char c = static_cast<unsigned char>(ch);
  return c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '<' && c != '>';
}

// The length of the UTF-8 sequence of two to four bytes at the start of
// `s`, with its code point in `*cp`; 0 when there is none.
size_t DecodeUtf8(absl::string_view s, uint32_t* cp) {
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
bool EscapedByProtobuf(uint32_t cp) {
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

}  // namespace

void Writer::AppendU(uint32_t unit) {
  static constexpr char kHex[] = "0123456789abcdef";
  out_.append("\\u");
  for (int shift = 12; shift >= 0; shift -= 4) {
    out_.push_back(kHex[(unit >> shift) & 0xf]);
  }
}

// protobuf 3.21's JsonEscaping: the two-character escapes for \b \t \n \f
// \r " and \\, \u00XX for other control characters and DEL, \u003c and
// \u003e for < and >, \uXXXX for the code points of EscapedByProtobuf();
// everything else as is.
void Writer::Escape(absl::string_view s) {
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

}  // namespace json
}  // namespace index2ip
