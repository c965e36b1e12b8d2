#include "base/quote.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace index2ip {

std::string QuoteForMessage(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) {
    return absl::StrCat("'", absl::CHexEscape(text), "'");
  }
  return absl::StrCat("'", absl::CHexEscape(text.substr(0, max_bytes)),
                      "'...");
}

}  // namespace index2ip
