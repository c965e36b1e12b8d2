// Files as this project reads and writes them: descriptors that close
// themselves, reads that are bounded and writes that are whole, both
// retried; and regular files opened so that nothing blocks and no symbolic
// link is followed, for the files a config names (the claims store, the
// log): a FIFO, a device or a link where a file should be is named, never
// waited on or written through.
//
// Example:
//   absl::StatusOr<Fd> log = OpenRegular(AT_FDCWD, "/var/log/index2ip.log",
//                                        O_WRONLY | O_APPEND | O_CREAT);
//   if (log.ok()) absl::Status s = WriteAll(log->get(), "one line\n");
//   OpenRegular(dirfd, "claims.pb", O_RDONLY);  // a FIFO: "is a FIFO"

#ifndef BASE_FILES_H_
#define BASE_FILES_H_

#include <sys/stat.h>
#include <sys/types.h>

#include <cstddef>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace index2ip {

// A file descriptor, closed when it goes.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd();

  int get() const { return fd_; }
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

// Opens `name` in directory `dirfd` (AT_FDCWD, or an open directory) with
// `flags` and O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC, and checks with fstat(2)
// that it is a regular file. Errors: NotFound when there is no such name
// (and no O_CREAT); FailedPrecondition saying what it is instead ("is a
// FIFO", "is a symbolic link", ...) or why it cannot be opened (errno's
// text: a FIFO without a reader, opened for writing, is ENXIO).
// `st`, when given, gets the file's fstat.
absl::StatusOr<Fd> OpenRegular(int dirfd, const std::string& name, int flags,
                               mode_t mode = 0600, struct stat* st = nullptr);

// The text of regular file `name` in `dirfd` (opened as OpenRegular opens
// it): as many bytes as fstat says it has, in one buffer, for files that are
// replaced whole rather than written in place. Errors: those of OpenRegular;
// FailedPrecondition when it is larger than `max_bytes` or cannot be read.
absl::StatusOr<std::string> ReadRegular(int dirfd, const std::string& name,
                                        size_t max_bytes);

// What mode `mode` is, for messages: "a FIFO", "a directory", ...
absl::string_view KindOf(mode_t mode);

// Reads `fd` to its end or until more than `max_bytes` bytes were read,
// whichever is first, so the result is at most `max_bytes` + 1 bytes long.
// The buffer starts at 1 KiB and doubles: every heap page first written
// costs a page fault, and a config is a few hundred bytes.
// Retries on EINTR, and waits in poll(2) when a non-blocking `fd` has no
// data yet. Error: DataLoss naming errno's text.
absl::StatusOr<std::string> ReadFdBounded(int fd, size_t max_bytes);

// Opens `path` and reads it as ReadFdBounded does. Error: DataLoss.
absl::StatusOr<std::string> ReadFileBounded(const char* path, size_t max_bytes);

// Writes all of `data` to `fd`, retrying on EINTR and short writes. Error:
// DataLoss naming errno's text (EPIPE when the reader went away).
absl::Status WriteAll(int fd, absl::string_view data);

}  // namespace index2ip

#endif  // BASE_FILES_H_
