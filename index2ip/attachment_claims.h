// The claims store (claims.h) as each CNI command uses it: which store a
// config names, and what ADD, CHECK, DEL, GC and STATUS do with it.
//
// The store is `ipam.dataDir`, else the testing variable
// INDEX2IP_DATA_DIR_FOR_TESTING (as PROC_CMDLINE_FOR_TESTING replaces
// /proc/cmdline; tests set it so that nothing touches /run), else
// /run/index2ip. `ipam.claims: false` turns claims off: upstream's
// stateless behaviour.
//
// Example (RunPlugin's ADD):
//   ClaimSettings settings = SettingsOf(conf.ipam(), getenv);
//   absl::Status s = ClaimForAdd(settings, owner, result, system, &err);

#ifndef INDEX2IP_ATTACHMENT_CLAIMS_H_
#define INDEX2IP_ATTACHMENT_CLAIMS_H_

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "cni/cni.pb.h"
#include "index2ip/claim_system.h"
#include "index2ip/claims.h"

namespace index2ip {

using GetEnv = std::function<absl::optional<std::string>(absl::string_view)>;

struct ClaimSettings {
  bool enabled = true;
  std::string dir;
};

// The store a config names, as described above.
ClaimSettings SettingsOf(const cni::Ipam& ipam, const GetEnv& getenv);

// DEL's reading: name, ipam.dataDir and ipam.claims only, so that a config
// broken elsewhere still names its store; the default store when even those
// cannot be read.
ClaimSettings SettingsForDel(absl::string_view stdin_text,
                             const GetEnv& getenv);

// ADD: claims the addresses of `result` (ClaimStore::Claim). Errors: code
// 103 (another live attachment holds one), code 5 (the store is unusable,
// naming the directory), code 7 (a relative dataDir). Log lines go to `err`.
absl::Status ClaimForAdd(const ClaimSettings& settings, const ClaimOwner& owner,
                         const cni::Result& result, const ClaimSystem& system,
                         std::string* err);

// CHECK: the attachment holds a claim on each address of `result`; else
// code 102.
absl::Status CheckClaims(const ClaimSettings& settings, const ClaimOwner& owner,
                         const cni::Result& result, const ClaimSystem& system);

// DEL: releases the attachment's claims; never fails, never creates the
// directory. Problems go to `err` as warnings.
void ReleaseForDel(const ClaimSettings& settings, absl::string_view container_id,
                   absl::string_view ifname, const ClaimSystem& system,
                   std::string* err);

// GC: removes the network's claims whose attachment is not listed in
// cni.dev/valid-attachments (or cni.dev/attachments); nothing when neither
// is given. Errors: code 5 for claims it could not read or remove, after
// collecting the rest.
absl::Status CollectForGc(const ClaimSettings& settings,
                          const cni::NetConf& conf, const ClaimSystem& system,
                          std::string* err);

// STATUS: OK when the store can be used (its directory, or its parent when
// it does not exist yet, is writable); else code 50.
absl::Status StoreStatus(const ClaimSettings& settings);

}  // namespace index2ip

#endif  // INDEX2IP_ATTACHMENT_CLAIMS_H_
