// The claims store's commands besides ADD's (claims.h): CHECK's, DEL's,
// GC's and the operator's, and the owners' index entries DEL and ADD's move
// go by.
#include <errno.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/quote.h"
#include "cni/error.h"
#include "index2ip/claim_files.h"
#include "index2ip/claims.h"

namespace index2ip {
namespace {

using claim_files::IoError;
using claim_files::OwnEntry;
using claim_files::OwnerKey;
using claim_files::OwnName;

}  // namespace

std::vector<std::string> ClaimStore::OwnedBy(absl::string_view key) const {
  const std::string prefix = OwnName(key, "");
  std::vector<std::string> out;
  for (auto it = std::lower_bound(owns_.begin(), owns_.end(), prefix);
       it != owns_.end() && absl::StartsWith(*it, prefix); ++it) {
    out.push_back(it->substr(prefix.size()));
  }
  return out;
}

int ClaimStore::ReleaseOwned(absl::string_view key,
                             absl::string_view container_id,
                             absl::string_view ifname,
                             const std::string& address) {
  int released = 0;
  bool keep_entry = false;
  if (Listed(address)) {
    const ClaimView v = Read(address);
    if (!v.claim.has_value()) {
      keep_entry = true;  // whose it is cannot be told
    } else if (SameOwner(*v.claim, container_id, ifname)) {
      released = Unlink(address) ? 1 : -1;
      keep_entry = released < 0;
    } else {
      // Another owner's claim: the entry is stale unless that owner's key
      // is this one too (two attachments whose keys collide).
      keep_entry = OwnerKey(v.claim->container_id(), v.claim->ifname()) == key;
    }
  }
  if (!keep_entry) UnlinkOwn(OwnName(key, address));
  return released;
}

absl::Status ClaimStore::Holds(const ClaimOwner& owner,
                               absl::Span<const std::string> addresses) {
  for (const std::string& address : addresses) {
    const bool exists = Listed(address);
    const ClaimView v = exists ? Read(address) : ClaimView();
    if (v.claim.has_value() &&
        SameOwner(*v.claim, owner.container_id, owner.ifname)) {
      continue;
    }
    return cni::MakeError(
        cni::ErrorCode::kCheckMismatch, "prevResult does not match",
        absl::StrCat("this attachment does not hold its claim on ", address,
                     exists ? absl::StrCat("; it is claimed by ", Holder(v))
                            : std::string("; nobody claims it")));
  }
  return absl::OkStatus();
}

int ClaimStore::Release(absl::string_view container_id,
                        absl::string_view ifname,
                        std::vector<std::string>* log) {
  int released = 0;
  const std::string key = OwnerKey(container_id, ifname);
  for (const std::string& address : OwnedBy(key)) {
    const int r = ReleaseOwned(key, container_id, ifname, address);
    if (r > 0) released += r;
    if (r < 0) {
      log->push_back(absl::StrCat("cannot release ", address, ": ",
                                  std::strerror(errno)));
    }
  }
  return released;
}

absl::Status ClaimStore::Collect(
    absl::string_view network,
    const std::vector<std::pair<std::string, std::string>>& valid,
    std::vector<std::string>* log) {
  std::vector<std::string> unreadable;
  // address -> its holder's key
  std::map<std::string, std::string, std::less<>> key_of;
  for (const std::string& address : Addresses()) {
    const ClaimView v = Read(address);
    if (!v.claim.has_value()) {
      unreadable.push_back(address);
      continue;
    }
    key_of[address] = OwnerKey(v.claim->container_id(), v.claim->ifname());
    if (v.claim->network() != network) continue;
    const bool wanted = std::any_of(valid.begin(), valid.end(), [&](const auto& a) {
      return SameOwner(*v.claim, a.first, a.second);
    });
    if (wanted) continue;
    if (Unlink(address)) {
      key_of.erase(address);
      log->push_back(absl::StrCat("collected ", address, " of ", Holder(v)));
    } else {
      unreadable.push_back(address);
    }
  }
  // Index entries that name a claim its holder's key does not match: left
  // by takeovers, whose former holder never came back.
  DropEntries([&](const OwnEntry& e) {
    const auto it = key_of.find(e.address);
    return !Listed(e.address) || (it != key_of.end() && it->second != e.key);
  });
  if (unreadable.empty()) return absl::OkStatus();
  return cni::MakeError(
      cni::ErrorCode::kIoFailure, "some claims could not be collected",
      absl::StrCat(unreadable.size(), " claim(s) in ", dir_,
                   " could not be read or removed, first ",
                   QuoteForMessage(unreadable.front()),
                   "; see 'index2ip claims --data-dir ", dir_, "'"));
}

std::vector<ClaimView> ClaimStore::List() {
  std::vector<ClaimView> out;
  for (const std::string& address : Addresses()) {
    out.push_back(ReadWithState(address));
  }
  return out;
}

absl::StatusOr<ClaimView> ClaimStore::Remove(absl::string_view address) {
  const std::string name(address);
  if (name.empty() || name[0] == '.' || absl::StrContains(name, '/') ||
      !Listed(name)) {
    return absl::NotFoundError(absl::StrCat("no claim on ", QuoteForMessage(address),
                                            " in ", dir_));
  }
  ClaimView v = ReadWithState(name);
  if (!Unlink(name)) {
    return IoError("cannot remove", absl::StrCat(dir_, "/", name), errno);
  }
  DropEntries([&](const OwnEntry& e) { return e.address == name; });
  return v;
}

}  // namespace index2ip
