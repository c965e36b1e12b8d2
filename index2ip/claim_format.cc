// ParseClaim and FormatClaim (claims.h): the claim format, apart from the
// store that reads and writes it.
#include <string>

#include "absl/strings/str_cat.h"
#include "base/quote.h"
#include "cni/codec.h"
#include "cni/error.h"
#include "index2ip/claims.h"
#include "index2ip/handlers.h"
#include "netutil/ip_address.h"

namespace index2ip {

absl::StatusOr<cni::Claim> ParseClaim(absl::string_view text) {
  if (text.size() > kMaxClaimBytes) {
    return absl::InvalidArgumentError("longer than a claim can be");
  }
  absl::StatusOr<cni::Claim> claim = cni::DecodeJson<cni::Claim>(text);
  if (!claim.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "not a claim: ", cni::ToCniError(claim.status(), "").details()));
  }
  if (claim->format() > kClaimFormat) {
    return absl::InvalidArgumentError(
        absl::StrCat("format ", claim->format(), ", newer than this plugin's ",
                     kClaimFormat));
  }
  if (claim->format() < 1 || !netutil::ParseIpAddress(claim->address()).ok() ||
      !IsValidCniId(claim->container_id()) || claim->ifname().empty() ||
      claim->ifname().size() > 15 || !IsValidCniId(claim->network())) {
    return absl::InvalidArgumentError(
        "a field is missing or malformed (format, address, containerID, "
        "ifname, network)");
  }
  if (!claim->netns_id().empty() && !NetnsId::Parse(claim->netns_id())) {
    return absl::InvalidArgumentError(
        absl::StrCat("netnsId ", QuoteForMessage(claim->netns_id()),
                     " is not dev:ino"));
  }
  return claim;
}

absl::StatusOr<std::string> FormatClaim(const cni::Claim& claim) {
  std::string text = cni::EncodeMessage(claim);
  if (text.size() <= kMaxClaimBytes) return text;
  // The owner's fields are what can be long; the code names who sets the
  // longest (the runtime's variables, or the network config).
  const size_t from_env = claim.container_id().size() + claim.netns().size();
  return cni::MakeError(
      from_env >= claim.network().size()
          ? cni::ErrorCode::kInvalidEnvironmentVariables
          : cni::ErrorCode::kInvalidNetworkConfig,
      "too long to claim",
      absl::StrCat("a claim is at most ", kMaxClaimBytes, " bytes; this one "
                   "would be ", text.size(), " (CNI_CONTAINERID ",
                   claim.container_id().size(), " bytes, CNI_NETNS ",
                   claim.netns().size(), ", network name ",
                   claim.network().size(),
                   "); ipam.claims false keeps no claims"));
}

}  // namespace index2ip
