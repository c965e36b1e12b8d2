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

namespace index2ip {
namespace claim_files {
namespace {

std::string PathOf(absl::string_view dir, absl::string_view name) {
  return absl::StrCat(dir, "/", name);
}

bool WriteAndSync(int fd, absl::string_view text) {
  return write(fd, text.data(), text.size()) ==
             static_cast<ssize_t>(text.size()) &&
         fsync(fd) == 0;
}

}  // namespace

absl::Status IoError(absl::string_view what, const std::string& path,
                     int err) {
  return cni::MakeError(
      cni::ErrorCode::kIoFailure, "claims store unusable",
      absl::StrCat(what, " ", QuoteForMessage(path), ": ", std::strerror(err),
                   " (ipam.dataDir; every network of a node must use the same "
                   "one)"));
}

int OpenDir(const std::string& dir) {
  return open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

// A claim file's text, read into a buffer on the stack: a 4 KiB string on
// the heap was a fresh page, and each costs a fault on ADD's path.
absl::StatusOr<std::string> ReadSmallFile(int dirfd, absl::string_view dir,
                                          const std::string& name) {
  const int fd = openat(dirfd, name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return IoError("open", PathOf(dir, name), errno);
  char buf[kMaxClaimBytes + 1];
  size_t used = 0;
  while (used < sizeof buf) {
    const ssize_t n = read(fd, buf + used, sizeof buf - used);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      close(fd);
      return IoError("read", PathOf(dir, name), err);
    }
    used += static_cast<size_t>(n);
  }
  close(fd);
  return std::string(buf, used);
}

// With getdents64(2) and a buffer on the stack: opendir's own is 32 KiB of
// heap, pages that each cost a fault on ADD's path (bench/README.md).
void ListDir(int dirfd, std::vector<std::string>* claims,
             std::vector<std::string>* temps) {
  alignas(8) char buf[2048];
  for (;;) {
    const ssize_t n = getdents64(dirfd, buf, sizeof buf);
    if (n <= 0) break;
    for (ssize_t off = 0; off < n;) {
      const auto* e = reinterpret_cast<const struct dirent64*>(buf + off);
      const absl::string_view name = e->d_name;
      if (absl::StartsWith(name, kTempPrefix)) {
        temps->emplace_back(name);
      } else if (!name.empty() && name[0] != '.') {  // ., ..
        claims->emplace_back(name);
      }
      off += e->d_reclen;
    }
  }
  std::sort(claims->begin(), claims->end());
}

absl::Status Publish(int dirfd, absl::string_view dir, const std::string& name,
                     absl::string_view text, bool replace) {
  if (replace) return PublishNamed(dirfd, dir, name, text, true);
  // Two calls fewer than a named temporary (its name's getpid, its unlink),
  // and a killed process leaves nothing to sweep: bench/README.md, round 5.
  const int fd = openat(dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  // EOPNOTSUPP (or EISDIR before Linux 3.11): the filesystem cannot.
  if (fd < 0) return PublishNamed(dirfd, dir, name, text, false);
  if (!WriteAndSync(fd, text)) {
    const int err = errno;
    close(fd);
    return IoError("cannot write a claim", PathOf(dir, name), err);
  }
  const bool linked =
      linkat(fd, "", dirfd, name.c_str(), AT_EMPTY_PATH) == 0;
  const int err = errno;
  close(fd);
  if (linked) return absl::OkStatus();
  if (err == EEXIST) {
    return IoError("cannot publish a claim", PathOf(dir, name), err);
  }
  // Before Linux 6.10, AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH (ENOENT
  // without it); the unnamed file is already gone with its descriptor.
  return PublishNamed(dirfd, dir, name, text, false);
}

absl::Status PublishNamed(int dirfd, absl::string_view dir,
                          const std::string& name, absl::string_view text,
                          bool replace) {
  const std::string temp = absl::StrCat(kTempPrefix, getpid(), ".", name);
  const int fd =
      openat(dirfd, temp.c_str(),
             O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return IoError("cannot write a claim", PathOf(dir, temp), errno);
  const bool written = WriteAndSync(fd, text);
  int err = errno;
  close(fd);
  bool published = false;
  if (written) {
    published = replace ? renameat(dirfd, temp.c_str(), dirfd, name.c_str()) == 0
                        : linkat(dirfd, temp.c_str(), dirfd, name.c_str(), 0) == 0;
    err = errno;
  }
  if (!replace || !published) unlinkat(dirfd, temp.c_str(), 0);
  if (!written) return IoError("cannot write a claim", PathOf(dir, temp), err);
  if (!published) {
    return IoError("cannot publish a claim", PathOf(dir, name), err);
  }
  return absl::OkStatus();
}

}  // namespace claim_files
}  // namespace index2ip
