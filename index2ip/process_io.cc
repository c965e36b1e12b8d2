#include "index2ip/process_io.h"

#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <new>

#include "absl/strings/str_cat.h"
#include "base/files.h"
#include "claims/machine.h"
#include "cni/version.h"
#include "index2ip/cli/cli.h"
#include "index2ip/ipam/host_config.h"

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

}  // namespace

int WriteOutOfMemory(int out_fd, int err_fd) {
  // Built on the stack: nothing here allocates. cniVersion is the newest,
  // as VERSION answers without a request.
  constexpr absl::string_view kHead = "{\"cniVersion\":\"";
  constexpr absl::string_view kTail =
      "\",\"code\":11,\"msg\":\"try again later\","
      "\"details\":\"out of memory\"}\n";
  char object[kHead.size() + cni::kCurrentVersion.size() + kTail.size()];
  char* p = object;
  for (absl::string_view piece : {kHead, cni::kCurrentVersion, kTail}) {
    std::memcpy(p, piece.data(), piece.size());
    p += piece.size();
  }
  (void)WriteAll(out_fd, absl::string_view(object, sizeof object));
  (void)WriteAll(err_fd,
                 "index2ip: error 11: try again later: out of memory\n");
  return 1;
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
  in.claim_system = claims::MachineSystem();
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
  // The process's one catch of std::bad_alloc (the other is the JSON
  // reader's, json/fields.h): memory runs out on a node under pressure, or
  // under RLIMIT_AS with a megabyte of stdin to hold, and that is "try again
  // later", never a death by SIGABRT without an error object. Unwinding has
  // freed what the call held.
  try {
    return RunMainOrThrow(argc, argv, version);
  } catch (const std::bad_alloc&) {
    return WriteOutOfMemory(STDOUT_FILENO, STDERR_FILENO);
  }
}

}  // namespace index2ip
