// UTF-8, strictly (RFC 3629): the one decoder the project's checks and
// escapes share.
//
// Example:
//   uint32_t cp;
//   DecodeUtf8Char("\xc2\xa0x", &cp);   // 2, cp == 0xa0
//   DecodeUtf8Char("\xc0\xaf", &cp);    // 0: an overlong form
//   IsValidUtf8("eth\xff");             // false

#ifndef BASE_UTF8_H_
#define BASE_UTF8_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"

namespace index2ip {

// The length (1 to 4) of the valid UTF-8 character at the start of `s`, with
// its code point in `*cp`; 0 when `s` is empty or does not start with one
// (no overlong forms, no surrogates, nothing above U+10FFFF).
size_t DecodeUtf8Char(absl::string_view s, uint32_t* cp);

// Whether all of `s` is valid UTF-8. Linear.
bool IsValidUtf8(absl::string_view s);

// Whether Go's unicode.IsSpace reports `cp`: the ASCII white space, U+0085,
// U+00A0 and the Unicode space separators (category Z).
bool IsUnicodeSpace(uint32_t cp);

}  // namespace index2ip

#endif  // BASE_UTF8_H_
