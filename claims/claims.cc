// The claims store (claims.h): its file, and who may claim what.
#include "claims/claims.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "base/files.h"
#include "base/quote.h"
#include "base/status_macros.h"
#include "base/utf8.h"

namespace index2ip {
namespace claims {
namespace {

constexpr char kStoreName[] = "claims.pb";
constexpr char kTempName[] = "claims.pb.tmp";  // written, then renamed

enum class Access {
  kCreate,    // ADD: makes the directory; waits for the lock
  kExisting,  // a missing directory is NotFound; waits for the lock
  kProbe,     // STATUS: as kExisting, the lock tried for a second
  kPeek,      // preview: no lock, and it never writes
};

// One command's hold on the store: the directory opened, checked and
// locked, claims.pb read (or format 1's files carried over), and the
// claims written back whole when the command changed them.
struct Session {
  Location where;
  Fd dir;
  absl::StatusOr<std::string> boot;
  uint32_t euid = 0;  // the plugin's user, who owns the store
  Store store;        // this boot's claims (a damaged store's: those readable)
  std::vector<Claim> stale;               // an earlier boot's, for the listing
  std::vector<std::string> legacy_files;  // format 1's, proven ours
  std::vector<std::string> notes;         // format 1's carried over
  std::string damage;  // why the store cannot be used; empty when it can
  bool changed = false;

  const System& system() const { return *where.system; }
  std::string Named(absl::string_view name) const {
    return absl::StrCat(QuoteForMessage(name), " in ",
                        QuoteForMessage(where.dir));
  }
  // OK, or FailedPrecondition naming the damage and how to repair it.
  absl::Status Usable() const {
    if (damage.empty()) return absl::OkStatus();
    return absl::FailedPreconditionError(absl::StrCat(
        "the claims store is damaged: ", damage,
        "; no address can be "
        "claimed until it is repaired: see 'index2ip claims --data-dir ",
        where.dir, "', then run 'index2ip claims repair --data-dir ", where.dir,
        "'"));
  }
  absl::Status Save();
};

absl::Status DirError(const std::string& dir, absl::string_view why) {
  return absl::FailedPreconditionError(absl::StrCat(
      "the claims directory ", QuoteForMessage(dir), " ", why,
      " (ipam.dataDir; every network of a node must use the same one)"));
}

// Opens, checks and locks the store's directory (the lock of format 1 too).
absl::Status OpenDirectory(Session& s, Access access) {
  const std::string& dir = s.where.dir;
  s.dir = Fd(open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  // Made on first use only: the usual ADD finds it.
  if (!s.dir.ok() && errno == ENOENT && access == Access::kCreate) {
    if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
      return DirError(dir, absl::StrCat("cannot be made: ", strerror(errno)));
    }
    s.dir = Fd(open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  }
  struct stat st;
  if (!s.dir.ok()) {
    const int err = errno;
    if (err == ENOENT && lstat(dir.c_str(), &st) != 0) {
      return absl::NotFoundError(absl::StrCat("no claims store in ", dir));
    }
    return DirError(dir, err == ENOTDIR
                             ? "is not a directory (or is under a file)"
                         : err == ENOENT ? "is a symbolic link to nothing"
                                         : strerror(err));
  }
  s.euid = s.system().euid();
  if (fstat(s.dir.get(), &st) != 0 || st.st_uid != s.euid) {
    return DirError(
        dir, absl::StrCat("belongs to uid ", st.st_uid, ", not the plugin's ",
                          s.euid, ": give the store a directory of its own"));
  }
  if ((st.st_mode & 022) != 0) {
    return DirError(dir, absl::StrFormat("may be written by its group or "
                                         "others (mode %04o): chmod go-w it",
                                         st.st_mode & 07777));
  }
  for (int tries = 0; access != Access::kPeek; ++tries) {
    const int op = access == Access::kProbe ? LOCK_EX | LOCK_NB : LOCK_EX;
    if (flock(s.dir.get(), op) == 0) break;
    if (errno != EINTR && (errno != EWOULDBLOCK || tries == 100)) {
      return DirError(dir, absl::StrCat("cannot be locked: ", strerror(errno)));
    }
    const struct timespec ten_ms = {0, 10 * 1000 * 1000};
    nanosleep(&ten_ms, nullptr);
  }
  return absl::OkStatus();
}

// The address a format-1 name stands for: a claim file's name is its
// address, an owner's entry ".own.<16 hex digits>.<address>" and a
// temporary ".tmp.<pid>.<address>"; nullopt for any other name.
absl::optional<netutil::IpAddress> LegacyAddress(absl::string_view name) {
  const bool own = absl::ConsumePrefix(&name, ".own.");
  if (own || absl::ConsumePrefix(&name, ".tmp.")) {
    const absl::string_view key = name.substr(0, name.find('.'));
    if (key.size() == name.size() || key.empty() || (own && key.size() != 16) ||
        !std::all_of(key.begin(), key.end(), [own](char c) {
          return own ? absl::ascii_isxdigit(c) : absl::ascii_isdigit(c);
        })) {
      return absl::nullopt;
    }
    name.remove_prefix(key.size() + 1);
  }
  absl::StatusOr<netutil::IpAddress> a = netutil::ParseIpAddress(name);
  return a.ok() ? absl::make_optional(*a) : absl::nullopt;
}

// No claims.pb: a new store, one of format 1 to carry over, or a
// directory that is not the store's, which is refused and left alone.
absl::Status CarryOver(Session& s) {
  DIR* d =
      fdopendir(openat(s.dir.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (d == nullptr) return DirError(s.where.dir, strerror(errno));
  std::vector<std::string> names, foreign;
  while (const struct dirent* e = readdir(d)) {
    const absl::string_view name = e->d_name;
    if (name == "." || name == ".." || name == ".lock" || name == kTempName ||
        absl::StartsWith(name, absl::StrCat(kStoreName, ".damaged."))) {
      continue;
    }
    (LegacyAddress(name) ? names : foreign).emplace_back(name);
  }
  closedir(d);
  std::sort(names.begin(), names.end());
  std::sort(foreign.begin(), foreign.end());
  if (!foreign.empty()) {
    return DirError(
        s.where.dir,
        absl::StrCat("is not a claims store: it holds ",
                     QuoteForMessage(foreign[0]), " (of ", foreign.size(),
                     " such) and no ", kStoreName, "; nothing was changed"));
  }
  for (const std::string& name : names) {
    std::string boot;
    absl::StatusOr<std::string> text =
        ReadRegular(s.dir.get(), name, kMaxLegacyClaimBytes);
    absl::StatusOr<Claim> claim =
        text.ok()
            ? ParseLegacyClaim(*text, LegacyAddress(name)->ToString(), &boot)
            : text.status();
    const bool is_claim = name[0] != '.';
    if (claim.ok()) {
      s.legacy_files.push_back(name);
      if (!is_claim) continue;
      if (!s.boot.ok() || *s.boot == boot) {
        *s.store.add_claims() = *std::move(claim);
      } else {
        s.stale.push_back(*std::move(claim));
      }
    } else if (is_claim && s.damage.empty()) {
      // An entry or a temporary that proves nothing is left alone; a claim
      // file that cannot be read holds its address until repaired.
      s.damage =
          absl::StrCat("the format-1 claim ", s.Named(name),
                       " cannot be carried over: ", claim.status().message());
    }
  }
  if (!s.legacy_files.empty()) {
    s.changed = true;
    s.notes.push_back(absl::StrCat("carried over ", s.store.claims_size(),
                                   " claim(s) of this boot from the format-1 "
                                   "files of an earlier index2ip in ",
                                   s.where.dir));
  }
  return absl::OkStatus();
}

// Errors: InvalidArgument for a relative directory; NotFound for a missing
// one (but kCreate); FailedPrecondition for a path that is no directory, an
// unsafe one (owner, mode), one of other files and no claims.pb, or a
// lock not had. A damaged store opens, with `damage` set.
absl::StatusOr<Session> Open(const Location& where, Access access) {
  if (where.dir.empty() || where.dir[0] != '/') {
    return absl::InvalidArgumentError(
        absl::StrCat("ipam.dataDir must be an absolute path, got ",
                     QuoteForMessage(where.dir)));
  }
  Session s;
  s.where = where;
  INDEX2IP_RETURN_IF_ERROR(OpenDirectory(s, access));
  s.boot = s.system().boot_id();
  absl::StatusOr<std::string> text =
      ReadRegular(s.dir.get(), kStoreName, kMaxStoreBytes);
  if (absl::IsNotFound(text.status())) {
    INDEX2IP_RETURN_IF_ERROR(CarryOver(s));
    return s;
  }
  Store read;
  absl::Status valid = text.ok() ? DecodeStore(*text, &read) : text.status();
  const bool decoded = valid.ok();
  if (valid.ok()) valid = ValidateStore(read);
  if (!valid.ok())
    s.damage = absl::StrCat(s.Named(kStoreName), ": ", valid.message());
  if (!decoded || read.format() != kFormat) return s;
  if (valid.ok()) {
    s.store.Swap(&read);
  } else {  // of a damaged store, what can be read
    std::set<std::string> seen;
    for (Claim& c : *read.mutable_claims()) {
      if (ValidateClaim(c).ok() && seen.insert(c.address()).second) {
        s.store.add_claims()->Swap(&c);
      }
    }
    s.store.set_boot_id(read.boot_id());
  }
  if (s.boot.ok() && *s.boot != s.store.boot_id()) {
    s.stale.assign(s.store.claims().begin(), s.store.claims().end());
    s.store.clear_claims();
  }
  return s;
}

// Writes the claims as claims.pb when they changed, then removes the
// format-1 files carried over. Errors, the old file left in place:
// FailedPrecondition (no boot id, claims.pb.tmp not a file of this user,
// a failed write), ResourceExhausted (past kMaxStoreBytes).
absl::Status Session::Save() {
  if (!changed) return absl::OkStatus();
  if (!boot.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read the boot id: ", boot.status().message()));
  }
  store.set_format(kFormat);
  store.set_boot_id(*boot);
  std::sort(
      store.mutable_claims()->begin(), store.mutable_claims()->end(),
      [](const Claim& a, const Claim& b) { return a.address() < b.address(); });
  const std::string text = EncodeStore(store);
  if (text.size() > kMaxStoreBytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat("the claims store in ", where.dir, " would be ",
                     text.size(), " bytes, more than ", kMaxStoreBytes));
  }
  // Written whole beside claims.pb, then renamed over it.
  Fd fd(openat(
      dir.get(), kTempName,
      O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600));
  absl::Status s = fd.ok() ? absl::OkStatus()
                           : absl::FailedPreconditionError(strerror(errno));
  if (!fd.ok() && errno == EEXIST) {
    // Left by a crash: reused when it is this user's and no other name's (a
    // planted hard link would have the file it links to truncated).
    struct stat st;
    absl::StatusOr<Fd> left =
        OpenRegular(dir.get(), kTempName, O_WRONLY, 0, &st);
    s = !left.ok() ? left.status()
        : st.st_uid != euid || st.st_nlink != 1
            ? absl::FailedPreconditionError(
                  "it is another user's, or a hard link")
        : ftruncate(left->get(), 0) != 0 ? absl::DataLossError(strerror(errno))
                                         : absl::OkStatus();
    if (s.ok()) fd = *std::move(left);
  }
  const bool ours = s.ok();
  if (s.ok()) s = WriteAll(fd.get(), text);
  // Synced before it replaces claims.pb: a reader sees the old store or
  // the new, and a crash leaves one of them.
  if (s.ok() && (fsync(fd.get()) != 0 ||
                 renameat(dir.get(), kTempName, dir.get(), kStoreName) != 0)) {
    s = absl::DataLossError(strerror(errno));
  }
  if (!s.ok()) {
    if (ours) unlinkat(dir.get(), kTempName, 0);
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write ", Named(kTempName), ": ", s.message()));
  }
  changed = false;
  for (const std::string& name : legacy_files)
    unlinkat(dir.get(), name.c_str(), 0);
  legacy_files.clear();
  return absl::OkStatus();
}

bool SameOwner(const Claim& c, absl::string_view container_id,
               absl::string_view ifname) {
  return c.container_id() == container_id && c.ifname() == ifname;
}

// Who holds a claim, for messages.
std::string Holder(const Claim& c) {
  return absl::StrCat("container ", QuoteForMessage(c.container_id()),
                      " interface ", QuoteForMessage(c.ifname()),
                      " of network ", QuoteForMessage(c.network()), " since ",
                      c.since(), " (unix time)");
}

ClaimView::State StateOf(const System& system, const Claim& claim) {
  const absl::optional<NetnsId> recorded = NetnsId::Parse(claim.netns_id());
  if (!recorded.has_value()) return ClaimView::State::kHeld;
  const absl::optional<NetnsId> now = system.stat_netns(claim.netns());
  return (now.has_value() && *now == *recorded) || system.netns_held(*recorded)
             ? ClaimView::State::kAlive
             : ClaimView::State::kStale;
}

Claim* Find(Session& s, absl::string_view address) {
  for (Claim& c : *s.store.mutable_claims()) {
    if (c.address() == address) return &c;
  }
  return nullptr;
}

// Removes and returns the claims `drop` picks, each a line in `events` when
// given.
template <typename Drop>
std::vector<Claim> RemoveIf(Session& s, absl::string_view verb, Drop drop,
                            std::vector<std::string>* events) {
  google::protobuf::RepeatedPtrField<Claim>& claims = *s.store.mutable_claims();
  std::vector<Claim> removed;
  int kept = 0;
  for (int i = 0; i < claims.size(); ++i) {
    if (!drop(claims.Get(i))) {
      claims.SwapElements(kept++, i);  // keeps their order
    } else {
      removed.push_back(std::move(*claims.Mutable(i)));
      if (events) {
        events->push_back(absl::StrCat(verb, " ", removed.back().address(),
                                       " of ", Holder(removed.back())));
      }
    }
  }
  claims.DeleteSubrange(kept, claims.size() - kept);
  s.changed |= !removed.empty();
  return removed;
}

}  // namespace

absl::string_view StateName(ClaimView::State state) {
  return state == ClaimView::State::kAlive   ? "alive"
         : state == ClaimView::State::kStale ? "stale"
                                             : "held";
}

absl::Status Take(const Location& where, const Owner& owner,
                  absl::Span<const netutil::IpAddress> addresses,
                  std::vector<std::string>* events) {
  for (const std::string* field :
       {&owner.container_id, &owner.ifname, &owner.network}) {
    // The store must read back what it writes.
    if (field->empty() || field->size() > kMaxFieldBytes ||
        !IsValidUtf8(*field) || owner.netns.size() > kMaxFieldBytes) {
      return absl::InvalidArgumentError(absl::StrCat(
          "a claim's container ID, interface and network are 1 to ",
          kMaxFieldBytes,
          " bytes of UTF-8 and its netns path at most as long"));
    }
  }
  INDEX2IP_ASSIGN_OR_RETURN(Session s, Open(where, Access::kCreate));
  INDEX2IP_RETURN_IF_ERROR(s.Usable());
  const absl::optional<NetnsId> netns = s.system().stat_netns(owner.netns);
  std::vector<std::string> taken, lines;
  for (const netutil::IpAddress& address : addresses) {
    Claim want;
    want.set_address(address.ToString());
    want.set_container_id(owner.container_id);
    want.set_ifname(owner.ifname);
    want.set_network(owner.network);
    // CNI_NETNS is any bytes, the store UTF-8: a path that is not is kept
    // escaped, for people, and liveness goes by the recorded identity.
    want.set_netns(IsValidUtf8(owner.netns) ? owner.netns
                                            : EscapeForLine(owner.netns));
    if (netns.has_value()) want.set_netns_id(netns->ToString());
    want.set_since(s.system().now());
    taken.push_back(want.address());
    Claim* have = Find(s, want.address());
    const bool mine =
        have && SameOwner(*have, owner.container_id, owner.ifname);
    if (mine && have->network() == want.network() &&
        have->netns() == want.netns() && have->netns_id() == want.netns_id()) {
      continue;  // a retry of the same ADD: the claim says it all
    }
    if (have && !mine) {
      const ClaimView::State state = StateOf(s.system(), *have);
      if (state != ClaimView::State::kStale) {
        return absl::AlreadyExistsError(absl::StrCat(
            want.address(), " is claimed by ", Holder(*have),
            ", whose namespace ",
            state == ClaimView::State::kHeld
                ? "was never recorded, so it is held until DEL or GC"
                : "still exists",
            "; see 'index2ip claims --data-dir ", where.dir, "'"));
      }
      lines.push_back(absl::StrCat("took over ", want.address(), " from stale ",
                                   Holder(*have)));
    }
    *(have ? have : s.store.add_claims()) = std::move(want);
    s.changed = true;
  }
  // The claim moves: the owner's other addresses are released.
  RemoveIf(
      s, "released",
      [&](const Claim& c) {
        return SameOwner(c, owner.container_id, owner.ifname) &&
               std::find(taken.begin(), taken.end(), c.address()) ==
                   taken.end();
      },
      nullptr);
  INDEX2IP_RETURN_IF_ERROR(s.Save());
  events->insert(events->end(), s.notes.begin(), s.notes.end());
  events->insert(events->end(), lines.begin(), lines.end());
  return absl::OkStatus();
}

absl::Status Holds(const Location& where, const Owner& owner,
                   absl::Span<const netutil::IpAddress> addresses) {
  absl::StatusOr<Session> s = Open(where, Access::kExisting);
  if (absl::IsNotFound(s.status())) {
    return absl::NotFoundError(
        absl::StrCat("this attachment holds no claim: there is no claims "
                     "store in ",
                     QuoteForMessage(where.dir)));
  }
  INDEX2IP_RETURN_IF_ERROR(s.ok() ? s->Usable() : s.status());
  for (const netutil::IpAddress& address : addresses) {
    const Claim* c = Find(*s, address.ToString());
    if (c && SameOwner(*c, owner.container_id, owner.ifname)) continue;
    return absl::NotFoundError(absl::StrCat(
        "this attachment does not hold its claim on ", address.ToString(),
        c ? absl::StrCat("; it is claimed by ", Holder(*c))
          : std::string("; nobody claims it")));
  }
  return s->Save();  // carries format-1 files over, when there are any
}

void Release(const Location& where, absl::string_view container_id,
             absl::string_view ifname, std::vector<std::string>* events) {
  absl::StatusOr<Session> s = Open(where, Access::kExisting);
  absl::Status status = s.ok() ? s->Usable() : s.status();
  if (status.ok()) {
    RemoveIf(
        *s, "released",
        [&](const Claim& c) { return SameOwner(c, container_id, ifname); },
        events);
    status = s->Save();
  }
  // No store, nothing to release; anything else is said, not failed: a
  // runtime must be able to clean up after any failed ADD.
  if (!status.ok() && !absl::IsNotFound(status)) {
    events->push_back(
        absl::StrCat("warning: DEL released nothing: ", status.message()));
  }
}

absl::Status Collect(const Location& where, absl::string_view network,
                     absl::Span<const Attachment> valid,
                     std::vector<std::string>* events) {
  absl::StatusOr<Session> s = Open(where, Access::kExisting);
  if (absl::IsNotFound(s.status())) return absl::OkStatus();
  INDEX2IP_RETURN_IF_ERROR(s.ok() ? s->Usable() : s.status());
  RemoveIf(
      *s, "collected",
      [&](const Claim& c) {
        return c.network() == network &&
               std::none_of(valid.begin(), valid.end(),
                            [&](const Attachment& a) {
                              return SameOwner(c, a.container_id, a.ifname);
                            });
      },
      events);
  return s->Save();
}

absl::Status Usable(const Location& where) {
  struct stat st;
  if (!where.dir.empty() && where.dir[0] == '/' &&
      lstat(where.dir.c_str(), &st) != 0) {
    // ADD would make it: its parent must be a directory it may write.
    const std::string parent =
        where.dir.substr(0, std::max<size_t>(1, where.dir.rfind('/')));
    if (stat(parent.c_str(), &st) == 0 && S_ISDIR(st.st_mode) &&
        access(parent.c_str(), W_OK | X_OK) == 0) {
      return absl::OkStatus();
    }
    return DirError(where.dir,
                    absl::StrCat("does not exist and cannot be made in ",
                                 QuoteForMessage(parent)));
  }
  INDEX2IP_ASSIGN_OR_RETURN(Session s, Open(where, Access::kProbe));
  INDEX2IP_RETURN_IF_ERROR(s.Usable());
  if (!s.boot.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read the boot id: ", s.boot.status().message()));
  }
  if (fstatat(s.dir.get(), kTempName, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
      (!S_ISREG(st.st_mode) || st.st_uid != s.euid || st.st_nlink != 1)) {
    return absl::FailedPreconditionError(
        absl::StrCat(s.Named(kTempName),
                     " is not a regular file of the plugin's user; remove it"));
  }
  return absl::OkStatus();
}

Listing List(const Location& where, bool lock) {
  Listing out;
  absl::StatusOr<Session> s =
      Open(where, lock ? Access::kExisting : Access::kPeek);
  out.exists = !absl::IsNotFound(s.status());
  if (!s.ok() || !s->Usable().ok()) {
    out.problem = std::string((s.ok() ? s->Usable() : s.status()).message());
  }
  if (!s.ok()) return out;
  for (const Claim& c : s->store.claims()) {
    out.claims.push_back({c, StateOf(s->system(), c)});
  }
  for (const Claim& c : s->stale)
    out.claims.push_back({c, ClaimView::State::kStale});
  std::sort(out.claims.begin(), out.claims.end(),
            [](const ClaimView& a, const ClaimView& b) {
              return a.claim.address() < b.claim.address();
            });
  return out;
}

absl::StatusOr<std::vector<Claim>> ReleaseMatching(const Location& where,
                                                   const Selector& selector) {
  INDEX2IP_ASSIGN_OR_RETURN(Session s, Open(where, Access::kExisting));
  INDEX2IP_RETURN_IF_ERROR(s.Usable());
  std::string container_id = selector.container_id, ifname = selector.ifname;
  if (selector.address.has_value()) {
    const Claim* c = Find(s, selector.address->ToString());
    if (c == nullptr) {
      return absl::NotFoundError(absl::StrCat(
          "no claim on ", selector.address->ToString(), " in ", where.dir));
    }
    container_id = c->container_id();
    ifname = c->ifname();
  }
  std::vector<Claim> released = RemoveIf(
      s, "released",
      [&](const Claim& c) {
        return c.container_id() == container_id &&
               (ifname.empty() || c.ifname() == ifname);
      },
      nullptr);
  if (released.empty()) {
    return absl::NotFoundError(absl::StrCat("no claim of container ",
                                            QuoteForMessage(container_id),
                                            " in ", where.dir));
  }
  INDEX2IP_RETURN_IF_ERROR(s.Save());
  return released;
}

absl::StatusOr<std::string> Repair(const Location& where) {
  INDEX2IP_ASSIGN_OR_RETURN(Session s, Open(where, Access::kExisting));
  if (s.damage.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the claims store in ", where.dir, " can be read: nothing to repair"));
  }
  // A damaged claims.pb is set aside (a format-1 store has none); one
  // that is not a regular file of the plugin's user is not its own.
  struct stat st;
  std::string done = "left the format-1 claim files that cannot be read";
  if (fstatat(s.dir.get(), kStoreName, &st, AT_SYMLINK_NOFOLLOW) == 0) {
    if (!S_ISREG(st.st_mode) || st.st_uid != s.euid) {
      return absl::FailedPreconditionError(absl::StrCat(
          s.Named(kStoreName), " is ",
          S_ISREG(st.st_mode) ? "another user's file" : KindOf(st.st_mode),
          ", not a file this plugin wrote: remove it by hand"));
    }
    const std::string aside =
        absl::StrCat(kStoreName, ".damaged.", s.system().now());
    if (renameat(s.dir.get(), kStoreName, s.dir.get(), aside.c_str()) != 0) {
      return DirError(where.dir, absl::StrCat("cannot rename ", kStoreName,
                                              ": ", strerror(errno)));
    }
    done = absl::StrCat("moved the damaged store to ", where.dir, "/", aside);
  }
  s.changed = true;
  INDEX2IP_RETURN_IF_ERROR(s.Save());
  return absl::StrCat(done, "; the store in ", where.dir, " now holds ",
                      s.store.claims_size(), " claim(s)");
}

}  // namespace claims
}  // namespace index2ip
