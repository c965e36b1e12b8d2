#include "index2ip/commands/plugin.h"

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/quote.h"
#include "base/status_macros.h"
#include "cni/codec.h"
#include "cni/error.h"
#include "cni/request.h"
#include "cni/version.h"
#include "index2ip/commands/log.h"
#include "index2ip/commands/records.h"
#include "index2ip/commands/store.h"
#include "index2ip/ipam/result.h"

namespace index2ip {
namespace {

using Command = cni::CniCommand;

// One invocation: the request, read once, and what is printed for it.
class Invocation {
 public:
  explicit Invocation(const PluginInput& input)
      : input_(input), request_(cni::ReadRequest(input.getenv)) {}

  PluginOutput Run();
  // Appends the call to ipam.logFile when the config named one; a failure
  // to is a warning in `out`, never a failed command.
  void WriteLog(int64_t started_us, PluginOutput* out);

 private:
  Command command() const { return request_.command->command; }
  absl::StatusOr<std::string> ReadCmdline() const;
  claims::Owner Owner(const cni::NetConf& conf) const {
    return {request_.container_id, request_.ifname, conf.name(),
            request_.netns};
  }
  absl::Status Dispatch(const cni::NetConf& conf);
  absl::Status Add(const cni::NetConf& conf, const ClaimSettings& claims);
  absl::Status Check(const cni::NetConf& conf, const ClaimSettings& claims);
  PluginOutput Del(absl::string_view stdin_text);
  PluginOutput Fail(const absl::Status& status);
  PluginOutput Version(absl::string_view stdin_text);
  void Warn(const std::vector<std::string>& warnings);
  // The claims store's events: into the log entry, and the first few on
  // stderr (all of them, or with `warnings_only` those that are warnings).
  void Events(const std::vector<std::string>& events, bool warnings_only);
  // Takes the config's ipam.logFile for this call when it is one.
  void UseLogSettings(absl::string_view file, absl::string_view level,
                      absl::string_view network);
  // The version error objects are printed in: the request's when its
  // cniVersion resolves, else the newest.
  void UseVersionOf(absl::string_view cni_version);

  const PluginInput& input_;
  const cni::Request request_;
  // The request's row of the version table (cni/version.h).
  const cni::VersionSpec* version_ = &cni::CurrentVersion();
  PluginOutput output_;
  // What ipam.logFile records (log.h), as the call learns it.
  LogEntry log_;
  std::string log_file_, log_level_;
};

absl::StatusOr<std::string> Invocation::ReadCmdline() const {
  INDEX2IP_ASSIGN_OR_RETURN(CmdlineText cmdline, ReadKernelCmdline(input_));
  return std::move(cmdline.text);
}

// The addresses without their prefix lengths, as the store keeps them.
std::vector<netutil::IpAddress> AddressesOf(const Addition& add) {
  std::vector<netutil::IpAddress> out;
  out.reserve(add.addresses.size());
  for (const PodAddress& a : add.addresses) out.push_back(a.address.address());
  return out;
}

absl::Status Invocation::Add(const cni::NetConf& conf,
                             const ClaimSettings& claims) {
  INDEX2IP_ASSIGN_OR_RETURN(const std::string cmdline, ReadCmdline());
  INDEX2IP_ASSIGN_OR_RETURN(const HostConfig host, ParseHostConfig(cmdline));
  INDEX2IP_ASSIGN_OR_RETURN(Addition add,
                            ComputeAdd(conf, request_.args, host));
  log_.set_index(add.index.index);
  log_.set_index_source(std::string(IndexSourceName(add.index.source)));
  for (const cni::IpConfig& ip : add.result.ips()) {
    log_.add_addresses(ip.address());
  }
  Warn(add.warnings);
  // Our own text: the table's names, numbers and parsed addresses.
  for (const std::string& w : add.warnings) log_.add_warnings(w);
  // Claimed before it is printed: a result on stdout is the pod's.
  std::vector<std::string> events;
  const absl::Status claimed = ClaimForAdd(
      claims, Owner(conf), AddressesOf(add), input_.claim_system, &events);
  Events(events, /*warnings_only=*/false);
  INDEX2IP_RETURN_IF_ERROR(claimed);
  INDEX2IP_ASSIGN_OR_RETURN(
      output_.out, cni::EncodeResult(std::move(add.result), *version_));
  return absl::OkStatus();
}

absl::Status Invocation::Check(const cni::NetConf& conf,
                               const ClaimSettings& claims) {
  INDEX2IP_ASSIGN_OR_RETURN(const std::string cmdline, ReadCmdline());
  INDEX2IP_ASSIGN_OR_RETURN(const HostConfig host, ParseHostConfig(cmdline));
  INDEX2IP_ASSIGN_OR_RETURN(const Addition want,
                            ComputeAdd(conf, request_.args, host));
  INDEX2IP_RETURN_IF_ERROR(CheckPrevResult(conf, *version_, want));
  return CheckClaims(claims, Owner(conf), AddressesOf(want),
                     input_.claim_system);
}

absl::Status Invocation::Dispatch(const cni::NetConf& conf) {
  const ClaimSettings claims = SettingsOf(conf.ipam(), input_.getenv);
  switch (command()) {
    case Command::kAdd:
      return Add(conf, claims);
    case Command::kCheck:
      return Check(conf, claims);
    case Command::kStatus: {
      absl::StatusOr<std::string> cmdline = ReadCmdline();
      if (!cmdline.ok()) {
        return cni::MakeError(cni::ErrorCode::kPluginNotAvailable,
                              "plugin not available",
                              cmdline.status().message());
      }
      INDEX2IP_RETURN_IF_ERROR(HostStatus(*cmdline));
      return StoreStatus(claims, input_.claim_system);
    }
    case Command::kGc: {
      std::vector<std::string> events;
      const absl::Status collected =
          CollectForGc(claims, conf, input_.claim_system, &events);
      Events(events, /*warnings_only=*/false);
      return collected;
    }
    case Command::kDel:  // Del()
    case Command::kVersion:
      break;
  }
  return absl::OkStatus();
}

PluginOutput Invocation::Fail(const absl::Status& status) {
  const cni::Error e = cni::ToCniError(status, version_->version);
  output_.exit_code = 1;
  output_.out = cni::EncodeJson(e);
  log_.set_code(e.code());
  log_.set_msg(e.msg());
  absl::StrAppend(&output_.err, "index2ip: ", request_.command->name,
                  " container=", QuoteForMessage(request_.container_id),
                  " ifname=", QuoteForMessage(request_.ifname), ": error ",
                  e.code(), ": ", e.msg(), e.details().empty() ? "" : ": ",
                  e.details(), "\n");
  return std::move(output_);
}

// At most kMaxWarnings lines: a hostile prevResult can make one per element.
void Invocation::Warn(const std::vector<std::string>& warnings) {
  constexpr size_t kMaxWarnings = 3;
  for (size_t i = 0; i < warnings.size() && i < kMaxWarnings; ++i) {
    absl::StrAppend(&output_.err, "index2ip: warning: ",
                    EscapeForLine(warnings[i].substr(0, 512)), "\n");
  }
  if (warnings.size() > kMaxWarnings) {
    absl::StrAppend(&output_.err, "index2ip: warning: and ",
                    warnings.size() - kMaxWarnings, " more like these\n");
  }
}

void Invocation::Events(const std::vector<std::string>& events,
                        bool warnings_only) {
  constexpr size_t kMaxLines = 3;  // GC can collect thousands
  size_t shown = 0, left = 0;
  for (const std::string& line : events) {
    log_.add_events(ForLog(line));
    if (warnings_only && line.rfind("warning: ", 0) != 0) continue;
    if (shown == kMaxLines) {
      ++left;
      continue;
    }
    ++shown;
    absl::StrAppend(&output_.err,
                    "index2ip: ", EscapeForLine(line.substr(0, 512)), "\n");
  }
  if (left > 0) {
    absl::StrAppend(&output_.err, "index2ip: and ", left, " more",
                    log_file_.empty() ? "" : ", in ipam.logFile", "\n");
  }
}

void Invocation::UseLogSettings(absl::string_view file, absl::string_view level,
                                absl::string_view network) {
  // A relative or unknown setting is refused before anything is written
  // (ValidateNetConf's error 7), never used.
  if (!ValidateLogSettings(file, level).ok()) return;
  log_file_ = std::string(file);
  log_level_ = std::string(level);
  log_.set_network(ForLog(network));
}

void Invocation::UseVersionOf(absl::string_view cni_version) {
  absl::StatusOr<const cni::VersionSpec*> v = cni::ResolveVersion(cni_version);
  if (v.ok()) version_ = *v;
}

PluginOutput Invocation::Version(absl::string_view stdin_text) {
  // VERSION never fails: a config it cannot read gets the newest version.
  // Its input is {"cniVersion": ...} (SPEC.md), so only that field is read,
  // as Go's version.ConfigDecoder does: other fields, well formed or not,
  // are not VERSION's business.
  cni::VersionInfo info;
  info.set_cni_version(std::string(cni::kCurrentVersion));
  absl::StatusOr<std::string> requested = cni::DecodeCniVersion(stdin_text);
  if (requested.ok() && !requested->empty() &&
      cni::ResolveVersion(*requested).ok()) {
    info.set_cni_version(*std::move(requested));
  }
  for (absl::string_view v : cni::SupportedVersions()) {
    info.add_supported_versions(std::string(v));
  }
  output_.out = cni::EncodeJson(info);
  return std::move(output_);
}

PluginOutput Invocation::Del(absl::string_view stdin_text) {
  // DEL reads only what it needs (records.h): its store and its log file; a
  // config broken elsewhere still releases its claims.
  absl::StatusOr<DelConf> conf = DecodeDelConf(stdin_text);
  if (conf.ok()) {
    UseLogSettings(conf->ipam().log_file(), conf->ipam().log_level(),
                   conf->name());
  }
  absl::Status env = cni::CheckRequest(request_);
  if (!env.ok()) {
    // Only an error object needs the version.
    absl::StatusOr<std::string> requested = cni::DecodeCniVersion(stdin_text);
    if (requested.ok()) UseVersionOf(*requested);
    return Fail(env);
  }
  // DEL succeeds whatever the config: there is nothing to release, and a
  // runtime must be able to clean up after any failed ADD.
  std::vector<std::string> events;
  ReleaseForDel(SettingsForDel(conf.ok() ? &*conf : nullptr, input_.getenv),
                request_.container_id, request_.ifname, input_.claim_system,
                &events);
  Events(events, /*warnings_only=*/true);
  return std::move(output_);
}

PluginOutput Invocation::Run() {
  if (!request_.command_known) {
    absl::StrAppend(&output_.err, "index2ip: warning: CNI_COMMAND is ",
                    request_.command_text.empty()
                        ? "empty"
                        : QuoteForMessage(request_.command_text),
                    "; running ADD, as upstream index2ip does\n");
  }
  absl::StatusOr<std::string> stdin_text = input_.read_stdin(kMaxStdinBytes);
  const bool stdin_read =
      stdin_text.ok() && stdin_text->size() <= kMaxStdinBytes;
  if (command() == Command::kVersion) {
    return Version(stdin_read ? *stdin_text : "");
  }
  if (command() == Command::kDel) return Del(stdin_read ? *stdin_text : "");

  std::vector<std::string> warnings;
  absl::StatusOr<cni::NetConf> conf =
      stdin_read ? cni::DecodeNetConf(*stdin_text, &warnings)
                 : absl::StatusOr<cni::NetConf>(absl::UnknownError("unread"));
  Warn(warnings);
  absl::StatusOr<const cni::VersionSpec*> version =
      conf.ok() ? cni::ResolveVersion(conf->cni_version())
                : absl::StatusOr<const cni::VersionSpec*>(
                      absl::UnknownError("no config"));
  if (version.ok()) {
    version_ = *version;
  } else if (stdin_read && !conf.ok()) {
    // The config does not decode, but its cniVersion may: report in it.
    absl::StatusOr<std::string> requested = cni::DecodeCniVersion(*stdin_text);
    if (requested.ok()) UseVersionOf(*requested);
  }
  if (conf.ok()) {
    UseLogSettings(conf->ipam().log_file(), conf->ipam().log_level(),
                   conf->name());
  }
  absl::Status env = cni::CheckRequest(request_);
  if (!env.ok()) return Fail(env);
  if (!stdin_text.ok()) {
    return Fail(cni::MakeError(cni::ErrorCode::kIoFailure, "cannot read stdin",
                               stdin_text.status().message()));
  }
  if (!stdin_read) {
    return Fail(cni::MakeError(
        cni::ErrorCode::kDecodingFailure, "failed to decode network config",
        absl::StrCat("the network config on stdin is larger than ",
                     kMaxStdinBytes, " bytes")));
  }
  if (!conf.ok()) return Fail(conf.status());
  if (!version.ok()) return Fail(version.status());
  absl::Status allowed = cni::RequireVersion(*version_, command());
  if (!allowed.ok()) return Fail(allowed);
  absl::Status valid =
      command() == Command::kAdd || command() == Command::kCheck
          ? ValidateNetConf(*conf)
          : ValidateLogSettings(conf->ipam().log_file(),
                                conf->ipam().log_level());
  if (!valid.ok()) return Fail(valid);
  absl::Status status = Dispatch(*conf);
  if (!status.ok()) return Fail(status);
  return std::move(output_);
}

void Invocation::WriteLog(int64_t started_us, PluginOutput* out) {
  if (log_file_.empty() || command() == Command::kVersion ||
      !ShouldLog(log_level_, out->exit_code != 0)) {
    return;
  }
  const int64_t now = input_.now_micros ? input_.now_micros() : started_us;
  log_.set_time(Rfc3339(now));
  log_.set_command(std::string(request_.command->name));
  log_.set_container_id(ForLog(request_.container_id));
  log_.set_ifname(ForLog(request_.ifname));
  const cni::ArgsPairs& args = request_.args;
  if (absl::optional<absl::string_view> ns = args.Get("K8S_POD_NAMESPACE")) {
    log_.set_pod_namespace(ForLog(*ns));
  }
  if (absl::optional<absl::string_view> pod = args.Get("K8S_POD_NAME")) {
    log_.set_pod_name(ForLog(*pod));
  }
  log_.set_traceparent(ForLog(request_.traceparent));
  log_.set_tracestate(ForLog(request_.tracestate));
  log_.set_duration_us(now - started_us);
  absl::Status written = AppendLogLine(log_file_, log_);
  if (!written.ok()) {
    absl::StrAppend(&out->err,
                    "index2ip: warning: ", EscapeForLine(written.message()),
                    "\n");
  }
}

}  // namespace

absl::Status ValidateNetConf(const cni::NetConf& conf) {
  if (!cni::IsValidCniId(conf.name())) {
    return cni::MakeError(
        cni::ErrorCode::kInvalidNetworkConfig, "invalid network name",
        absl::StrCat("'name' must be letters, digits, '_', '.' and '-', "
                     "starting with a letter or digit; got ",
                     QuoteForMessage(conf.name())));
  }
  return ValidateLogSettings(conf.ipam().log_file(), conf.ipam().log_level());
}

absl::StatusOr<CmdlineText> ReadKernelCmdline(const PluginInput& input) {
  absl::optional<std::string> text = input.getenv("PROC_CMDLINE_FOR_TESTING");
  if (text.has_value()) {
    return CmdlineText{*std::move(text), "PROC_CMDLINE_FOR_TESTING"};
  }
  absl::StatusOr<std::string> read = input.read_proc_cmdline();
  if (!read.ok()) {
    return cni::MakeError(cni::ErrorCode::kIoFailure,
                          "cannot read the kernel command line",
                          read.status().message());
  }
  return CmdlineText{*std::move(read), "/proc/cmdline"};
}

PluginOutput RunPlugin(const PluginInput& input) {
  const int64_t started = input.now_micros ? input.now_micros() : 0;
  Invocation invocation(input);
  PluginOutput out = invocation.Run();
  invocation.WriteLog(started, &out);
  return out;
}

}  // namespace index2ip
