// The claims store's file I/O, apart from its rules (claims.cc): the
// store's directory, opened once and used for the lock, the listing and
// every file through the *at(2) calls; reading a claim file; publishing one
// whole; and the error that names a path. Only the claims library and its
// tests include it.
//
//   const int dir = claim_files::OpenDir("/run/index2ip");   // flock(dir)
//   std::vector<std::string> claims, temps;
//   claim_files::ListDir(dir, &claims, &temps);
//   absl::Status s = claim_files::Publish(dir, "/run/index2ip",
//                                         "4.14.159.117", text, false);
#ifndef INDEX2IP_CLAIM_FILES_H_
#define INDEX2IP_CLAIM_FILES_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace index2ip {

// A claim file's largest text. A claim is a few hundred bytes; more is not
// one, and FormatClaim (claims.h) refuses to write what ParseClaim would
// refuse to read.
inline constexpr size_t kMaxClaimBytes = 4096;

namespace claim_files {

// Named temporary files, written and then linked or renamed to a claim's
// name (replacing a claim, or where O_TMPFILE cannot be used).
inline constexpr absl::string_view kTempPrefix = ".tmp.";

// Code 5, "claims store unusable": `what` on `path` failed with errno `err`.
absl::Status IoError(absl::string_view what, const std::string& path, int err);

// `dir` opened as a directory (O_DIRECTORY, close-on-exec); -1 with errno.
int OpenDir(const std::string& dir);

// At most kMaxClaimBytes + 1 bytes of `name` in directory `dirfd` (more
// means not a claim); never follows a symbolic link. `dir` is the
// directory's path, for errors.
absl::StatusOr<std::string> ReadSmallFile(int dirfd, absl::string_view dir,
                                          const std::string& name);

// The claims in directory `dirfd` (sorted) and its temporary files, read
// from the directory's current position; nothing when it cannot be read.
void ListDir(int dirfd, std::vector<std::string>* claims,
             std::vector<std::string>* temps);

// Publishes `text` as `name` in `dirfd`, whole: written and synced before
// it has a name, so a reader sees the old claim or the new one and a crash
// leaves nothing torn. A new claim (`replace` false) is an O_TMPFILE file
// linked into place, which fails when `name` exists and leaves nothing to
// sweep if the process dies; where the filesystem or kernel cannot do that,
// and when replacing, it is PublishNamed.
absl::Status Publish(int dirfd, absl::string_view dir, const std::string& name,
                     absl::string_view text, bool replace);

// The same through a named temporary file (kTempPrefix, the pid, `name`):
// link(2)ed into place when new, rename(2)d over the old claim when
// replacing. A temporary a killed process leaves is swept by the next
// store that takes the lock.
absl::Status PublishNamed(int dirfd, absl::string_view dir,
                          const std::string& name, absl::string_view text,
                          bool replace);

}  // namespace claim_files
}  // namespace index2ip

#endif  // INDEX2IP_CLAIM_FILES_H_
