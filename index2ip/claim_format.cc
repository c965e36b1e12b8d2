// ParseClaim and StateName (claims.h): the claim format, apart from the
// store that writes it.
#include <string>

#include "absl/strings/str_cat.h"
#include "base/quote.h"
#include "cni/codec.h"
#include "cni/error.h"
#include "index2ip/claims.h"
#include "index2ip/handlers.h"
#include "netutil/ip_address.h"

namespace index2ip {
namespace {

// A claim is a few hundred bytes; more is not one.
constexpr size_t kMaxClaimText = 4096;

}  // namespace

absl::string_view StateName(ClaimView::State state) {
  switch (state) {
    case ClaimView::State::kAlive:
      return "alive";
    case ClaimView::State::kStale:
      return "stale";
    case ClaimView::State::kHeld:
      break;
  }
  return "held";
}

absl::StatusOr<cni::Claim> ParseClaim(absl::string_view text) {
  if (text.size() > kMaxClaimText) {
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

}  // namespace index2ip
