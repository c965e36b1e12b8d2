// Fuzzes the index sources (index2ip/ipam/index_source.h) and
// cni::ParseCniArgs (cni/request.h): ParseCniArgs on the
// CNI_ARGS text, IndexFromPodName on pod names, and FindIndex, which picks
// among ipam.index, args.cni.index and the pod name.
//
// Input layout (FuzzedDataProvider): from the end, one byte says which of
// ipam.index and args.cni.index the config has, then their values; the rest,
// from the front, is the CNI_ARGS text. A seed is CNI_ARGS text followed by
// a 0 byte.
//
// Each function is held to a small reference model written from its header:
//   ParseCniArgs     ';'-separated pairs, empty segments skipped; a segment
//                    without '=' or with an empty key is error 4;
//   IndexFromPodName the digits after the first "index" followed by a digit;
//                    none, or a value outside 1..2^53, is error 7;
//   FindIndex        a maxIndex below 1 or below ipam.index is error 7
//                    first; then the first present source decides: ipam.index,
//                    then args.cni.index (each error 7 below 1), then the first
//                    K8S_POD_NAME pair; CNI_ARGS errors pass through (4);
//                    nothing anywhere is error 7.
// Also: parsed pairs joined back with ';' and '=' parse to the same pairs.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "cni/cni.pb.h"
#include "cni/error.h"
#include "cni/request.h"
#include "fuzz/fuzz_check.h"
#include "fuzzer/FuzzedDataProvider.h"
#include "index2ip/ipam/codes.h"
#include "index2ip/ipam/index_source.h"

namespace index2ip {
namespace {

constexpr size_t kMaxInput = 4096;
constexpr int64_t kMaxIndex = int64_t{1} << 53;

using Pairs = std::vector<std::pair<absl::string_view, absl::string_view>>;

std::string Quoted(absl::string_view s) {
  return absl::StrCat("'", absl::CHexEscape(s.substr(0, 200)), "'");
}

// The model of ParseCniArgs; nullopt-like false for an invalid text.
bool ModelParseCniArgs(absl::string_view text, Pairs* out) {
  out->clear();
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(';', start);
    if (end == absl::string_view::npos) end = text.size();
    const absl::string_view segment = text.substr(start, end - start);
    if (!segment.empty()) {
      const size_t eq = segment.find('=');
      if (eq == absl::string_view::npos || eq == 0) return false;
      const absl::string_view key = segment.substr(0, eq);
      const std::string value = absl::AsciiStrToLower(segment.substr(eq + 1));
      if (key == "IgnoreUnknown" && value != "1" && value != "0" &&
          value != "true" && value != "false") {
        return false;  // must be a boolean
      }
      out->emplace_back(key, segment.substr(eq + 1));
    }
    start = end + 1;
  }
  return true;
}

// The model of IndexFromPodName: the index, or 0 for an error.
int64_t ModelIndexFromPodName(absl::string_view name) {
  for (size_t i = name.find("index"); i != absl::string_view::npos;
       i = name.find("index", i + 1)) {
    size_t j = i + 5;
    if (j >= name.size() ||
        !absl::ascii_isdigit(static_cast<unsigned char>(name[j]))) {
      continue;
    }
    while (j < name.size() && name[j] == '0') ++j;  // the value, not the text
    int64_t value = 0;
    for (; j < name.size() &&
           absl::ascii_isdigit(static_cast<unsigned char>(name[j]));
         ++j) {
      value = value * 10 + (name[j] - '0');
      if (value > kMaxIndex) return 0;
    }
    return value;  // 0 when the digits were all zeros: below 1
  }
  return 0;
}

// The pairs as views, for comparing with the model's.
Pairs Views(const cni::ArgsPairs& args) {
  Pairs out;
  for (const auto& [key, value] : args.pairs) out.emplace_back(key, value);
  return out;
}

void CheckParseCniArgs(absl::string_view text) {
  const cni::ArgsPairs pairs = cni::ParseCniArgs(text);
  Pairs model;
  const bool model_ok = ModelParseCniArgs(text, &model);
  INDEX2IP_FUZZ_CHECK(
      pairs.status.ok() == model_ok,
      absl::StrCat("ParseCniArgs(", Quoted(text), ") ok=", pairs.status.ok(),
                   ", model says ", model_ok));
  if (!pairs.status.ok()) {
    INDEX2IP_FUZZ_CHECK(cni::CodeOf(pairs.status) ==
                            cni::ErrorCode::kInvalidEnvironmentVariables,
                        pairs.status.ToString());
    INDEX2IP_FUZZ_CHECK(pairs.pairs.empty(), "pairs kept beside an error");
    return;
  }
  INDEX2IP_FUZZ_CHECK(
      Views(pairs) == model,
      absl::StrCat("ParseCniArgs(", Quoted(text), ") pairs differ"));
  std::string joined;
  for (const auto& [key, value] : pairs.pairs) {
    absl::StrAppend(&joined, joined.empty() ? "" : ";", key, "=", value);
  }
  const cni::ArgsPairs again = cni::ParseCniArgs(joined);
  INDEX2IP_FUZZ_CHECK(
      again.status.ok() && again.pairs == pairs.pairs,
      absl::StrCat("joined pairs ", Quoted(joined), " parse differently"));
}

void CheckIndexFromPodName(absl::string_view name) {
  absl::StatusOr<int64_t> index = IndexFromPodName(name);
  const int64_t model = ModelIndexFromPodName(name);
  INDEX2IP_FUZZ_CHECK(
      index.ok() == (model >= 1) && (!index.ok() || *index == model),
      absl::StrCat(
          "IndexFromPodName(", Quoted(name),
          ") = ", index.ok() ? absl::StrCat(*index) : index.status().ToString(),
          ", model says ", model));
  if (!index.ok()) {
    INDEX2IP_FUZZ_CHECK(
        cni::CodeOf(index.status()) == cni::ErrorCode::kInvalidNetworkConfig,
        index.status().ToString());
  }
}

void CheckFindIndex(const cni::NetConf& conf, absl::string_view cni_args) {
  absl::StatusOr<IndexChoice> got =
      FindIndex(conf, cni::ParseCniArgs(cni_args));
  // The model's answer: a choice, or the CNI code of the error.
  bool want_ok = false;
  IndexChoice want;
  cni::ErrorCode want_code = cni::ErrorCode::kInvalidNetworkConfig;
  if (conf.ipam().has_index() || conf.args().cni().has_index()) {
    const bool ipam = conf.ipam().has_index();
    want.index = ipam ? conf.ipam().index() : conf.args().cni().index();
    want.source = ipam ? IndexSource::kIpamIndex : IndexSource::kCniArgsIndex;
    want_ok = want.index >= 1;
  } else {
    Pairs pairs;
    if (!ModelParseCniArgs(cni_args, &pairs)) {
      want_code = cni::ErrorCode::kInvalidEnvironmentVariables;
    } else if (std::any_of(pairs.begin(), pairs.end(),
                           [](const auto& p) { return p.first == "IP"; })) {
      // IP= is a requested address (source 4, before the pod name); without
      // a host to map it, FindIndex refuses it.
      want_ok = false;
    } else {
      for (const auto& [key, value] : pairs) {
        if (key != "K8S_POD_NAME") continue;
        want.index = ModelIndexFromPodName(value);
        want.source = IndexSource::kPodName;
        want.origin = std::string(value);
        want_ok = want.index >= 1;
        break;
      }
    }
  }
  // ipam.maxIndex: the config's own consistency before anything else (code
  // 7), then, once a valid index is found, the bound on what the pod chose
  // (code 101).
  if (conf.ipam().has_max_index()) {
    const int64_t bound = conf.ipam().max_index();
    if (bound < 1 || (conf.ipam().has_index() && conf.ipam().index() > bound)) {
      want_ok = false;
      want_code = cni::ErrorCode::kInvalidNetworkConfig;
    } else if (want_ok && want.source != IndexSource::kIpamIndex &&
               want.index > bound) {
      want_ok = false;
      want_code = CniCode(Code::kIndexRefused);
    }
  }
  INDEX2IP_FUZZ_CHECK(
      got.ok() == want_ok,
      absl::StrCat("FindIndex ok=", got.ok(), " (", got.status().ToString(),
                   "), model says ", want_ok, " for CNI_ARGS ",
                   Quoted(cni_args)));
  if (!got.ok()) {
    INDEX2IP_FUZZ_CHECK(cni::CodeOf(got.status()) == want_code,
                        got.status().ToString());
    return;
  }
  INDEX2IP_FUZZ_CHECK(
      got->index == want.index && got->source == want.source,
      absl::StrCat("FindIndex gives ", got->index, " from ",
                   IndexSourceName(got->source), ", model ", want.index,
                   " from ", IndexSourceName(want.source)));
  if (got->source == IndexSource::kPodName) {
    INDEX2IP_FUZZ_CHECK(got->origin == want.origin, Quoted(got->origin));
  }
}

// Small indices most of the time (they are the interesting ones), any int64
// otherwise.
int64_t ConsumeIndex(FuzzedDataProvider& fdp) {
  return fdp.ConsumeBool() ? fdp.ConsumeIntegralInRange<int64_t>(-2, 300)
                           : fdp.ConsumeIntegral<int64_t>();
}

void TestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  const uint8_t sources = fdp.ConsumeIntegral<uint8_t>();
  cni::NetConf conf;
  if (sources & 1) conf.mutable_ipam()->set_index(ConsumeIndex(fdp));
  if (sources & 2)
    conf.mutable_args()->mutable_cni()->set_index(ConsumeIndex(fdp));
  if (sources & 4) conf.mutable_ipam()->set_max_index(ConsumeIndex(fdp));
  const std::string cni_args = fdp.ConsumeRemainingBytesAsString();

  CheckParseCniArgs(cni_args);
  CheckIndexFromPodName(cni_args);  // any text can be a pod name
  Pairs pairs;
  if (ModelParseCniArgs(cni_args, &pairs)) {
    for (const auto& [key, value] : pairs) {
      if (key == "K8S_POD_NAME") CheckIndexFromPodName(value);
    }
  }
  CheckFindIndex(conf, cni_args);
}

}  // namespace
}  // namespace index2ip

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > index2ip::kMaxInput) return 0;
  index2ip::TestOneInput(data, size);
  return 0;
}
