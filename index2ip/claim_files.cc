// The claims store's file I/O (claim_files.h).
#include "index2ip/claim_files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "base/quote.h"
#include "base/status_macros.h"
#include "cni/error.h"

namespace index2ip {
namespace claim_files {
namespace {

std::string PathOf(absl::string_view dir, absl::string_view name) {
  return absl::StrCat(dir, "/", name);
}

// `name` made new in `dirfd` (never someone else's file opened) holding
// `text`, synced; when the write or sync fails, removed again.
absl::Status CreateSynced(int dirfd, absl::string_view dir,
                          const std::string& name, absl::string_view text) {
  const int fd =
      openat(dirfd, name.c_str(),
             O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return IoError("cannot write a claim", PathOf(dir, name), errno);
  const bool written = write(fd, text.data(), text.size()) ==
                           static_cast<ssize_t>(text.size()) &&
                       fsync(fd) == 0;
  const int err = errno;
  close(fd);
  if (written) return absl::OkStatus();
  unlinkat(dirfd, name.c_str(), 0);
  return IoError("cannot write a claim", PathOf(dir, name), err);
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

std::string OwnerKey(absl::string_view container_id,
                     absl::string_view ifname) {
  uint64_t h = 0xcbf29ce484222325u;  // FNV-1a's offset basis and prime
  const auto add = [&h](absl::string_view text) {
    for (const char c : text) {
      h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3u;
    }
  };
  add(container_id);
  add(absl::string_view("\0", 1));
  add(ifname);
  return absl::StrCat(absl::Hex(h, absl::kZeroPad16));
}

std::string OwnName(absl::string_view key, absl::string_view address) {
  return absl::StrCat(kOwnPrefix, key, ".", address);
}

absl::optional<OwnEntry> ParseOwnName(absl::string_view name) {
  constexpr size_t kKey = 16;
  if (!absl::ConsumePrefix(&name, kOwnPrefix) || name.size() < kKey + 2 ||
      name[kKey] != '.') {
    return absl::nullopt;
  }
  const absl::string_view key = name.substr(0, kKey);
  for (const char c : key) {
    if (!absl::ascii_isxdigit(c) || absl::ascii_isupper(c)) return absl::nullopt;
  }
  return OwnEntry{key, name.substr(kKey + 1)};
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
Listing ListDir(int dirfd) {
  Listing out;
  alignas(8) char buf[2048];
  for (;;) {
    const ssize_t n = getdents64(dirfd, buf, sizeof buf);
    if (n <= 0) break;
    for (ssize_t off = 0; off < n;) {
      const auto* e = reinterpret_cast<const struct dirent64*>(buf + off);
      const absl::string_view name = e->d_name;
      if (absl::StartsWith(name, kTempPrefix)) {
        out.temps.emplace_back(name);
      } else if (absl::StartsWith(name, kOwnPrefix)) {
        out.owns.emplace_back(name);
      } else if (!name.empty() && name[0] != '.') {  // ., .., .lock
        out.claims.emplace_back(name);
      }
      off += e->d_reclen;
    }
  }
  std::sort(out.claims.begin(), out.claims.end());
  std::sort(out.owns.begin(), out.owns.end());
  return out;
}

absl::Status PublishNew(int dirfd, absl::string_view dir,
                        const std::string& name, const std::string& own,
                        absl::string_view text) {
  INDEX2IP_RETURN_IF_ERROR(CreateSynced(dirfd, dir, own, text));
  if (linkat(dirfd, own.c_str(), dirfd, name.c_str(), 0) != 0) {
    const int err = errno;
    unlinkat(dirfd, own.c_str(), 0);
    return IoError("cannot publish a claim", PathOf(dir, name), err);
  }
  return absl::OkStatus();
}

absl::Status PublishReplacing(int dirfd, absl::string_view dir,
                              const std::string& name, const std::string& own,
                              bool link_own, absl::string_view text) {
  const std::string temp = absl::StrCat(kTempPrefix, getpid(), ".", name);
  INDEX2IP_RETURN_IF_ERROR(CreateSynced(dirfd, dir, temp, text));
  if (link_own && linkat(dirfd, temp.c_str(), dirfd, own.c_str(), 0) != 0) {
    const int err = errno;
    unlinkat(dirfd, temp.c_str(), 0);
    return IoError("cannot publish a claim", PathOf(dir, own), err);
  }
  if (renameat(dirfd, temp.c_str(), dirfd, name.c_str()) != 0) {
    const int err = errno;
    unlinkat(dirfd, temp.c_str(), 0);
    if (link_own) unlinkat(dirfd, own.c_str(), 0);
    return IoError("cannot publish a claim", PathOf(dir, name), err);
  }
  return absl::OkStatus();
}

}  // namespace claim_files
}  // namespace index2ip
