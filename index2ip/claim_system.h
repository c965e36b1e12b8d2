// What the claims store (claims.h) asks of the system: the boot, the clock,
// and whether a network namespace still exists. Reached through the plugin's
// I/O struct (PluginInput), as stdin and /proc/cmdline are, so in-process
// tests and fuzzers give a fake and the binary gives the real one
// (RealClaimSystem, process_io.h).
//
// Example (a test):
//   ClaimSystem sys;
//   sys.boot_id = [] { return std::string("boot-1"); };
//   sys.stat_netns = [](const std::string&) { return NetnsId{4, 4026532281}; };

#ifndef INDEX2IP_CLAIM_SYSTEM_H_
#define INDEX2IP_CLAIM_SYSTEM_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace index2ip {

// A network namespace's identity: the device and inode stat(2) gives for a
// path that names it (/proc/PID/ns/net, a bind mount under /run/netns).
struct NetnsId {
  uint64_t dev = 0;
  uint64_t ino = 0;

  // "dev:ino", as a claim records it.
  std::string ToString() const;
  // The inverse of ToString; nullopt for any other text.
  static absl::optional<NetnsId> Parse(absl::string_view text);

  friend bool operator==(const NetnsId& a, const NetnsId& b) {
    return a.dev == b.dev && a.ino == b.ino;
  }
};

struct ClaimSystem {
  // /proc/sys/kernel/random/boot_id, without its newline.
  std::function<absl::StatusOr<std::string>()> boot_id;
  // The identity of what `path` names now (stat follows links); nullopt when
  // it names nothing.
  std::function<absl::optional<NetnsId>(const std::string& path)> stat_netns;
  // Whether some process (/proc/*/ns/net) or nsfs mount (/proc/self/
  // mountinfo) still holds namespace `id`. Slow; the store asks only when a
  // claim's own path no longer names its namespace.
  std::function<bool(const NetnsId& id)> netns_held;
  // Seconds since the epoch.
  std::function<int64_t()> now;
};

// This machine's: /proc/sys/kernel/random/boot_id, stat(2), /proc/*/ns/net
// and /proc/self/mountinfo, time(2).
ClaimSystem RealClaimSystem();

}  // namespace index2ip

#endif  // INDEX2IP_CLAIM_SYSTEM_H_
