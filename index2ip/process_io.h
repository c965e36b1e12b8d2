// The process side of the plugin: its environment, file descriptors and
// files (read through base/files.h), wrapped for the libraries. main()
// calls RunMain, which fills a CliInput (cli.h) from the process and writes
// the output.
//
// Example:
//   int main(int argc, char** argv) {
//     return index2ip::RunMain(argc, argv, index2ip::BuildVersion());
//   }

#ifndef INDEX2IP_PROCESS_IO_H_
#define INDEX2IP_PROCESS_IO_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "index2ip/commands/plugin.h"

namespace index2ip {

// A PluginInput over this process: getenv(3), fd 0 and /proc/cmdline.
PluginInput ProcessInput();

// Whether fd 0 is a terminal.
bool StdinIsTerminal();

// Writes error 11 ("try again later", the newest cniVersion) to `out_fd`
// and one line to `err_fd`, allocating nothing; returns 1, the exit code.
int WriteOutOfMemory(int out_fd, int err_fd);

// Runs the binary (RunCli) on this process: arguments argv[1..], the
// environment, fd 0, /proc/cmdline and the files --cmdline-file names;
// `version` is what --version prints. Writes stdout, then stderr, and
// returns the exit code for main(): a stdout that cannot be written is said
// on stderr and is exit 1. SIGPIPE and SIGXFSZ are ignored, so a closed
// pipe or a file-size limit is a failed write, not a death by signal; running
// out of memory anywhere is WriteOutOfMemory. REQUIRES: argv has argc entries.
int RunMain(int argc, const char* const* argv, absl::string_view version);

}  // namespace index2ip

#endif  // INDEX2IP_PROCESS_IO_H_
