// CNI spec versions: which ones this plugin speaks, and the conversion of one
// internal result into the shape each version prints.
//
// The plugin builds one Result (the 1.x shape) and converts it on output, the
// way the CNI Go library does (containernetworking/cni: pkg/types/040,
// pkg/types/create). One table (Versions(), in version.cc) says, per
// version, the shape and the commands:
//
//   cniVersion            result shape                                commands
//   "" (missing), 0.1.0   ResultV020: ip4/ip6, routes nested by family  ADD DEL
//   VERSION 0.2.0                 ResultV020 the same 0.3.0, 0.3.1 ResultV040:
//   ips[] with "version" "4" or "6"   the same 0.4.0                 ResultV040
//   + CHECK 1.0.0                 Result: ips[] without "version"             +
//   CHECK 1.1.0                 Result                                      +
//   STATUS, GC
//
// A request's version is resolved once into its row, which then travels:
//
//   absl::StatusOr<const VersionSpec*> v = ResolveVersion(conf.cni_version());
//   if (!v.ok()) return v.status();          // code 1 for "9.9.9"
//   RequireVersion(**v, CniCommand::kCheck);  // code 1 for CHECK on 0.3.1
//   absl::StatusOr<std::string> json = EncodeResult(result, **v);

#ifndef CNI_VERSION_H_
#define CNI_VERSION_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "cni/cni.pb.h"

namespace index2ip {
namespace cni {

// The shapes a result is printed in.
enum class ResultShape {
  kV020,  // ResultV020: ip4/ip6 objects, routes nested by family
  kV040,  // ResultV040: ips[] with "version": "4" or "6"
  kV100,  // Result: ips[] without "version"
};

// The CNI commands, as bits of VersionSpec::commands.
enum class CniCommand : uint8_t {
  kAdd = 1,
  kDel = 2,
  kVersion = 4,
  kCheck = 8,
  kStatus = 16,
  kGc = 32,
};
constexpr uint8_t Bit(CniCommand c) { return static_cast<uint8_t>(c); }

// The versions, as the table's rows name them.
enum class Version : uint8_t { k010, k020, k030, k031, k040, k100, k110 };

// One row of the one table of versions (version.cc): the version, the shape
// its results are printed in, the commands it has.
struct VersionSpec {
  Version id;
  absl::string_view version;
  ResultShape shape;
  uint8_t commands;  // Bit()s of CniCommand
};

// The table, oldest first. Adding a version is one row there.
absl::Span<const VersionSpec> Versions();

// Every version this plugin speaks, oldest first (the table's first column).
absl::Span<const absl::string_view> SupportedVersions();

// The newest version; VERSION answers with it when none was asked for. The
// table's last row (a static_assert in version.cc says so).
inline constexpr absl::string_view kCurrentVersion = "1.1.0";

// What a missing or empty cniVersion means (the spec's Go library agrees).
inline constexpr absl::string_view kDefaultVersion = "0.1.0";

// The row a request speaks: kDefaultVersion's for "", else `requested`'s.
// Error: code 1 (incompatible CNI version), naming the requested and the
// supported versions; a lookup never falls back to some other row.
absl::StatusOr<const VersionSpec*> ResolveVersion(absl::string_view requested);

// The newest version's row.
const VersionSpec& CurrentVersion();

// Code 1 (incompatible CNI version) when `version` does not have `command`,
// naming the first version that does; else OK.
absl::Status RequireVersion(const VersionSpec& version, CniCommand command);

// The command's name as CNI_COMMAND spells it: "CHECK".
absl::string_view CommandName(CniCommand command);

// The JSON text of `result` in the shape of `version`, with cniVersion set
// to it. Error for 0.1.0/0.2.0 when `result` has no address to convert
// (code 999, as the Go library: "cannot convert: no valid IP addresses").
// Takes `result` by value because the 1.x shape is `result` itself with its
// version set: callers that are done with theirs move it in instead of
// paying for a copy.
absl::StatusOr<std::string> EncodeResult(Result result,
                                         const VersionSpec& version);

// Converts a result of any version (a prevResult) into the internal shape.
// Its own cniVersion decides the shape; when it has none, `config_version`
// does. Error: code 1 when its own version is not supported.
absl::StatusOr<Result> NormalizeResult(const AnyResult& any,
                                       const VersionSpec& config_version);

}  // namespace cni
}  // namespace index2ip

#endif  // CNI_VERSION_H_
