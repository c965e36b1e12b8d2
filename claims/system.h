// What the claims store (claims.h) asks of the machine: the boot, the clock,
// the user it runs as, and whether a network namespace still exists. The
// plugin passes it in its I/O struct, as it does stdin and /proc/cmdline:
// the binary's from the machine (index2ip/process_io.cc), tests' and
// fuzzers' fakes.
//
// Example (a test):
//   claims::System sys;
//   sys.boot_id = []() -> absl::StatusOr<std::string> { return "boot-1"; };
//   sys.stat_netns = [](const std::string&) -> absl::optional<NetnsId> {
//     return NetnsId{4, 4026532281};
//   };

#ifndef CLAIMS_SYSTEM_H_
#define CLAIMS_SYSTEM_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "claims/format.h"

namespace index2ip {
namespace claims {

struct System {
  // /proc/sys/kernel/random/boot_id, without its newline.
  std::function<absl::StatusOr<std::string>()> boot_id;
  // The identity of what `path` names now (stat follows links); nullopt when
  // it names nothing.
  std::function<absl::optional<NetnsId>(const std::string& path)> stat_netns;
  // Whether some process or nsfs mount still holds namespace `id`. Slow:
  // asked only when a claim's own path no longer names its namespace.
  std::function<bool(const NetnsId& id)> netns_held;
  // Seconds since the epoch.
  std::function<int64_t()> now;
  // The user the plugin runs as (geteuid): the store's directory is its.
  std::function<uint32_t()> euid;
};

}  // namespace claims
}  // namespace index2ip

#endif  // CLAIMS_SYSTEM_H_
