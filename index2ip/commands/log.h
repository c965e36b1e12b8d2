// ipam.logFile: one JSON object on one line per invocation, what it was
// asked and what it answered, for the operators who otherwise wrap every
// plugin in a shim to see that (multus has logFile/logLevel, whereabouts
// log_file/log_level).
//
//   "ipam": {"type": "index2ip", "logFile": "/var/log/index2ip.log",
//            "logLevel": "info"}
//
//   {"time":"2026-12-01T21:00:00.123Z","command":"ADD","containerID":"ab12",
//    "ifname":"net1","network":"ndt","podNamespace":"default",
//    "podName":"ndt-x","index":5,"indexSource":"ipam.index",
//    "addresses":["4.14.159.117/26",...],"durationUs":812}
//
// The path must be absolute (else error 7, before anything is written). The
// file is opened append-only, non-blocking and without following a final
// symlink (O_APPEND|O_NONBLOCK|O_NOFOLLOW|O_CLOEXEC), must be a regular file
// not on procfs or sysfs, and is created 0600; each line is one write(2), so
// concurrent plugins never interleave, and a short one is cut off again, so a
// line is whole or absent. A log that cannot be written never fails or holds
// the command: it is a warning on stderr. Untrusted text gets JSON's
// escaping and the messages' cut (kQuoteMaxBytes), invalid UTF-8 replaced,
// and no second layer of quoting. VERSION, and a DEL whose config cannot be
// read, cannot know the file and log nothing.
//
// Example:
//   absl::Status s = AppendLogLine("/var/log/index2ip.log", entry);

#ifndef INDEX2IP_COMMANDS_LOG_H_
#define INDEX2IP_COMMANDS_LOG_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "index2ip/commands/records.pb.h"

namespace index2ip {

// Code 7 unless `log_file` is empty or absolute and `log_level` is empty,
// "info" or "error".
absl::Status ValidateLogSettings(absl::string_view log_file,
                                 absl::string_view log_level);

// Whether an invocation is logged at `log_level` ("" is "info").
bool ShouldLog(absl::string_view log_level, bool failed);

// Untrusted text for a log field: cut at kQuoteMaxBytes (never inside a
// character), invalid bytes replaced by U+FFFD, "..." after a cut.
std::string ForLog(absl::string_view text);

// "2026-12-01T21:00:00.123Z" for `unix_micros`.
std::string Rfc3339(int64_t unix_micros);

// Appends `entry` as one line, in one write. Errors (for a warning):
// Unavailable naming the path and the reason.
absl::Status AppendLogLine(const std::string& path, const LogEntry& entry);

}  // namespace index2ip

#endif  // INDEX2IP_COMMANDS_LOG_H_
