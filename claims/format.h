// The claims store's file, `claims.json`: its JSON, its bounds and its
// checks, apart from the store that reads and writes it (claims.h). Also the
// one-file-per-address claims of format 1, which the store reads once to
// carry them over.
//
//   {"format":2,"bootId":"6c1e…","claims":[{"address":"4.14.159.117",
//    "containerID":"ab12","ifname":"net1","network":"ndt",
//    "netns":"/var/run/netns/cni-1","netnsId":"4:4026532281",
//    "since":1764892800}]}
//
// Example:
//   absl::StatusOr<Store> s = DecodeStore(text);
//   absl::Status ok = s.ok() ? ValidateStore(*s) : s.status();
//   std::string again = EncodeStore(*s);   // the same text, for a valid s

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

// The store file's text as a Store, without checking its contents. Errors
// (InvalidArgument, saying what and where): longer than kMaxStoreBytes, not
// one JSON object, a field of the wrong type. Linear in the text.
absl::StatusOr<Store> DecodeStore(absl::string_view text);

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

// The store file's text for `store` (one line, as DecodeStore reads it).
std::string EncodeStore(const Store& store);

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
