// Which index a pod has, and where it came from.
//
// Three sources, in this order (the first that is present decides):
//   1. `ipam.index` in the network config: the operator's choice, so it wins
//      over anything a pod author controls;
//   2. `args.cni.index`: per pod, from the pod's multus `cni-args`
//      annotation, which multus copies into the delegate's config;
//   3. the pod name in CNI_ARGS (`K8S_POD_NAME=ndt-index12-111234-aa3b1` has
//      index 12): the first "index" followed by digits, as upstream's README
//      documents.
// A present source with a bad value is an error; it does not fall through to
// the next source.
//
// Example:
//   absl::StatusOr<IndexChoice> c = FindIndex(conf,
//       "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=poc-index4");
//   c->index;    // 4 when the config has neither ipam.index nor args.cni.index
//   c->source;   // IndexSource::kPodName

#ifndef INDEX2IP_INDEX_SOURCE_H_
#define INDEX2IP_INDEX_SOURCE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cni/cni.pb.h"

namespace index2ip {

enum class IndexSource { kIpamIndex, kCniArgsIndex, kPodName };

// "ipam.index", "args.cni.index" or "CNI_ARGS K8S_POD_NAME".
absl::string_view IndexSourceName(IndexSource source);

struct IndexChoice {
  int64_t index = 0;
  IndexSource source = IndexSource::kIpamIndex;
  // The text the index was read from (the pod name), for messages.
  std::string origin;
};

// The longest CNI_ARGS accepted.
inline constexpr size_t kMaxCniArgsBytes = 1 << 20;

// Splits CNI_ARGS ("K1=V1;K2=V2") into pairs, in order. Empty segments are
// skipped. Errors, code 4 (invalid environment variables): a segment with no
// '=', an empty key, or text longer than kMaxCniArgsBytes.
absl::StatusOr<std::vector<std::pair<absl::string_view, absl::string_view>>>
ParseCniArgs(absl::string_view cni_args);

// The index in a pod name: the digits after the first "index" that is
// followed by a digit. Errors, code 7: no such digits; a value below 1 or
// above 2^53.
absl::StatusOr<int64_t> IndexFromPodName(absl::string_view pod_name);

// Finds the pod's index as described above. Errors, code 7 (invalid network
// config) unless noted: a configured index below 1; no source present (the
// details name every place looked); a CNI_ARGS error from ParseCniArgs
// (code 4); a pod name error from IndexFromPodName.
absl::StatusOr<IndexChoice> FindIndex(const cni::NetConf& conf,
                                      absl::string_view cni_args);

}  // namespace index2ip

#endif  // INDEX2IP_INDEX_SOURCE_H_
