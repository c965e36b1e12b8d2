// The binary's flags, for its commands for people (preview, claims): one
// reader of `--name VALUE`, `--name=VALUE`, `--name` for a flag without a
// value, `-h` for `--help`, and the command's words.
//
// Example:
//   const FlagSpec kSpecs[] = {{"--index", true}, {"--all", false}};
//   absl::StatusOr<Flags> f = ParseFlags(args, kSpecs, "preview", 0);
//   f->Value("--index");   // "5" for {"--index", "5"} or {"--index=5"}
//   f->Has("--all");
//   ParseFlags({"--index"}, kSpecs, "preview", 0);  // "--index needs a value"

#ifndef INDEX2IP_CLI_FLAGS_H_
#define INDEX2IP_CLI_FLAGS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"

namespace index2ip {

struct FlagSpec {
  absl::string_view name;  // "--index"
  bool takes_value;
};

class Flags {
 public:
  // The value of a flag that takes one, when given.
  absl::optional<std::string> Value(absl::string_view name) const;
  // Whether a flag was given.
  bool Has(absl::string_view name) const;
  // The arguments that are not flags, in order.
  const std::vector<std::string>& words() const { return words_; }

 private:
  friend absl::StatusOr<Flags> ParseFlags(absl::Span<const std::string>,
                                          absl::Span<const FlagSpec>,
                                          absl::string_view, size_t);
  std::map<std::string, std::string, std::less<>> given_;
  std::vector<std::string> words_;
};

// Reads `args` by `specs` (--help is always known). Errors
// (InvalidArgument, the message for the user, naming `command`): an unknown
// flag, a flag given twice, a missing value, a value given to a flag
// without one, more than `max_words` words.
absl::StatusOr<Flags> ParseFlags(absl::Span<const std::string> args,
                                 absl::Span<const FlagSpec> specs,
                                 absl::string_view command, size_t max_words);

}  // namespace index2ip

#endif  // INDEX2IP_CLI_FLAGS_H_
