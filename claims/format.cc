#include "claims/format.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/quote.h"
#include "base/status_macros.h"
#include "json/field_kinds.h"
#include "json/fields.h"
#include "netutil/ip_address.h"

namespace index2ip {
namespace claims {

INDEX2IP_JSON_TABLE(Claim,  //
                    INDEX2IP_STRING_FIELD(Claim, address, "address"),
                    INDEX2IP_STRING_FIELD(Claim, container_id, "containerID"),
                    INDEX2IP_STRING_FIELD(Claim, ifname, "ifname"),
                    INDEX2IP_STRING_FIELD(Claim, network, "network"),
                    INDEX2IP_STRING_FIELD(Claim, netns, "netns"),
                    INDEX2IP_STRING_FIELD(Claim, netns_id, "netnsId"),
                    INDEX2IP_INT_FIELD(Claim, int64_t, since, "since"))
INDEX2IP_JSON_TABLE(Store,  //
                    INDEX2IP_INT_FIELD(Store, uint32_t, format, "format"),
                    INDEX2IP_STRING_FIELD(Store, boot_id, "bootId"),
                    INDEX2IP_MESSAGES_FIELD(Store, Claim, claims, "claims"))
absl::Status ValidateClaim(const Claim& c) {
  absl::StatusOr<netutil::IpAddress> a = netutil::ParseIpAddress(c.address());
  const char* problem = !a.ok() || a->ToString() != c.address()
                            ? "its address is not an address in canonical form"
                        : c.container_id().empty() ? "its containerID is empty"
                        : c.ifname().empty() || c.ifname().size() > 15
                            ? "its ifname is not 1 to 15 bytes"
                        : c.network().empty() ? "its network is empty"
                        : !c.netns_id().empty() && !NetnsId::Parse(c.netns_id())
                            ? "its netnsId is not dev:ino"
                            : nullptr;
  return problem == nullptr ? absl::OkStatus()
                            : absl::InvalidArgumentError(problem);
}

absl::Status DecodeStore(absl::string_view bytes, Store* store) {
  store->Clear();
  if (bytes.size() > kMaxStoreBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("it is ", bytes.size(), " bytes, more than a store's ",
                     kMaxStoreBytes));
  }
  if (!store->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::InvalidArgumentError(
        "it is not a claims store (protobuf's wire format)");
  }
  return absl::OkStatus();
}

absl::Status ValidateStore(const Store& store) {
  if (store.format() > kFormat) {
    return absl::InvalidArgumentError(absl::StrCat(
        "it is format ", store.format(), ", newer than this plugin's ", kFormat,
        ": a newer index2ip wrote it"));
  }
  if (store.format() != kFormat || store.boot_id().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "it is not a format ", kFormat, " store (format ", store.format(),
        store.boot_id().empty() ? ", no bootId)" : ")"));
  }
  std::vector<absl::string_view> addresses;
  for (int i = 0; i < store.claims_size(); ++i) {
    const absl::Status valid = ValidateClaim(store.claims(i));
    if (!valid.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "claim ", i + 1, " (", QuoteForMessage(store.claims(i).address()),
          "): ", valid.message()));
    }
    addresses.push_back(store.claims(i).address());
  }
  std::sort(addresses.begin(), addresses.end());
  const auto twice = std::adjacent_find(addresses.begin(), addresses.end());
  if (twice != addresses.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("it claims ", *twice, " twice"));
  }
  return absl::OkStatus();
}

std::string EncodeStore(const Store& store) {
  return store.SerializeAsString();
}

std::string StoreJson(const Store& store) { return json::Encode(store); }

absl::StatusOr<Claim> ParseLegacyClaim(absl::string_view text,
                                       absl::string_view address,
                                       std::string* boot_id) {
  // A format-1 file is a claim with the store's "format" and "bootId".
  absl::StatusOr<Claim> claim = json::Decode<Claim>(text);
  absl::StatusOr<Store> header = json::Decode<Store>(text);
  std::string problem =
      text.size() > kMaxLegacyClaimBytes ? "longer than a claim can be"
      : !claim.ok()                      ? std::string(claim.status().message())
      : !header.ok()          ? std::string(header.status().message())
      : header->format() != 1 ? absl::StrCat("format ", header->format())
                              : std::string(ValidateClaim(*claim).message());
  if (problem.empty() && claim->address() != address) {
    problem = "it is the claim of another address";
  }
  if (!problem.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a format 1 claim of ", address, ": ", problem));
  }
  *boot_id = header->boot_id();
  return claim;
}

std::string NetnsId::ToString() const { return absl::StrCat(dev, ":", ino); }

absl::optional<NetnsId> NetnsId::Parse(absl::string_view text) {
  const std::vector<absl::string_view> parts = absl::StrSplit(text, ':');
  NetnsId id;
  if (parts.size() != 2 || parts[0].empty() || parts[1].empty() ||
      parts[0].size() > 20 || parts[1].size() > 20 ||
      !std::all_of(text.begin(), text.end(),
                   [](char c) { return c == ':' || absl::ascii_isdigit(c); }) ||
      !absl::SimpleAtoi(parts[0], &id.dev) ||
      !absl::SimpleAtoi(parts[1], &id.ino)) {
    return absl::nullopt;
  }
  return id;
}

}  // namespace claims
}  // namespace index2ip
