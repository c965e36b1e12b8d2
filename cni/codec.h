// JSON <-> the CNI messages of cni.proto.
//
// cni.proto is the one schema, and each message's JSON mapping is declared
// once, as a table of fields (json/fields.h), without protobuf's
// reflection: building descriptor pools and walking them costs a short-lived
// plugin process about two million instructions, more than everything else it
// does together (see docs/performance-history.md). Keys are the spec's JSON
// keys; fields at their default value are not printed; fields are printed in
// field-number order. codec_agreement_test.cc holds the mapping to protobuf's
// own (google::protobuf::util::JsonStringToMessage / MessageToJsonString) on
// parsed messages, so the two cannot drift apart.
//
// Decoding reads keys as Go's encoding/json does (exact, then
// case-insensitive; json/fields.h has the rules), as libcni and the main
// plugin read the same text, and is stricter than protobuf's mapping: the
// input must be one RFC 8259 JSON value in UTF-8 (protobuf 3.21 also takes
// single quotes, unquoted keys and trailing commas), protobuf's field names
// ("cni_version") are not aliases, repeated fields must be arrays, numbers
// must be JSON numbers with an integral value (protobuf also takes "12"), and
// null for a config field is an error. Unknown fields are ignored: an IPAM
// plugin is handed the main plugin's whole configuration. Decoding is linear
// in the input.
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
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cni/cni.pb.h"

namespace index2ip {
namespace cni {

// Every message of cni.proto, listed once: X(M) for each. The codec defines a
// table for each and instantiates the templates below for each; the tests'
// protobuf twin (protobuf_json.h) maps each.
// (clang-format does not settle on one layout for this list.)
// clang-format off
#define INDEX2IP_CNI_MESSAGES(X)                                       \
  X(NetConf) X(Ipam) X(Args) X(CniArgs) X(RuntimeConfig) X(Attachment) \
  X(Route) X(Dns) X(Interface) X(Result) X(IpConfig) X(ResultV040)     \
  X(IpConfigV040) X(ResultV020) X(IpConfigV020) X(AnyResult) X(Error)  \
  X(VersionInfo)
// clang-format on

// A status of the JSON library (json/fields.h) as the CNI error a decoder
// reports: InvalidArgument is code 6 (failed to decode), FailedPrecondition
// (a null in the config) code 7, ResourceExhausted code 11; OK stays OK.
absl::Status FromJsonStatus(const absl::Status& status);

// Decodes the network configuration from stdin. Errors, code 6 (failed to
// decode content) unless noted, with details naming the field: not valid
// UTF-8; not one JSON object; nested more than 100 levels; a field of the
// wrong JSON type, or given twice; an index that is not an integral number
// from -2^53 to 2^53; an `interface` outside the int32 range; code 7 for a
// config field that is null; code 11 when memory runs out. An exact key that
// wins over a case-folded one adds a line to `*warnings` (when not null).
absl::StatusOr<NetConf> DecodeNetConf(
    absl::string_view json, std::vector<std::string>* warnings = nullptr);

// Decodes a result of any version (the shape of `prevResult`), where null
// means absent. Errors as DecodeNetConf.
absl::StatusOr<AnyResult> DecodeAnyResult(absl::string_view json);

// The top-level "cniVersion" string of a config that may not decode as a
// whole (Go's skel reads it alone first, pkg/types/create DecodeVersion), so
// that an error can be reported in the request's own version. Errors: as
// DecodeNetConf for text that is not one JSON object; code 6 when
// cniVersion is absent or not a string.
absl::StatusOr<std::string> DecodeCniVersion(absl::string_view json);

// Any message of cni.proto, through its table: for round trips in tests and
// fuzzers (DecodeJson<M>(EncodeJson(m)) gives m back) and for the messages
// without a named function below. Decoding reads M as DecodeNetConf reads a
// config (null is an error); explicitly instantiated for every message of
// INDEX2IP_CNI_MESSAGES in codec.cc.
template <typename M>
absl::StatusOr<M> DecodeJson(absl::string_view json);

// Every JSON key the tables name, over all messages (for the fuzzers'
// oracle, which must know which keys the codec reads).
std::vector<std::string> KnownJsonKeys();

// Compact JSON followed by a newline, as protobuf's MessageToJsonString
// prints the message with default options. The named overloads are for the
// messages the plugin prints; the template takes any message of cni.proto.
template <typename M>
std::string EncodeMessage(const M& message);
std::string EncodeJson(const Result& message);
std::string EncodeJson(const ResultV040& message);
std::string EncodeJson(const ResultV020& message);
std::string EncodeJson(const Error& message);
std::string EncodeJson(const VersionInfo& message);

}  // namespace cni
}  // namespace index2ip

#endif  // CNI_CODEC_H_
