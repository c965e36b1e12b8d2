#include "index2ip/testdata.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "tools/cpp/runfiles/runfiles.h"

namespace index2ip {

std::string TestDataPath(absl::string_view relative) {
  // Bazel's own runfiles library: the manifest or the directory, whichever
  // this test has.
  std::string error;
  static const bazel::tools::cpp::runfiles::Runfiles* const runfiles =
      bazel::tools::cpp::runfiles::Runfiles::CreateForTest(&error);
  if (runfiles == nullptr) {
    std::fprintf(stderr, "no runfiles: %s\n", error.c_str());
    std::abort();
  }
  return runfiles->Rlocation(absl::StrCat("index2ip/testdata/", relative));
}

std::string ReadTestData(absl::string_view relative) {
  const std::string path = TestDataPath(relative);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read test data %s\n", path.c_str());
    std::abort();
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace index2ip
