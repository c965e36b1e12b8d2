#include "fuzz/fuzz_check.h"

#include <cstdio>
#include <cstdlib>

namespace index2ip {
namespace fuzz {

void CheckFailed(const char* file, int line, const char* condition,
                 absl::string_view message) {
  std::fprintf(stderr, "FUZZ CHECK FAILED at %s:%d: %s: %.*s\n", file, line,
               condition, static_cast<int>(message.size()), message.data());
  std::fflush(stderr);
  std::abort();
}

}  // namespace fuzz
}  // namespace index2ip
