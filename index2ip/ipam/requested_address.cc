#include "index2ip/ipam/requested_address.h"

#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "base/quote.h"
#include "cni/error.h"
#include "index2ip/ipam/codes.h"
#include "netutil/index_math.h"
#include "netutil/ip_address.h"

namespace index2ip {
namespace {

absl::Status Refused(absl::string_view source, absl::string_view details) {
  return MakeError(Code::kIndexRefused, "requested address refused",
                   absl::StrCat(source, ": ", details));
}

}  // namespace

absl::StatusOr<int64_t> IndexForAddresses(
    const HostConfig& host, absl::Span<const std::string> addresses,
    absl::string_view source) {
  absl::optional<int64_t> v4_index, v6_index;
  for (const std::string& text : addresses) {
    const size_t slash = text.find('/');
    absl::StatusOr<netutil::IpAddress> address =
        netutil::ParseIpAddress(text.substr(0, slash));
    if (!address.ok()) {
      return Refused(
          source, absl::StrCat(QuoteForMessage(text), " is not an IP address"));
    }
    const bool v4 = address->family() == netutil::IpFamily::kV4;
    if (!v4 && !host.v6.has_value()) {
      return Refused(source, absl::StrCat(address->ToString(),
                                          " is IPv6, and this host has no "
                                          "IPv6 address (no epoxy.ipv6)"));
    }
    const FamilyConfig& family = v4 ? host.v4 : *host.v6;
    absl::optional<int64_t>& slot = v4 ? v4_index : v6_index;
    if (slot.has_value()) {
      return Refused(
          source, absl::StrCat("at most one address per family; ", "two are ",
                               netutil::FamilyName(address->family())));
    }
    if (slash != std::string::npos) {
      absl::StatusOr<netutil::IpPrefix> prefix = netutil::ParseIpPrefix(text);
      if (!prefix.ok() || prefix->length() != family.address.length()) {
        return Refused(source, absl::StrCat(QuoteForMessage(text),
                                            " has not the host's "
                                            "prefix length /",
                                            family.address.length()));
      }
    }
    absl::optional<int64_t> k = netutil::IndexOf(family.address, *address);
    if (!k.has_value()) {
      bool hex_letter = false;
      if (!v4) {
        const auto& b = address->bytes();
        const int group = b[14] << 8 | b[15];
        for (int shift = 0; shift < 16; shift += 4) {
          hex_letter |= ((group >> shift) & 0xf) > 9;
        }
      }
      return Refused(
          source,
          absl::StrCat(address->ToString(),
                       " is not this host's address plus "
                       "an index (host ",
                       family.address.ToString(), " from ", family.source, ")",
                       hex_letter ? "; its last group has a hex letter, and "
                                    "IPv6 indices are written in decimal digits"
                                  : ""));
    }
    slot = *k;
  }
  if (!v4_index.has_value() && !v6_index.has_value()) {
    return Refused(source, "no address given");
  }
  if (v4_index.has_value() && v6_index.has_value() && *v4_index != *v6_index) {
    return Refused(source, absl::StrCat("the IPv4 address is index ", *v4_index,
                                        " and the IPv6 address index ",
                                        *v6_index, "; they must be one index"));
  }
  return v4_index.has_value() ? *v4_index : *v6_index;
}

}  // namespace index2ip
