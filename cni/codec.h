// JSON <-> the CNI messages of cni.proto.
//
// cni.proto is the one schema. This codec implements protobuf's JSON mapping
// for those messages (field names are the proto names' lowerCamelCase or the
// names themselves; fields at their default value are not printed; fields are
// printed in field-number order) without protobuf's reflection: building
// descriptor pools and walking them costs a short-lived plugin process about
// two million instructions, more than everything else it does together (see
// bench/README.md). codec_test.cc holds this mapping to protobuf's own
// (google::protobuf::util::JsonStringToMessage / MessageToJsonString) on the
// same messages, so the two cannot drift apart.
//
// Decoding is stricter than protobuf's mapping: the input must be one RFC 8259
// JSON value in UTF-8 (protobuf 3.21 also takes single quotes, unquoted keys
// and trailing commas), repeated fields must be arrays, and `ipam.index` and
// `args.cni.index` must be JSON numbers with an integral value (protobuf also
// takes "12"). Unknown fields are ignored: an IPAM plugin is handed the main
// plugin's whole configuration.
//
// Example:
//   absl::StatusOr<NetConf> conf = DecodeNetConf(R"({"cniVersion": "1.0.0",
//       "name": "net", "ipam": {"type": "index2ip", "index": 4}})");
//   conf->ipam().index();                          // 4
//   DecodeNetConf(R"({"ipam": {"index": "4"}})");  // code 6, names ipam.index
//   EncodeJson(error);  // {"cniVersion":"1.0.0","code":7,"msg":"..."}\n

#ifndef CNI_CODEC_H_
#define CNI_CODEC_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cni/cni.pb.h"

namespace index2ip {
namespace cni {

// Decodes the network configuration from stdin. Errors, all code 6 (failed
// to decode content), with details naming the field: not valid UTF-8; not
// one JSON object; a field of the wrong JSON type, or given twice; an index
// that is not an integral number from -2^53 to 2^53; an `interface` outside
// the int32 range.
absl::StatusOr<NetConf> DecodeNetConf(absl::string_view json);

// Decodes a result of any version (the shape of `prevResult`). Errors as
// DecodeNetConf.
absl::StatusOr<AnyResult> DecodeAnyResult(absl::string_view json);

// The top-level "cniVersion" string of a config that may not decode as a
// whole (Go's skel reads it alone first, pkg/types/create DecodeVersion), so
// that an error can be reported in the request's own version. Errors: as
// DecodeNetConf for text that is not one JSON object; code 6 when
// cniVersion is absent or not a string.
absl::StatusOr<std::string> DecodeCniVersion(absl::string_view json);

// Compact JSON followed by a newline, as protobuf's MessageToJsonString
// prints the message with default options.
std::string EncodeJson(const Result& message);
std::string EncodeJson(const ResultV040& message);
std::string EncodeJson(const ResultV020& message);
std::string EncodeJson(const Error& message);
std::string EncodeJson(const VersionInfo& message);

}  // namespace cni
}  // namespace index2ip

#endif  // CNI_CODEC_H_
