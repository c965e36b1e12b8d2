#include "index2ip/index_source.h"

#include <iterator>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/quote.h"
#include "base/status_macros.h"
#include "cni/error.h"
#include "json/limits.h"
#include "index2ip/requested_address.h"
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
  return IndexChoice{index, source, std::string(IndexSourceName(source))};
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

using Found = absl::StatusOr<absl::optional<IndexChoice>>;

Found FindIpamIndex(const IndexRequest& r) {
  if (!r.conf().ipam().has_index()) return absl::nullopt;
  return Configured(r.conf().ipam().index(), IndexSource::kIpamIndex);
}

// The index addresses of `source` stand for; null host: the caller has none.
Found FromAddresses(const IndexRequest& r, absl::Span<const std::string> ips,
                    IndexSource source) {
  if (r.host() == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        IndexSourceName(source), " asks for addresses, and this caller has "
        "no host configuration to map them to an index"));
  }
  INDEX2IP_ASSIGN_OR_RETURN(
      const int64_t k,
      IndexForAddresses(*r.host(), ips, IndexSourceName(source)));
  return IndexChoice{k, source, std::string(IndexSourceName(source))};
}

Found FindRuntimeConfigIps(const IndexRequest& r) {
  const auto& ips = r.conf().runtime_config().ips();
  if (ips.empty()) return absl::nullopt;
  return FromAddresses(r, std::vector<std::string>(ips.begin(), ips.end()),
                       IndexSource::kRuntimeConfigIps);
}

Found FindCniArgsIndex(const IndexRequest& r) {
  const cni::CniArgs& args = r.conf().args().cni();
  absl::optional<IndexChoice> from_ips;
  if (!args.ips().empty()) {
    INDEX2IP_ASSIGN_OR_RETURN(
        from_ips,
        FromAddresses(r, std::vector<std::string>(args.ips().begin(),
                                                  args.ips().end()),
                      IndexSource::kCniArgsIndex));
  }
  if (!args.has_index()) return from_ips;
  INDEX2IP_ASSIGN_OR_RETURN(IndexChoice index,
                            Configured(args.index(), IndexSource::kCniArgsIndex));
  if (from_ips.has_value() && from_ips->index != index.index) {
    return InvalidIndex(absl::StrCat(
        "args.cni.ips stand for index ", from_ips->index,
        " and args.cni.index is ", index.index, "; give one, or make them agree"));
  }
  return index;
}

// IP= in CNI_ARGS; the last one wins, as in the Go library's LoadArgs.
Found FindCniArgsIp(const IndexRequest& r) {
  if (!r.CniArgs().ok()) return r.CniArgs().status();
  absl::optional<absl::string_view> value;
  for (const auto& [key, v] : *r.CniArgs()) {
    if (key == "IP") value = v;
  }
  if (!value.has_value()) return absl::nullopt;
  std::vector<std::string> ips =
      absl::StrSplit(*value, ',', absl::SkipWhitespace());
  return FromAddresses(r, ips, IndexSource::kCniArgsIp);
}

Found FindPodName(const IndexRequest& r) {
  if (!r.CniArgs().ok()) return r.CniArgs().status();
  for (const auto& [key, value] : *r.CniArgs()) {
    if (key != "K8S_POD_NAME") continue;
    INDEX2IP_ASSIGN_OR_RETURN(const int64_t index, IndexFromPodName(value));
    return IndexChoice{index, IndexSource::kPodName, std::string(value)};
  }
  return absl::nullopt;
}

constexpr IndexSourceInfo kSources[] = {
    {IndexSource::kIpamIndex, "ipam.index",
     "the operator, in the NetworkAttachmentDefinition or .conflist",
     IndexKind::kIndex, false, "wins over every other source",
     &FindIpamIndex},
    {IndexSource::kRuntimeConfigIps, "runtimeConfig.ips",
     "the runtime, for the ips capability; multus fills it from the pod's "
     "network selection",
     IndexKind::kAddress, true, "must agree with ipam.index (else 101)",
     &FindRuntimeConfigIps},
    {IndexSource::kCniArgsIndex, "args.cni",
     "the pod, through its cni-args annotation, which multus copies",
     IndexKind::kIndex, true,
     "index and ips must agree (else 7); ips must agree with ipam.index "
     "(else 101)",
     &FindCniArgsIndex},
    {IndexSource::kCniArgsIp, "CNI_ARGS IP",
     "the runtime: podman's --ip, multus from the pod's ips",
     IndexKind::kAddress, true, "must agree with ipam.index (else 101)",
     &FindCniArgsIp},
    {IndexSource::kPodName, "CNI_ARGS K8S_POD_NAME",
     "the pod's name: index<digits> in it", IndexKind::kIndex, true,
     "the last resort", &FindPodName},
};

// A requested address beside the operator's ipam.index must stand for it.
absl::Status CheckRequestsAgree(const IndexRequest& r, int64_t index) {
  const cni::CniArgs& args = r.conf().args().cni();
  std::vector<Found> requests;
  requests.push_back(FindRuntimeConfigIps(r));
  if (!args.ips().empty()) {
    requests.push_back(FromAddresses(
        r, std::vector<std::string>(args.ips().begin(), args.ips().end()),
        IndexSource::kCniArgsIndex));
  }
  // A CNI_ARGS that does not parse asks for nothing here: upstream ignored
  // CNI_ARGS, and a config with ipam.index worked whatever it held.
  if (r.CniArgs().ok()) requests.push_back(FindCniArgsIp(r));
  for (const Found& found : requests) {
    if (!found.ok()) return found.status();
    if (!found->has_value() || (*found)->index == index) continue;
    return cni::MakeError(
        cni::ErrorCode::kIndexOutOfRange, "requested address refused",
        absl::StrCat(IndexSourceName((*found)->source), " asks for index ",
                     (*found)->index, ", and the operator's ipam.index is ",
                     index, "; ipam.index decides, so the request cannot be "
                     "honoured"));
  }
  return absl::OkStatus();
}

// ipam.maxIndex against the chosen index.
absl::Status CheckBound(const cni::Ipam& ipam, const IndexChoice& choice) {
  INDEX2IP_RETURN_IF_ERROR(CheckMaxIndex(ipam));
  if (!ipam.has_max_index() || choice.index <= ipam.max_index()) {
    return absl::OkStatus();
  }
  const int64_t bound = ipam.max_index();
  return cni::MakeError(
      cni::ErrorCode::kIndexOutOfRange, "index out of range",
      absl::StrCat(
          "index ", choice.index, " from ", IndexSourceName(choice.source),
          choice.source == IndexSource::kPodName
              ? absl::StrCat(" ", QuoteForMessage(choice.origin))
              : std::string(),
          " is above ipam.maxIndex ", bound,
          ", the operator's bound on the indices a pod may choose"));
}

}  // namespace

absl::Status CheckMaxIndex(const cni::Ipam& ipam) {
  if (!ipam.has_max_index()) return absl::OkStatus();
  const int64_t bound = ipam.max_index();
  if (bound < 1) {
    return cni::MakeError(cni::ErrorCode::kInvalidNetworkConfig,
                          "invalid maxIndex",
                          absl::StrCat("ipam.maxIndex must be at least 1, got ",
                                       bound));
  }
  if (ipam.has_index() && ipam.index() > bound) {
    return cni::MakeError(
        cni::ErrorCode::kInvalidNetworkConfig, "invalid maxIndex",
        absl::StrCat("ipam.index ", ipam.index(), " is above ipam.maxIndex ",
                     bound, " in the same config; raise maxIndex or lower ",
                     "index"));
  }
  return absl::OkStatus();
}

const absl::StatusOr<
    std::vector<std::pair<absl::string_view, absl::string_view>>>&
IndexRequest::CniArgs() const {
  if (!pairs_.has_value()) pairs_ = ParseCniArgs(cni_args_);
  return *pairs_;
}

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

absl::StatusOr<std::vector<std::pair<absl::string_view, absl::string_view>>>
ParseCniArgs(absl::string_view cni_args) {
  if (cni_args.size() > kMaxCniArgsBytes) {
    return cni::MakeError(cni::ErrorCode::kInvalidEnvironmentVariables,
                          "invalid CNI_ARGS",
                          absl::StrCat("CNI_ARGS is ", cni_args.size(),
                                       " bytes, more than the ",
                                       kMaxCniArgsBytes, " accepted"));
  }
  std::vector<std::pair<absl::string_view, absl::string_view>> out;
  for (absl::string_view pair :
       absl::StrSplit(cni_args, ';', absl::SkipEmpty())) {
    const size_t eq = pair.find('=');
    if (eq == absl::string_view::npos || eq == 0) {
      return cni::MakeError(
          cni::ErrorCode::kInvalidEnvironmentVariables, "invalid CNI_ARGS",
          absl::StrCat("CNI_ARGS must be KEY=VALUE pairs separated by ';', ",
                       "got the pair ", QuoteForMessage(pair)));
    }
    const absl::string_view key = pair.substr(0, eq);
    const absl::string_view value = pair.substr(eq + 1);
    if (key == "IgnoreUnknown") {
      // multus writes "true", podman and go-cni "1".
      const std::string v = absl::AsciiStrToLower(value);
      if (v != "1" && v != "0" && v != "true" && v != "false") {
        return cni::MakeError(
            cni::ErrorCode::kInvalidEnvironmentVariables, "invalid CNI_ARGS",
            absl::StrCat("IgnoreUnknown must be 1, 0, true or false, got ",
                         QuoteForMessage(value)));
      }
    }
    out.emplace_back(key, value);
  }
  return out;
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
                                      absl::string_view cni_args,
                                      const HostConfig* host) {
  const IndexRequest request(conf, cni_args, host);
  for (const IndexSourceInfo& info : kSources) {
    INDEX2IP_ASSIGN_OR_RETURN(absl::optional<IndexChoice> choice,
                              info.find(request));
    if (!choice.has_value()) continue;
    INDEX2IP_RETURN_IF_ERROR(CheckBound(conf.ipam(), *choice));
    if (choice->source == IndexSource::kIpamIndex && host != nullptr) {
      INDEX2IP_RETURN_IF_ERROR(CheckRequestsAgree(request, choice->index));
    }
    return *std::move(choice);
  }
  std::string looked;
  for (size_t i = 0; i < std::size(kSources); ++i) {
    absl::StrAppend(&looked,
                    i == 0 ? "" : i + 1 == std::size(kSources) ? " and " : ", ",
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
