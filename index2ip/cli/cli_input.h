// What the binary's command line sees of its process: arguments, the CNI
// path's inputs, and files. Filled by RunMain (process_io.h), by tests with
// data.
//
// Example:
//   CliInput in;
//   in.args = {"preview", "--all"};
//   in.plugin = ProcessInput();

#ifndef INDEX2IP_CLI_CLI_INPUT_H_
#define INDEX2IP_CLI_CLI_INPUT_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "index2ip/commands/plugin.h"

namespace index2ip {

struct CliInput {
  // The arguments after the program name (argv[1..]).
  std::vector<std::string> args;
  // The environment, stdin and /proc/cmdline, as the CNI path sees them.
  PluginInput plugin;
  // Whether stdin is a terminal (isatty(0)).
  bool stdin_is_tty = false;
  // Reads a file a flag names, at most `max_bytes` + 1 bytes.
  std::function<absl::StatusOr<std::string>(const std::string& path,
                                            size_t max_bytes)>
      read_file;
  // The version the build stamped (see build_version.h).
  std::string version;
};

}  // namespace index2ip

#endif  // INDEX2IP_CLI_CLI_INPUT_H_
