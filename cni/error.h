// CNI error codes carried on absl::Status, and the one mapping from a Status
// to the CNI error object.
//
// Code that detects a failure states its CNI code where it knows it:
//
//   return cni::MakeError(cni::ErrorCode::kInvalidNetworkConfig,
//                         "invalid index", "ipam.index must be at least 1");
//
// Callers add context without losing the code or the short message:
//
//   return cni::Annotate(status, "reading ipam.index");
//
// and the command dispatcher turns any Status into the object the spec
// prints on stdout:
//
//   cni::Error e = cni::ToCniError(status, "1.0.0");
//   // {"cniVersion":"1.0.0","code":7,"msg":"invalid index",
//   //  "details":"reading ipam.index: ipam.index must be at least 1"}
//
// A plain Status keeps its whole message as details.
//
// A Status without a CNI code (from a library that knows nothing of CNI) is
// mapped by its absl::StatusCode; see CodeOf().

#ifndef CNI_ERROR_H_
#define CNI_ERROR_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "cni/cni.pb.h"

namespace index2ip {
namespace cni {

// SPEC.md section 5 "Error": 0-99 are the spec's; 100 and up are a
// plugin's own (this plugin's: index2ip/ipam/codes.h), carried as values of
// this type too.
enum class ErrorCode : uint32_t {
  kIncompatibleCniVersion = 1,
  kUnsupportedField = 2,
  kUnknownContainer = 3,
  kInvalidEnvironmentVariables = 4,
  kIoFailure = 5,
  kDecodingFailure = 6,
  kInvalidNetworkConfig = 7,
  kTryAgainLater = 11,
  kPluginNotAvailable = 50,
  kLimitedConnectivity = 51,
  // A failure this plugin did not classify; a bug if it is ever seen.
  kInternal = 999,
};

// Returns a Status carrying `code` and the short, fixed `msg` (what tests
// and operators match on); `details` names the field, the value and what
// would be valid. The Status message is `details`; `msg` is a payload.
absl::Status MakeError(ErrorCode code, absl::string_view msg,
                       absl::string_view details);

// Returns `status` with "context: " put before its message; code, CNI code
// and short message are kept. OK stays OK.
absl::Status Annotate(const absl::Status& status, absl::string_view context);

// The CNI code of a non-OK `status`: the one given to MakeError, else by
// status code (InvalidArgument and OutOfRange: 7, Unavailable: 11,
// DataLoss: 5, anything else: 999).
ErrorCode CodeOf(const absl::Status& status);

// The most bytes of a status message an error object carries as details;
// longer ones are cut. With the escapes, an object stays under 4 KiB.
inline constexpr size_t kMaxDetailsBytes = 1024;

// The error object for a non-OK `status`: code from CodeOf(), msg from
// MakeError() (else a fixed text for the code), details the status message,
// cniVersion as given. msg and details are escaped for one line
// (EscapeForLine, base/quote.h) and details cut at kMaxDetailsBytes.
Error ToCniError(const absl::Status& status, absl::string_view cni_version);

}  // namespace cni
}  // namespace index2ip

#endif  // CNI_ERROR_H_
