// protobuf's own JSON mapping as the oracle for the hand-written codec
// (cni/codec.h), with protobuf 3.21's known divergences from RFC 8259 that
// the codec does not share.
//
// The codec promises protobuf's mapping, only stricter. Where the two
// knowingly differ, the oracle gives no verdict:
//   - protobuf 3.21's parser rejects an object key that is the empty string
//     anywhere in the text (also inside fields it ignores), which RFC 8259
//     allows and which a Go runtime can write into fields the plugin never
//     reads. netconf_fuzzer found it ({"":1}); the codec accepts it.
//   - RapidJSON's default number parsing is correctly rounded only while the
//     significand and the power of ten are exact in a double (15 digits,
//     10^22); past that it can be one unit in the last place off strtod,
//     which protobuf uses: 9001996547409930.93 reads as 9001996547409932, not
//     9001996547409931 (netconf_fuzzer). Its full-precision mode would agree,
//     but in RapidJSON 1.1.0 it passes 0 to __builtin_clzll for a zero with
//     a large exponent ("0e90", internal/diyfp.h:107, found by all three
//     JSON fuzzers), which is undefined; the codec keeps the default. Only an
//     index or interface number written with a fraction or exponent and that
//     many digits can be affected.
//   - keys: the codec reads them as Go's encoding/json does ("Name" is
//     "name"), and protobuf's field names are not aliases ("cni_version",
//     "attachments" for "cni.dev/attachments"); protobuf reads those and
//     ignores "Name". Any key that meets a known key or a field name of
//     cni.proto when case and '_' are ignored, but is not exactly a known
//     key, leaves the oracle silent; the codec's own rules are tested in
//     codec_test.
//   - GC's cni.dev/ lists: the codec records whether they were given;
//     protobuf cannot. Any such key leaves the oracle silent.
//   - null: protobuf reads it as absent everywhere; the codec refuses it in
//     the config (code 7). Any null leaves the oracle silent.
//
// Example:
//   cni::NetConf reference;
//   if (ProtobufAccepts(json, &reference)) ... compare with the codec ...

#ifndef FUZZ_PROTOBUF_ORACLE_H_
#define FUZZ_PROTOBUF_ORACLE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "cni/protobuf_json.h"

namespace index2ip {
namespace fuzz {

// Whether valid JSON text `json` has an object member whose key is "".
bool HasEmptyKey(absl::string_view json);

// Whether valid JSON text `json` has a number with a fraction or exponent
// whose decimal reading a double may not hold exactly: more than 15
// significant digits, or an exponent or fraction past 22 digits.
bool HasInexactNumber(absl::string_view json);

// Whether valid JSON text `json` has a null, or a key that differs from a
// key of cni.proto's messages only in case, Go's folds or '_'.
bool HasNullOrNonCanonicalKey(absl::string_view json);

enum class Oracle { kAccepts, kRejects, kNoVerdict };

// protobuf's mapping of `json` (unknown fields ignored) into `*out`.
// kNoVerdict when the text has one of the known divergences above.
template <typename Lite>
Oracle ProtobufDecode(absl::string_view json, Lite* out) {
  if (HasEmptyKey(json) || HasInexactNumber(json) ||
      HasNullOrNonCanonicalKey(json)) {
    return Oracle::kNoVerdict;
  }
  return cni::testing::ProtobufJsonToMessage(std::string(json), out)
             ? Oracle::kAccepts
             : Oracle::kRejects;
}

}  // namespace fuzz
}  // namespace index2ip

#endif  // FUZZ_PROTOBUF_ORACLE_H_
