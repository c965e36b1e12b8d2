#include "base/quote.h"

#include <cstdint>

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

// The length of the valid UTF-8 sequence at the start of `s` (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), with its code
// point in `*cp`; 0 when the first byte does not start one.
size_t DecodeUtf8(absl::string_view s, uint32_t* cp) {
  const unsigned char lead = static_cast<unsigned char>(s[0]);
  size_t n = 0;
  uint32_t min = 0;
  if (lead >= 0xc2 && lead <= 0xdf) {
    n = 2, min = 0x80, *cp = lead & 0x1f;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    n = 3, min = 0x800, *cp = lead & 0x0f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    n = 4, min = 0x10000, *cp = lead & 0x07;
  } else {
    return 0;
  }
  if (s.size() < n) return 0;
  for (size_t k = 1; k < n; ++k) {
    const unsigned char b = static_cast<unsigned char>(s[k]);
    if ((b & 0xc0) != 0x80) return 0;
    *cp = *cp << 6 | (b & 0x3f);
  }
  if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff)) {
    return 0;
  }
  return n;
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
    const size_t n = DecodeUtf8(text.substr(i), &cp);
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
  const size_t used = AppendEscaped(text, kQuoteMaxBytes, /*quoted=*/true, &out);
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
