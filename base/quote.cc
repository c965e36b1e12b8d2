#include "base/quote.h"

#include <cstdint>

#include "base/utf8.h"

namespace index2ip {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void AppendByteEscape(unsigned char c, std::string* out) {
  out->append("\\x");
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 0xf]);
}

void AppendUnicodeEscape(uint32_t cp, std::string* out) {
  out->append("\\u");
  for (int shift = 12; shift >= 0; shift -= 4) {
    out->push_back(kHex[(cp >> shift) & 0xf]);
  }
}

// Code points that change how a line reads without being seen.
bool IsInvisibleControl(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0x061c || cp == 0x200e || cp == 0x200f ||
         (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

// Appends the escaped form of `text` (with ' and \ escaped when `quoted`),
// stopping before the character that
// would start past `limit` input bytes. Returns the input bytes consumed.
size_t AppendEscaped(absl::string_view text, size_t limit, bool quoted,
                     std::string* out) {
  size_t i = 0;
  while (i < text.size() && i < limit) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f) {
      if (quoted && (c == '\'' || c == '\\')) out->push_back('\\');
      out->push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (c < 0x80) {
      switch (c) {
        case '\n':
          out->append("\\n");
          break;
        case '\r':
          out->append("\\r");
          break;
        case '\t':
          out->append("\\t");
          break;
        default:
          AppendByteEscape(c, out);
      }
      ++i;
      continue;
    }
    uint32_t cp = 0;
    const size_t n = DecodeUtf8Char(text.substr(i), &cp);
    if (n == 0) {
      AppendByteEscape(c, out);
      ++i;
    } else if (IsInvisibleControl(cp)) {
      AppendUnicodeEscape(cp, out);
      i += n;
    } else {
      out->append(text.data() + i, n);
      i += n;
    }
  }
  return i;
}

}  // namespace

std::string QuoteForMessage(absl::string_view text) {
  std::string out = "'";
  const size_t used =
      AppendEscaped(text, kQuoteMaxBytes, /*quoted=*/true, &out);
  out.push_back('\'');
  if (used < text.size()) out.append("...");
  return out;
}

std::string EscapeForLine(absl::string_view text) {
  std::string out;
  AppendEscaped(text, text.size(), /*quoted=*/false, &out);
  return out;
}

}  // namespace index2ip
