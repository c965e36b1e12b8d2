// The claims store: one address, one attachment per node.
//
// Every address ADD returns is claimed first, in a directory of the node
// (`ipam.dataDir`, by default /run/index2ip): one file per address, named
// by the address, holding a cni::Claim (cni.proto) as JSON: the owner
// (container ID and interface), the network, the netns path and the identity
// of the namespace it named, the boot, and when. The rules:
//
//   - the same owner again: success, the claim refreshed (a runtime retries
//     ADD; podman restarts a container with its ID and a new namespace); an
//     owner that now computes another address moves its claim;
//   - another owner that is alive: error 103 "address in use", nothing
//     changed. A holder is alive while its namespace exists: its netns path
//     still names the recorded identity, or some process or nsfs mount
//     still holds it (ClaimSystem::netns_held, asked only then). A claim
//     from another boot is stale, and so is one whose namespace is gone:
//     ADD takes it over and says so in a log line. A claim without a
//     recorded identity (its netns path did not exist at ADD) is held until
//     DEL, GC or its owner releases it; never taken over. An unreadable
//     claim, or one of a newer format, is held and named in the error.
//   - never two live owners, never a claim seen half-written: a claim is
//     written and synced under another name, then link()ed (new) or
//     rename()d (replaced) into place (claim_files.h), and every
//     read-decide-write runs under one flock(2) on the store's directory,
//     which the kernel releases when a process dies, SIGKILL included.
//     Temporary files a dead process left are swept under the lock.
//   - each claim has its holder's index entry (claim_files::OwnName), made
//     before the claim and removed after it, so the move of a claim and DEL
//     read only the owner's claims; an entry is a hint, confirmed by
//     reading its claim, and one whose claim is missing is swept.
//
// Example:
//   absl::StatusOr<ClaimStore> store = ClaimStore::Open("/run/index2ip",
//                                                        true, system);
//   absl::Status s = store->Claim(owner, {"4.14.159.117", "2001:...::117"},
//                                 &log);
//   // code 103 when another live attachment holds one of them

#ifndef INDEX2IP_CLAIMS_H_
#define INDEX2IP_CLAIMS_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "cni/cni.pb.h"
#include "index2ip/claim_files.h"  // kMaxClaimBytes
#include "index2ip/claim_system.h"

namespace index2ip {

// Where claims live when the config does not say.
inline constexpr absl::string_view kDefaultDataDir = "/run/index2ip";
// The claim format this plugin writes and reads; newer ones are held.
inline constexpr uint32_t kClaimFormat = 1;

// Who asks: one attachment of one network.
struct ClaimOwner {
  std::string container_id;
  std::string ifname;
  std::string network;
  std::string netns;  // CNI_NETNS, as given
};

// A claim as the store sees it: what the file said, or why it cannot be
// read, and whether its holder is alive.
struct ClaimView {
  std::string address;  // the file's name
  absl::optional<cni::Claim> claim;
  std::string problem;  // why `claim` is empty: unreadable, newer format
  enum class State { kAlive, kStale, kHeld } state = State::kHeld;
};

// "alive", "stale" or "held".
absl::string_view StateName(ClaimView::State state);

// Reads a claim file's text: a cni::Claim whose address, container ID,
// interface and network are well formed and whose format is not newer than
// kClaimFormat. Errors (InvalidArgument, saying what is wrong): anything
// else. Linear in the text; the claim fuzzer's target.
absl::StatusOr<cni::Claim> ParseClaim(absl::string_view text);

// The text of a claim file, which ParseClaim reads back as `claim`. Fails
// (code 4 or 7, naming the long fields) when it is longer than
// kMaxClaimBytes: a container ID, CNI_NETNS or network name of kilobytes.
//   FormatClaim(c) -> {"format":1,"address":"4.14.159.117",...}
absl::StatusOr<std::string> FormatClaim(const cni::Claim& claim);

class ClaimStore {
 public:
  // Opens the store in `dir` and takes its lock, held until the store is
  // destroyed. With `create`, makes `dir` (mode 0700) when it is missing;
  // without, a missing `dir` is NotFound. Errors: code 5 naming the
  // directory when it cannot be made, opened or locked.
  static absl::StatusOr<ClaimStore> Open(const std::string& dir, bool create,
                                         const ClaimSystem& system);

  // The claims in `dir` read without the lock and without creating anything
  // (each claim is published whole, so each read is one claim or another):
  // for preview. Empty when there is no store.
  static std::vector<ClaimView> Peek(const std::string& dir,
                                     const ClaimSystem& system);

  // ADD: claims every one of `addresses` for `owner`, by the rules above,
  // and releases the owner's claims on any other address. Errors, with
  // nothing changed: code 103 when another live or held claim has one (the
  // details name the address, the holder, since when, and how to inspect
  // the store); code 5 when a file cannot be written. `log` gets a line per
  // claim taken over.
  absl::Status Claim(const ClaimOwner& owner,
                     absl::Span<const std::string> addresses,
                     std::vector<std::string>* log);

  // CHECK: OK when `owner` holds each of `addresses`; else code 102 naming
  // the address and who holds it.
  absl::Status Holds(const ClaimOwner& owner,
                     absl::Span<const std::string> addresses);

  // DEL: removes every claim held by (container ID, interface). Returns how
  // many; never fails (what cannot be removed is left, and said in `log`).
  int Release(absl::string_view container_id, absl::string_view ifname,
              std::vector<std::string>* log);

  // GC: removes `network`'s claims whose attachment is not in `valid`
  // (container ID, interface). Continues past claims it cannot read and
  // returns code 5 naming them at the end; else OK.
  absl::Status Collect(
      absl::string_view network,
      const std::vector<std::pair<std::string, std::string>>& valid,
      std::vector<std::string>* log);

  // Every claim, sorted by address, with its holder's state.
  std::vector<ClaimView> List();

  // Removes the claim on `address`, whoever holds it; returns what it said.
  // Errors: NotFound when there is none; code 5 when it cannot be removed.
  absl::StatusOr<ClaimView> Remove(absl::string_view address);

  const std::string& dir() const { return dir_; }

 private:
  struct Dir;  // the directory's descriptor, and its flock when Open took it
  ClaimStore(std::string dir, const ClaimSystem& system,
             std::shared_ptr<Dir> dir_fd)
      : dir_(std::move(dir)), system_(&system), dir_fd_(std::move(dir_fd)) {}

  static bool SameOwner(const cni::Claim& c, absl::string_view container_id,
                        absl::string_view ifname);
  // Who holds a claim, for messages: container, interface, network, since.
  static std::string Holder(const ClaimView& v);
  // The claim on `address`, its state left kHeld (StateOf costs a boot id
  // read and a stat, and most callers do not need it).
  ClaimView Read(const std::string& address);
  ClaimView ReadWithState(const std::string& address);
  bool IsRetry(const std::string& address, const cni::Claim& claim);
  // The claims' addresses as listed when the store was opened and kept so
  // since; a copy, as callers unlink while they go through it.
  std::vector<std::string> Addresses() const { return addresses_; }
  // Whether a claim is named `address`, by the listing: under the lock only
  // this process changes the directory, and it keeps the listing so
  // (Relist), which saves a stat per address on ADD and CHECK. Every caller
  // holds the lock (a Peek store only lists).
  bool Listed(absl::string_view address) const;
  static void Relist(std::vector<std::string>* names, const std::string& name,
                     bool present);
  // Removes the claim file on `address`; false (errno set) when it cannot.
  bool Unlink(const std::string& address);
  // The owners' index entries (claim_files::OwnName): each claim has its
  // holder's, made before the claim and removed after it.
  void UnlinkOwn(const std::string& own);
  // Removes, from the directory and the listing, every index entry `stale`
  // says is, and every name with the entries' prefix that does not parse.
  void DropEntries(absl::FunctionRef<bool(const claim_files::OwnEntry&)> stale);
  // The addresses the owner of `key` may hold, by its index entries.
  std::vector<std::string> OwnedBy(absl::string_view key) const;
  // For the index entry (`key`, `address`): releases the claim when
  // (container ID, interface) holds it, and drops the entry unless the
  // claim stays with an owner of the same key or cannot be read. 1 when a
  // claim was released, 0 when none, -1 (errno set) when it could not be.
  int ReleaseOwned(absl::string_view key, absl::string_view container_id,
                   absl::string_view ifname, const std::string& address);
  ClaimView::State StateOf(const cni::Claim& claim);
  absl::Status Write(absl::string_view key, const std::string& address,
                     absl::string_view text, bool replace);

  std::string dir_;
  const ClaimSystem* system_;
  std::shared_ptr<Dir> dir_fd_;
  std::vector<std::string> addresses_;  // sorted
  std::vector<std::string> owns_;       // sorted index entries
};

}  // namespace index2ip

#endif  // INDEX2IP_CLAIMS_H_
