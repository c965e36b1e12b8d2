#include "index2ip/handlers.h"

#include <cstdint>
#include <string>
#include <utility>

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "base/quote.h"
#include "base/status_macros.h"
#include "base/utf8.h"
#include "cni/error.h"
#include "cni/version.h"
#include "index2ip/call_log.h"
#include "netutil/index_math.h"

namespace index2ip {
namespace {

using netutil::IndexSet;

// "; valid indices on this host are 1..4, 6..14", or that none is.
std::string ValidText(const IndexSet& accepted) {
  return accepted.empty()
             ? std::string("; no index is valid on this host")
             : absl::StrCat("; valid indices on this host are ",
                            accepted.ToString());
}

// " (host address 4.14.159.112/26 from epoxy.ipv4, index from the pod name
// 'ndt-index20-abc')": where the two operands came from.
std::string Operands(const FamilyConfig& family, const IndexChoice& index) {
  return absl::StrCat(
      " (host address ", family.address.ToString(), " from ", family.source,
      ", index from ", IndexSourceName(index.source),
      index.source == IndexSource::kPodName
          ? absl::StrCat(" ", QuoteForMessage(index.origin))
          : std::string(),
      ")");
}

absl::Status AddFamily(const HostConfig& host, const FamilyConfig& family,
                       const IndexChoice& index,
                       absl::optional<int64_t> max_index, cni::Result* result) {
  absl::StatusOr<netutil::IpPrefix> pod =
      netutil::AddIndexToIp(family.address, index.index);
  if (!pod.ok()) {
    return cni::MakeError(
        cni::ErrorCode::kIndexOutOfRange, "index out of range",
        absl::StrCat(pod.status().message(),
                     ValidText(AcceptedIndices(host, max_index)),
                     Operands(family, index)));
  }
  for (const ReservedAddress& r : ReservedAddresses(family)) {
    if (r.address != pod->address()) continue;
    return cni::MakeError(
        cni::ErrorCode::kAddressReserved, "address reserved",
        absl::StrCat("index ", index.index, " gives ", pod->ToString(), ", but ",
                     r.address.ToString(), " is ", r.role, " (", family.source,
                     ")", ValidText(AcceptedIndices(host, max_index)),
                     Operands(family, index)));
  }
  cni::IpConfig* ip = result->add_ips();
  ip->set_address(pod->ToString());
  ip->set_gateway(family.gateway.ToString());
  cni::Route* route = result->add_routes();
  route->set_dst(family.address.family() == netutil::IpFamily::kV4
                     ? "0.0.0.0/0"
                     : "::/0");
  route->set_gw(family.gateway.ToString());
  for (const netutil::IpAddress& ns : family.nameservers) {
    result->mutable_dns()->add_nameservers(ns.ToString());
  }
  return absl::OkStatus();
}

absl::Status Mismatch(absl::string_view details) {
  return cni::MakeError(cni::ErrorCode::kCheckMismatch,
                        "prevResult does not match", details);
}

}  // namespace

// Checked with a loop rather than RE2: compiling the pattern cost 40 000
// instructions, about a seventh of a whole ADD (bench/README.md).
bool IsValidCniId(absl::string_view id) {
  if (id.empty() || !absl::ascii_isalnum(static_cast<unsigned char>(id[0]))) {
    return false;
  }
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' &&
        c != '.' && c != '-') {
      return false;
    }
  }
  return true;
}

absl::Status ValidateIfName(absl::string_view name) {
  const auto invalid = [name](absl::string_view why) {
    return cni::MakeError(cni::ErrorCode::kInvalidEnvironmentVariables,
                          "invalid CNI_IFNAME",
                          absl::StrCat("CNI_IFNAME ", QuoteForMessage(name),
                                       " ", why));
  };
  if (name.size() > 15) return invalid("is longer than 15 bytes");
  if (name == "." || name == "..") return invalid("must not be . or ..");
  for (absl::string_view rest = name; !rest.empty();) {
    uint32_t cp = 0;
    const size_t n = DecodeUtf8Char(rest, &cp);
    if (n == 0) return invalid("is not valid UTF-8");
    if (cp == '/' || cp == ':' || IsUnicodeSpace(cp)) {
      return invalid("contains '/', ':' or white space");
    }
    rest.remove_prefix(n);
  }
  return absl::OkStatus();
}

absl::Status ValidateNetConf(const cni::NetConf& conf) {
  if (!IsValidCniId(conf.name())) {
    return cni::MakeError(
        cni::ErrorCode::kInvalidNetworkConfig, "invalid network name",
        absl::StrCat("'name' must be letters, digits, '_', '.' and '-', "
                     "starting with a letter or digit; got ",
                     QuoteForMessage(conf.name())));
  }
  INDEX2IP_RETURN_IF_ERROR(CheckMaxIndex(conf.ipam()));
  return ValidateLogSettings(conf.ipam().log_file(), conf.ipam().log_level());
}

IndexSet AcceptedIndices(const HostConfig& host,
                         absl::optional<int64_t> max_index) {
  const auto family_set = [](const FamilyConfig& family) {
    std::vector<netutil::IpAddress> reserved;
    for (const ReservedAddress& r : ReservedAddresses(family)) {
      reserved.push_back(r.address);
    }
    return netutil::ValidIndices(family.address, reserved);
  };
  IndexSet out = family_set(host.v4);
  if (host.v6.has_value()) out.Intersect(family_set(*host.v6));
  if (max_index.has_value()) out.KeepAtMost(*max_index);
  return out;
}

absl::StatusOr<cni::Result> ComputeResult(const HostConfig& host,
                                          const IndexChoice& index,
                                          absl::optional<int64_t> max_index) {
  cni::Result result;
  INDEX2IP_RETURN_IF_ERROR(AddFamily(host, host.v4, index, max_index, &result));
  if (host.v6.has_value()) {
    INDEX2IP_RETURN_IF_ERROR(
        AddFamily(host, *host.v6, index, max_index, &result));
  }
  return result;
}

absl::StatusOr<Addition> ComputeAdd(const cni::NetConf& conf,
                                    absl::string_view cni_args,
                                    const HostConfig& host) {
  Addition out;
  INDEX2IP_ASSIGN_OR_RETURN(out.index, FindIndex(conf, cni_args, &host));
  const cni::Ipam& ipam = conf.ipam();
  INDEX2IP_ASSIGN_OR_RETURN(
      out.result,
      ComputeResult(host, out.index,
                    ipam.has_max_index() ? absl::make_optional(ipam.max_index())
                                         : absl::nullopt));
  return out;
}

absl::StatusOr<cni::Result> HandleAdd(const cni::NetConf& conf,
                                      absl::string_view cni_args,
                                      absl::string_view cmdline) {
  INDEX2IP_ASSIGN_OR_RETURN(const HostConfig host, ParseHostConfig(cmdline));
  INDEX2IP_ASSIGN_OR_RETURN(Addition add, ComputeAdd(conf, cni_args, host));
  return std::move(add.result);
}

absl::Status HandleCheck(const cni::NetConf& conf, absl::string_view cni_args,
                         absl::string_view cmdline) {
  if (!conf.has_prev_result()) {
    return cni::MakeError(cni::ErrorCode::kInvalidNetworkConfig,
                          "missing prevResult",
                          "CHECK needs the ADD result as prevResult");
  }
  INDEX2IP_ASSIGN_OR_RETURN(
      const cni::Result prev,
      cni::NormalizeResult(conf.prev_result(), conf.cni_version()));
  INDEX2IP_ASSIGN_OR_RETURN(const cni::Result want,
                            HandleAdd(conf, cni_args, cmdline));
  for (const cni::IpConfig& ip : want.ips()) {
    // Compare parsed values: prevResult may spell an address differently.
    INDEX2IP_ASSIGN_OR_RETURN(const netutil::IpPrefix want_address,
                              netutil::ParseIpPrefix(ip.address()));
    const cni::IpConfig* found = nullptr;
    for (const cni::IpConfig& p : prev.ips()) {
      absl::StatusOr<netutil::IpPrefix> have =
          netutil::ParseIpPrefix(p.address());
      if (have.ok() && *have == want_address) {
        found = &p;
        break;
      }
    }
    if (found == nullptr) {
      return Mismatch(absl::StrCat("prevResult lacks the address ",
                                   ip.address(), " that ADD returns"));
    }
    // As addresses, not text: "2001:db8:0:0:0:0:0:1" is "2001:db8::1".
    INDEX2IP_ASSIGN_OR_RETURN(const netutil::IpAddress want_gateway,
                              netutil::ParseIpAddress(ip.gateway()));
    absl::StatusOr<netutil::IpAddress> gw =
        netutil::ParseIpAddress(found->gateway());
    if (!gw.ok() || *gw != want_gateway) {
      return Mismatch(absl::StrCat("prevResult has gateway ",
                                   QuoteForMessage(found->gateway()), " for ",
                                   ip.address(), ", ADD returns ",
                                   ip.gateway()));
    }
  }
  return absl::OkStatus();
}

absl::Status HandleStatus(absl::string_view cmdline) {
  absl::StatusOr<HostConfig> host = ParseHostConfig(cmdline);
  if (host.ok()) return absl::OkStatus();
  const cni::Error cause = cni::ToCniError(host.status(), "");
  return cni::MakeError(cni::ErrorCode::kPluginNotAvailable,
                        "plugin not available",
                        absl::StrCat(cause.msg(), ": ", cause.details()));
}

}  // namespace index2ip
