#include "index2ip/process_io.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"
#include "index2ip/cli.h"
#include "index2ip/host_config.h"

namespace index2ip {
namespace {

absl::Status ErrnoError(absl::string_view what, int err) {
  return absl::DataLossError(absl::StrCat(what, ": ", std::strerror(err)));
}

// Writes `out` and returns the exit code. stderr is best effort; stdout that
// the reader never got is a failure (exit 1 unless it already failed).
int WriteOutput(const PluginOutput& out) {
  (void)WriteAll(STDERR_FILENO, out.err);
  if (!WriteAll(STDOUT_FILENO, out.out).ok()) {
    return out.exit_code != 0 ? out.exit_code : 1;
  }
  return out.exit_code;
}

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
  return in;
}

bool StdinIsTerminal() { return isatty(STDIN_FILENO) == 1; }

int RunProcess() {
  // A reader that goes away gives EPIPE (and exit 1), not death by SIGPIPE.
  signal(SIGPIPE, SIG_IGN);
  return WriteOutput(RunPlugin(ProcessInput()));
}

int RunMain(int argc, const char* const* argv, absl::string_view version) {
  signal(SIGPIPE, SIG_IGN);
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

}  // namespace index2ip
