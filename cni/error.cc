#include "cni/error.h"

#include <algorithm>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "base/quote.h"

namespace index2ip {
namespace cni {
namespace {

// Payload keys: type URLs, as absl recommends, under this project's name.
constexpr absl::string_view kCodeUrl = "type.index2ip/cni.code";
constexpr absl::string_view kMsgUrl = "type.index2ip/cni.msg";

absl::StatusCode CanonicalFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kIoFailure:
      return absl::StatusCode::kDataLoss;
    case ErrorCode::kTryAgainLater:
    case ErrorCode::kPluginNotAvailable:
    case ErrorCode::kLimitedConnectivity:
      return absl::StatusCode::kUnavailable;
    case ErrorCode::kInternal:
      return absl::StatusCode::kInternal;
    default:  // the config or the environment; a plugin's own code: its state
      return static_cast<uint32_t>(code) < 100
                 ? absl::StatusCode::kInvalidArgument
                 : absl::StatusCode::kFailedPrecondition;
  }
}

// The msg of an error whose Status carries no CNI code (MakeError always
// gives one), so only for the codes CodeOf() falls back to.
absl::string_view DefaultMsg(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidNetworkConfig:
      return "invalid network config";
    case ErrorCode::kTryAgainLater:
      return "try again later";
    case ErrorCode::kIoFailure:
      return "I/O failure";
    default:
      return "internal error";
  }
}

absl::optional<std::string> PayloadString(const absl::Status& status,
                                          absl::string_view url) {
  absl::optional<absl::Cord> p = status.GetPayload(url);
  if (!p.has_value()) return absl::nullopt;
  return std::string(*p);
}

}  // namespace

absl::Status MakeError(ErrorCode code, absl::string_view msg,
                       absl::string_view details) {
  // The message is the details alone: Annotate() prefixes context to it and
  // ToCniError() prints it as `details`, while msg travels as a payload.
  absl::Status s(CanonicalFor(code), details);
  s.SetPayload(kCodeUrl, absl::Cord(absl::StrCat(static_cast<uint32_t>(code))));
  s.SetPayload(kMsgUrl, absl::Cord(msg));
  return s;
}

absl::Status Annotate(const absl::Status& status, absl::string_view context) {
  if (status.ok()) return status;
  absl::Status out(status.code(),
                   status.message().empty()
                       ? std::string(context)
                       : absl::StrCat(context, ": ", status.message()));
  status.ForEachPayload(
      [&out](absl::string_view url, const absl::Cord& payload) {
        out.SetPayload(url, payload);
      });
  return out;
}

ErrorCode CodeOf(const absl::Status& status) {
  absl::optional<std::string> code = PayloadString(status, kCodeUrl);
  uint32_t value = 0;
  if (code.has_value() && absl::SimpleAtoi(*code, &value)) {
    return static_cast<ErrorCode>(value);
  }
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return ErrorCode::kInvalidNetworkConfig;
    case absl::StatusCode::kUnavailable:
      return ErrorCode::kTryAgainLater;
    case absl::StatusCode::kDataLoss:
      return ErrorCode::kIoFailure;
    default:
      return ErrorCode::kInternal;
  }
}

namespace {

// `text` escaped for one line (base/quote.h), then cut at kMaxDetailsBytes,
// never inside a UTF-8 character; "..." marks a cut. Escaping first keeps the
// bound on what is printed, whatever the text holds.
std::string CutForObject(absl::string_view text) {
  std::string out = EscapeForLine(text.substr(0, kMaxDetailsBytes + 1));
  if (out.size() <= kMaxDetailsBytes && text.size() <= kMaxDetailsBytes) {
    return out;
  }
  size_t cut = std::min(out.size(), kMaxDetailsBytes);
  for (int back = 0; back < 3 && cut > 0 && cut < out.size() &&
                     (static_cast<unsigned char>(out[cut]) & 0xc0) == 0x80;
       ++back) {
    --cut;
  }
  out.resize(cut);
  out.append("...");
  return out;
}

}  // namespace

Error ToCniError(const absl::Status& status, absl::string_view cni_version) {
  Error e;
  e.set_cni_version(std::string(cni_version));
  const ErrorCode code = CodeOf(status);
  e.set_code(static_cast<uint32_t>(code));
  absl::optional<std::string> msg = PayloadString(status, kMsgUrl);
  e.set_msg(msg.has_value() ? *msg : std::string(DefaultMsg(code)));
  // The last guard of the one-line rule: values in details are quoted where
  // they are named (base/quote.h), but whatever reaches here is escaped once
  // more, so no byte of it can end a stderr line or make the object invalid
  // UTF-8, and cut, so the object stays small whatever the input.
  e.set_details(CutForObject(status.message()));
  e.set_msg(CutForObject(e.msg()));
  return e;
}

}  // namespace cni
}  // namespace index2ip
