#include "index2ip/claims.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/quote.h"
#include "base/utf8.h"
#include "base/status_macros.h"
#include "cni/codec.h"
#include "cni/error.h"
#include "index2ip/claim_files.h"
#include "index2ip/handlers.h"
#include "netutil/ip_address.h"

namespace index2ip {
namespace {

using claim_files::IoError;
using claim_files::ListDir;
using claim_files::OwnEntry;
using claim_files::OwnerKey;
using claim_files::OwnName;
using claim_files::ParseOwnName;
using claim_files::OpenDir;
using claim_files::ReadSmallFile;

}  // namespace

bool ClaimStore::SameOwner(const cni::Claim& c,
                           absl::string_view container_id,
                           absl::string_view ifname) {
  return c.container_id() == container_id && c.ifname() == ifname;
}

std::string ClaimStore::Holder(const ClaimView& v) {
  if (!v.claim.has_value()) return absl::StrCat("an unreadable claim (", v.problem, ")");
  const cni::Claim& c = *v.claim;
  return absl::StrCat("container ", QuoteForMessage(c.container_id()),
                      " interface ", QuoteForMessage(c.ifname()),
                      " of network ", QuoteForMessage(c.network()),
                      " since ", c.since(), " (unix time)");
}

absl::string_view StateName(ClaimView::State state) {
  switch (state) {
    case ClaimView::State::kAlive:
      return "alive";
    case ClaimView::State::kStale:
      return "stale";
    case ClaimView::State::kHeld:
      break;
  }
  return "held";
}

struct ClaimStore::Dir {
  int fd = -1;
  ~Dir() {
    if (fd >= 0) close(fd);  // releases the flock
  }
};

absl::StatusOr<ClaimStore> ClaimStore::Open(const std::string& dir,
                                            bool create,
                                            const ClaimSystem& system) {
  if (dir.empty() || dir[0] != '/') {
    return cni::MakeError(cni::ErrorCode::kInvalidNetworkConfig,
                          "invalid dataDir",
                          absl::StrCat("ipam.dataDir must be an absolute path, "
                                       "got ", QuoteForMessage(dir)));
  }
  auto handle = std::make_shared<Dir>();
  handle->fd = OpenDir(dir);
  // The directory is made on first use only: the usual ADD finds it.
  if (handle->fd < 0 && errno == ENOENT && create) {
    if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
      return IoError("cannot create the claims directory", dir, errno);
    }
    handle->fd = OpenDir(dir);
  }
  if (handle->fd < 0) {
    if (!create && errno == ENOENT) {
      return absl::NotFoundError(absl::StrCat("no claims store in ", dir));
    }
    return IoError("cannot open the claims directory", dir, errno);
  }
  // The lock is the directory's own: one descriptor serves the lock, the
  // listing and every file (bench/README.md, round 5).
  while (flock(handle->fd, LOCK_EX) != 0) {
    if (errno != EINTR) return IoError("cannot lock", dir, errno);
  }
  ClaimStore store(dir, system, std::move(handle));
  // One listing for the whole locked session: under the lock only this
  // process changes the directory. Temporaries of dead processes go, and
  // so do index entries whose claim is missing (an ADD killed before its
  // link, or a release killed after its unlink).
  claim_files::Listing names = ListDir(store.dir_fd_->fd);
  store.addresses_ = std::move(names.claims);
  for (const std::string& t : names.temps) {
    unlinkat(store.dir_fd_->fd, t.c_str(), 0);
  }
  store.owns_ = std::move(names.owns);
  store.DropEntries(
      [&store](const OwnEntry& e) { return !store.Listed(e.address); });
  return store;
}

std::vector<ClaimView> ClaimStore::Peek(const std::string& dir,
                                        const ClaimSystem& system) {
  auto handle = std::make_shared<Dir>();
  handle->fd = OpenDir(dir);
  if (handle->fd < 0) return {};
  ClaimStore store(dir, system, std::move(handle));
  store.addresses_ = ListDir(store.dir_fd_->fd).claims;
  return store.List();
}

bool ClaimStore::Listed(absl::string_view address) const {
  return std::binary_search(addresses_.begin(), addresses_.end(), address);
}

void ClaimStore::Relist(std::vector<std::string>* names,
                        const std::string& name, bool present) {
  const auto it = std::lower_bound(names->begin(), names->end(), name);
  const bool listed = it != names->end() && *it == name;
  if (present && !listed) names->insert(it, name);
  if (!present && listed) names->erase(it);
}

bool ClaimStore::Unlink(const std::string& address) {
  if (unlinkat(dir_fd_->fd, address.c_str(), 0) != 0) return false;
  Relist(&addresses_, address, false);
  return true;
}

void ClaimStore::DropEntries(
    absl::FunctionRef<bool(const claim_files::OwnEntry&)> stale) {
  owns_.erase(std::remove_if(owns_.begin(), owns_.end(),
                             [&](const std::string& own) {
                               const absl::optional<OwnEntry> e =
                                   ParseOwnName(own);
                               if (e.has_value() && !stale(*e)) return false;
                               unlinkat(dir_fd_->fd, own.c_str(), 0);
                               return true;
                             }),
              owns_.end());
}

void ClaimStore::UnlinkOwn(const std::string& own) {
  unlinkat(dir_fd_->fd, own.c_str(), 0);
  Relist(&owns_, own, false);
}

ClaimView ClaimStore::Read(const std::string& address) {
  ClaimView v;
  v.address = address;
  absl::StatusOr<std::string> text = ReadSmallFile(dir_fd_->fd, dir_, address);
  if (!text.ok()) {
    v.problem = std::string(text.status().message());
    return v;
  }
  absl::StatusOr<cni::Claim> claim = ParseClaim(*text);
  if (!claim.ok() || claim->address() != address) {
    v.problem = claim.ok() ? "its address is not its file's name"
                           : std::string(claim.status().message());
    return v;
  }
  v.claim = *std::move(claim);
  return v;
}

// Whether the claim on `address` is `claim` already but for its time: the
// retry of an ADD. Claims are this plugin's canonical JSON with "since"
// last, so the text up to it is compared and nothing is parsed: parsing
// both families' claims was most of what a store costs an ADD.
bool ClaimStore::IsRetry(const std::string& address, const cni::Claim& claim) {
  absl::StatusOr<std::string> text = ReadSmallFile(dir_fd_->fd, dir_, address);
  if (!text.ok()) return false;
  const std::string want = cni::EncodeMessage(claim);
  const size_t cut = want.rfind(",\"since\":");
  return cut != std::string::npos && text->size() > cut &&
         absl::string_view(*text).substr(0, cut + 9) ==
             absl::string_view(want).substr(0, cut + 9);
}

ClaimView ClaimStore::ReadWithState(const std::string& address) {
  ClaimView v = Read(address);
  if (v.claim.has_value()) v.state = StateOf(*v.claim);
  return v;
}

ClaimView::State ClaimStore::StateOf(const cni::Claim& claim) {
  absl::StatusOr<std::string> boot = system_->boot_id();
  if (boot.ok() && *boot != claim.boot_id()) return ClaimView::State::kStale;
  const absl::optional<NetnsId> recorded = NetnsId::Parse(claim.netns_id());
  if (!recorded.has_value()) return ClaimView::State::kHeld;
  const absl::optional<NetnsId> now = system_->stat_netns(claim.netns());
  if (now.has_value() && *now == *recorded) return ClaimView::State::kAlive;
  return system_->netns_held(*recorded) ? ClaimView::State::kAlive
                                        : ClaimView::State::kStale;
}

absl::Status ClaimStore::Write(absl::string_view key,
                               const std::string& address,
                               absl::string_view text, bool replace) {
  const std::string own = OwnName(key, address);
  const bool own_listed = std::binary_search(owns_.begin(), owns_.end(), own);
  if (replace) {
    INDEX2IP_RETURN_IF_ERROR(claim_files::PublishReplacing(
        dir_fd_->fd, dir_, address, own, !own_listed, text));
  } else {
    if (own_listed) UnlinkOwn(own);  // of a claim since released
    INDEX2IP_RETURN_IF_ERROR(
        claim_files::PublishNew(dir_fd_->fd, dir_, address, own, text));
  }
  Relist(&addresses_, address, true);
  Relist(&owns_, own, true);
  return absl::OkStatus();
}

absl::Status ClaimStore::Claim(const ClaimOwner& owner,
                               absl::Span<const std::string> addresses,
                               std::vector<std::string>* log) {
  absl::StatusOr<std::string> boot = system_->boot_id();
  if (!boot.ok()) {
    return cni::MakeError(cni::ErrorCode::kIoFailure, "claims store unusable",
                          absl::StrCat("cannot read the boot id: ",
                                       boot.status().message()));
  }
  struct Plan {
    std::string address, text;
    bool replace;
  };
  const std::string key = OwnerKey(owner.container_id, owner.ifname);
  std::vector<Plan> plans;
  const absl::optional<NetnsId> netns = system_->stat_netns(owner.netns);
  for (const std::string& address : addresses) {
    cni::Claim c;
    c.set_format(kClaimFormat);
    c.set_address(address);
    c.set_container_id(owner.container_id);
    c.set_ifname(owner.ifname);
    c.set_network(owner.network);
    // CNI_NETNS is any bytes; a claim is UTF-8 JSON. A path that is not
    // UTF-8 is kept escaped, for people: liveness then goes by the recorded
    // identity (found by plugin_fuzzer: the owner's own retry was refused).
    c.set_netns(IsValidUtf8(owner.netns) ? owner.netns
                                         : EscapeForLine(owner.netns));
    if (netns.has_value()) c.set_netns_id(netns->ToString());
    c.set_boot_id(*boot);
    c.set_since(system_->now());
    const bool exists = Listed(address);
    if (exists && IsRetry(address, c)) continue;
    if (exists) {
      ClaimView v = Read(address);
      const bool mine =
          v.claim.has_value() && SameOwner(*v.claim, owner.container_id, owner.ifname);
      // Whether its holder is alive matters only when it is someone else.
      if (!mine && v.claim.has_value()) v.state = StateOf(*v.claim);
      if (!mine && (!v.claim.has_value() || v.state != ClaimView::State::kStale)) {
        return cni::MakeError(
            cni::ErrorCode::kAddressInUse, "address in use",
            absl::StrCat(address, " is claimed by ", Holder(v),
                         v.claim.has_value()
                             ? absl::StrCat(", whose namespace ",
                                            v.state == ClaimView::State::kHeld
                                                ? "was never recorded, so it is held until DEL or GC"
                                                : "still exists")
                             : std::string(),
                         "; see 'index2ip claims --data-dir ", dir_, "'"));
      }
      if (!mine) {
        log->push_back(absl::StrCat("took over ", address, " from stale ",
                                    Holder(v)));
      } else if (v.claim->network() == c.network() &&
                 v.claim->netns() == c.netns() &&
                 v.claim->netns_id() == c.netns_id() &&
                 v.claim->boot_id() == c.boot_id()) {
        continue;  // a retry of the same ADD: the claim already says it all
      }
    }
    // Formatted before anything is written: a claim too long to read back
    // fails the ADD with nothing written.
    INDEX2IP_ASSIGN_OR_RETURN(std::string text, FormatClaim(c));
    plans.push_back({address, std::move(text), exists});
  }
  for (const Plan& p : plans) {
    INDEX2IP_RETURN_IF_ERROR(Write(key, p.address, p.text, p.replace));
  }
  // The claim moves: the owner's other addresses are released. Its index
  // entries say which it may hold, so others' claims are not read.
  for (const std::string& address : OwnedBy(key)) {
    if (std::find(addresses.begin(), addresses.end(), address) == addresses.end()) {
      ReleaseOwned(key, owner.container_id, owner.ifname, address);
    }
  }
  return absl::OkStatus();
}

}  // namespace index2ip
