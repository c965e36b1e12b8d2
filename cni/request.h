// One CNI invocation as a runtime makes it, read once: CNI_COMMAND and the
// other variables of the spec (SPEC.md section 2), CNI_ARGS split into
// pairs, and the checks every plugin makes of them. As the Go library's skel
// builds one CmdArgs and hands it to the command (containernetworking/cni:
// pkg/skel/skel.go), so nothing below reads the environment again.
//
// Example:
//   Request r = ReadRequest(getenv);
//   absl::Status ok = CheckRequest(r);   // code 4: "ADD needs CNI_NETNS"
//   r.command->command;                  // CniCommand::kAdd
//   r.args.Get("K8S_POD_NAME");          // "ndt-index12-abcde"

#ifndef CNI_REQUEST_H_
#define CNI_REQUEST_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "cni/version.h"

namespace index2ip {
namespace cni {

// The value of an environment variable, or nullopt when it is unset.
using GetEnv = std::function<absl::optional<std::string>(absl::string_view)>;

// What the spec asks of a command's environment.
struct CommandSpec {
  CniCommand command;
  absl::string_view name;
  absl::Span<const absl::string_view> required;
};

// Every command, ADD first.
absl::Span<const CommandSpec> Commands();

// The longest CNI_ARGS accepted.
inline constexpr size_t kMaxCniArgsBytes = 1 << 20;
// The longest CNI_CONTAINERID and CNI_NETNS (PATH_MAX).
inline constexpr size_t kMaxEnvValueBytes = 4096;

// CNI_ARGS ("K1=V1;K2=V2"), split once into pairs, in order, each on its
// first '='. Empty segments are skipped; unknown keys are fine (runtimes add
// their own). Read as libcni's LoadArgs reads it: a segment with no '=', an
// empty key, an IgnoreUnknown that is not 1, 0, true or false in any case,
// or text longer than kMaxCniArgsBytes is an error (code 4). An
// IgnoreUnknown error refuses every request, as LoadArgs does (`eager`,
// CheckRequest); the others are kept in `status` until a source needs the
// pairs (upstream index2ip ignored CNI_ARGS, and a config with ipam.index
// works whatever else it holds).
struct ArgsPairs {
  absl::Status status;
  bool eager = false;  // `status` refuses the request (CheckRequest)
  std::vector<std::pair<std::string, std::string>> pairs;

  // The value of `key`, the last one when it repeats (LoadArgs's rule).
  absl::optional<absl::string_view> Get(absl::string_view key) const;
};

// `text` split as above.
ArgsPairs ParseCniArgs(absl::string_view text);

struct Request {
  const CommandSpec* command = nullptr;
  // CNI_COMMAND as given, and whether it named a command; an empty or
  // unknown one runs ADD (upstream's rule), with a warning.
  std::string command_text;
  bool command_known = false;
  std::string container_id, netns, ifname, path;
  std::string args_text;  // CNI_ARGS as given, for the log
  ArgsPairs args;
  // W3C trace context, as libcni passes it from the runtime's OpenTelemetry
  // span (TRACEPARENT, TRACESTATE): untrusted text, for the log only.
  std::string traceparent, tracestate;
};

// Reads each variable once through `getenv`.
Request ReadRequest(const GetEnv& getenv);

// The checks of the spec and libcni: the command's required variables are
// set and not empty; CNI_CONTAINERID is a CNI ID and CNI_IFNAME an
// interface name (below), both and CNI_NETNS at most kMaxEnvValueBytes;
// CNI_ARGS has no error that refuses every request but DEL
// (ArgsPairs::eager).
// Errors: code 4 naming the variable.
absl::Status CheckRequest(const Request& request);

// The CNI library's pattern for container IDs and network names,
// ^[a-zA-Z0-9][a-zA-Z0-9_.\-]*$ (containernetworking/cni: pkg/utils/utils.go).
bool IsValidCniId(absl::string_view id);

// libcni's ValidateInterfaceName (containernetworking/cni: pkg/utils/utils.go):
// Linux's IFNAMSIZ less the NUL, not . or .., no '/', ':' or rune that Go's
// unicode.IsSpace reports. Stricter: the name must be UTF-8, where libcni
// lets a lone invalid byte through. Errors: code 4, quoting the name.
absl::Status ValidateIfName(absl::string_view name);

}  // namespace cni
}  // namespace index2ip

#endif  // CNI_REQUEST_H_
