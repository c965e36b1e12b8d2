// Shared by preview.cc and preview_all.cc: the request and the output
// helpers. Not for other packages.

#ifndef INDEX2IP_PREVIEW_INTERNAL_H_
#define INDEX2IP_PREVIEW_INTERNAL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "cni/cni.pb.h"
#include "cni/version.h"
#include "claims/claims.h"
#include "index2ip/plugin.h"

namespace index2ip {
namespace preview_internal {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// The flags, checked.
struct Request {
  bool all = false;
  absl::optional<int64_t> index;
  std::string pod_name;  // empty: none
  std::string cni_version = std::string(cni::kCurrentVersion);
  bool cni_version_given = false;
  absl::optional<std::string> cmdline;       // --cmdline
  absl::optional<std::string> cmdline_file;  // --cmdline-file
  absl::optional<std::string> config;        // --config
};

// Exit 2: `problem`, then preview's usage, on stderr.
PluginOutput UsageError(absl::string_view problem);

// A failure ADD would report: the error object on stdout when
// `print_object` (exactly as ADD prints it), and one line on stderr, which
// names `cmdline_origin` when the host configuration is at fault.
PluginOutput Failure(const absl::Status& status, absl::string_view version,
                     bool print_object, absl::string_view cmdline_origin = "");

// preview --all (preview_all.cc); `claims` are the store's, to mark.
PluginOutput PreviewAll(const Request& r, const cni::NetConf& conf,
                        const CmdlineText& cmdline,
                        const std::vector<claims::ClaimView>& claims);

}  // namespace preview_internal
}  // namespace index2ip

#endif  // INDEX2IP_PREVIEW_INTERNAL_H_
