#include "cni/codec.h"

#include <cstdint>
#include <limits>
#include <new>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cni/error.h"
#include "cni/json_field_kinds.h"
#include "cni/json_fields.h"

namespace index2ip {
namespace cni {

// The mapping of each message of cni.proto, in its field order: one row per
// field (cni/json_fields.h).
#define INDEX2IP_FIELDS(M, ...)                          \
  template <>                                            \
  absl::Span<const Field<M>> FieldsOf<M>() {             \
    static constexpr Field<M> kFields[] = {__VA_ARGS__}; \
    static_assert(std::size(kFields) <= kMaxFieldsPerMessage); \
    return kFields;                                      \
  }

template <> absl::Span<const Field<NetConf>> FieldsOf<NetConf>();
template <> absl::Span<const Field<Ipam>> FieldsOf<Ipam>();
template <> absl::Span<const Field<Args>> FieldsOf<Args>();
template <> absl::Span<const Field<CniArgs>> FieldsOf<CniArgs>();
template <> absl::Span<const Field<Route>> FieldsOf<Route>();
template <> absl::Span<const Field<Dns>> FieldsOf<Dns>();
template <> absl::Span<const Field<Interface>> FieldsOf<Interface>();
template <> absl::Span<const Field<Result>> FieldsOf<Result>();
template <> absl::Span<const Field<IpConfig>> FieldsOf<IpConfig>();
template <> absl::Span<const Field<ResultV040>> FieldsOf<ResultV040>();
template <> absl::Span<const Field<IpConfigV040>> FieldsOf<IpConfigV040>();
template <> absl::Span<const Field<ResultV020>> FieldsOf<ResultV020>();
template <> absl::Span<const Field<IpConfigV020>> FieldsOf<IpConfigV020>();
template <> absl::Span<const Field<AnyResult>> FieldsOf<AnyResult>();
template <> absl::Span<const Field<Error>> FieldsOf<Error>();
template <> absl::Span<const Field<VersionInfo>> FieldsOf<VersionInfo>();
template <> absl::Span<const Field<Attachment>> FieldsOf<Attachment>();
template <> absl::Span<const Field<Claim>> FieldsOf<Claim>();
template <> absl::Span<const Field<DelConf>> FieldsOf<DelConf>();
template <> absl::Span<const Field<RuntimeConfig>> FieldsOf<RuntimeConfig>();
template <> absl::Span<const Field<LogEntry>> FieldsOf<LogEntry>();
template <> absl::Span<const Field<DelIpam>> FieldsOf<DelIpam>();

#define STRING INDEX2IP_STRING_FIELD
#define STRINGS INDEX2IP_STRINGS_FIELD
#define MESSAGE INDEX2IP_MESSAGE_FIELD
#define MESSAGES INDEX2IP_MESSAGES_FIELD
#define OPTIONAL_INT INDEX2IP_OPTIONAL_INT_FIELD

INDEX2IP_FIELDS(NetConf,  //
                STRING(NetConf, cni_version, "cniVersion"),
                STRING(NetConf, name, "name"), STRING(NetConf, type, "type"),
                MESSAGE(NetConf, Ipam, ipam, "ipam"),
                MESSAGE(NetConf, Args, args, "args"),
                MESSAGE(NetConf, RuntimeConfig, runtime_config,
                        "runtimeConfig"),
                INDEX2IP_PREV_RESULT_FIELD(NetConf, AnyResult, prev_result,
                                           "prevResult"),
                INDEX2IP_MESSAGES_GIVEN_FIELD(NetConf, Attachment,
                                              valid_attachments,
                                              "cni.dev/valid-attachments"),
                INDEX2IP_MESSAGES_GIVEN_FIELD(NetConf, Attachment, attachments,
                                              "cni.dev/attachments"))
INDEX2IP_FIELDS(DelConf,  //
                STRING(DelConf, name, "name"),
                MESSAGE(DelConf, DelIpam, ipam, "ipam"))
INDEX2IP_FIELDS(DelIpam,  //
                STRING(DelIpam, data_dir, "dataDir"),
                INDEX2IP_OPTIONAL_BOOL_FIELD(DelIpam, claims, "claims"),
                STRING(DelIpam, log_file, "logFile"),
                STRING(DelIpam, log_level, "logLevel"))
INDEX2IP_FIELDS(LogEntry,  //
                STRING(LogEntry, time, "time"),
                STRING(LogEntry, command, "command"),
                STRING(LogEntry, container_id, "containerID"),
                STRING(LogEntry, ifname, "ifname"),
                STRING(LogEntry, network, "network"),
                STRING(LogEntry, pod_namespace, "podNamespace"),
                STRING(LogEntry, pod_name, "podName"),
                OPTIONAL_INT(LogEntry, int64_t, index, "index"),
                STRING(LogEntry, index_source, "indexSource"),
                STRINGS(LogEntry, addresses, "addresses"),
                INDEX2IP_INT_FIELD(LogEntry, uint32_t, code, "code"),
                STRING(LogEntry, msg, "msg"),
                INDEX2IP_INT_FIELD(LogEntry, int64_t, duration_us, "durationUs"))
INDEX2IP_FIELDS(Attachment,  //
                STRING(Attachment, container_id, "containerID"),
                STRING(Attachment, ifname, "ifname"))
INDEX2IP_FIELDS(Ipam,  //
                STRING(Ipam, type, "type"),
                OPTIONAL_INT(Ipam, int64_t, index, "index"),
                OPTIONAL_INT(Ipam, int64_t, max_index, "maxIndex"),
                STRING(Ipam, data_dir, "dataDir"),
                INDEX2IP_OPTIONAL_BOOL_FIELD(Ipam, claims, "claims"),
                STRING(Ipam, log_file, "logFile"),
                STRING(Ipam, log_level, "logLevel"))
INDEX2IP_FIELDS(Args, MESSAGE(Args, CniArgs, cni, "cni"))
INDEX2IP_FIELDS(CniArgs,  //
                OPTIONAL_INT(CniArgs, int64_t, index, "index"),
                STRINGS(CniArgs, ips, "ips"))
INDEX2IP_FIELDS(RuntimeConfig, STRINGS(RuntimeConfig, ips, "ips"))
INDEX2IP_FIELDS(Route,  //
                STRING(Route, dst, "dst"), STRING(Route, gw, "gw"))
INDEX2IP_FIELDS(Dns,  //
                STRINGS(Dns, nameservers, "nameservers"),
                STRING(Dns, domain, "domain"), STRINGS(Dns, search, "search"),
                STRINGS(Dns, options, "options"))
INDEX2IP_FIELDS(Interface,  //
                STRING(Interface, name, "name"), STRING(Interface, mac, "mac"),
                STRING(Interface, sandbox, "sandbox"))
INDEX2IP_FIELDS(Result,  //
                STRING(Result, cni_version, "cniVersion"),
                MESSAGES(Result, Interface, interfaces, "interfaces"),
                MESSAGES(Result, IpConfig, ips, "ips"),
                MESSAGES(Result, Route, routes, "routes"),
                MESSAGE(Result, Dns, dns, "dns"))
INDEX2IP_FIELDS(IpConfig,  //
                STRING(IpConfig, address, "address"),
                STRING(IpConfig, gateway, "gateway"),
                OPTIONAL_INT(IpConfig, int32_t, interface, "interface"))
INDEX2IP_FIELDS(ResultV040,  //
                STRING(ResultV040, cni_version, "cniVersion"),
                MESSAGES(ResultV040, Interface, interfaces, "interfaces"),
                MESSAGES(ResultV040, IpConfigV040, ips, "ips"),
                MESSAGES(ResultV040, Route, routes, "routes"),
                MESSAGE(ResultV040, Dns, dns, "dns"))
INDEX2IP_FIELDS(IpConfigV040,  //
                STRING(IpConfigV040, version, "version"),
                OPTIONAL_INT(IpConfigV040, int32_t, interface, "interface"),
                STRING(IpConfigV040, address, "address"),
                STRING(IpConfigV040, gateway, "gateway"))
INDEX2IP_FIELDS(ResultV020,  //
                STRING(ResultV020, cni_version, "cniVersion"),
                MESSAGE(ResultV020, IpConfigV020, ip4, "ip4"),
                MESSAGE(ResultV020, IpConfigV020, ip6, "ip6"),
                MESSAGE(ResultV020, Dns, dns, "dns"))
INDEX2IP_FIELDS(IpConfigV020,  //
                STRING(IpConfigV020, ip, "ip"),
                STRING(IpConfigV020, gateway, "gateway"),
                MESSAGES(IpConfigV020, Route, routes, "routes"))
INDEX2IP_FIELDS(AnyResult,  //
                STRING(AnyResult, cni_version, "cniVersion"),
                MESSAGES(AnyResult, Interface, interfaces, "interfaces"),
                MESSAGES(AnyResult, IpConfigV040, ips, "ips"),
                MESSAGES(AnyResult, Route, routes, "routes"),
                MESSAGE(AnyResult, Dns, dns, "dns"),
                MESSAGE(AnyResult, IpConfigV020, ip4, "ip4"),
                MESSAGE(AnyResult, IpConfigV020, ip6, "ip6"))
INDEX2IP_FIELDS(Error,  //
                STRING(Error, cni_version, "cniVersion"),
                INDEX2IP_INT_FIELD(Error, uint32_t, code, "code"),
                STRING(Error, msg, "msg"), STRING(Error, details, "details"))
INDEX2IP_FIELDS(Claim,  //
                INDEX2IP_INT_FIELD(Claim, uint32_t, format, "format"),
                STRING(Claim, address, "address"),
                STRING(Claim, container_id, "containerID"),
                STRING(Claim, ifname, "ifname"),
                STRING(Claim, network, "network"),
                STRING(Claim, netns, "netns"),
                STRING(Claim, netns_id, "netnsId"),
                STRING(Claim, boot_id, "bootId"),
                INDEX2IP_INT_FIELD(Claim, int64_t, since, "since"))
INDEX2IP_FIELDS(VersionInfo,  //
                STRING(VersionInfo, cni_version, "cniVersion"),
                STRINGS(VersionInfo, supported_versions, "supportedVersions"))

#undef STRING
#undef STRINGS
#undef MESSAGE
#undef MESSAGES
#undef OPTIONAL_INT
#undef INDEX2IP_FIELDS

namespace {

// Runs `decode` on a fresh parse of `json`. Running out of memory
// (std::bad_alloc, from rapidjson or from the messages) is code 11: the input
// was not wrong, the node was short of memory.
template <typename T, typename Decode>
absl::StatusOr<T> ParseThen(absl::string_view json, Decode decode) {
  try {
    ParsedJson parsed;
    INDEX2IP_RETURN_IF_ERROR(ParseJsonObject(json, &parsed.doc));
    return decode(parsed.doc);
  } catch (const std::bad_alloc&) {
    return MakeError(ErrorCode::kTryAgainLater, "try again later",
                     "out of memory while decoding the network config");
  }
}

// Parses `json` and reads it into a fresh M with `ctx`.
template <typename M>
absl::StatusOr<M> Decode(absl::string_view json, const ReadContext& ctx) {
  return ParseThen<M>(json, [&ctx](const JsonDocument& doc) -> absl::StatusOr<M> {
    M out;
    INDEX2IP_RETURN_IF_ERROR(ReadObject(doc, "", ctx, &out));
    return out;
  });
}

}  // namespace

template <typename M>
absl::StatusOr<M> DecodeJson(absl::string_view json) {
  return Decode<M>(json, ReadContext());
}

template <typename M>
std::string EncodeMessage(const M& m) {
  Writer w;
  WriteObject(w, m);
  return w.Finish();
}

std::vector<std::string> KnownJsonKeys() {
  std::vector<std::string> out;
  const auto add = [&out](const auto& fields) {
    for (const auto& f : fields) out.emplace_back(f.key);
  };
  add(FieldsOf<NetConf>());
  add(FieldsOf<Ipam>());
  add(FieldsOf<Args>());
  add(FieldsOf<CniArgs>());
  add(FieldsOf<Route>());
  add(FieldsOf<Dns>());
  add(FieldsOf<Interface>());
  add(FieldsOf<Result>());
  add(FieldsOf<IpConfig>());
  add(FieldsOf<ResultV040>());
  add(FieldsOf<IpConfigV040>());
  add(FieldsOf<ResultV020>());
  add(FieldsOf<IpConfigV020>());
  add(FieldsOf<AnyResult>());
  add(FieldsOf<Error>());
  add(FieldsOf<VersionInfo>());
  add(FieldsOf<Attachment>());
  add(FieldsOf<Claim>());
  add(FieldsOf<DelConf>());
  add(FieldsOf<RuntimeConfig>());
  add(FieldsOf<LogEntry>());
  add(FieldsOf<DelIpam>());
  return out;
}

#define INDEX2IP_INSTANTIATE(M)                                  \
  template absl::StatusOr<M> DecodeJson<M>(absl::string_view); \
  template std::string EncodeMessage<M>(const M&);
INDEX2IP_INSTANTIATE(NetConf)
INDEX2IP_INSTANTIATE(Ipam)
INDEX2IP_INSTANTIATE(Args)
INDEX2IP_INSTANTIATE(CniArgs)
INDEX2IP_INSTANTIATE(Route)
INDEX2IP_INSTANTIATE(Dns)
INDEX2IP_INSTANTIATE(Interface)
INDEX2IP_INSTANTIATE(Result)
INDEX2IP_INSTANTIATE(IpConfig)
INDEX2IP_INSTANTIATE(ResultV040)
INDEX2IP_INSTANTIATE(IpConfigV040)
INDEX2IP_INSTANTIATE(ResultV020)
INDEX2IP_INSTANTIATE(IpConfigV020)
INDEX2IP_INSTANTIATE(AnyResult)
INDEX2IP_INSTANTIATE(Error)
INDEX2IP_INSTANTIATE(VersionInfo)
INDEX2IP_INSTANTIATE(Attachment)
INDEX2IP_INSTANTIATE(Claim)
INDEX2IP_INSTANTIATE(DelConf)
INDEX2IP_INSTANTIATE(RuntimeConfig)
INDEX2IP_INSTANTIATE(LogEntry)
INDEX2IP_INSTANTIATE(DelIpam)
#undef INDEX2IP_INSTANTIATE

absl::StatusOr<NetConf> DecodeNetConf(absl::string_view json,
                                      std::vector<std::string>* warnings) {
  ReadContext ctx;
  ctx.warnings = warnings;
  return Decode<NetConf>(json, ctx);
}

absl::StatusOr<AnyResult> DecodeAnyResult(absl::string_view json) {
  ReadContext ctx;
  ctx.null_is_error = false;
  return Decode<AnyResult>(json, ctx);
}

absl::StatusOr<std::string> DecodeCniVersion(absl::string_view json) {
  return ParseThen<std::string>(
      json, [](const JsonDocument& doc) -> absl::StatusOr<std::string> {
        const absl::string_view names[] = {"cniVersion"};
        const JsonValue* found[1] = {};
        INDEX2IP_RETURN_IF_ERROR(
            MatchMembers(doc, "", names, ReadContext(), found));
        if (found[0] == nullptr || !found[0]->IsString()) {
          return MakeError(ErrorCode::kDecodingFailure,
                           "failed to decode network config",
                           "'cniVersion' is not a string");
        }
        return std::string(found[0]->GetString(), found[0]->GetStringLength());
      });
}

std::string EncodeJson(const Result& m) { return EncodeMessage(m); }
std::string EncodeJson(const ResultV040& m) { return EncodeMessage(m); }
std::string EncodeJson(const ResultV020& m) { return EncodeMessage(m); }
std::string EncodeJson(const Error& m) { return EncodeMessage(m); }
std::string EncodeJson(const VersionInfo& m) { return EncodeMessage(m); }

}  // namespace cni
}  // namespace index2ip
