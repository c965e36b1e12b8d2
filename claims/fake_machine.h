// Tests only: a machine as data for the claims store (system.h), shared by
// the store's own tests and the plugin's fake process
// (index2ip/commands/fake_process.h).
//
// Example:
//   FakeMachine m;
//   m.paths["/run/netns/a"] = NetnsId{4, 4026532281};
//   Take({FreshStoreDir(), &system}, ...) with System system = m.Get();

#ifndef CLAIMS_FAKE_MACHINE_H_
#define CLAIMS_FAKE_MACHINE_H_

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "claims/system.h"

namespace index2ip {
namespace claims {

// A machine in a test: its boot, the namespaces that exist (path -> id),
// those some process still holds, its clock and its user.
struct FakeMachine {
  std::string boot = "boot-1";
  std::map<std::string, NetnsId> paths;
  std::vector<NetnsId> held;
  int64_t clock = 1700000000;
  uint32_t euid = geteuid();
  int held_scans = 0;

  // A System over this object, which must outlive it.
  System Get() {
    System s;
    s.boot_id = [this]() -> absl::StatusOr<std::string> { return boot; };
    s.stat_netns = [this](const std::string& p) -> absl::optional<NetnsId> {
      auto it = paths.find(p);
      if (it == paths.end()) return absl::nullopt;
      return it->second;
    };
    s.netns_held = [this](const NetnsId& id) {
      ++held_scans;
      for (const NetnsId& h : held) {
        if (h == id) return true;
      }
      return false;
    };
    s.now = [this] { return clock; };
    s.euid = [this] { return euid; };
    return s;
  }
};

// A fresh directory name for one test's store, under TEST_TMPDIR; not
// created.
inline std::string FreshStoreDir() {
  static int n = 0;
  const char* tmp = std::getenv("TEST_TMPDIR");
  return absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/claims-", getpid(), "-",
                      ++n);
}

}  // namespace claims
}  // namespace index2ip

#endif  // CLAIMS_FAKE_MACHINE_H_
