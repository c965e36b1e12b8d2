// JSON <-> protobuf for the CNI objects, through protobuf's JSON mapping.
//
// This is the only place that sees protobuf's own status type: every call
// into google::protobuf::util is converted to absl::Status here, with the CNI
// code the spec gives a decoding failure (6).
//
// Decoding the network configuration is stricter than protobuf's mapping
// alone. The input must be one UTF-8 JSON object; `ipam.index` and
// `args.cni.index` must be JSON numbers with an integral value (protobuf
// would also take "12" for an int64 field). Unknown fields are ignored: an
// IPAM plugin is handed the main plugin's whole configuration.
//
// Example:
//   absl::StatusOr<NetConf> conf = DecodeNetConf(R"({"cniVersion": "1.0.0",
//       "name": "net", "ipam": {"type": "index2ip", "index": 4}})");
//   conf->ipam().index();                          // 4
//   DecodeNetConf(R"({"ipam": {"index": "4"}})");  // code 6, names ipam.index

#ifndef CNI_CODEC_H_
#define CNI_CODEC_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cni/cni.pb.h"
#include "google/protobuf/message.h"

namespace index2ip {
namespace cni {

// Decodes the network configuration from stdin. Errors, all code 6 (failed
// to decode content): not valid UTF-8; not one JSON object; nested more
// than 100 levels deep; a field of the wrong JSON type; an index that is not
// an integral number of at most 2^53.
absl::StatusOr<NetConf> DecodeNetConf(absl::string_view json);

// Compact JSON for `message`, followed by a newline. Fields at their default
// value are left out (as the Go library's omitempty does).
std::string EncodeJson(const google::protobuf::Message& message);

}  // namespace cni
}  // namespace index2ip

#endif  // CNI_CODEC_H_
