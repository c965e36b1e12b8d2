#include "index2ip/attachment_claims.h"

#include <unistd.h>

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/quote.h"
#include "cni/codec.h"
#include "cni/error.h"

namespace index2ip {
namespace {

constexpr absl::string_view kDataDirVariable = "INDEX2IP_DATA_DIR_FOR_TESTING";

std::string DefaultDir(const GetEnv& getenv) {
  absl::optional<std::string> testing = getenv(kDataDirVariable);
  return testing.has_value() && !testing->empty() ? *testing
                                                  : std::string(kDefaultDataDir);
}

// The addresses of a result, without their prefix lengths: the claims'
// names.
std::vector<std::string> Addresses(const cni::Result& result) {
  std::vector<std::string> out;
  for (const cni::IpConfig& ip : result.ips()) {
    const std::string& a = ip.address();
    out.push_back(a.substr(0, a.find('/')));
  }
  return out;
}

void AppendLog(const std::vector<std::string>& log, std::string* err) {
  for (const std::string& line : log) {
    absl::StrAppend(err, "index2ip: ", EscapeForLine(line), "\n");
  }
}

}  // namespace

ClaimSettings SettingsOf(const cni::Ipam& ipam, const GetEnv& getenv) {
  ClaimSettings s;
  s.enabled = !ipam.has_claims() || ipam.claims();
  s.dir = ipam.data_dir().empty() ? DefaultDir(getenv) : ipam.data_dir();
  return s;
}

ClaimSettings SettingsForDel(absl::string_view stdin_text,
                             const GetEnv& getenv) {
  absl::StatusOr<cni::DelConf> conf = cni::DecodeJson<cni::DelConf>(stdin_text);
  ClaimSettings s;
  s.dir = DefaultDir(getenv);
  if (!conf.ok()) return s;
  s.enabled = !conf->ipam().has_claims() || conf->ipam().claims();
  if (!conf->ipam().data_dir().empty()) s.dir = conf->ipam().data_dir();
  return s;
}

absl::Status ClaimForAdd(const ClaimSettings& settings, const ClaimOwner& owner,
                         const cni::Result& result, const ClaimSystem& system,
                         std::string* err) {
  if (!settings.enabled) return absl::OkStatus();
  absl::StatusOr<ClaimStore> store =
      ClaimStore::Open(settings.dir, /*create=*/true, system);
  if (!store.ok()) return store.status();
  std::vector<std::string> log;
  absl::Status s = store->Claim(owner, Addresses(result), &log);
  AppendLog(log, err);
  return s;
}

absl::Status CheckClaims(const ClaimSettings& settings, const ClaimOwner& owner,
                         const cni::Result& result, const ClaimSystem& system) {
  if (!settings.enabled) return absl::OkStatus();
  absl::StatusOr<ClaimStore> store =
      ClaimStore::Open(settings.dir, /*create=*/false, system);
  if (!store.ok()) {
    if (store.status().code() != absl::StatusCode::kNotFound) {
      return store.status();
    }
    return cni::MakeError(cni::ErrorCode::kCheckMismatch,
                          "prevResult does not match",
                          absl::StrCat("this attachment holds no claim: there is "
                                       "no claims store in ",
                                       QuoteForMessage(settings.dir)));
  }
  return store->Holds(owner, Addresses(result));
}

void ReleaseForDel(const ClaimSettings& settings, absl::string_view container_id,
                   absl::string_view ifname, const ClaimSystem& system,
                   std::string* err) {
  if (!settings.enabled) return;
  absl::StatusOr<ClaimStore> store =
      ClaimStore::Open(settings.dir, /*create=*/false, system);
  if (!store.ok()) {
    // No store, nothing to release; anything else is said, not failed: a
    // runtime must be able to clean up after any failed ADD.
    if (store.status().code() != absl::StatusCode::kNotFound) {
      absl::StrAppend(err, "index2ip: warning: DEL released nothing: ",
                      EscapeForLine(store.status().message()), "\n");
    }
    return;
  }
  std::vector<std::string> log;
  store->Release(container_id, ifname, &log);
  for (std::string& line : log) line = absl::StrCat("warning: ", line);
  AppendLog(log, err);
}

absl::Status CollectForGc(const ClaimSettings& settings,
                          const cni::NetConf& conf, const ClaimSystem& system,
                          std::string* err) {
  if (!settings.enabled) return absl::OkStatus();
  if (!conf.valid_attachments_given() && !conf.attachments_given()) {
    return absl::OkStatus();  // no list: nothing can be told unwanted
  }
  std::vector<std::pair<std::string, std::string>> valid;
  for (const auto* list : {&conf.valid_attachments(), &conf.attachments()}) {
    for (const cni::Attachment& a : *list) {
      valid.emplace_back(a.container_id(), a.ifname());
    }
  }
  absl::StatusOr<ClaimStore> store =
      ClaimStore::Open(settings.dir, /*create=*/false, system);
  if (!store.ok()) {
    return store.status().code() == absl::StatusCode::kNotFound
               ? absl::OkStatus()
               : store.status();
  }
  std::vector<std::string> log;
  absl::Status s = store->Collect(conf.name(), valid, &log);
  AppendLog(log, err);
  return s;
}

absl::Status StoreStatus(const ClaimSettings& settings) {
  if (!settings.enabled) return absl::OkStatus();
  const auto unusable = [&](absl::string_view why) {
    return cni::MakeError(cni::ErrorCode::kPluginNotAvailable,
                          "plugin not available",
                          absl::StrCat("the claims store ",
                                       QuoteForMessage(settings.dir), " ", why));
  };
  if (settings.dir.empty() || settings.dir[0] != '/') {
    return unusable("is not an absolute path (ipam.dataDir)");
  }
  if (access(settings.dir.c_str(), F_OK) == 0) {
    return access(settings.dir.c_str(), W_OK | X_OK) == 0
               ? absl::OkStatus()
               : unusable("is not writable");
  }
  const std::string parent =
      settings.dir.substr(0, std::max<size_t>(1, settings.dir.rfind('/')));
  return access(parent.c_str(), W_OK | X_OK) == 0
             ? absl::OkStatus()
             : unusable("does not exist and cannot be created");
}

}  // namespace index2ip
