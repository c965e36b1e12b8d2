// The claims store's file I/O, apart from its rules (claims.cc): the
// store's directory, opened once and used for the lock, the listing and
// every file through the *at(2) calls; reading a claim file; publishing one
// whole; and the error that names a path. Only the claims library and its
// tests include it.
//
//   const int dir = claim_files::OpenDir("/run/index2ip");   // flock(dir)
//   claim_files::Listing names = claim_files::ListDir(dir);
//   absl::Status s = claim_files::PublishNew(
//       dir, "/run/index2ip", "4.14.159.117",
//       ".own.6c62272e07bb0142.4.14.159.117", text);
#ifndef INDEX2IP_CLAIM_FILES_H_
#define INDEX2IP_CLAIM_FILES_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace index2ip {

// A claim file's largest text. A claim is a few hundred bytes; more is not
// one, and FormatClaim (claims.h) refuses to write what ParseClaim would
// refuse to read.
inline constexpr size_t kMaxClaimBytes = 4096;

namespace claim_files {

// Code 5, "claims store unusable": `what` on `path` failed with errno `err`.
absl::Status IoError(absl::string_view what, const std::string& path, int err);

// `dir` opened as a directory (O_DIRECTORY, close-on-exec); -1 with errno.
int OpenDir(const std::string& dir);

// At most kMaxClaimBytes + 1 bytes of `name` in directory `dirfd` (more
// means not a claim); never follows a symbolic link. `dir` is the
// directory's path, for errors.
absl::StatusOr<std::string> ReadSmallFile(int dirfd, absl::string_view dir,
                                          const std::string& name);

// Names in the store's directory besides claims: named temporary files,
// and each owner's index entries (claims.cc), both swept under the lock.
inline constexpr absl::string_view kTempPrefix = ".tmp.";
inline constexpr absl::string_view kOwnPrefix = ".own.";

// An owner's index entry for a claim, named kOwnPrefix, the owner's key,
// ".", the address: the listing alone then says which claims an owner may
// hold, so the move of a claim and DEL read only those. The key is 16 hex
// digits of FNV-1a (64 bits) over the container ID, a NUL and the
// interface; an entry is a hint, each confirmed by reading its claim.
//   OwnName(OwnerKey("ctr-a", "net1"), "10.0.0.2")
//     -> ".own.<16 hex digits>.10.0.0.2"
struct OwnEntry {
  absl::string_view key, address;  // within the name parsed
};
std::string OwnerKey(absl::string_view container_id, absl::string_view ifname);
std::string OwnName(absl::string_view key, absl::string_view address);
// The inverse of OwnName, viewing `name` (nothing allocated: a node's
// store holds two dozen entries, all parsed when it is opened); nullopt for
// a name OwnName does not make.
absl::optional<OwnEntry> ParseOwnName(absl::string_view name);

// The names in directory `dirfd`, each kind sorted, read from the
// directory's current position: claims, temporaries (kTempPrefix) and index
// entries (kOwnPrefix); nothing when it cannot be read.
struct Listing {
  std::vector<std::string> claims, temps, owns;
};
Listing ListDir(int dirfd);

// Publishes a new claim `name` in `dirfd`, whole: `own` (the owner's index
// entry for it) is created with `text` and synced, then link(2)ed as `name`,
// which fails when `name` exists. So the entry exists before the claim does,
// and a process killed before the link leaves only the entry, which the
// next store sweeps (its claim is missing).
absl::Status PublishNew(int dirfd, absl::string_view dir,
                        const std::string& name, const std::string& own,
                        absl::string_view text);

// Replaces the claim `name` whole: a named temporary (kTempPrefix, the pid,
// `name`) written and synced, linked as `own` first when `link_own` (the
// new holder's index entry, before the claim is its), then rename(2)d over
// `name`. A temporary a killed process leaves is swept by the next store.
absl::Status PublishReplacing(int dirfd, absl::string_view dir,
                              const std::string& name, const std::string& own,
                              bool link_own, absl::string_view text);

}  // namespace claim_files
}  // namespace index2ip

#endif  // INDEX2IP_CLAIM_FILES_H_
