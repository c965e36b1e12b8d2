// Fuzzes index2ip::ParseClaim (index2ip/claims.h), the reader of the claims
// store's files. The store is the plugin's own, but a file in it is
// untrusted all the same: torn by a crash on another filesystem, written by
// a newer plugin, or edited by hand.
//
// Properties, for every input:
//   - ParseClaim fails with InvalidArgument and a message, or gives a claim
//     whose format is 1 to kClaimFormat, whose address parses, and whose
//     container ID, interface and network are well formed;
//   - a claim it accepts, formatted as the store writes it (FormatClaim)
//     and read back, is the same claim; FormatClaim refuses it only when
//     its text is longer than kMaxClaimBytes, and then with code 4 or 7;
//   - its netnsId, when set, round-trips through NetnsId.

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "cni/cni.pb.h"
#include "cni/codec.h"
#include "cni/error.h"
#include "cni/protobuf_json.h"
#include "fuzz/fuzz_check.h"
#include "index2ip/claim_system.h"
#include "index2ip/claims.h"
#include "netutil/ip_address.h"

namespace index2ip {
namespace {

namespace pj = ::index2ip::cni::testing;

constexpr size_t kMaxInput = 8192;

void TestOneInput(absl::string_view text) {
  absl::StatusOr<cni::Claim> claim = ParseClaim(text);
  if (!claim.ok()) {
    INDEX2IP_FUZZ_CHECK(
        claim.status().code() == absl::StatusCode::kInvalidArgument &&
            !claim.status().message().empty(),
        claim.status().ToString());
    return;
  }
  INDEX2IP_FUZZ_CHECK(claim->format() >= 1 && claim->format() <= kClaimFormat,
                      pj::Debug(*claim));
  INDEX2IP_FUZZ_CHECK(netutil::ParseIpAddress(claim->address()).ok(),
                      pj::Debug(*claim));
  INDEX2IP_FUZZ_CHECK(!claim->container_id().empty() &&
                          !claim->ifname().empty() &&
                          claim->ifname().size() <= 15 &&
                          !claim->network().empty(),
                      pj::Debug(*claim));
  const std::string printed = cni::EncodeMessage(*claim);
  absl::StatusOr<std::string> formatted = FormatClaim(*claim);
  if (!formatted.ok()) {
    // Raw text that fits can print longer: a DEL byte is \u007f in JSON.
    const cni::ErrorCode code = cni::CodeOf(formatted.status());
    INDEX2IP_FUZZ_CHECK(
        printed.size() > kMaxClaimBytes &&
            (code == cni::ErrorCode::kInvalidEnvironmentVariables ||
             code == cni::ErrorCode::kInvalidNetworkConfig),
        formatted.status().ToString());
  } else {
    INDEX2IP_FUZZ_CHECK(*formatted == printed, *formatted);
    absl::StatusOr<cni::Claim> back = ParseClaim(*formatted);
    INDEX2IP_FUZZ_CHECK(back.ok() && pj::Equal(*back, *claim),
                        absl::StrCat("round trip of ", printed));
  }
  if (!claim->netns_id().empty()) {
    absl::optional<NetnsId> id = NetnsId::Parse(claim->netns_id());
    INDEX2IP_FUZZ_CHECK(id.has_value(), claim->netns_id());
    absl::optional<NetnsId> again = NetnsId::Parse(id->ToString());
    INDEX2IP_FUZZ_CHECK(again.has_value() && *again == *id, claim->netns_id());
  }
}

}  // namespace
}  // namespace index2ip

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > index2ip::kMaxInput) return 0;
  index2ip::TestOneInput(
      absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
