#include "index2ip/commands/store.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/quote.h"
#include "cni/error.h"
#include "index2ip/ipam/codes.h"
#include "netutil/ip_address.h"

namespace index2ip {
namespace {

constexpr absl::string_view kDataDirVariable = "INDEX2IP_DATA_DIR_FOR_TESTING";

std::string DefaultDir(const GetEnv& getenv) {
  absl::optional<std::string> testing = getenv(kDataDirVariable);
  return testing.has_value() && !testing->empty()
             ? *testing
             : std::string(claims::kDefaultDir);
}

// The one mapping of the store's errors (the table at the top of the
// header).
absl::Status ToCni(const absl::Status& s) {
  switch (s.code()) {
    case absl::StatusCode::kOk:
      return s;
    case absl::StatusCode::kAlreadyExists:
      return MakeError(Code::kAddressInUse, "address in use", s.message());
    case absl::StatusCode::kNotFound:
      return MakeError(Code::kCheckMismatch, "prevResult does not match",
                       s.message());
    case absl::StatusCode::kInvalidArgument:
      return cni::MakeError(cni::ErrorCode::kInvalidNetworkConfig,
                            "invalid network config", s.message());
    default:
      return cni::MakeError(cni::ErrorCode::kIoFailure, "claims store unusable",
                            s.message());
  }
}

}  // namespace

ClaimSettings SettingsOf(const cni::Ipam& ipam, const GetEnv& getenv) {
  ClaimSettings s;
  s.enabled = !ipam.has_claims() || ipam.claims();
  s.dir = ipam.data_dir().empty() ? DefaultDir(getenv) : ipam.data_dir();
  return s;
}

ClaimSettings SettingsForDel(const DelConf* conf, const GetEnv& getenv) {
  ClaimSettings s;
  s.dir = DefaultDir(getenv);
  if (conf == nullptr) return s;
  s.enabled = !conf->ipam().has_claims() || conf->ipam().claims();
  if (!conf->ipam().data_dir().empty()) s.dir = conf->ipam().data_dir();
  return s;
}

absl::Status ClaimForAdd(const ClaimSettings& settings,
                         const claims::Owner& owner,
                         absl::Span<const netutil::IpAddress> addresses,
                         const claims::System& system,
                         std::vector<std::string>* events) {
  if (!settings.enabled) return absl::OkStatus();
  return ToCni(claims::Take({settings.dir, &system}, owner, addresses, events));
}

absl::Status CheckClaims(const ClaimSettings& settings,
                         const claims::Owner& owner,
                         absl::Span<const netutil::IpAddress> addresses,
                         const claims::System& system) {
  if (!settings.enabled) return absl::OkStatus();
  return ToCni(claims::Holds({settings.dir, &system}, owner, addresses));
}

void ReleaseForDel(const ClaimSettings& settings,
                   absl::string_view container_id, absl::string_view ifname,
                   const claims::System& system,
                   std::vector<std::string>* events) {
  if (!settings.enabled) return;
  claims::Release({settings.dir, &system}, container_id, ifname, events);
}

absl::Status CollectForGc(const ClaimSettings& settings,
                          const cni::NetConf& conf,
                          const claims::System& system,
                          std::vector<std::string>* events) {
  if (!settings.enabled) return absl::OkStatus();
  if (!conf.valid_attachments_given() && !conf.attachments_given()) {
    return absl::OkStatus();  // no list: nothing can be told unwanted
  }
  std::vector<claims::Attachment> valid;
  for (const auto& [key, list] :
       {std::make_pair("cni.dev/valid-attachments", &conf.valid_attachments()),
        std::make_pair("cni.dev/attachments", &conf.attachments())}) {
    for (int i = 0; i < list->size(); ++i) {
      const cni::Attachment& a = list->Get(i);
      // An entry that names no attachment would make every claim unwanted.
      if (a.container_id().empty() || a.ifname().empty()) {
        return cni::MakeError(
            cni::ErrorCode::kInvalidNetworkConfig, "invalid network config",
            absl::StrCat(key, "[", i,
                         "] needs a containerID and an ifname; "
                         "GC removed nothing"));
      }
      valid.push_back({a.container_id(), a.ifname()});
    }
  }
  return ToCni(
      claims::Collect({settings.dir, &system}, conf.name(), valid, events));
}

absl::Status StoreStatus(const ClaimSettings& settings,
                         const claims::System& system) {
  if (!settings.enabled) return absl::OkStatus();
  const absl::Status s = claims::Usable({settings.dir, &system});
  if (s.ok()) return s;
  return cni::MakeError(cni::ErrorCode::kPluginNotAvailable,
                        "plugin not available",
                        absl::StrCat("the claims store: ", s.message()));
}

}  // namespace index2ip
