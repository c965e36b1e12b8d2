#include "index2ip/index_source.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/quote.h"
#include "base/status_macros.h"
#include "cni/error.h"
#include "re2/re2.h"

namespace index2ip {
namespace {

// JSON numbers are doubles; larger integers have no exact reading, and no
// subnet has this many addresses.
constexpr int64_t kMaxIndex = int64_t{1} << 53;


absl::Status InvalidIndex(absl::string_view details) {
  return cni::MakeError(cni::ErrorCode::kInvalidNetworkConfig, "invalid index",
                        details);
}

absl::StatusOr<IndexChoice> Configured(int64_t index, IndexSource source) {
  if (index < 1) {
    return InvalidIndex(absl::StrCat(
        IndexSourceName(source),
        source == IndexSource::kIpamIndex
            ? " in the network config"
            : " (set by the pod's cni-args annotation)",
        " must be at least 1, got ", index));
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

}  // namespace

absl::string_view IndexSourceName(IndexSource source) {
  switch (source) {
    case IndexSource::kIpamIndex:
      return "ipam.index";
    case IndexSource::kCniArgsIndex:
      return "args.cni.index";
    case IndexSource::kPodName:
      break;
  }
  return "CNI_ARGS K8S_POD_NAME";
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
    out.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
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
                                      absl::string_view cni_args) {
  if (conf.ipam().has_index()) {
    return Configured(conf.ipam().index(), IndexSource::kIpamIndex);
  }
  if (conf.args().cni().has_index()) {
    return Configured(conf.args().cni().index(), IndexSource::kCniArgsIndex);
  }
  INDEX2IP_ASSIGN_OR_RETURN(const auto pairs, ParseCniArgs(cni_args));
  for (const auto& [key, value] : pairs) {
    if (key != "K8S_POD_NAME") continue;
    INDEX2IP_ASSIGN_OR_RETURN(const int64_t index, IndexFromPodName(value));
    return IndexChoice{index, IndexSource::kPodName, std::string(value)};
  }
  return cni::MakeError(
      cni::ErrorCode::kInvalidNetworkConfig, "no index",
      "looked for ipam.index and args.cni.index in the network config, then "
      "K8S_POD_NAME in CNI_ARGS; none is set. Set ipam.index in the network "
      "config, or give the pod the cni-args annotation {\"index\": N} or a "
      "name with index<N> in it (e.g. ndt-index12-abcde)");
}

}  // namespace index2ip
