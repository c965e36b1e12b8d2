#include "base/files.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"

namespace index2ip {
namespace {

absl::Status ErrnoError(absl::string_view what, int err) {
  return absl::DataLossError(absl::StrCat(what, ": ", std::strerror(err)));
}

}  // namespace

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

Fd::~Fd() {
  if (fd_ >= 0) close(fd_);
}

absl::string_view KindOf(mode_t mode) {
  if (S_ISREG(mode)) return "a regular file";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISLNK(mode)) return "a symbolic link";
  if (S_ISSOCK(mode)) return "a socket";
  return "a device";
}

absl::StatusOr<Fd> OpenRegular(int dirfd, const std::string& name, int flags,
                               mode_t mode, struct stat* out) {
  Fd fd(openat(dirfd, name.c_str(), flags | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC,
               mode));
  if (!fd.ok()) {
    if (errno == ENOENT) return absl::NotFoundError("no such file");
    return absl::FailedPreconditionError(errno == ELOOP ? "is a symbolic link"
                                         : errno == EISDIR
                                             ? "is a directory"
                                             : std::strerror(errno));
  }
  struct stat own;
  struct stat& st = out != nullptr ? *out : own;
  if (fstat(fd.get(), &st) != 0) {
    return absl::FailedPreconditionError(std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat("is ", KindOf(st.st_mode), ", not a regular file"));
  }
  return fd;
}

absl::StatusOr<std::string> ReadRegular(int dirfd, const std::string& name,
                                        size_t max_bytes) {
  struct stat st;
  absl::StatusOr<Fd> fd = OpenRegular(dirfd, name, O_RDONLY, 0, &st);
  if (!fd.ok()) return fd.status();
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    return absl::FailedPreconditionError(
        absl::StrCat("is ", st.st_size, " bytes, more than ", max_bytes));
  }
  std::string text(static_cast<size_t>(st.st_size), '\0');
  for (size_t used = 0; used < text.size();) {
    const ssize_t n = read(fd->get(), &text[used], text.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return absl::FailedPreconditionError(std::strerror(errno));
    if (n == 0) {
      return absl::FailedPreconditionError("was cut short while it was read");
    }
    used += static_cast<size_t>(n);
  }
  return text;
}

absl::StatusOr<std::string> ReadFdBounded(int fd, size_t max_bytes) {
  // max_bytes + 1 below must not wrap to 0 (which read nothing at all).
  if (max_bytes == std::numeric_limits<size_t>::max()) --max_bytes;
  std::string out;
  size_t capacity = std::min<size_t>(1024, max_bytes + 1);
  out.resize(capacity);
  size_t used = 0;
  while (used <= max_bytes) {
    if (used == out.size()) {
      capacity = capacity * 2 < max_bytes + 1 ? capacity * 2 : max_bytes + 1;
      out.resize(capacity);
    }
    const ssize_t n = read(fd, &out[used], out.size() - used);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        // A non-blocking descriptor (a runtime's pipe can be one): wait for
        // data or the end, as a blocking read would.
        pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, -1) < 0 && errno != EINTR) {
          return ErrnoError("poll", errno);
        }
        continue;
      }
      return ErrnoError("read", errno);
    }
    used += static_cast<size_t>(n);
  }
  out.resize(used);
  return out;
}

absl::StatusOr<std::string> ReadFileBounded(const char* path,
                                            size_t max_bytes) {
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError(absl::StrCat("open ", path), errno);
  absl::StatusOr<std::string> out = ReadFdBounded(fd, max_bytes);
  close(fd);
  return out;
}

absl::Status WriteAll(int fd, absl::string_view data) {
  while (!data.empty()) {
    const ssize_t n = write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("write", errno);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

}  // namespace index2ip
