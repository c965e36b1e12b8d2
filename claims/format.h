// The claims store's file, `claims.pb`: claims.proto's Store in protobuf's
// binary wire format, its bounds and its checks, apart from the store that
// reads and writes it (claims.h). Binary because an ADD reads and rewrites
// the whole store: in JSON a node's 24 claims cost an ADD 400,000
// instructions more than the per-address files it replaced; people read it
// as JSON through `index2ip claims --json` (StoreJson). Also the
// one-file-per-address JSON claims of format 1, which the store reads once
// to carry them over.
//
// Example:
//   Store s;
//   absl::Status ok = DecodeStore(bytes, &s);
//   if (ok.ok()) ok = ValidateStore(s);
//   std::string again = EncodeStore(s);    // bytes DecodeStore reads back
//   StoreJson(s);  // {"format":2,"bootId":"6c1e…","claims":[{"address":
//                   //  "4.14.159.117","containerID":"ab12",...}]}

#ifndef CLAIMS_FORMAT_H_
#define CLAIMS_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "claims/claims.pb.h"

namespace index2ip {
namespace claims {

// A network namespace's identity: the device and inode stat(2) gives for a
// path that names it (/proc/PID/ns/net, a bind mount under /run/netns).
struct NetnsId {
  uint64_t dev = 0;
  uint64_t ino = 0;

  // "dev:ino", as a claim's netnsId records it.
  std::string ToString() const;
  // The inverse of ToString; nullopt for any other text.
  static absl::optional<NetnsId> Parse(absl::string_view text);

  friend bool operator==(const NetnsId& a, const NetnsId& b) {
    return a.dev == b.dev && a.ino == b.ino;
  }
};

// The format this plugin writes; a store file of a newer one is not read.
inline constexpr uint32_t kFormat = 2;
// The largest store file: thousands of claims, where a node holds dozens.
inline constexpr size_t kMaxStoreBytes = size_t{4} << 20;
// The longest owner field (the netns path: PATH_MAX), before escaping.
inline constexpr size_t kMaxFieldBytes = 4096;
// The largest format-1 claim file.
inline constexpr size_t kMaxLegacyClaimBytes = 4096;

// Reads the store file's bytes into `*store` (cleared first), without
// checking its contents. Errors (InvalidArgument): longer than
// kMaxStoreBytes, not a Store in protobuf's wire format. Linear in the bytes.
absl::Status DecodeStore(absl::string_view bytes, Store* store);

// Whether `store` is one this plugin can use: format kFormat (an error says
// "newer" for a newer one), a boot id, and claims each with a canonical
// address, a container ID, an interface of 1 to 15 bytes, a network, a
// netnsId that is empty or dev:ino, and no address claimed twice. Errors:
// InvalidArgument naming the first claim that is not.
absl::Status ValidateStore(const Store& store);

// Whether one claim is sound: a canonical address, a container ID, an
// interface of 1 to 15 bytes, a network, a netnsId empty or dev:ino. Error:
// InvalidArgument saying which is not.
absl::Status ValidateClaim(const Claim& claim);

// The store file's bytes for `store`, which DecodeStore reads back.
std::string EncodeStore(const Store& store);

// `store` as one line of JSON, for people and scripts.
std::string StoreJson(const Store& store);

// A format-1 claim file's text, read as the claim of `address` (its file's
// name, canonical) together with the boot that wrote it. Errors
// (InvalidArgument): longer than kMaxLegacyClaimBytes, not a format-1
// claim, or a claim of another address.
absl::StatusOr<Claim> ParseLegacyClaim(absl::string_view text,
                                       absl::string_view address,
                                       std::string* boot_id);

}  // namespace claims
}  // namespace index2ip

#endif  // CLAIMS_FORMAT_H_
