// Fuzzes the claims store's readers (claims/format.h): the store file,
// claims.pb (protobuf's wire format), and the format-1 JSON claim files it
// carries over. The store is
// the plugin's own, but its files are untrusted all the same: torn by a
// crash, written by a newer plugin, or edited by hand.
//
// Properties, for every input:
//   - DecodeStore fails with InvalidArgument and a message, or reads a
//     Store; ValidateStore fails with InvalidArgument and a message, or
//     accepts a store of this format whose claims each pass ValidateClaim,
//     with no address twice;
//   - a store it accepts, written as the store writes it (EncodeStore) and
//     read back, is the same store, and is accepted again;
//   - ParseLegacyClaim fails with InvalidArgument, or gives a claim that
//     passes ValidateClaim and whose address is the one asked for;
//   - every netnsId accepted round-trips through NetnsId.

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "claims/claims.pb.h"
#include "claims/format.h"
#include "claims/system.h"
#include "fuzz/fuzz_check.h"

namespace index2ip {
namespace claims {
namespace {

constexpr size_t kMaxInput = 1 << 16;

void CheckNetnsId(const Claim& c) {
  if (c.netns_id().empty()) return;
  absl::optional<NetnsId> id = NetnsId::Parse(c.netns_id());
  INDEX2IP_FUZZ_CHECK(id.has_value(), c.netns_id());
  absl::optional<NetnsId> again = NetnsId::Parse(id->ToString());
  INDEX2IP_FUZZ_CHECK(again.has_value() && *again == *id, c.netns_id());
}

void FuzzStore(absl::string_view text) {
  Store store;
  const absl::Status decoded = DecodeStore(text, &store);
  if (!decoded.ok()) {
    INDEX2IP_FUZZ_CHECK(decoded.code() == absl::StatusCode::kInvalidArgument &&
                            !decoded.message().empty(),
                        decoded.ToString());
    return;
  }
  const absl::Status valid = ValidateStore(store);
  if (!valid.ok()) {
    INDEX2IP_FUZZ_CHECK(valid.code() == absl::StatusCode::kInvalidArgument &&
                            !valid.message().empty(),
                        valid.ToString());
    return;
  }
  INDEX2IP_FUZZ_CHECK(store.format() == kFormat, "format");
  for (const Claim& c : store.claims()) {
    INDEX2IP_FUZZ_CHECK(ValidateClaim(c).ok(), c.address());
    CheckNetnsId(c);
  }
  const std::string written = EncodeStore(store);
  Store back;
  INDEX2IP_FUZZ_CHECK(DecodeStore(written, &back).ok() &&
                          ValidateStore(back).ok() &&
                          back.SerializeAsString() == store.SerializeAsString(),
                      "round trip");
  INDEX2IP_FUZZ_CHECK(EncodeStore(back) == written, "written again");
  const std::string json = StoreJson(store);
  INDEX2IP_FUZZ_CHECK(json.find('\n') == json.size() - 1, json);
}

void FuzzLegacy(absl::string_view text) {
  constexpr absl::string_view kAddress = "4.14.159.117";
  std::string boot;
  absl::StatusOr<Claim> claim = ParseLegacyClaim(text, kAddress, &boot);
  if (!claim.ok()) {
    INDEX2IP_FUZZ_CHECK(
        claim.status().code() == absl::StatusCode::kInvalidArgument,
        claim.status().ToString());
    return;
  }
  INDEX2IP_FUZZ_CHECK(claim->address() == kAddress, claim->address());
  INDEX2IP_FUZZ_CHECK(ValidateClaim(*claim).ok(), text);
  CheckNetnsId(*claim);
}

}  // namespace
}  // namespace claims
}  // namespace index2ip

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > index2ip::claims::kMaxInput) return 0;
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  index2ip::claims::FuzzStore(text);
  index2ip::claims::FuzzLegacy(text);
  return 0;
}
