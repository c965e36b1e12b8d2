// The claims store's file I/O (claim_files.h).
#include "index2ip/claim_files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/quote.h"
#include "cni/error.h"
#include "index2ip/claims.h"

namespace index2ip {
namespace claim_files {

absl::Status IoError(absl::string_view what, const std::string& path,
                     int err) {
  return cni::MakeError(
      cni::ErrorCode::kIoFailure, "claims store unusable",
      absl::StrCat(what, " ", QuoteForMessage(path), ": ", std::strerror(err),
                   " (ipam.dataDir; every network of a node must use the same "
                   "one)"));
}

// A claim file's text, read into a buffer on the stack: a 4 KiB string on
// the heap was a fresh page, and each costs a fault on ADD's path.
absl::StatusOr<std::string> ReadSmallFile(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return IoError("open", path, errno);
  char buf[kMaxClaimBytes + 1];
  size_t used = 0;
  while (used < sizeof buf) {
    const ssize_t n = read(fd, buf + used, sizeof buf - used);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      close(fd);
      return IoError("read", path, err);
    }
    used += static_cast<size_t>(n);
  }
  close(fd);
  return std::string(buf, used);
}

// The claims (sorted) and the temporary files in `dir`, with getdents64(2)
// and a buffer on the stack: opendir's own is 32 KiB of heap, pages that
// each cost a fault on ADD's path (bench/README.md).
void ListDir(const std::string& dir, std::vector<std::string>* claims,
             std::vector<std::string>* temps) {
  const int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  alignas(8) char buf[2048];
  for (;;) {
    const ssize_t n = getdents64(fd, buf, sizeof buf);
    if (n <= 0) break;
    for (ssize_t off = 0; off < n;) {
      const auto* e = reinterpret_cast<const struct dirent64*>(buf + off);
      const absl::string_view name = e->d_name;
      if (absl::StartsWith(name, kTempPrefix)) {
        temps->emplace_back(name);
      } else if (!name.empty() && name[0] != '.') {  // ., .., .lock
        claims->emplace_back(name);
      }
      off += e->d_reclen;
    }
  }
  close(fd);
  std::sort(claims->begin(), claims->end());
}

}  // namespace claim_files
}  // namespace index2ip
