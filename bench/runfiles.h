// Where a benchmark binary finds its data dependencies.
//
// `bazel run` starts a binary in <binary>.runfiles/index2ip, a test runs in
// $TEST_SRCDIR/index2ip, and a binary started by hand from bazel-bin/ has its
// tree next to it. RunfilesRoot tries those places and returns the first that
// holds the workspace's testdata, so paths like "index2ip/plugin" and
// "testdata/configs/..." resolve the same way in each.
//
// Example:
//   absl::StatusOr<std::string> root = RunfilesRoot(argv[0]);
//   absl::StatusOr<std::string> line =
//       ReadRunfile(*root, "testdata/cmdlines/mlab4_lga0t.txt");

#ifndef BENCH_RUNFILES_H_
#define BENCH_RUNFILES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace index2ip {
namespace bench {

// The directory of this workspace in the runfiles tree, as an absolute path.
// Tried in order: $RUNFILES_DIR/index2ip, $TEST_SRCDIR/index2ip,
// <argv0>.runfiles/index2ip, the executable's own <path>.runfiles/index2ip,
// and the current directory. Error: NotFound listing the places tried.
absl::StatusOr<std::string> RunfilesRoot(const char* argv0);

// The contents of <root>/<relative>. Error: NotFound naming the path.
absl::StatusOr<std::string> ReadRunfile(absl::string_view root,
                                        absl::string_view relative);

}  // namespace bench
}  // namespace index2ip

#endif  // BENCH_RUNFILES_H_
