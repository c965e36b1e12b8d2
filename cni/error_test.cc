#include "cni/error.h"

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "cni/cni.pb.h"
#include "gtest/gtest.h"

namespace index2ip {
namespace cni {
namespace {

// Every code in the enum, for round trips.
constexpr ErrorCode kAllCodes[] = {
    ErrorCode::kIncompatibleCniVersion,
    ErrorCode::kUnsupportedField,
    ErrorCode::kUnknownContainer,
    ErrorCode::kInvalidEnvironmentVariables,
    ErrorCode::kIoFailure,
    ErrorCode::kDecodingFailure,
    ErrorCode::kInvalidNetworkConfig,
    ErrorCode::kTryAgainLater,
    ErrorCode::kPluginNotAvailable,
    ErrorCode::kLimitedConnectivity,
    ErrorCode(100),
    ErrorCode(101),
    ErrorCode(102),
    ErrorCode::kInternal,
};

TEST(ErrorCode, ValuesAreTheSpecs) {
  // SPEC.md section 5 fixes 1-11 and 50-51 (100 and up are the plugin's,
  // pinned in index2ip/ipam/codes_test.cc).
  EXPECT_EQ(static_cast<uint32_t>(ErrorCode::kIncompatibleCniVersion), 1u);
  EXPECT_EQ(static_cast<uint32_t>(ErrorCode::kUnsupportedField), 2u);
  EXPECT_EQ(static_cast<uint32_t>(ErrorCode::kUnknownContainer), 3u);
  EXPECT_EQ(static_cast<uint32_t>(ErrorCode::kInvalidEnvironmentVariables), 4u);
  EXPECT_EQ(static_cast<uint32_t>(ErrorCode::kIoFailure), 5u);
  EXPECT_EQ(static_cast<uint32_t>(ErrorCode::kDecodingFailure), 6u);
  EXPECT_EQ(static_cast<uint32_t>(ErrorCode::kInvalidNetworkConfig), 7u);
  EXPECT_EQ(static_cast<uint32_t>(ErrorCode::kTryAgainLater), 11u);
  EXPECT_EQ(static_cast<uint32_t>(ErrorCode::kPluginNotAvailable), 50u);
  EXPECT_EQ(static_cast<uint32_t>(ErrorCode::kLimitedConnectivity), 51u);
  EXPECT_EQ(static_cast<uint32_t>(ErrorCode::kInternal), 999u);
}

TEST(MakeError, SetsCodeMsgAndDetails) {
  const absl::Status s =
      MakeError(ErrorCode::kInvalidNetworkConfig, "invalid index",
                "ipam.index must be at least 1");
  EXPECT_FALSE(s.ok());
  // The Status message is the details alone.
  EXPECT_EQ(s.message(), "ipam.index must be at least 1");
  EXPECT_EQ(CodeOf(s), ErrorCode::kInvalidNetworkConfig);
  const Error e = ToCniError(s, "1.0.0");
  EXPECT_EQ(e.code(), 7u);
  EXPECT_EQ(e.msg(), "invalid index");
  EXPECT_EQ(e.details(), "ipam.index must be at least 1");
}

TEST(MakeError, EveryCodeRoundTrips) {
  for (ErrorCode code : kAllCodes) {
    const uint32_t value = static_cast<uint32_t>(code);
    const std::string msg = absl::StrCat("msg ", value);
    const std::string details = absl::StrCat("details ", value);
    const absl::Status s = MakeError(code, msg, details);
    // Every code gives a failed Status, whatever absl code it maps to.
    EXPECT_FALSE(s.ok()) << value;
    EXPECT_EQ(CodeOf(s), code) << value;
    const Error e = ToCniError(s, "0.4.0");
    EXPECT_EQ(e.code(), value);
    EXPECT_EQ(e.msg(), msg) << value;
    EXPECT_EQ(e.details(), details) << value;
    EXPECT_EQ(e.cni_version(), "0.4.0") << value;
  }
}

TEST(MakeError, CodeOutlivesCopiesAndMoves) {
  absl::Status s = MakeError(ErrorCode(100), "bad host", "d");
  absl::Status copy = s;
  absl::Status moved = std::move(s);
  EXPECT_EQ(CodeOf(copy), ErrorCode(100));
  EXPECT_EQ(CodeOf(moved), ErrorCode(100));
}

TEST(MakeError, EmptyDetails) {
  const absl::Status s = MakeError(ErrorCode::kIoFailure, "read failed", "");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(CodeOf(s), ErrorCode::kIoFailure);
  const Error e = ToCniError(s, "1.0.0");
  EXPECT_EQ(e.msg(), "read failed");
  EXPECT_EQ(e.details(), "");
}

TEST(Annotate, KeepsCodeAndMsgAndPrefixesDetails) {
  const absl::Status inner =
      MakeError(ErrorCode::kInvalidNetworkConfig, "invalid index",
                "ipam.index must be at least 1");
  const absl::Status s = Annotate(inner, "reading ipam.index");
  EXPECT_EQ(s.code(), inner.code());
  EXPECT_EQ(s.message(), "reading ipam.index: ipam.index must be at least 1");
  EXPECT_EQ(CodeOf(s), ErrorCode::kInvalidNetworkConfig);
  // The header's example, field by field.
  const Error e = ToCniError(s, "1.0.0");
  EXPECT_EQ(e.cni_version(), "1.0.0");
  EXPECT_EQ(e.code(), 7u);
  EXPECT_EQ(e.msg(), "invalid index");
  EXPECT_EQ(e.details(), "reading ipam.index: ipam.index must be at least 1");
}

TEST(Annotate, NestsOutermostFirst) {
  const absl::Status s =
      Annotate(Annotate(MakeError(ErrorCode(101), "index out of range",
                                  "index 15 is too big"),
                        "IPv4"),
               "ADD");
  EXPECT_EQ(s.message(), "ADD: IPv4: index 15 is too big");
  EXPECT_EQ(CodeOf(s), ErrorCode(101));
  EXPECT_EQ(ToCniError(s, "").msg(), "index out of range");
}

TEST(Annotate, OkStaysOk) {
  EXPECT_TRUE(Annotate(absl::OkStatus(), "context").ok());
  EXPECT_EQ(Annotate(absl::OkStatus(), "context").message(), "");
}

TEST(Annotate, EmptyMessageBecomesTheContext) {
  const absl::Status s =
      Annotate(MakeError(ErrorCode::kIoFailure, "read failed", ""), "stdin");
  EXPECT_EQ(s.message(), "stdin");
  EXPECT_EQ(CodeOf(s), ErrorCode::kIoFailure);
  EXPECT_EQ(ToCniError(s, "").msg(), "read failed");

  const absl::Status plain =
      Annotate(absl::Status(absl::StatusCode::kDataLoss, ""), "stdin");
  EXPECT_EQ(plain.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(plain.message(), "stdin");
}

TEST(Annotate, KeepsPlainStatusCode) {
  const absl::Status s = Annotate(absl::OutOfRangeError("too big"), "index");
  EXPECT_EQ(s.code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(s.message(), "index: too big");
  EXPECT_EQ(CodeOf(s), ErrorCode::kInvalidNetworkConfig);
}

TEST(Annotate, EmptyContextStillKeepsTheCode) {
  const absl::Status s =
      Annotate(MakeError(ErrorCode(102), "mismatch", "d"), "");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(CodeOf(s), ErrorCode(102));
  EXPECT_EQ(ToCniError(s, "").msg(), "mismatch");
}

struct FallbackCase {
  absl::StatusCode status_code;
  ErrorCode want;
};

TEST(CodeOf, FallsBackByStatusCode) {
  const FallbackCase cases[] = {
      {absl::StatusCode::kInvalidArgument, ErrorCode::kInvalidNetworkConfig},
      {absl::StatusCode::kOutOfRange, ErrorCode::kInvalidNetworkConfig},
      {absl::StatusCode::kUnavailable, ErrorCode::kTryAgainLater},
      {absl::StatusCode::kDataLoss, ErrorCode::kIoFailure},
      {absl::StatusCode::kInternal, ErrorCode::kInternal},
      {absl::StatusCode::kUnknown, ErrorCode::kInternal},
      {absl::StatusCode::kFailedPrecondition, ErrorCode::kInternal},
      {absl::StatusCode::kNotFound, ErrorCode::kInternal},
      {absl::StatusCode::kPermissionDenied, ErrorCode::kInternal},
      {absl::StatusCode::kResourceExhausted, ErrorCode::kInternal},
      {absl::StatusCode::kUnimplemented, ErrorCode::kInternal},
  };
  for (const FallbackCase& c : cases) {
    const absl::Status s(c.status_code, "some library failed");
    EXPECT_EQ(CodeOf(s), c.want) << s;
    const Error e = ToCniError(s, "1.1.0");
    EXPECT_EQ(e.code(), static_cast<uint32_t>(c.want)) << s;
    // No MakeError msg: a fixed text for the code, never empty.
    EXPECT_FALSE(e.msg().empty()) << s;
    // The whole message is kept as details.
    EXPECT_EQ(e.details(), "some library failed") << s;
  }
}

TEST(CodeOf, OtherPayloadsDoNotConfuseIt) {
  absl::Status s = absl::UnavailableError("busy");
  s.SetPayload("type.googleapis.com/some.Other", absl::Cord("42"));
  EXPECT_EQ(CodeOf(s), ErrorCode::kTryAgainLater);
}

TEST(ToCniError, PlainStatusGetsFixedMsgForItsCode) {
  EXPECT_EQ(ToCniError(absl::InvalidArgumentError("x"), "").msg(),
            "invalid network config");
  EXPECT_EQ(ToCniError(absl::UnavailableError("x"), "").msg(),
            "try again later");
  EXPECT_EQ(ToCniError(absl::DataLossError("x"), "").msg(), "I/O failure");
  EXPECT_EQ(ToCniError(absl::InternalError("x"), "").msg(), "internal error");
  EXPECT_EQ(ToCniError(absl::UnknownError("x"), "").msg(), "internal error");
}

TEST(ToCniError, CopiesCniVersionAsGiven) {
  const absl::Status s = absl::InternalError("boom");
  for (absl::string_view version : {"", "0.1.0", "0.4.0", "1.1.0"}) {
    const Error e = ToCniError(s, version);
    EXPECT_EQ(e.cni_version(), version);
    EXPECT_EQ(e.code(), 999u);
    EXPECT_EQ(e.msg(), "internal error");
    EXPECT_EQ(e.details(), "boom");
  }
}

}  // namespace
}  // namespace cni
}  // namespace index2ip

namespace index2ip {
namespace cni {
namespace {

TEST(ToCniError, EscapesDetailsThatAreNotUtf8) {
  const absl::Status s =
      MakeError(ErrorCode::kInvalidNetworkConfig, "bad", "value \xff\xfe end");
  const Error e = ToCniError(s, "1.0.0");
  EXPECT_EQ(e.details(), "value \\xff\\xfe end");
  EXPECT_EQ(e.msg(), "bad");
}

TEST(ToCniError, KeepsValidUtf8Details) {
  const absl::Status s =
      MakeError(ErrorCode::kInvalidNetworkConfig, "bad", "caf\xc3\xa9");
  EXPECT_EQ(ToCniError(s, "1.0.0").details(), "caf\xc3\xa9");
}

}  // namespace
}  // namespace cni
}  // namespace index2ip
