// The whole plugin invocation, with the process wrapped in a small struct.
//
// RunPlugin does what the CNI Go library's skel does: read the request once
// (cni/request.h: CNI_COMMAND, the variables the spec requires for it,
// CNI_ARGS), read stdin with a size cap, decode the config once and resolve
// its cniVersion to the version table's row, run the command, and turn any
// failure into the CNI error object. All output is built in memory and
// returned, so nothing is ever half-written; main() writes it.
//
// Upstream behaviours kept on purpose (m-lab/index2ip main.go): an empty or
// unknown CNI_COMMAND runs ADD, with a warning on stderr; the environment
// variable PROC_CMDLINE_FOR_TESTING replaces /proc/cmdline.
//
// Example (a test):
//   PluginInput in;
//   in.getenv = MapEnv({{"CNI_COMMAND", "ADD"}, ...});
//   in.read_stdin = [](size_t) { return std::string(R"({...})"); };
//   in.read_proc_cmdline = [] { return std::string("epoxy.ipv4=..."); };
//   PluginOutput out = RunPlugin(in);
//   // out.exit_code == 0, out.out holds the result JSON

#ifndef INDEX2IP_COMMANDS_PLUGIN_H_
#define INDEX2IP_COMMANDS_PLUGIN_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "claims/system.h"
#include "cni/cni.pb.h"

namespace index2ip {

// The most stdin bytes read; a network config is a few hundred bytes.
inline constexpr size_t kMaxStdinBytes = 1 << 20;

struct PluginInput {
  // The value of an environment variable, or nullopt when it is unset.
  std::function<absl::optional<std::string>(absl::string_view)> getenv;
  // Reads stdin, at most `max_bytes` + 1 bytes so that a longer input is
  // seen as such. An error is reported as code 5 (I/O failure).
  std::function<absl::StatusOr<std::string>(size_t max_bytes)> read_stdin;
  // Reads /proc/cmdline (called only when the command needs it and
  // PROC_CMDLINE_FOR_TESTING is unset).
  std::function<absl::StatusOr<std::string>()> read_proc_cmdline;
  // What the claims store asks of the machine (claims/system.h).
  claims::System claim_system;
  // Microseconds since the epoch, for ipam.logFile's time and duration.
  std::function<int64_t()> now_micros;
};

struct PluginOutput {
  int exit_code = 0;
  std::string out;  // for stdout: a result, VERSION's answer, or an error
  std::string err;  // for stderr: one line per warning or error
};

// The kernel command line, and where it came from for messages.
struct CmdlineText {
  std::string text;
  // "PROC_CMDLINE_FOR_TESTING", "/proc/cmdline", or what preview read.
  std::string origin;
};

// The kernel command line as every command reads it: the environment
// variable PROC_CMDLINE_FOR_TESTING when set, else /proc/cmdline. Error:
// code 5 when /proc/cmdline cannot be read. The one reader: preview uses it
// too.
absl::StatusOr<CmdlineText> ReadKernelCmdline(const PluginInput& input);

// What ADD and CHECK ask of the config before anything else: a valid network
// name, an absolute ipam.logFile with a known logLevel. Errors: code 7.
// (ipam.maxIndex is FindIndex's, index_source.h.)
absl::Status ValidateNetConf(const cni::NetConf& conf);

// Runs one CNI invocation. Never fails: every error becomes an error object
// on `out`, a line on `err` and exit code 1.
PluginOutput RunPlugin(const PluginInput& input);

}  // namespace index2ip

#endif  // INDEX2IP_COMMANDS_PLUGIN_H_
