// The claims store's file I/O, apart from its rules (claims.cc): reading a
// claim file, listing the directory, and the error that names a path. Only
// the claims library includes it.
//
//   std::vector<std::string> claims, temps;
//   claim_files::ListDir("/run/index2ip", &claims, &temps);
//   absl::StatusOr<std::string> text =
//       claim_files::ReadSmallFile("/run/index2ip/4.14.159.117");
#ifndef INDEX2IP_CLAIM_FILES_H_
#define INDEX2IP_CLAIM_FILES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace index2ip {
namespace claim_files {

// Temporary files, written and then linked or renamed to a claim's name.
inline constexpr absl::string_view kTempPrefix = ".tmp.";

// Code 5, "claims store unusable": `what` on `path` failed with errno `err`.
absl::Status IoError(absl::string_view what, const std::string& path, int err);

// At most kMaxClaimBytes + 1 bytes of `path` (more means not a claim);
// never follows a symbolic link.
absl::StatusOr<std::string> ReadSmallFile(const std::string& path);

// The claims in `dir` (sorted) and its temporary files; nothing when it
// cannot be read.
void ListDir(const std::string& dir, std::vector<std::string>* claims,
             std::vector<std::string>* temps);

}  // namespace claim_files
}  // namespace index2ip

#endif  // INDEX2IP_CLAIM_FILES_H_
