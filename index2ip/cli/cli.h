// The plugin binary's command line: the CNI plugin when a runtime calls it,
// and a small tool for the people who deploy it.
//
//   (no arguments), CNI_COMMAND set      the CNI plugin: RunPlugin (plugin.h)
//   (no arguments), no CNI_COMMAND,
//       stdin a terminal                  what this is, its version and the
//                                         CNI versions it speaks; exit 0
//   (no arguments), no CNI_COMMAND,
//       stdin not a terminal              RunPlugin, which runs ADD with a
//                                         warning, as upstream index2ip does
//   --help, -h                            the same text as the terminal case
//   --version                             the version the build stamped
//   preview ...                           what ADD would give a pod (preview.h)
//
// "No CNI_COMMAND" means unset or empty, as in the CNI library's skel, which
// prints the same kind of "about" text in that case. A runtime never passes
// arguments, so any argument selects the tool.
//
// Exit codes: 0 success; 1 a failure ADD would report (the CNI error object
// is printed on stdout, as ADD prints it, and one line on stderr); 2 a usage
// error (a message and the usage on stderr).
//
// Example (a test):
//   CliInput in;
//   in.args = {"preview", "--index", "5", "--cmdline", "epoxy.ipv4=..."};
//   in.version = "1.2.3";
//   PluginOutput out = RunCli(in);
//   // out.exit_code == 0; out.out is the result JSON, then
//   // "IPv4 4.14.159.117/26 gw 4.14.159.65 (host .112 + 5)"

#ifndef INDEX2IP_CLI_CLI_H_
#define INDEX2IP_CLI_CLI_H_

#include <string>

#include "absl/strings/string_view.h"
#include "index2ip/cli/cli_input.h"
#include "index2ip/commands/plugin.h"

namespace index2ip {

// The first line of --help: "CNI index2ip plugin version X; CNI protocol
// versions supported: 0.1.0, ..., 1.1.0", with a newline.
std::string AboutLine(absl::string_view version);

// Runs the binary for `input` as described above. Never fails: every error
// is in the returned output's text and exit code.
PluginOutput RunCli(const CliInput& input);

}  // namespace index2ip

#endif  // INDEX2IP_CLI_CLI_H_
