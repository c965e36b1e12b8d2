#include "index2ip/ipam/index_source.h"

#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/quote.h"
#include "base/status_macros.h"
#include "cni/error.h"
#include "index2ip/ipam/codes.h"
#include "index2ip/ipam/requested_address.h"
#include "json/limits.h"
#include "re2/re2.h"

namespace index2ip {
namespace {

// The largest index a network config can say (json/limits.h).
constexpr int64_t kMaxIndex = json::kMaxJsonInteger;

absl::Status InvalidIndex(absl::string_view details) {
  return cni::MakeError(cni::ErrorCode::kInvalidNetworkConfig, "invalid index",
                        details);
}

absl::StatusOr<IndexChoice> Configured(int64_t index, IndexSource source) {
  if (index < 1) {
    return InvalidIndex(absl::StrCat(IndexSourceName(source), " (",
                                     InfoOf(source).set_by,
                                     ") must be at least 1, got ", index));
  }
  return IndexChoice{index, source, std::string(IndexSourceName(source)),
                     absl::nullopt};
}

const RE2& PodIndexPattern() {
  static const RE2* const re = [] {
    RE2::Options options;
    options.set_log_errors(false);
    // Bounded: a pod name is at most 253 bytes, but CNI_ARGS is untrusted.
    options.set_max_mem(1 << 20);
    return new RE2("index([0-9]+)", options);
  }();
  return *re;
}

using Found = FoundIndex;

Found FindIpamIndex(const IndexRequest& r) {
  if (!r.conf.ipam().has_index()) return absl::nullopt;
  return Configured(r.conf.ipam().index(), IndexSource::kIpamIndex);
}

// The index addresses of `source` stand for; null host: the caller has none.
Found FromAddresses(const IndexRequest& r, absl::Span<const std::string> ips,
                    IndexSource source) {
  if (r.host == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(IndexSourceName(source),
                     " asks for addresses, and this caller has "
                     "no host configuration to map them to an index"));
  }
  INDEX2IP_ASSIGN_OR_RETURN(
      const int64_t k,
      IndexForAddresses(*r.host, ips, IndexSourceName(source)));
  return IndexChoice{k, source, std::string(IndexSourceName(source)),
                     absl::nullopt};
}

Found FindRuntimeConfigIps(const IndexRequest& r) {
  const auto& ips = r.conf.runtime_config().ips();
  if (ips.empty()) return absl::nullopt;
  return FromAddresses(r, std::vector<std::string>(ips.begin(), ips.end()),
                       IndexSource::kRuntimeConfigIps);
}

// args.cni.ips alone: what the pod asks for there.
Found FindCniArgsIps(const IndexRequest& r) {
  const auto& ips = r.conf.args().cni().ips();
  if (ips.empty()) return absl::nullopt;
  return FromAddresses(r, std::vector<std::string>(ips.begin(), ips.end()),
                       IndexSource::kCniArgsIndex);
}

Found FindCniArgsIndex(const IndexRequest& r) {
  const cni::CniArgs& args = r.conf.args().cni();
  INDEX2IP_ASSIGN_OR_RETURN(const absl::optional<IndexChoice> from_ips,
                            FindCniArgsIps(r));
  if (!args.has_index()) return from_ips;
  INDEX2IP_ASSIGN_OR_RETURN(
      IndexChoice index, Configured(args.index(), IndexSource::kCniArgsIndex));
  if (from_ips.has_value() && from_ips->index != index.index) {
    return InvalidIndex(absl::StrCat("args.cni.ips stand for index ",
                                     from_ips->index, " and args.cni.index is ",
                                     index.index,
                                     "; give one, or make them agree"));
  }
  return index;
}

// IP= in CNI_ARGS; the last one wins, as in the Go library's LoadArgs.
Found FindCniArgsIp(const IndexRequest& r) {
  if (!r.args.status.ok()) return r.args.status;
  const absl::optional<absl::string_view> value = r.args.Get("IP");
  if (!value.has_value()) return absl::nullopt;
  std::vector<std::string> ips =
      absl::StrSplit(*value, ',', absl::SkipWhitespace());
  return FromAddresses(r, ips, IndexSource::kCniArgsIp);
}

// A CNI_ARGS that does not parse asks for nothing: upstream ignored CNI_ARGS,
// and a config with ipam.index worked whatever it held.
Found RequestedCniArgsIp(const IndexRequest& r) {
  if (!r.args.status.ok()) return absl::nullopt;
  return FindCniArgsIp(r);
}

// The first K8S_POD_NAME.
Found FindPodName(const IndexRequest& r) {
  if (!r.args.status.ok()) return r.args.status;
  for (const auto& [key, value] : r.args.pairs) {
    if (key != "K8S_POD_NAME") continue;
    INDEX2IP_ASSIGN_OR_RETURN(const int64_t index, IndexFromPodName(value));
    return IndexChoice{index, IndexSource::kPodName, value, absl::nullopt};
  }
  return absl::nullopt;
}

constexpr IndexSourceInfo kSources[] = {
    {IndexSource::kIpamIndex, "ipam.index",
     "the operator, in the NetworkAttachmentDefinition or .conflist", false,
     &FindIpamIndex, nullptr},
    {IndexSource::kRuntimeConfigIps, "runtimeConfig.ips",
     "the runtime, for the ips capability; multus fills it from the pod's "
     "network selection",
     true, &FindRuntimeConfigIps, &FindRuntimeConfigIps},
    {IndexSource::kCniArgsIndex, "args.cni",
     "the pod, through its cni-args annotation, which multus copies", true,
     &FindCniArgsIndex, &FindCniArgsIps},
    {IndexSource::kCniArgsIp, "CNI_ARGS IP",
     "the runtime: podman's --ip, multus from the pod's ips", true,
     &FindCniArgsIp, &RequestedCniArgsIp},
    {IndexSource::kPodName, "CNI_ARGS K8S_POD_NAME",
     "the pod's name: index<digits> in it", true, &FindPodName, nullptr},
};

// Every address a source requests must stand for the operator's ipam.index.
absl::Status CheckRequestsAgree(const IndexRequest& r, int64_t index) {
  for (const IndexSourceInfo& info : kSources) {
    if (info.requested == nullptr) continue;
    INDEX2IP_ASSIGN_OR_RETURN(const absl::optional<IndexChoice> found,
                              info.requested(r));
    if (!found.has_value() || found->index == index) continue;
    return MakeError(
        Code::kIndexRefused, "requested address refused",
        absl::StrCat(IndexSourceName(found->source), " asks for index ",
                     found->index, ", and the operator's ipam.index is ", index,
                     "; ipam.index decides, so the request cannot be "
                     "honoured"));
  }
  return absl::OkStatus();
}

}  // namespace

std::string IgnoredRequests(const cni::NetConf& conf,
                            const cni::ArgsPairs& args, const HostConfig& host,
                            const IndexChoice& choice) {
  // FindIndex has held every request to ipam.index already (101 otherwise).
  if (choice.source == IndexSource::kIpamIndex) return std::string();
  const IndexRequest r{conf, args, &host};
  std::vector<std::string> ignored;
  bool below = false;
  for (const IndexSourceInfo& info : kSources) {
    if (info.source == choice.source) {
      below = true;
      continue;
    }
    if (!below || info.requested == nullptr) continue;
    const FoundIndex found = info.requested(r);
    if (found.ok() &&
        (!found->has_value() || (*found)->index == choice.index)) {
      continue;
    }
    ignored.push_back(
        found.ok()
            ? absl::StrCat(info.name, " asks for index ", (*found)->index)
            : absl::StrCat(info.name,
                           " asks for addresses that are no index here"));
  }
  if (ignored.empty()) return std::string();
  return absl::StrCat("index ", choice.index, " from ",
                      IndexSourceName(choice.source),
                      " wins; ignored: ", absl::StrJoin(ignored, "; "));
}

absl::StatusOr<absl::optional<int64_t>> MaxIndex(const cni::Ipam& ipam) {
  if (!ipam.has_max_index()) return absl::nullopt;
  const int64_t bound = ipam.max_index();
  if (bound < 1) {
    return cni::MakeError(
        cni::ErrorCode::kInvalidNetworkConfig, "invalid maxIndex",
        absl::StrCat("ipam.maxIndex must be at least 1, got ", bound));
  }
  if (ipam.has_index() && ipam.index() > bound) {
    return cni::MakeError(
        cni::ErrorCode::kInvalidNetworkConfig, "invalid maxIndex",
        absl::StrCat("ipam.index ", ipam.index(), " is above ipam.maxIndex ",
                     bound, " in the same config; raise maxIndex or lower ",
                     "index"));
  }
  return bound;
}

namespace {

// ipam.maxIndex against an index a pod chose.
absl::Status CheckBound(const IndexChoice& choice) {
  if (!InfoOf(choice.source).pod_controlled || !choice.max_index.has_value() ||
      choice.index <= *choice.max_index) {
    return absl::OkStatus();
  }
  const int64_t bound = *choice.max_index;
  return MakeError(
      Code::kIndexRefused, "index out of range",
      absl::StrCat("index ", choice.index, " from ",
                   IndexSourceName(choice.source),
                   choice.source == IndexSource::kPodName
                       ? absl::StrCat(" ", QuoteForMessage(choice.origin))
                       : std::string(),
                   " is above ipam.maxIndex ", bound,
                   ", the operator's bound on the indices a pod may choose"));
}

}  // namespace

absl::Span<const IndexSourceInfo> IndexSources() { return kSources; }

const IndexSourceInfo& InfoOf(IndexSource source) {
  for (const IndexSourceInfo& info : kSources) {
    if (info.source == source) return info;
  }
  return kSources[0];  // unreachable: every value has a row (the test says)
}

absl::string_view IndexSourceName(IndexSource source) {
  return InfoOf(source).name;
}

absl::StatusOr<int64_t> IndexFromPodName(absl::string_view pod_name) {
  re2::StringPiece digits;
  if (!RE2::PartialMatch(re2::StringPiece(pod_name.data(), pod_name.size()),
                         PodIndexPattern(), &digits)) {
    return cni::MakeError(
        cni::ErrorCode::kInvalidNetworkConfig, "no index",
        absl::StrCat("the pod name ", QuoteForMessage(pod_name),
                     " has no 'index' followed by digits (e.g. ndt-index12);",
                     " rename the pod, or set ipam.index in the network ",
                     "config or args.cni.index with the pod's cni-args ",
                     "annotation"));
  }
  int64_t index = 0;
  // More than 16 digits is past kMaxIndex; checking first keeps SimpleAtoi
  // from ever seeing an overflow. Leading zeros do not count: "index007" is 7.
  absl::string_view value(digits.data(), digits.size());
  while (value.size() > 1 && value.front() == '0') value.remove_prefix(1);
  if (value.size() > 16 || !absl::SimpleAtoi(value, &index) || index < 1 ||
      index > kMaxIndex) {
    return InvalidIndex(absl::StrCat(
        "the pod name ", QuoteForMessage(pod_name), " gives index ",
        QuoteForMessage(absl::string_view(digits.data(), digits.size())),
        "; it must be a number from 1 to 2^53"));
  }
  return index;
}

absl::StatusOr<IndexChoice> FindIndex(const cni::NetConf& conf,
                                      const cni::ArgsPairs& args,
                                      const HostConfig* host) {
  INDEX2IP_ASSIGN_OR_RETURN(const absl::optional<int64_t> max_index,
                            MaxIndex(conf.ipam()));
  const IndexRequest request{conf, args, host};
  for (const IndexSourceInfo& info : kSources) {
    INDEX2IP_ASSIGN_OR_RETURN(absl::optional<IndexChoice> choice,
                              info.find(request));
    if (!choice.has_value()) continue;
    choice->max_index = max_index;
    INDEX2IP_RETURN_IF_ERROR(CheckBound(*choice));
    if (choice->source == IndexSource::kIpamIndex && host != nullptr) {
      INDEX2IP_RETURN_IF_ERROR(CheckRequestsAgree(request, choice->index));
    }
    return *std::move(choice);
  }
  std::string looked;
  for (size_t i = 0; i < std::size(kSources); ++i) {
    absl::StrAppend(&looked,
                    i == 0                         ? ""
                    : i + 1 == std::size(kSources) ? " and "
                                                   : ", ",
                    kSources[i].name);
  }
  return cni::MakeError(
      cni::ErrorCode::kInvalidNetworkConfig, "no index",
      absl::StrCat(
          "looked for ", looked,
          "; none is set. Set ipam.index in the network config, or give the "
          "pod the cni-args annotation {\"index\": N} or a name with "
          "index<N> in it (e.g. ndt-index12-abcde)"));
}

}  // namespace index2ip
