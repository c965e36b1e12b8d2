#include "testdata/runfiles.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tools/cpp/runfiles/runfiles.h"

namespace index2ip {
namespace {

using bazel::tools::cpp::runfiles::Runfiles;

// The process's runfiles: found once, by InitRunfiles or on first use.
std::unique_ptr<Runfiles>& Found() {
  static auto* const found = new std::unique_ptr<Runfiles>();
  return *found;
}

const Runfiles& Get() {
  std::unique_ptr<Runfiles>& found = Found();
  if (found == nullptr) {
    std::string error;
    found.reset(Runfiles::CreateForTest(&error));
    if (found == nullptr) {
      std::fprintf(stderr, "no runfiles: %s\n", error.c_str());
      std::abort();
    }
  }
  return *found;
}

}  // namespace

absl::Status InitRunfiles(const char* argv0) {
  std::string error;
  Runfiles* created = Runfiles::Create(argv0, &error);
  if (created == nullptr) {
    return absl::NotFoundError(absl::StrCat("no runfiles: ", error));
  }
  Found().reset(created);
  return absl::OkStatus();
}

std::string RunfilePath(absl::string_view relative) {
  return Get().Rlocation(absl::StrCat("index2ip/", relative));
}

absl::StatusOr<std::string> ReadRunfile(absl::string_view relative) {
  const std::string path = RunfilePath(relative);
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string TestDataPath(absl::string_view relative) {
  return RunfilePath(absl::StrCat("testdata/", relative));
}

std::string ReadTestData(absl::string_view relative) {
  absl::StatusOr<std::string> text =
      ReadRunfile(absl::StrCat("testdata/", relative));
  if (!text.ok()) {
    std::fprintf(stderr, "test data: %s\n",
                 std::string(text.status().message()).c_str());
    std::abort();
  }
  return *std::move(text);
}

}  // namespace index2ip
