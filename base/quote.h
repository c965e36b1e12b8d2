// Untrusted text, quoted for an error message or a log line.
//
// Messages name the value that was wrong, but the value may be megabytes
// long or hold control bytes and invalid UTF-8; this keeps a message one
// short, printable line.
//
// Example:
//   QuoteForMessage("eth\n0", 64);              // 'eth\n0'
//   QuoteForMessage(std::string(500, 'a'), 8);  // 'aaaaaaaa'...

#ifndef BASE_QUOTE_H_
#define BASE_QUOTE_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace index2ip {

// `text` between single quotes, C-escaped (absl::CHexEscape), cut after
// `max_bytes` bytes and then followed by "...".
std::string QuoteForMessage(absl::string_view text, size_t max_bytes);

}  // namespace index2ip

#endif  // BASE_QUOTE_H_
