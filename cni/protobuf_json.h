// Tests only: protobuf's own JSON mapping for the messages of cni.proto.
//
// The plugin's messages are generated for the lite runtime (no descriptors,
// so no reflection-based JSON). Tests still want protobuf's mapping as the
// reference the codec is held to, and as a neutral reader of the plugin's
// output. cni_full.proto is cni.proto with the lite option removed and the
// package renamed (a genrule in cni/BUILD.bazel); messages cross between the
// two through the binary wire format, which they share.
//
// Example:
//   cni::Error e;
//   ASSERT_TRUE(cni::testing::ProtobufJsonToMessage(stdout_text, &e));
//   EXPECT_EQ(cni::testing::ProtobufMessageToJson(e), stdout_text);

#ifndef CNI_PROTOBUF_JSON_H_
#define CNI_PROTOBUF_JSON_H_

#include <string>

#include "cni/cni.pb.h"
#include "cni/cni_full.pb.h"
#include "cni/codec.h"
#include "google/protobuf/util/json_util.h"

namespace index2ip {
namespace cni {
namespace testing {

// FullOf<cni::X>::type is cni_full::X.
template <typename Lite>
struct FullOf;

#define INDEX2IP_CNI_FULL_OF(X) \
  template <>                   \
  struct FullOf<X> {            \
    using type = cni_full::X;   \
  };
INDEX2IP_CNI_MESSAGES(INDEX2IP_CNI_FULL_OF)
#undef INDEX2IP_CNI_FULL_OF

template <typename Lite>
typename FullOf<Lite>::type ToFull(const Lite& lite) {
  typename FullOf<Lite>::type full;
  full.ParseFromString(lite.SerializeAsString());
  return full;
}

template <typename Lite>
Lite FromFull(const typename FullOf<Lite>::type& full) {
  Lite lite;
  lite.ParseFromString(full.SerializeAsString());
  return lite;
}

// protobuf's JsonStringToMessage into `out`; unknown fields are ignored
// unless `strict`. Returns whether it parsed.
template <typename Lite>
bool ProtobufJsonToMessage(const std::string& json, Lite* out,
                           bool strict = false) {
  typename FullOf<Lite>::type full;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = !strict;
  if (!google::protobuf::util::JsonStringToMessage(json, &full, options).ok()) {
    return false;
  }
  *out = FromFull<Lite>(full);
  return true;
}

// protobuf's MessageToJsonString with default options, plus a newline (as
// the plugin prints).
template <typename Lite>
std::string ProtobufMessageToJson(const Lite& lite) {
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(ToFull(lite), &out);
  return out + "\n";
}

// A one-line text rendering for failure messages.
template <typename Lite>
std::string Debug(const Lite& lite) {
  return ToFull(lite).ShortDebugString();
}

// Whether two messages hold the same fields and values.
template <typename Lite>
bool Equal(const Lite& a, const Lite& b) {
  return a.SerializeAsString() == b.SerializeAsString();
}

}  // namespace testing
}  // namespace cni
}  // namespace index2ip

#endif  // CNI_PROTOBUF_JSON_H_
