// Where a benchmark binary finds its data dependencies: Bazel's own runfiles
// library (@bazel_tools//tools/cpp/runfiles), which handles `bazel run`,
// `bazel test` and a binary started by hand from bazel-bin/, with a manifest
// or a directory, plus this workspace's name and a reader.
//
// Example:
//   absl::StatusOr<Runfiles> files = OpenRunfiles(argv[0]);
//   std::string plugin = files->Path("index2ip/plugin");
//   absl::StatusOr<std::string> line =
//       files->Read("testdata/cmdlines/mlab4_lga0t.txt");

#ifndef BENCH_RUNFILES_H_
#define BENCH_RUNFILES_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tools/cpp/runfiles/runfiles.h"

namespace index2ip {
namespace bench {

class Runfiles {
 public:
  // The path of workspace-relative `relative` ("index2ip/plugin").
  std::string Path(absl::string_view relative) const;
  // Its contents. Error: NotFound naming the path.
  absl::StatusOr<std::string> Read(absl::string_view relative) const;

 private:
  friend absl::StatusOr<Runfiles> OpenRunfiles(const char* argv0);
  std::shared_ptr<bazel::tools::cpp::runfiles::Runfiles> runfiles_;
};

// This binary's runfiles. Error: NotFound with the runfiles library's reason.
absl::StatusOr<Runfiles> OpenRunfiles(const char* argv0);

}  // namespace bench
}  // namespace index2ip

#endif  // BENCH_RUNFILES_H_
