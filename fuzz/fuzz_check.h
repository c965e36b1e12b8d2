// Always-on property checks for fuzz targets.
//
// A fuzz target states what must hold for every input and aborts when it
// does not: libFuzzer (and the replay test) see the abort as a crash and keep
// the input. GoogleTest's EXPECT_* would only record a failure and go on, and
// assert() vanishes under NDEBUG, so neither is used (re2:
// re2/fuzzing/re2_fuzzer.cc checks the same way).
//
// Example:
//   absl::StatusOr<IpAddress> back = ParseIpAddress(a.ToString());
//   INDEX2IP_FUZZ_CHECK(back.ok() && *back == a,
//                       absl::StrCat("'", a.ToString(), "' does not parse
//                       back"));
//
// The message is built only when the check fails.

#ifndef FUZZ_FUZZ_CHECK_H_
#define FUZZ_FUZZ_CHECK_H_

#include <string>

#include "absl/strings/string_view.h"

namespace index2ip {
namespace fuzz {

// Prints "FUZZ CHECK FAILED at file:line: condition: message" to stderr and
// aborts. Never returns.
[[noreturn]] void CheckFailed(const char* file, int line, const char* condition,
                              absl::string_view message);

}  // namespace fuzz
}  // namespace index2ip

// Aborts with `message` (anything convertible to absl::string_view, evaluated
// only on failure) when `condition` is false. Active in every build mode.
#define INDEX2IP_FUZZ_CHECK(condition, message)                     \
  do {                                                              \
    if (!(condition)) {                                             \
      ::index2ip::fuzz::CheckFailed(__FILE__, __LINE__, #condition, \
                                    (message));                     \
    }                                                               \
  } while (false)

#endif  // FUZZ_FUZZ_CHECK_H_
