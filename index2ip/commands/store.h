// The claims store (claims/claims.h) as each CNI command uses it: which store
// a config names, what ADD, CHECK, DEL, GC and STATUS do with it, and the one
// mapping of the store's errors to this plugin's CNI codes:
//
//   AlreadyExists   103 address in use
//   NotFound        102 prevResult does not match (CHECK)
//   InvalidArgument   7 invalid network config (a relative dataDir)
//   anything else     5 claims store unusable (STATUS: 50)
//
// The store is `ipam.dataDir`, else the testing variable
// INDEX2IP_DATA_DIR_FOR_TESTING (as PROC_CMDLINE_FOR_TESTING replaces
// /proc/cmdline; tests set it so that nothing touches /run), else
// /run/index2ip. `ipam.claims: false` turns claims off: upstream's
// stateless behaviour.
//
// Example (RunPlugin's ADD):
//   ClaimSettings settings = SettingsOf(conf.ipam(), getenv);
//   absl::Status s = ClaimForAdd(settings, owner, addresses, system, &events);

#ifndef INDEX2IP_COMMANDS_STORE_H_
#define INDEX2IP_COMMANDS_STORE_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "claims/claims.h"
#include "claims/system.h"
#include "cni/cni.pb.h"
#include "index2ip/commands/records.pb.h"
#include "netutil/ip_address.h"

namespace index2ip {

using GetEnv = std::function<absl::optional<std::string>(absl::string_view)>;

struct ClaimSettings {
  bool enabled = true;
  std::string dir;
};

// The store a config names, as described above.
ClaimSettings SettingsOf(const cni::Ipam& ipam, const GetEnv& getenv);

// DEL's reading (records.h: ipam.dataDir and ipam.claims only, so that a
// config broken elsewhere still names its store); the default store when
// even those cannot be read (`conf` null).
ClaimSettings SettingsForDel(const DelConf* conf, const GetEnv& getenv);

// ADD: claims `addresses` (claims::Take). Errors: 103, 5, 7. `events` gets
// the claims taken over or carried over.
absl::Status ClaimForAdd(const ClaimSettings& settings,
                         const claims::Owner& owner,
                         absl::Span<const netutil::IpAddress> addresses,
                         const claims::System& system,
                         std::vector<std::string>* events);

// CHECK: the attachment holds a claim on each of `addresses`; else 102 (or
// 5 for a store that cannot be used).
absl::Status CheckClaims(const ClaimSettings& settings,
                         const claims::Owner& owner,
                         absl::Span<const netutil::IpAddress> addresses,
                         const claims::System& system);

// DEL: releases the attachment's claims; never fails, never creates the
// directory. `events` gets what was released and, starting "warning: ",
// what could not be.
void ReleaseForDel(const ClaimSettings& settings,
                   absl::string_view container_id, absl::string_view ifname,
                   const claims::System& system,
                   std::vector<std::string>* events);

// GC: removes the network's claims whose attachment is not listed in
// cni.dev/valid-attachments (or cni.dev/attachments); nothing when neither
// is given. Errors, with nothing removed: 7 for an entry without a
// containerID or an ifname, naming it; 5 for a store that cannot be used.
absl::Status CollectForGc(const ClaimSettings& settings,
                          const cni::NetConf& conf,
                          const claims::System& system,
                          std::vector<std::string>* events);

// STATUS: OK when ADD could claim (claims::Usable); else 50 with the reason.
absl::Status StoreStatus(const ClaimSettings& settings,
                         const claims::System& system);

}  // namespace index2ip

#endif  // INDEX2IP_COMMANDS_STORE_H_
