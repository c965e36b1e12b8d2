#include "index2ip/cli/flags.h"

#include "absl/strings/str_cat.h"
#include "base/quote.h"

namespace index2ip {

absl::optional<std::string> Flags::Value(absl::string_view name) const {
  const auto it = given_.find(name);
  if (it == given_.end()) return absl::nullopt;
  return it->second;
}

bool Flags::Has(absl::string_view name) const {
  return given_.find(name) != given_.end();
}

absl::StatusOr<Flags> ParseFlags(absl::Span<const std::string> args,
                                 absl::Span<const FlagSpec> specs,
                                 absl::string_view command, size_t max_words) {
  Flags flags;
  for (size_t i = 0; i < args.size(); ++i) {
    absl::string_view arg = args[i];
    if (arg == "-h") arg = "--help";
    if (arg.substr(0, 2) != "--") {
      if (flags.words_.size() == max_words) {
        return absl::InvalidArgumentError(absl::StrCat(
            "unexpected argument ", QuoteForMessage(arg), " for ", command));
      }
      flags.words_.emplace_back(arg);
      continue;
    }
    const size_t eq = arg.find('=');
    const absl::string_view name = arg.substr(0, eq);
    const FlagSpec* spec = nullptr;
    for (const FlagSpec& s : specs) {
      if (s.name == name) spec = &s;
    }
    static constexpr FlagSpec kHelp = {"--help", false};
    if (name == kHelp.name) spec = &kHelp;
    if (spec == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown flag ", QuoteForMessage(name), " for ", command));
    }
    if (flags.Has(name)) {
      return absl::InvalidArgumentError(absl::StrCat(name, " given twice"));
    }
    std::string value;
    if (!spec->takes_value) {
      if (eq != absl::string_view::npos) {
        return absl::InvalidArgumentError(
            absl::StrCat(name, " takes no value"));
      }
    } else if (eq != absl::string_view::npos) {
      value = std::string(arg.substr(eq + 1));
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat(name, " needs a value"));
    }
    flags.given_.emplace(std::string(name), std::move(value));
  }
  return flags;
}

}  // namespace index2ip
