// Which index a pod has, where it came from, and the operator's bound.
//
// The sources are one table (IndexSources()), in precedence order; the
// first that is present decides, and a present source with a bad value is an
// error, never a fall-through to the next:
//
//   1. `ipam.index` in the network config: the operator's choice, so it wins
//      over anything a pod author controls;
//   2. runtimeConfig `ips`: addresses the runtime asks for (multus fills them
//      from the pod's network selection);
//   3. `args.cni`: the pod's multus `cni-args` annotation, which multus copies
//      into the delegate's config: `index`, or `ips` (which must agree with
//      `index` when both are given);
//   4. `IP=` in CNI_ARGS (podman's --ip; multus fills it from the pod's
//      `ips` too): addresses, comma-separated;
//   5. the pod name in CNI_ARGS (`K8S_POD_NAME=ndt-index12-111234-aa3b1` has
//      index 12): the first "index" followed by digits, as upstream's README
//      documents.
//
// A source gives an index, or addresses that must be host+k (requested
// addresses, requested_address.h). A requested address must agree with the
// operator's `ipam.index` when both are given (error 101 naming both).
// `ipam.maxIndex`, when set, bounds the sources the pod author controls: an
// index above it is error 101. An `ipam.index` above it contradicts the
// config itself (error 7).
//
// Adding a source: a value of IndexSource, a row in IndexSources() and its
// find (and, for addresses, requested) function in index_source.cc, its
// tests in index_source_test.cc, and the table in README.md and
// docs/reference.md (the README's recipe lists every file).
//
// Example:
//   absl::StatusOr<IndexChoice> c = FindIndex(conf, cni::ParseCniArgs(
//       "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=poc-index4"));
//   c->index;    // 4 when the config has neither ipam.index nor args.cni.index
//   c->source;   // IndexSource::kPodName

#ifndef INDEX2IP_IPAM_INDEX_SOURCE_H_
#define INDEX2IP_IPAM_INDEX_SOURCE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "cni/cni.pb.h"
#include "cni/request.h"
#include "index2ip/ipam/host_config.h"

namespace index2ip {

enum class IndexSource {
  kIpamIndex,
  kRuntimeConfigIps,
  kCniArgsIndex,
  kCniArgsIp,
  kPodName,
};

struct IndexChoice {
  int64_t index = 0;
  IndexSource source = IndexSource::kIpamIndex;
  // The text the index was read from (the pod name), for messages.
  std::string origin;
  // The operator's ipam.maxIndex, checked (MaxIndex), that the index was
  // held to: ADD's messages list the indices below it.
  absl::optional<int64_t> max_index;
};

// What a source is looked for in: the config, CNI_ARGS (read once with the
// request, cni/request.h), and the host, which address sources need to find
// their index (may be null: then an address source that is present is an
// error).
struct IndexRequest {
  const cni::NetConf& conf;
  const cni::ArgsPairs& args;
  const HostConfig* host;
};

using FoundIndex = absl::StatusOr<absl::optional<IndexChoice>>;

// One row of the table of index sources; FindIndex goes by the rows alone.
struct IndexSourceInfo {
  IndexSource source;
  // Where it is, as messages and the README name it: "ipam.index".
  absl::string_view name;
  // Who sets it, for messages.
  absl::string_view set_by;
  // Whether the pod's author controls it: then ipam.maxIndex bounds it.
  bool pod_controlled;
  // The source's index: nullopt when the source is absent, an error when it
  // is present with a bad value.
  FoundIndex (*find)(const IndexRequest&);
  // For a source that asks for addresses: the index they stand for, nullopt
  // when it asks for none (or CNI_ARGS cannot be read); null for a source
  // that gives an index only. Every request must agree with the operator's
  // ipam.index (else 101).
  FoundIndex (*requested)(const IndexRequest&);
};

// Every source, in precedence order.
absl::Span<const IndexSourceInfo> IndexSources();

// The row of `source`.
const IndexSourceInfo& InfoOf(IndexSource source);

// The source's name: "ipam.index", "runtimeConfig.ips", "args.cni",
// "CNI_ARGS IP" or "CNI_ARGS K8S_POD_NAME".
absl::string_view IndexSourceName(IndexSource source);

// The index in a pod name: the digits after the first "index" that is
// followed by a digit. Errors, code 7: no such digits; a value below 1 or
// above 2^53.
absl::StatusOr<int64_t> IndexFromPodName(absl::string_view pod_name);

// The requests of the sources below `choice`'s that ask for another index,
// which FindIndex does not honour (a source that asks for addresses, after
// the one that won): one line naming the winner and each request ignored,
// for a warning, or "" when none disagrees. ipam.index never gets here:
// FindIndex refuses a request that disagrees with it (101).
std::string IgnoredRequests(const cni::NetConf& conf,
                            const cni::ArgsPairs& args, const HostConfig& host,
                            const IndexChoice& choice);

// The config's ipam.maxIndex, checked: nullopt when unset. The one reader
// of the bound. Error, code 7: below 1, or below `ipam.index`.
absl::StatusOr<absl::optional<int64_t>> MaxIndex(const cni::Ipam& ipam);

// Finds the pod's index as described above; `host` is needed for requested
// addresses, after MaxIndex. Errors, code 7 (invalid network config) unless
// noted: a configured index below 1; no source present (the details name
// every place looked); a CNI_ARGS that cannot be read (code 4) when a
// source needs it; a pod name error from IndexFromPodName; `ipam.maxIndex`
// below 1, or below `ipam.index`; `args.cni.ips` disagreeing with
// `args.cni.index`; code 101 for an index from a pod-controlled source
// above `ipam.maxIndex`, for a requested address that is no host+k
// (IndexForAddresses), and for one that disagrees with `ipam.index`.
absl::StatusOr<IndexChoice> FindIndex(const cni::NetConf& conf,
                                      const cni::ArgsPairs& args,
                                      const HostConfig* host = nullptr);

}  // namespace index2ip

#endif  // INDEX2IP_IPAM_INDEX_SOURCE_H_
