// `index2ip preview`: what ADD would give a pod, without a pod.
//
//   preview --index N | --pod-name P     the result ADD returns for that
//       [--config FILE|-]                pod on this host (its first line is
//       [--cmdline-file F | --cmdline T]  exactly what ADD prints), then one
//       [--cni-version V]                line per address family
//   preview --all [--config FILE|-]      every index of this host, with the
//       [--cmdline-file F | --cmdline T]  ones ADD refuses marked and why
//
// preview composes the functions ADD runs: ReadKernelCmdline or the flags for
// the host line, ParseHostConfig once, then ComputeAdd (or, per row of
// --all, ComputeResult and AcceptedIndices) and the same version encoding. So
// what it prints is what ADD does; only the process plumbing is skipped.
//
// Without --config, the network config is the one a NetworkAttachmentDefinition
// with `ipam.index` N would hand to ADD (no index for --pod-name and --all).
// With --config, FILE (or stdin for "-") is read as ADD reads stdin: a plain
// config or a conflist (cni/conflist.h), with its index, maxIndex and
// everything else ADD reads. --index N then is the pod's own choice
// (args.cni.index, which maxIndex bounds), and is refused when the config
// fixes ipam.index; --all stops at maxIndex and marks the index a fixed
// ipam.index picks:
//
//   kubectl get net-attach-def X -o jsonpath='{.spec.config}' |
//       index2ip preview --config - --all
//
// Exit codes: 0 success; 1 a failure ADD would report (the CNI error object
// on stdout, as ADD prints it, and one line on stderr), or --all on a host
// where ADD accepts no index; 2 a usage error.

#ifndef INDEX2IP_CLI_PREVIEW_H_
#define INDEX2IP_CLI_PREVIEW_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "index2ip/cli/cli_input.h"
#include "index2ip/commands/plugin.h"

namespace index2ip {

// The most rows `preview --all` prints: every index of a /16. A larger
// subnet is cut short with a note that says so.
inline constexpr int64_t kMaxPreviewRows = 65534;

// preview's lines of the usage text.
absl::string_view PreviewSynopsis();
// What preview does, for --help.
absl::string_view PreviewDetails();

// Runs `index2ip preview` with `args` (the arguments after "preview").
PluginOutput RunPreview(const CliInput& input,
                        absl::Span<const std::string> args);

}  // namespace index2ip

#endif  // INDEX2IP_CLI_PREVIEW_H_
