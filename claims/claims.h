// The claims store: one address, one attachment per node.
//
// ADD claims every address it returns in the node's store, a directory
// (`ipam.dataDir`, by default /run/index2ip) holding one file, claims.pb
// (format.h), with every claim: its holder (container ID and interface), its
// network, its netns path and the identity of the namespace it named, and
// since when.
//
//   - The same holder again succeeds (runtimes retry ADD; podman restarts a
//     container with its ID and a new namespace); a holder that now computes
//     another address moves its claim.
//   - Another holder that is alive: AlreadyExists, nothing changed. A holder
//     is alive while its netns path names the recorded namespace, or some
//     process or nsfs mount holds it (System::netns_held, asked only then);
//     else it is stale and ADD takes the claim over, saying so. A claim whose
//     path named nothing at ADD is held until DEL, GC or an operator frees it.
//   - claims.pb of another boot is stale as a whole.
//   - All or nothing: a command reads the file, decides, and replaces it
//     whole (claims.pb.tmp, synced, rename(2)d over it) under one flock(2)
//     of the directory, which the kernel drops when a process dies.
//   - Never blocks, never follows: files are opened O_NONBLOCK|O_NOFOLLOW and
//     must be regular (base/files.h); reads are bounded.
//   - Touches only its own files: a directory of other files and no
//     claims.pb is refused, and so is one that is not the plugin's user's,
//     or that its group or others may write. A symlinked directory is
//     followed (the config is the operator's). Format 1's files (one per
//     address) are its own: carried over once, under the lock.
//   - A damaged store (claims.pb unreadable, or of a newer format) fails
//     closed: ADD, CHECK and GC name it and `index2ip claims repair`; DEL
//     still succeeds.
//
// Errors are absl codes, mapped to CNI codes by the plugin:
//   AlreadyExists       another live or held attachment has an address
//   NotFound            no such claim, or no store
//   InvalidArgument     a relative directory, an owner field too long
//   FailedPrecondition  the store cannot be used; the message says why
//   ResourceExhausted   claims.pb would pass kMaxStoreBytes
//
// Example (ADD):
//   claims::Location where{"/run/index2ip", &system};
//   absl::Status s = claims::Take(where, owner, addresses, &events);

#ifndef CLAIMS_CLAIMS_H_
#define CLAIMS_CLAIMS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "claims/claims.pb.h"
#include "claims/format.h"
#include "claims/system.h"
#include "netutil/ip_address.h"

namespace index2ip {
namespace claims {

// Where claims live when the config does not say.
inline constexpr absl::string_view kDefaultDir = "/run/index2ip";

// A store: its directory (absolute) and the machine it runs on.
struct Location {
  std::string dir;
  const System* system = nullptr;
};

// Who asks: one attachment of one network.
struct Owner {
  std::string container_id;
  std::string ifname;
  std::string network;
  std::string netns;  // CNI_NETNS, as given
};

// A claim, and whether its holder is alive.
struct ClaimView {
  enum class State { kAlive, kStale, kHeld };
  Claim claim;
  State state = State::kHeld;
};

// "alive", "stale" or "held".
absl::string_view StateName(ClaimView::State state);

// ADD: claims `addresses` for `owner` and releases its other claims, making
// the directory (0700) when it is missing. Errors, with nothing changed: as
// above; AlreadyExists names the address, its holder, since when and how to
// inspect the store. `events` gets a line per claim taken or carried over.
absl::Status Take(const Location& where, const Owner& owner,
                  absl::Span<const netutil::IpAddress> addresses,
                  std::vector<std::string>* events);

// CHECK: OK when `owner` holds each of `addresses`. Errors: NotFound naming
// the address and its holder, or that there is no store; FailedPrecondition.
absl::Status Holds(const Location& where, const Owner& owner,
                   absl::Span<const netutil::IpAddress> addresses);

// DEL: releases the attachment's claims, each a line in `events`. Never
// fails and never makes the directory: what it cannot do is a line starting
// "warning: ".
void Release(const Location& where, absl::string_view container_id,
             absl::string_view ifname, std::vector<std::string>* events);

// One attachment of a network, as GC's list names it.
struct Attachment {
  std::string container_id;
  std::string ifname;
};

// GC: releases `network`'s claims whose attachment is not in `valid`, a line
// in `events` for each. Error: FailedPrecondition, with nothing changed.
absl::Status Collect(const Location& where, absl::string_view network,
                     absl::Span<const Attachment> valid,
                     std::vector<std::string>* events);

// STATUS: OK when ADD could claim: the directory exists (or its parent lets
// it be made), is safe, is locked within a second, and its store reads;
// nothing is written. Error: FailedPrecondition saying what ADD would fail on.
absl::Status Usable(const Location& where);

// What a store holds, for people: every claim with its state (an earlier
// boot's are stale), and why the store cannot be used, if it cannot.
struct Listing {
  bool exists = false;
  std::vector<ClaimView> claims;  // sorted by address
  std::string problem;            // empty when the store is sound
};

// The listing, under the lock or, for preview, without it (each read of
// claims.pb is one version or another). Never writes.
Listing List(const Location& where, bool lock);

// Which claims an operator releases: an attachment's, named by one of its
// addresses, or by its container ID (and interface, when given).
struct Selector {
  absl::optional<netutil::IpAddress> address;
  std::string container_id;
  std::string ifname;
};

// The operator's release of every claim of the attachment `selector` names.
// Returns them. Errors: NotFound when none matches; FailedPrecondition.
absl::StatusOr<std::vector<Claim>> ReleaseMatching(const Location& where,
                                                   const Selector& selector);

// The operator's repair of a damaged store: sets claims.pb aside as
// claims.pb.damaged.<unix time> and keeps the claims that can be read (of
// format-1 files, carries over those that can). Returns what it did. Error:
// FailedPrecondition when there is nothing to repair, or claims.pb is not a
// regular file of the plugin's user (to be removed by hand).
absl::StatusOr<std::string> Repair(const Location& where);

}  // namespace claims
}  // namespace index2ip

#endif  // CLAIMS_CLAIMS_H_
