#include "index2ip/process_io.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>

#include "absl/strings/str_cat.h"
#include "index2ip/cli.h"
#include "index2ip/host_config.h"

namespace index2ip {
namespace {

absl::Status ErrnoError(absl::string_view what, int err) {
  return absl::DataLossError(absl::StrCat(what, ": ", std::strerror(err)));
}

// Writes `out` and returns the exit code. stdout that the reader never got
// is a failure (exit 1 unless it already failed), said on stderr; stderr
// itself is best effort.
int WriteOutput(const PluginOutput& out) {
  const absl::Status written = WriteAll(STDOUT_FILENO, out.out);
  (void)WriteAll(STDERR_FILENO, out.err);
  if (!written.ok()) {
    (void)WriteAll(STDERR_FILENO,
                   absl::StrCat("index2ip: cannot write the output to stdout: ",
                                written.message(), "\n"));
    return out.exit_code != 0 ? out.exit_code : 1;
  }
  return out.exit_code;
}

// The signals a plugin can avoid dying of: a reader that went away
// (SIGPIPE) and a file-size limit on stdout (SIGXFSZ). Ignored, the write
// fails with EPIPE or EFBIG instead, and WriteOutput says so.
void IgnoreAvoidableSignals() {
  signal(SIGPIPE, SIG_IGN);
  signal(SIGXFSZ, SIG_IGN);
}

// Printed when even the error object cannot be built: nothing here
// allocates. cniVersion is the newest, as VERSION answers without a request.
constexpr absl::string_view kOutOfMemoryObject =
    "{\"cniVersion\":\"1.1.0\",\"code\":11,\"msg\":\"try again later\","
    "\"details\":\"out of memory\"}\n";
constexpr absl::string_view kOutOfMemoryLine =
    "index2ip: error 11: try again later: out of memory\n";

}  // namespace

absl::StatusOr<std::string> ReadFdBounded(int fd, size_t max_bytes) {
  // max_bytes + 1 below must not wrap to 0 (which read nothing at all).
  if (max_bytes == std::numeric_limits<size_t>::max()) --max_bytes;
  std::string out;
  // Config and command line are small; grow only when the input is not.
  // resize() writes every byte it adds, and every heap page first written
  // costs a page fault (bench/README.md), so start at 1 KiB, not a page.
  size_t capacity = 1024 < max_bytes + 1 ? 1024 : max_bytes + 1;
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

PluginInput ProcessInput() {
  PluginInput in;
  in.getenv = [](absl::string_view name) -> absl::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return absl::nullopt;
    return std::string(value);
  };
  in.read_stdin = [](size_t max_bytes) {
    return ReadFdBounded(STDIN_FILENO, max_bytes);
  };
  in.read_proc_cmdline = [] {
    return ReadFileBounded("/proc/cmdline", kMaxCmdlineBytes);
  };
  in.claim_system = RealClaimSystem();
  in.now_micros = [] {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
  };
  return in;
}

bool StdinIsTerminal() { return isatty(STDIN_FILENO) == 1; }

namespace {

int RunMainOrThrow(int argc, const char* const* argv,
                   absl::string_view version) {
  CliInput in;
  for (int i = 1; i < argc; ++i) in.args.emplace_back(argv[i]);
  in.plugin = ProcessInput();
  in.stdin_is_tty = StdinIsTerminal();
  in.read_file = [](const std::string& path, size_t max_bytes) {
    return ReadFileBounded(path.c_str(), max_bytes);
  };
  in.version = std::string(version);
  return WriteOutput(RunCli(in));
}

}  // namespace

int RunMain(int argc, const char* const* argv, absl::string_view version) {
  IgnoreAvoidableSignals();
  // RunPlugin turns running out of memory into error 11 itself; this is for
  // what is left (the arguments, the output), so that no bad_alloc ends the
  // process with SIGABRT and no error object.
  try {
    return RunMainOrThrow(argc, argv, version);
  } catch (const std::bad_alloc&) {
    (void)WriteAll(STDOUT_FILENO, kOutOfMemoryObject);
    (void)WriteAll(STDERR_FILENO, kOutOfMemoryLine);
    return 1;
  }
}

}  // namespace index2ip
