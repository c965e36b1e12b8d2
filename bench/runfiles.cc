#include "bench/runfiles.h"

#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace index2ip {
namespace bench {
namespace {

// A file every benchmark reads; its presence marks the right directory.
constexpr char kMarker[] = "testdata/cmdlines/mlab4_lga0t.txt";

std::string Absolute(const std::string& path) {
  char resolved[PATH_MAX];
  if (realpath(path.c_str(), resolved) == nullptr) return path;
  return resolved;
}

}  // namespace

absl::StatusOr<std::string> RunfilesRoot(const char* argv0) {
  std::vector<std::string> candidates;
  for (const char* var : {"RUNFILES_DIR", "TEST_SRCDIR"}) {
    const char* dir = getenv(var);
    if (dir != nullptr && *dir != '\0') {
      candidates.push_back(absl::StrCat(dir, "/index2ip"));
    }
  }
  if (argv0 != nullptr && *argv0 != '\0') {
    candidates.push_back(absl::StrCat(argv0, ".runfiles/index2ip"));
  }
  char exe[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    candidates.push_back(absl::StrCat(exe, ".runfiles/index2ip"));
  }
  candidates.push_back(".");
  for (const std::string& dir : candidates) {
    if (access(absl::StrCat(dir, "/", kMarker).c_str(), R_OK) == 0) {
      return Absolute(dir);
    }
  }
  return absl::NotFoundError(
      absl::StrCat("no runfiles tree with ", kMarker,
                   " in: ", absl::StrJoin(candidates, ", "),
                   " (run with `bazel run -c opt //bench:...`)"));
}

absl::StatusOr<std::string> ReadRunfile(absl::string_view root,
                                        absl::string_view relative) {
  const std::string path = absl::StrCat(root, "/", relative);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("cannot read ", path, " (a missing data dependency?)"));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace bench
}  // namespace index2ip
