// The machine the claims store runs on (system.h), as Linux tells it: the
// boot from /proc/sys/kernel/random/boot_id, namespaces by stat(2), whether
// one is still held by scanning /proc/*/ns/net and the nsfs mounts, the
// clock, geteuid(). The binary passes it in; tests pass FakeMachine.
//
// Example:
//   PluginInput in;
//   in.claim_system = claims::MachineSystem();

#ifndef CLAIMS_MACHINE_H_
#define CLAIMS_MACHINE_H_

#include "claims/system.h"

namespace index2ip {
namespace claims {

// This machine. boot_id is read once per process.
System MachineSystem();

}  // namespace claims
}  // namespace index2ip

#endif  // CLAIMS_MACHINE_H_
