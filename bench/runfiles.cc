#include "bench/runfiles.h"

#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace index2ip {
namespace bench {

std::string Runfiles::Path(absl::string_view relative) const {
  return runfiles_->Rlocation(absl::StrCat("index2ip/", relative));
}

absl::StatusOr<std::string> Runfiles::Read(absl::string_view relative) const {
  const std::string path = Path(relative);
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

absl::StatusOr<Runfiles> OpenRunfiles(const char* argv0) {
  std::string error;
  bazel::tools::cpp::runfiles::Runfiles* found =
      bazel::tools::cpp::runfiles::Runfiles::Create(argv0, &error);
  if (found == nullptr) {
    return absl::NotFoundError(absl::StrCat("no runfiles: ", error));
  }
  Runfiles out;
  out.runfiles_.reset(found);
  return out;
}

}  // namespace bench
}  // namespace index2ip
