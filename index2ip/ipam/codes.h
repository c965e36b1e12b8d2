// This plugin's own error codes, 100 and up (SPEC.md section 5 leaves them
// to plugins; the spec's are cni/error.h's), carried on an absl::Status as
// the spec's are, and mapped to the error object by cni::ToCniError.
//
// Example:
//   return MakeError(Code::kIndexRefused, "address reserved",
//                    "index 5 gives 10.0.0.6/29, but 10.0.0.6 is the gateway");
//   cni::CodeOf(status) == CniCode(Code::kIndexRefused);   // 101

#ifndef INDEX2IP_IPAM_CODES_H_
#define INDEX2IP_IPAM_CODES_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "cni/error.h"

namespace index2ip {

enum class Code : uint32_t {
  // The host's own addresses (kernel command line) are missing or invalid.
  kHostConfig = 100,
  // The index moves the address out of the host's subnet, past the
  // operator's maxIndex, or onto an address that is someone else's (the
  // gateway, a nameserver, the host), or a requested address stands for no
  // index ADD accepts: every refusal of an index.
  kIndexRefused = 101,
  // CHECK: prevResult does not hold what ADD would return now, or the
  // attachment does not hold its claim.
  kCheckMismatch = 102,
  // Another live attachment on this node claims the address (claims/).
  kAddressInUse = 103,
};

// The code as the cni library carries it.
constexpr cni::ErrorCode CniCode(Code code) {
  return static_cast<cni::ErrorCode>(code);
}

// cni::MakeError with one of this plugin's codes.
inline absl::Status MakeError(Code code, absl::string_view msg,
                              absl::string_view details) {
  return cni::MakeError(CniCode(code), msg, details);
}

}  // namespace index2ip

#endif  // INDEX2IP_IPAM_CODES_H_
