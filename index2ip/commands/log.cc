#include "index2ip/commands/log.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/quote.h"
#include "base/utf8.h"
#include "cni/error.h"
#include "index2ip/commands/records.h"

namespace index2ip {

absl::Status ValidateLogSettings(absl::string_view log_file,
                                 absl::string_view log_level) {
  if (!log_file.empty() && log_file[0] != '/') {
    return cni::MakeError(cni::ErrorCode::kInvalidNetworkConfig,
                          "invalid logFile",
                          absl::StrCat("ipam.logFile must be an absolute path, "
                                       "got ",
                                       QuoteForMessage(log_file)));
  }
  if (!log_level.empty() && log_level != "info" && log_level != "error") {
    return cni::MakeError(cni::ErrorCode::kInvalidNetworkConfig,
                          "invalid logLevel",
                          absl::StrCat("ipam.logLevel must be info or error, "
                                       "got ",
                                       QuoteForMessage(log_level)));
  }
  return absl::OkStatus();
}

bool ShouldLog(absl::string_view log_level, bool failed) {
  return failed || log_level != "error";
}

std::string ForLog(absl::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size() && i < kQuoteMaxBytes) {
    uint32_t cp = 0;
    const size_t n = DecodeUtf8Char(text.substr(i), &cp);
    if (n == 0) {
      out.append("\xef\xbf\xbd");  // U+FFFD
      ++i;
    } else {
      out.append(text.data() + i, n);
      i += n;
    }
  }
  if (i < text.size()) out.append("...");
  return out;
}

std::string Rfc3339(int64_t unix_micros) {
  const time_t seconds = static_cast<time_t>(unix_micros / 1000000);
  struct tm utc;
  gmtime_r(&seconds, &utc);
  return absl::StrFormat("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                         utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                         utc.tm_hour, utc.tm_min, utc.tm_sec,
                         static_cast<int>(unix_micros % 1000000 / 1000));
}

absl::Status AppendLogLine(const std::string& path, const LogEntry& entry) {
  const auto failed = [&](absl::string_view what, int err) {
    return absl::UnavailableError(absl::StrCat(
        "cannot write ipam.logFile ", QuoteForMessage(path), ": ", what,
        err != 0 ? absl::StrCat(": ", std::strerror(err)) : std::string()));
  };
  // Non-blocking: a FIFO without a reader fails at once (ENXIO) instead of
  // holding the command; one with a reader is refused below.
  const int fd =
      open(path.c_str(),
           O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC,
           0600);
  if (fd < 0) return failed("open", errno);
  struct stat st;
  struct statfs fs;
  const bool regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  // The files of procfs and sysfs are "regular", and writing one is a
  // command to the kernel.
  const bool kernel = fstatfs(fd, &fs) != 0 || fs.f_type == PROC_SUPER_MAGIC ||
                      fs.f_type == SYSFS_MAGIC;
  if (!regular || kernel) {
    close(fd);
    return failed(regular ? "on procfs or sysfs" : "not a regular file", 0);
  }
  const std::string line = EncodeLogEntry(entry);  // ends in '\n'
  const ssize_t n = write(fd, line.data(), line.size());
  const int err = errno;
  bool cut = false;
  if (n > 0 && static_cast<size_t>(n) < line.size()) {
    // Half a line (a full filesystem, a file-size limit) would glue the
    // next one to it: cut it off again, unless another plugin appended
    // after it meanwhile.
    const off_t end = lseek(fd, 0, SEEK_CUR);
    cut = end >= n && fstat(fd, &st) == 0 && st.st_size == end &&
          ftruncate(fd, end - n) == 0;
  }
  close(fd);
  if (n != static_cast<ssize_t>(line.size())) {
    return failed(n < 0 ? "write"
                  : cut ? "short write, cut off again"
                        : "short write, half a line left",
                  n < 0 ? err : 0);
  }
  return absl::OkStatus();
}

}  // namespace index2ip
