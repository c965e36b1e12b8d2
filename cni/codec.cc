#include "cni/codec.h"

#include <cstdint>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cni/error.h"
#include "json/field_kinds.h"
#include "json/fields.h"

namespace index2ip {
namespace cni {

// Each message's table (json/fields.h) is defined below; declared first,
// as messages nest one another.
INDEX2IP_CNI_MESSAGES(INDEX2IP_JSON_DECLARE)

#define STRING INDEX2IP_STRING_FIELD
#define STRINGS INDEX2IP_STRINGS_FIELD
#define MESSAGE INDEX2IP_MESSAGE_FIELD
#define MESSAGES INDEX2IP_MESSAGES_FIELD
#define OPTIONAL_INT INDEX2IP_OPTIONAL_INT_FIELD

INDEX2IP_JSON_TABLE(
    NetConf,  //
    STRING(NetConf, cni_version, "cniVersion"), STRING(NetConf, name, "name"),
    STRING(NetConf, type, "type"), MESSAGE(NetConf, Ipam, ipam, "ipam"),
    MESSAGE(NetConf, Args, args, "args"),
    MESSAGE(NetConf, RuntimeConfig, runtime_config, "runtimeConfig"),
    INDEX2IP_LENIENT_MESSAGE_FIELD(NetConf, AnyResult, prev_result,
                                   "prevResult"),
    INDEX2IP_MESSAGES_GIVEN_FIELD(NetConf, Attachment, valid_attachments,
                                  "cni.dev/valid-attachments"),
    INDEX2IP_MESSAGES_GIVEN_FIELD(NetConf, Attachment, attachments,
                                  "cni.dev/attachments"))
INDEX2IP_JSON_TABLE(Attachment,  //
                    STRING(Attachment, container_id, "containerID"),
                    STRING(Attachment, ifname, "ifname"))
INDEX2IP_JSON_TABLE(Ipam,  //
                    STRING(Ipam, type, "type"),
                    OPTIONAL_INT(Ipam, int64_t, index, "index"),
                    OPTIONAL_INT(Ipam, int64_t, max_index, "maxIndex"),
                    STRING(Ipam, data_dir, "dataDir"),
                    INDEX2IP_OPTIONAL_BOOL_FIELD(Ipam, claims, "claims"),
                    STRING(Ipam, log_file, "logFile"),
                    STRING(Ipam, log_level, "logLevel"),
                    MESSAGES(Ipam, Route, routes, "routes"))
INDEX2IP_JSON_TABLE(Args, MESSAGE(Args, CniArgs, cni, "cni"))
INDEX2IP_JSON_TABLE(CniArgs,  //
                    OPTIONAL_INT(CniArgs, int64_t, index, "index"),
                    STRINGS(CniArgs, ips, "ips"))
INDEX2IP_JSON_TABLE(RuntimeConfig, STRINGS(RuntimeConfig, ips, "ips"))
INDEX2IP_JSON_TABLE(Route,  //
                    STRING(Route, dst, "dst"), STRING(Route, gw, "gw"))
INDEX2IP_JSON_TABLE(Dns,  //
                    STRINGS(Dns, nameservers, "nameservers"),
                    STRING(Dns, domain, "domain"),
                    STRINGS(Dns, search, "search"),
                    STRINGS(Dns, options, "options"))
INDEX2IP_JSON_TABLE(Interface,  //
                    STRING(Interface, name, "name"),
                    STRING(Interface, mac, "mac"),
                    STRING(Interface, sandbox, "sandbox"))
INDEX2IP_JSON_TABLE(Result,  //
                    STRING(Result, cni_version, "cniVersion"),
                    MESSAGES(Result, Interface, interfaces, "interfaces"),
                    MESSAGES(Result, IpConfig, ips, "ips"),
                    MESSAGES(Result, Route, routes, "routes"),
                    MESSAGE(Result, Dns, dns, "dns"))
INDEX2IP_JSON_TABLE(IpConfig,  //
                    STRING(IpConfig, address, "address"),
                    STRING(IpConfig, gateway, "gateway"),
                    OPTIONAL_INT(IpConfig, int32_t, interface, "interface"))
INDEX2IP_JSON_TABLE(ResultV040,  //
                    STRING(ResultV040, cni_version, "cniVersion"),
                    MESSAGES(ResultV040, Interface, interfaces, "interfaces"),
                    MESSAGES(ResultV040, IpConfigV040, ips, "ips"),
                    MESSAGES(ResultV040, Route, routes, "routes"),
                    MESSAGE(ResultV040, Dns, dns, "dns"))
INDEX2IP_JSON_TABLE(IpConfigV040,  //
                    STRING(IpConfigV040, version, "version"),
                    OPTIONAL_INT(IpConfigV040, int32_t, interface, "interface"),
                    STRING(IpConfigV040, address, "address"),
                    STRING(IpConfigV040, gateway, "gateway"))
INDEX2IP_JSON_TABLE(ResultV020,  //
                    STRING(ResultV020, cni_version, "cniVersion"),
                    MESSAGE(ResultV020, IpConfigV020, ip4, "ip4"),
                    MESSAGE(ResultV020, IpConfigV020, ip6, "ip6"),
                    MESSAGE(ResultV020, Dns, dns, "dns"))
INDEX2IP_JSON_TABLE(IpConfigV020,  //
                    STRING(IpConfigV020, ip, "ip"),
                    STRING(IpConfigV020, gateway, "gateway"),
                    MESSAGES(IpConfigV020, Route, routes, "routes"))
INDEX2IP_JSON_TABLE(AnyResult,  //
                    STRING(AnyResult, cni_version, "cniVersion"),
                    MESSAGES(AnyResult, Interface, interfaces, "interfaces"),
                    MESSAGES(AnyResult, IpConfigV040, ips, "ips"),
                    MESSAGES(AnyResult, Route, routes, "routes"),
                    MESSAGE(AnyResult, Dns, dns, "dns"),
                    MESSAGE(AnyResult, IpConfigV020, ip4, "ip4"),
                    MESSAGE(AnyResult, IpConfigV020, ip6, "ip6"))
INDEX2IP_JSON_TABLE(Error,  //
                    STRING(Error, cni_version, "cniVersion"),
                    INDEX2IP_INT_FIELD(Error, uint32_t, code, "code"),
                    STRING(Error, msg, "msg"),
                    STRING(Error, details, "details"))
INDEX2IP_JSON_TABLE(VersionInfo,  //
                    STRING(VersionInfo, cni_version, "cniVersion"),
                    STRINGS(VersionInfo, supported_versions,
                            "supportedVersions"))

#undef STRING
#undef STRINGS
#undef MESSAGE
#undef MESSAGES
#undef OPTIONAL_INT

absl::Status FromJsonStatus(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return status;
    case absl::StatusCode::kFailedPrecondition:  // a null in the config
      return MakeError(ErrorCode::kInvalidNetworkConfig,
                       "invalid network config", status.message());
    case absl::StatusCode::kResourceExhausted:
      return MakeError(ErrorCode::kTryAgainLater, "try again later",
                       "out of memory while decoding the network config");
    default:
      return MakeError(ErrorCode::kDecodingFailure,
                       "failed to decode network config", status.message());
  }
}

namespace {

template <typename M>
absl::StatusOr<M> DecodeAs(absl::string_view text,
                           const json::ReadContext& ctx) {
  absl::StatusOr<M> out = json::Decode<M>(text, ctx);
  if (!out.ok()) return FromJsonStatus(out.status());
  return out;
}

}  // namespace

template <typename M>
absl::StatusOr<M> DecodeJson(absl::string_view text) {
  return DecodeAs<M>(text, json::ReadContext());
}

template <typename M>
std::string EncodeMessage(const M& m) {
  return json::Encode(m);
}

std::vector<std::string> KnownJsonKeys() {
  std::vector<std::string> out;
#define INDEX2IP_ADD_KEYS(M) \
  for (const auto& f : json::FieldsOf<M>()) out.emplace_back(f.key);
  INDEX2IP_CNI_MESSAGES(INDEX2IP_ADD_KEYS)
#undef INDEX2IP_ADD_KEYS
  return out;
}

#define INDEX2IP_INSTANTIATE(M)                                \
  template absl::StatusOr<M> DecodeJson<M>(absl::string_view); \
  template std::string EncodeMessage<M>(const M&);
INDEX2IP_CNI_MESSAGES(INDEX2IP_INSTANTIATE)
#undef INDEX2IP_INSTANTIATE

absl::StatusOr<NetConf> DecodeNetConf(absl::string_view json,
                                      std::vector<std::string>* warnings) {
  json::ReadContext ctx;
  ctx.warnings = warnings;
  return DecodeAs<NetConf>(json, ctx);
}

absl::StatusOr<AnyResult> DecodeAnyResult(absl::string_view json) {
  json::ReadContext ctx;
  ctx.null_is_error = false;
  return DecodeAs<AnyResult>(json, ctx);
}

absl::StatusOr<std::string> DecodeCniVersion(absl::string_view text) {
  absl::StatusOr<std::string> out =
      json::CatchOutOfMemory([&]() -> absl::StatusOr<std::string> {
        json::ParsedJson parsed;
        INDEX2IP_RETURN_IF_ERROR(json::ParseJsonObject(text, &parsed.doc));
        const absl::string_view names[] = {"cniVersion"};
        const json::JsonValue* found[1] = {};
        INDEX2IP_RETURN_IF_ERROR(json::MatchMembers(
            parsed.doc, json::Path(), names, json::ReadContext(), found));
        if (found[0] == nullptr || !found[0]->IsString()) {
          return absl::InvalidArgumentError("'cniVersion' is not a string");
        }
        return std::string(found[0]->GetString(), found[0]->GetStringLength());
      });
  if (!out.ok()) return FromJsonStatus(out.status());
  return out;
}

std::string EncodeJson(const Result& m) { return EncodeMessage(m); }
std::string EncodeJson(const ResultV040& m) { return EncodeMessage(m); }
std::string EncodeJson(const ResultV020& m) { return EncodeMessage(m); }
std::string EncodeJson(const Error& m) { return EncodeMessage(m); }
std::string EncodeJson(const VersionInfo& m) { return EncodeMessage(m); }

}  // namespace cni
}  // namespace index2ip
