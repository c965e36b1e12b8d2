// Untrusted text, quoted for an error message or a log line: the one rule.
//
// Messages name the value that was wrong, but the value comes from a pod
// author, another plugin or a runtime: it may be megabytes long, hold
// control bytes that split or recolour a log line, bidi controls that
// reorder what a reader sees, or invalid UTF-8. Quoted, it is one short,
// printable, unambiguous piece of one line:
//
//   - between single quotes; `'` and `\` inside are escaped as \' and \\;
//   - C0 controls as \n, \r, \t or \xNN, DEL as \x7f;
//   - C1 controls (U+0080..U+009F, U+0085 NEXT LINE among them), the line
//     and paragraph separators U+2028/U+2029 and the bidi controls (U+061C,
//     U+200E, U+200F, U+202A..U+202E, U+2066..U+2069) as \uXXXX;
//   - each byte that is not part of valid UTF-8 as \xNN;
//   - other UTF-8 as it is;
//   - cut after kQuoteMaxBytes bytes of the input (never inside a
//     character), and then followed by "...".
//
// Example:
//   QuoteForMessage("eth\n0");                   // 'eth\n0'
//   QuoteForMessage("caf\xc3\xa9\xff");          // 'café\xff'
//   QuoteForMessage(std::string(500, 'a'));      // 'aaa…a'... (64 a's)

#ifndef BASE_QUOTE_H_
#define BASE_QUOTE_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace index2ip {

// How much of an untrusted value a message shows.
inline constexpr size_t kQuoteMaxBytes = 64;

// `text` quoted and cut as described above. Linear in min(|text|, limit).
std::string QuoteForMessage(absl::string_view text);

// The same escapes, without the quotes, the escaping of ' and \ and the cut:
// for a whole message line whose values are quoted already, so that nothing
// in it can end the line. Linear in |text|.
std::string EscapeForLine(absl::string_view text);

}  // namespace index2ip

#endif  // BASE_QUOTE_H_
