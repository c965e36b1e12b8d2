// This plugin's records in JSON (records.proto): DEL's reading of a config,
// and the line ipam.logFile gets. Their tables are in records.cc; the JSON
// rules are the network config's (json/fields.h, cni/codec.h).
//
// Example:
//   absl::StatusOr<DelConf> del = DecodeDelConf(stdin_text);
//   del->ipam().data_dir();        // "/run/index2ip-ndt"
//   std::string line = EncodeLogEntry(entry);  // {"time":"...",...}\n

#ifndef INDEX2IP_COMMANDS_RECORDS_H_
#define INDEX2IP_COMMANDS_RECORDS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "index2ip/commands/records.pb.h"

namespace index2ip {

// DEL's fields of a config; other fields are not read, so a config broken
// there still names its store. Errors: as cni::DecodeNetConf's (code 6, 7,
// 11) for these fields.
absl::StatusOr<DelConf> DecodeDelConf(absl::string_view json);

// One line of ipam.logFile, newline included.
std::string EncodeLogEntry(const LogEntry& entry);

// A line of ipam.logFile read back (tests and tools). Errors as
// DecodeDelConf.
absl::StatusOr<LogEntry> DecodeLogEntry(absl::string_view json);

}  // namespace index2ip

#endif  // INDEX2IP_COMMANDS_RECORDS_H_
