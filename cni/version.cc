#include "cni/version.h"

#include <array>
#include <iterator>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/quote.h"
#include "cni/codec.h"
#include "cni/error.h"

namespace index2ip {
namespace cni {
namespace {

// Commands each version has (SPEC.md of each tag): CHECK from 0.4.0, STATUS
// and GC from 1.1.0.
constexpr uint8_t kFirst =
    Bit(CniCommand::kAdd) | Bit(CniCommand::kDel) | Bit(CniCommand::kVersion);
constexpr uint8_t kWithCheck = kFirst | Bit(CniCommand::kCheck);
constexpr uint8_t kWithStatusGc =
    kWithCheck | Bit(CniCommand::kStatus) | Bit(CniCommand::kGc);

// The one table of versions, oldest first.
constexpr VersionSpec kTable[] = {
    {Version::k010, "0.1.0", ResultShape::kV020, kFirst},
    {Version::k020, "0.2.0", ResultShape::kV020, kFirst},
    {Version::k030, "0.3.0", ResultShape::kV040, kFirst},
    {Version::k031, "0.3.1", ResultShape::kV040, kFirst},
    {Version::k040, "0.4.0", ResultShape::kV040, kWithCheck},
    {Version::k100, "1.0.0", ResultShape::kV100, kWithCheck},
    {Version::k110, "1.1.0", ResultShape::kV100, kWithStatusGc},
};

static_assert(kTable[std::size(kTable) - 1].version == kCurrentVersion,
              "kCurrentVersion is the table's newest");

// Every version's name, for SupportedVersions().
constexpr auto kVersions = [] {
  std::array<absl::string_view, std::size(kTable)> out{};
  for (size_t i = 0; i < std::size(kTable); ++i) out[i] = kTable[i].version;
  return out;
}();

// The row of `version`, or null: a lookup that misses fails closed.
const VersionSpec* Find(absl::string_view version) {
  for (const VersionSpec& row : kTable) {
    if (row.version == version) return &row;
  }
  return nullptr;
}

absl::Status Unsupported(absl::string_view version) {
  return MakeError(ErrorCode::kIncompatibleCniVersion,
                   "incompatible CNI versions",
                   absl::StrCat("config is ", QuoteForMessage(version),
                                ", plugin supports [\"",
                                absl::StrJoin(kVersions, "\" \""), "\"]"));
}

// Addresses and route destinations are CIDR text; only IPv6 text has ':'.
bool IsV6(absl::string_view cidr) { return absl::StrContains(cidr, ':'); }

ResultV020 ToV020(const Result& result) {
  ResultV020 out;
  for (const IpConfig& ip : result.ips()) {
    IpConfigV020* slot =
        IsV6(ip.address()) ? out.mutable_ip6() : out.mutable_ip4();
    // 0.2.0 has one address per family: the first wins, as in the Go library.
    if (!slot->ip().empty()) continue;
    slot->set_ip(ip.address());
    slot->set_gateway(ip.gateway());
  }
  for (const Route& route : result.routes()) {
    const bool v6 = IsV6(route.dst());
    if (v6 ? !out.has_ip6() : !out.has_ip4()) continue;
    *(v6 ? out.mutable_ip6() : out.mutable_ip4())->add_routes() = route;
  }
  if (result.has_dns()) *out.mutable_dns() = result.dns();
  return out;
}

ResultV040 ToV040(const Result& result) {
  ResultV040 out;
  *out.mutable_interfaces() = result.interfaces();
  for (const IpConfig& ip : result.ips()) {
    IpConfigV040* o = out.add_ips();
    o->set_version(IsV6(ip.address()) ? "6" : "4");
    if (ip.has_interface()) o->set_interface(ip.interface());
    o->set_address(ip.address());
    o->set_gateway(ip.gateway());
  }
  *out.mutable_routes() = result.routes();
  if (result.has_dns()) *out.mutable_dns() = result.dns();
  return out;
}

void AddV020(const IpConfigV020& ip, Result* out) {
  if (ip.ip().empty()) return;
  IpConfig* o = out->add_ips();
  o->set_address(ip.ip());
  o->set_gateway(ip.gateway());
  for (const Route& r : ip.routes()) *out->add_routes() = r;
}

}  // namespace

absl::Span<const VersionSpec> Versions() { return kTable; }

absl::Span<const absl::string_view> SupportedVersions() { return kVersions; }

absl::StatusOr<const VersionSpec*> ResolveVersion(absl::string_view requested) {
  const VersionSpec* row =
      Find(requested.empty() ? kDefaultVersion : requested);
  if (row == nullptr) return Unsupported(requested);
  return row;
}

const VersionSpec& CurrentVersion() { return kTable[std::size(kTable) - 1]; }

absl::string_view CommandName(CniCommand command) {
  switch (command) {
    case CniCommand::kAdd:
      return "ADD";
    case CniCommand::kDel:
      return "DEL";
    case CniCommand::kVersion:
      return "VERSION";
    case CniCommand::kCheck:
      return "CHECK";
    case CniCommand::kStatus:
      return "STATUS";
    case CniCommand::kGc:
      break;
  }
  return "GC";
}

absl::Status RequireVersion(const VersionSpec& version, CniCommand command) {
  if (version.commands & Bit(command)) return absl::OkStatus();
  absl::string_view first = "no version";
  for (const VersionSpec& r : kTable) {
    if (r.commands & Bit(command)) {
      first = r.version;
      break;
    }
  }
  const absl::string_view name = CommandName(command);
  return MakeError(ErrorCode::kIncompatibleCniVersion,
                   absl::StrCat("config version does not allow ", name),
                   absl::StrCat(name, " needs cniVersion ", first,
                                " or newer, the config has ", version.version));
}

absl::StatusOr<std::string> EncodeResult(Result result,
                                         const VersionSpec& version) {
  const std::string name(version.version);
  switch (version.shape) {
    case ResultShape::kV020: {
      ResultV020 out = ToV020(result);
      if (!out.has_ip4() && !out.has_ip6()) {
        return MakeError(
            ErrorCode::kInternal, "cannot convert: no valid IP addresses",
            absl::StrCat("a ", name, " result needs at least one address"));
      }
      out.set_cni_version(name);
      return EncodeJson(out);
    }
    case ResultShape::kV040: {
      ResultV040 out = ToV040(result);
      out.set_cni_version(name);
      return EncodeJson(out);
    }
    case ResultShape::kV100:
      break;
  }
  result.set_cni_version(name);
  return EncodeJson(result);
}

absl::StatusOr<Result> NormalizeResult(const AnyResult& any,
                                       const VersionSpec& config_version) {
  absl::StatusOr<const VersionSpec*> version =
      any.cni_version().empty() ? &config_version
                                : ResolveVersion(any.cni_version());
  if (!version.ok()) return Annotate(version.status(), "prevResult");
  Result out;
  out.set_cni_version(std::string((*version)->version));
  if ((*version)->shape == ResultShape::kV020) {
    AddV020(any.ip4(), &out);
    AddV020(any.ip6(), &out);
  } else {
    *out.mutable_interfaces() = any.interfaces();
    for (const IpConfigV040& ip : any.ips()) {
      IpConfig* o = out.add_ips();
      o->set_address(ip.address());
      o->set_gateway(ip.gateway());
      if (ip.has_interface()) o->set_interface(ip.interface());
    }
    *out.mutable_routes() = any.routes();
  }
  if (any.has_dns()) *out.mutable_dns() = any.dns();
  return out;
}

}  // namespace cni
}  // namespace index2ip
