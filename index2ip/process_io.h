// The process side of the plugin: file descriptors, files and environ, with
// bounds and errors as values. main() calls RunMain, which fills a CliInput
// (cli.h) from the process and writes the output.
//
// Example:
//   absl::StatusOr<std::string> in = ReadFdBounded(0, kMaxStdinBytes);
//   absl::Status s = WriteAll(1, output.out);
//
//   int main(int argc, char** argv) {
//     return index2ip::RunMain(argc, argv, index2ip::BuildVersion());
//   }

#ifndef INDEX2IP_PROCESS_IO_H_
#define INDEX2IP_PROCESS_IO_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "index2ip/plugin.h"

namespace index2ip {

// Reads `fd` to its end or until more than `max_bytes` bytes were read,
// whichever is first, so the result is at most `max_bytes` + 1 bytes long.
// Retries on EINTR, and waits in poll(2) when a non-blocking `fd` has no
// data yet. Error: DataLoss naming errno's text.
absl::StatusOr<std::string> ReadFdBounded(int fd, size_t max_bytes);

// Opens `path` and reads it as ReadFdBounded does. Error: DataLoss.
absl::StatusOr<std::string> ReadFileBounded(const char* path,
                                            size_t max_bytes);

// Writes all of `data` to `fd`, retrying on EINTR and short writes. Error:
// DataLoss naming errno's text (EPIPE when the reader went away).
absl::Status WriteAll(int fd, absl::string_view data);

// A PluginInput over this process: getenv(3), fd 0 and /proc/cmdline.
PluginInput ProcessInput();

// Whether fd 0 is a terminal.
bool StdinIsTerminal();

// Runs the binary (RunCli) on this process: arguments argv[1..], the
// environment, fd 0, /proc/cmdline and the files --cmdline-file names;
// `version` is what --version prints. Writes stdout, then stderr, and
// returns the exit code for main(): a stdout that cannot be written is said
// on stderr and is exit 1. SIGPIPE and SIGXFSZ are ignored, so a closed
// pipe or a file-size limit is a failed write, not a death by signal; running
// out of memory prints error 11. REQUIRES: argv has argc entries.
int RunMain(int argc, const char* const* argv, absl::string_view version);

}  // namespace index2ip

#endif  // INDEX2IP_PROCESS_IO_H_
