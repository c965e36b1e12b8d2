#include "cni/codec.h"

#include <cstdint>
#include <limits>
#include <new>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cni/error.h"
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

#define STRING(M, f, key) StringField<M, &M::f, &M::mutable_##f>(key)
#define STRINGS(M, f, key) StringsField<M, &M::f, &M::mutable_##f>(key)
#define MESSAGE(M, Sub, f, key) \
  MessageField<M, Sub, &M::has_##f, &M::f, &M::mutable_##f>(key)
#define MESSAGES(M, Sub, f, key) MessagesField<M, Sub, &M::f, &M::mutable_##f>(key)
#define OPTIONAL_INT(M, T, f, key) \
  OptionalIntegerField<M, T, &M::has_##f, &M::f, &M::set_##f>(key)

INDEX2IP_FIELDS(NetConf,  //
                STRING(NetConf, cni_version, "cniVersion"),
                STRING(NetConf, name, "name"), STRING(NetConf, type, "type"),
                MESSAGE(NetConf, Ipam, ipam, "ipam"),
                MESSAGE(NetConf, Args, args, "args"),
                (PrevResultField<NetConf, AnyResult, &NetConf::has_prev_result,
                                 &NetConf::prev_result,
                                 &NetConf::mutable_prev_result>("prevResult")))
INDEX2IP_FIELDS(Ipam,  //
                STRING(Ipam, type, "type"),
                OPTIONAL_INT(Ipam, int64_t, index, "index"))
INDEX2IP_FIELDS(Args, MESSAGE(Args, CniArgs, cni, "cni"))
INDEX2IP_FIELDS(CniArgs, OPTIONAL_INT(CniArgs, int64_t, index, "index"))
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
                (IntegerField<Error, uint32_t, &Error::code, &Error::set_code>(
                    "code")),
                STRING(Error, msg, "msg"), STRING(Error, details, "details"))
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

absl::Status OutOfMemory() {
  return MakeError(ErrorCode::kTryAgainLater, "try again later",
                   "out of memory while decoding the network config");
}

// Parses `json` and reads it into a fresh M with `ctx`. Running out of
// memory (std::bad_alloc, from rapidjson or from the messages) is code 11:
// the input was not wrong, the node was short of memory.
template <typename M>
absl::StatusOr<M> Decode(absl::string_view json, const ReadContext& ctx) {
  try {
    ParsedJson parsed;
    INDEX2IP_RETURN_IF_ERROR(ParseJsonObject(json, &parsed.doc));
    M out;
    INDEX2IP_RETURN_IF_ERROR(ReadObject(parsed.doc, "", ctx, &out));
    return out;
  } catch (const std::bad_alloc&) {
    return OutOfMemory();
  }
}

template <typename M>
std::string Encode(const M& m) {
  Writer w;
  WriteObject(w, m);
  return w.Finish();
}

}  // namespace

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
  try {
    ParsedJson parsed;
    INDEX2IP_RETURN_IF_ERROR(ParseJsonObject(json, &parsed.doc));
    const absl::string_view names[] = {"cniVersion"};
    const JsonValue* found[1] = {};
    INDEX2IP_RETURN_IF_ERROR(
        MatchMembers(parsed.doc, "", names, ReadContext(), found));
    if (found[0] == nullptr || !found[0]->IsString()) {
      return MakeError(ErrorCode::kDecodingFailure,
                       "failed to decode network config",
                       "'cniVersion' is not a string");
    }
    return std::string(found[0]->GetString(), found[0]->GetStringLength());
  } catch (const std::bad_alloc&) {
    return OutOfMemory();
  }
}

std::string EncodeJson(const Result& m) { return Encode(m); }
std::string EncodeJson(const ResultV040& m) { return Encode(m); }
std::string EncodeJson(const ResultV020& m) { return Encode(m); }
std::string EncodeJson(const Error& m) { return Encode(m); }
std::string EncodeJson(const VersionInfo& m) { return Encode(m); }

}  // namespace cni
}  // namespace index2ip
