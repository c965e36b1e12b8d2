#include "index2ip/commands/records.h"

#include <cstdint>

#include "cni/codec.h"
#include "json/field_kinds.h"
#include "json/fields.h"

namespace index2ip {

INDEX2IP_JSON_DECLARE(DelIpam)

INDEX2IP_JSON_TABLE(DelConf,  //
                    INDEX2IP_STRING_FIELD(DelConf, name, "name"),
                    INDEX2IP_MESSAGE_FIELD(DelConf, DelIpam, ipam, "ipam"))
INDEX2IP_JSON_TABLE(DelIpam,  //
                    INDEX2IP_STRING_FIELD(DelIpam, data_dir, "dataDir"),
                    INDEX2IP_OPTIONAL_BOOL_FIELD(DelIpam, claims, "claims"),
                    INDEX2IP_STRING_FIELD(DelIpam, log_file, "logFile"),
                    INDEX2IP_STRING_FIELD(DelIpam, log_level, "logLevel"))
INDEX2IP_JSON_TABLE(
    LogEntry,  //
    INDEX2IP_STRING_FIELD(LogEntry, time, "time"),
    INDEX2IP_STRING_FIELD(LogEntry, command, "command"),
    INDEX2IP_STRING_FIELD(LogEntry, container_id, "containerID"),
    INDEX2IP_STRING_FIELD(LogEntry, ifname, "ifname"),
    INDEX2IP_STRING_FIELD(LogEntry, network, "network"),
    INDEX2IP_STRING_FIELD(LogEntry, pod_namespace, "podNamespace"),
    INDEX2IP_STRING_FIELD(LogEntry, pod_name, "podName"),
    INDEX2IP_OPTIONAL_INT_FIELD(LogEntry, int64_t, index, "index"),
    INDEX2IP_STRING_FIELD(LogEntry, index_source, "indexSource"),
    INDEX2IP_STRINGS_FIELD(LogEntry, addresses, "addresses"),
    INDEX2IP_INT_FIELD(LogEntry, uint32_t, code, "code"),
    INDEX2IP_STRING_FIELD(LogEntry, msg, "msg"),
    INDEX2IP_INT_FIELD(LogEntry, int64_t, duration_us, "durationUs"),
    INDEX2IP_STRINGS_FIELD(LogEntry, events, "events"),
    INDEX2IP_STRINGS_FIELD(LogEntry, warnings, "warnings"),
    INDEX2IP_STRING_FIELD(LogEntry, traceparent, "traceparent"),
    INDEX2IP_STRING_FIELD(LogEntry, tracestate, "tracestate"))

absl::StatusOr<DelConf> DecodeDelConf(absl::string_view text) {
  absl::StatusOr<DelConf> out =
      json::Decode<DelConf>(text, json::ReadContext());
  if (!out.ok()) return cni::FromJsonStatus(out.status());
  return out;
}

std::string EncodeLogEntry(const LogEntry& entry) {
  return json::Encode(entry);
}

absl::StatusOr<LogEntry> DecodeLogEntry(absl::string_view text) {
  absl::StatusOr<LogEntry> out =
      json::Decode<LogEntry>(text, json::ReadContext());
  if (!out.ok()) return cni::FromJsonStatus(out.status());
  return out;
}

}  // namespace index2ip
