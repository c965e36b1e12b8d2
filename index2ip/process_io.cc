#include "index2ip/process_io.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <vector>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/files.h"
#include "index2ip/cli.h"
#include "index2ip/host_config.h"

namespace index2ip {
namespace {

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

// Whether a process (/proc/*/ns/net) or an nsfs mount (/proc/self/
// mountinfo) holds a network namespace: the claims store asks only when a
// claim's own netns path no longer names it.
absl::optional<claims::NetnsId> Stat(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return absl::nullopt;
  return claims::NetnsId{static_cast<uint64_t>(st.st_dev),
                 static_cast<uint64_t>(st.st_ino)};
}

// /proc/self/mountinfo's octal escapes (\040 for a space) undone.
std::string Unescape(absl::string_view field) {
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size() &&
        field[i + 1] >= '0' && field[i + 1] <= '3' && field[i + 2] >= '0' &&
        field[i + 2] <= '7' && field[i + 3] >= '0' && field[i + 3] <= '7') {
      out.push_back(static_cast<char>((field[i + 1] - '0') * 64 +
                                      (field[i + 2] - '0') * 8 +
                                      (field[i + 3] - '0')));
      i += 3;
      continue;
    }
    out.push_back(field[i]);
  }
  return out;
}

bool HeldByAProcess(const claims::NetnsId& id) {
  DIR* d = opendir("/proc");
  if (d == nullptr) return false;
  bool held = false;
  while (!held) {
    dirent* e = readdir(d);
    if (e == nullptr) break;
    const absl::string_view name = e->d_name;
    if (name.empty() || !absl::ascii_isdigit(static_cast<unsigned char>(name[0]))) {
      continue;
    }
    absl::optional<claims::NetnsId> ns = Stat(absl::StrCat("/proc/", name, "/ns/net"));
    held = ns.has_value() && *ns == id;
  }
  closedir(d);
  return held;
}

bool HeldByAMount(const claims::NetnsId& id) {
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE ...
    const std::vector<absl::string_view> f = absl::StrSplit(line, ' ');
    auto dash = std::find(f.begin(), f.end(), "-");
    if (f.size() < 5 || dash == f.end() || dash + 1 == f.end() ||
        *(dash + 1) != "nsfs") {
      continue;
    }
    absl::optional<claims::NetnsId> ns = Stat(Unescape(f[4]));
    if (ns.has_value() && *ns == id) return true;
  }
  return false;
}

// The machine behind the claims store (claims/system.h).
claims::System MachineClaimSystem() {
  claims::System s;
  s.boot_id = []() -> absl::StatusOr<std::string> {
    // Read once per process, with plain read(2): it is on ADD's path.
    static const absl::StatusOr<std::string>* const id = [] {
      char buf[64];
      const int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
      ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf);
      if (fd >= 0) close(fd);
      while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\0')) --n;
      return n > 0 ? new absl::StatusOr<std::string>(std::string(buf, n))
                   : new absl::StatusOr<std::string>(absl::UnavailableError(
                         "cannot read /proc/sys/kernel/random/boot_id"));
    }();
    return *id;
  };
  s.stat_netns = [](const std::string& path) {
    return path.empty() ? absl::nullopt : Stat(path);
  };
  s.netns_held = [](const claims::NetnsId& id) {
    return HeldByAProcess(id) || HeldByAMount(id);
  };
  s.now = [] { return static_cast<int64_t>(time(nullptr)); };
  s.euid = [] { return static_cast<uint32_t>(geteuid()); };
  return s;
}

}  // namespace

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
  in.claim_system = MachineClaimSystem();
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
