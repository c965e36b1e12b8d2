// The files a test or a benchmark depends on (`data` in BUILD), found
// through Bazel's own runfiles library (@bazel_tools//tools/cpp/runfiles),
// which handles `bazel test`, `bazel run` and a binary started by hand from
// bazel-bin/, with a manifest or a directory. The one helper for C++ tests
// and benchmarks; Python's is @bazel_tools//tools/python/runfiles.
//
// Example (a test):
//   std::string cmdline = ReadTestData("cmdlines/mlab4_lga0t.txt");
// Example (a benchmark's main):
//   InitRunfiles(argv[0]);
//   std::string plugin = RunfilePath("index2ip/plugin");

#ifndef TESTDATA_RUNFILES_H_
#define TESTDATA_RUNFILES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace index2ip {

// For a binary that is not a test: finds its runfiles from argv[0]. Tests
// need not call it (their environment says where the runfiles are).
// Error: NotFound with the runfiles library's reason.
absl::Status InitRunfiles(const char* argv0);

// The path of workspace-relative `relative` ("index2ip/plugin"). Aborts
// with a message when there are no runfiles.
std::string RunfilePath(absl::string_view relative);

// Its contents. Error: NotFound naming the path.
absl::StatusOr<std::string> ReadRunfile(absl::string_view relative);

// testdata/<relative>'s path, and its contents; ReadTestData aborts the test
// binary with a message when the file cannot be read (a missing `data`
// dependency in BUILD).
std::string TestDataPath(absl::string_view relative);
std::string ReadTestData(absl::string_view relative);

}  // namespace index2ip

#endif  // TESTDATA_RUNFILES_H_
