#include "index2ip/cli/cli.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/types/span.h"
#include "base/quote.h"
#include "cni/version.h"
#include "index2ip/cli/claims.h"
#include "index2ip/cli/preview.h"

namespace index2ip {
namespace {

constexpr int kExitUsage = 2;

constexpr absl::string_view kDescription =
    "A CNI IPAM plugin: a pod gets its host's address plus the pod's index.\n"
    "Container runtimes run it with CNI_COMMAND set and the network config\n"
    "on stdin; people run it with the arguments below.\n";

std::string Synopsis() {
  return absl::StrCat("Usage:\n  index2ip --help | --version\n",
                      PreviewSynopsis(), ClaimsSynopsis());
}

PluginOutput Help(absl::string_view version) {
  PluginOutput out;
  out.out = absl::StrCat(AboutLine(version), "\n", kDescription, "\n",
                         Synopsis(), "\n", PreviewDetails());
  return out;
}

PluginOutput UsageError(absl::string_view problem) {
  PluginOutput out;
  out.exit_code = kExitUsage;
  out.err = absl::StrCat("index2ip: ", problem, "\n", Synopsis(),
                         "Run 'index2ip --help' for more.\n");
  return out;
}

}  // namespace

std::string AboutLine(absl::string_view version) {
  return absl::StrCat("CNI index2ip plugin version ", version,
                      "; CNI protocol versions supported: ",
                      absl::StrJoin(cni::SupportedVersions(), ", "), "\n");
}

PluginOutput RunCli(const CliInput& input) {
  const std::vector<std::string>& args = input.args;
  if (args.empty()) {
    // The skel's rule: no command and a person at the terminal gets the
    // about text instead of an ADD waiting for a config on stdin.
    const std::string command = input.plugin.getenv("CNI_COMMAND").value_or("");
    if (command.empty() && input.stdin_is_tty) return Help(input.version);
    return RunPlugin(input.plugin);
  }
  const absl::string_view first = args[0];
  const absl::Span<const std::string> rest =
      absl::MakeConstSpan(args).subspan(1);
  if (first == "preview") return RunPreview(input, rest);
  if (first == "claims") return RunClaims(input, rest);
  if (first == "--help" || first == "-h" || first == "--version") {
    if (!rest.empty()) {
      return UsageError(absl::StrCat(first, " takes no arguments, got ",
                                     QuoteForMessage(rest.front())));
    }
    if (first == "--version") {
      PluginOutput out;
      out.out =
          absl::StrCat("CNI index2ip plugin version ", input.version, "\n");
      return out;
    }
    return Help(input.version);
  }
  return UsageError(
      absl::StrCat("unknown command or flag ", QuoteForMessage(first),
                   "; a CNI runtime runs this plugin with no arguments"));
}

}  // namespace index2ip
