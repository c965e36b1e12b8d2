#include "index2ip/plugin.h"

#include <cstdint>
#include <new>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/quote.h"
#include "base/status_macros.h"
#include "cni/codec.h"
#include "cni/error.h"
#include "cni/version.h"
#include "index2ip/attachment_claims.h"
#include "index2ip/call_log.h"
#include "index2ip/handlers.h"

namespace index2ip {
namespace {

using Command = cni::CniCommand;

// What the spec (SPEC.md section 2) asks of each command's environment;
// which versions have it is the version table's (cni/version.h).
struct CommandSpec {
  Command command;
  absl::string_view name;
  std::vector<absl::string_view> required_env;
};

const std::vector<CommandSpec>& Commands() {
  static const auto* const kCommands = new std::vector<CommandSpec>{
      {Command::kAdd, "ADD", {"CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME"}},
      {Command::kCheck, "CHECK", {"CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME"}},
      {Command::kDel, "DEL", {"CNI_CONTAINERID", "CNI_IFNAME"}},
      {Command::kGc, "GC", {"CNI_PATH"}},
      {Command::kStatus, "STATUS", {}},
      {Command::kVersion, "VERSION", {}},
  };
  return *kCommands;
}

// The longest CNI_CONTAINERID and CNI_NETNS (PATH_MAX).
constexpr size_t kMaxEnvValueBytes = 4096;

absl::Status EnvError(absl::string_view msg, absl::string_view details) {
  return cni::MakeError(cni::ErrorCode::kInvalidEnvironmentVariables, msg,
                        details);
}

// One invocation's state: the request, and what is printed for it.
class Invocation {
 public:
  explicit Invocation(const PluginInput& input) : input_(input) {}

  PluginOutput Run();
  // Error 11 for the command being run, after a std::bad_alloc.
  PluginOutput OutOfMemory();
  // Appends the call to ipam.logFile when the config named one; a failure
  // to is a warning in `out`, never a failed command.
  void WriteLog(int64_t started_us, PluginOutput* out);

 private:
  absl::optional<std::string> Env(absl::string_view name) const {
    return input_.getenv(name);
  }
  absl::Status CheckEnvironment(const CommandSpec& spec) const;
  absl::StatusOr<std::string> ReadCmdline() const;
  claims::Owner Owner(const cni::NetConf& conf) const {
    return {Env("CNI_CONTAINERID").value_or(""), Env("CNI_IFNAME").value_or(""),
            conf.name(), Env("CNI_NETNS").value_or("")};
  }
  absl::Status Dispatch(const CommandSpec& spec, const cni::NetConf& conf);
  PluginOutput Fail(const CommandSpec& spec, const absl::Status& status);
  PluginOutput Version(absl::string_view stdin_text);
  void Warn(const std::vector<std::string>& warnings);
  // The claims store's events: into the log entry, and the first few on
  // stderr (all of them, or with `warnings_only` those that are warnings).
  void Events(const std::vector<std::string>& events, bool warnings_only);
  // Takes the config's ipam.logFile for this call when it is one.
  void UseLogSettings(absl::string_view file, absl::string_view level,
                      absl::string_view network);

  const PluginInput& input_;
  const CommandSpec* spec_ = &Commands().front();  // ADD until Run() knows
  PluginOutput output_;
  // What ipam.logFile records (call_log.h), as the call learns it.
  cni::LogEntry log_;
  std::string log_file_, log_level_;
  // The cniVersion printed in an error object: the request's when known.
  std::string error_version_ = std::string(cni::kCurrentVersion);
};

absl::Status Invocation::CheckEnvironment(const CommandSpec& spec) const {
  std::vector<absl::string_view> missing;
  for (absl::string_view name : spec.required_env) {
    const absl::optional<std::string> value = Env(name);
    if (!value.has_value() || value->empty()) missing.push_back(name);
  }
  if (!missing.empty()) {
    return EnvError("required environment variables missing",
                    absl::StrCat(spec.name, " needs ",
                                 absl::StrJoin(missing, ", ")));
  }
  // The claims store keeps both; a path longer than PATH_MAX names nothing.
  for (absl::string_view name : {"CNI_CONTAINERID", "CNI_NETNS"}) {
    const absl::optional<std::string> value = Env(name);
    if (value.has_value() && value->size() > kMaxEnvValueBytes) {
      return EnvError(absl::StrCat("invalid ", name),
                      absl::StrCat(name, " is ", value->size(),
                                   " bytes, more than ", kMaxEnvValueBytes));
    }
  }
  const absl::optional<std::string> id = Env("CNI_CONTAINERID");
  if (id.has_value() && !id->empty() && !IsValidCniId(*id)) {
    return EnvError("invalid CNI_CONTAINERID",
                    absl::StrCat("CNI_CONTAINERID ", QuoteForMessage(*id),
                                 " must be letters, digits, '_', '.' and '-',"
                                 " starting with a letter or digit"));
  }
  const absl::optional<std::string> ifname = Env("CNI_IFNAME");
  if (ifname.has_value() && !ifname->empty()) {
    INDEX2IP_RETURN_IF_ERROR(ValidateIfName(*ifname));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Invocation::ReadCmdline() const {
  INDEX2IP_ASSIGN_OR_RETURN(CmdlineText cmdline, ReadKernelCmdline(input_));
  return std::move(cmdline.text);
}

absl::Status Invocation::Dispatch(const CommandSpec& spec,
                                  const cni::NetConf& conf) {
  const std::string cni_args = Env("CNI_ARGS").value_or("");
  const ClaimSettings claims = SettingsOf(conf.ipam(), input_.getenv);
  switch (spec.command) {
    case Command::kAdd: {
      INDEX2IP_ASSIGN_OR_RETURN(const std::string cmdline, ReadCmdline());
      INDEX2IP_ASSIGN_OR_RETURN(const HostConfig host, ParseHostConfig(cmdline));
      INDEX2IP_ASSIGN_OR_RETURN(Addition add, ComputeAdd(conf, cni_args, host));
      log_.set_index(add.index.index);
      log_.set_index_source(std::string(IndexSourceName(add.index.source)));
      for (const cni::IpConfig& ip : add.result.ips()) {
        log_.add_addresses(ip.address());
      }
      cni::Result result = std::move(add.result);
      // Claimed before it is printed: a result on stdout is the pod's.
      std::vector<std::string> events;
      const absl::Status claimed = ClaimForAdd(claims, Owner(conf), result,
                                               input_.claim_system, &events);
      Events(events, /*warnings_only=*/false);
      INDEX2IP_RETURN_IF_ERROR(claimed);
      INDEX2IP_ASSIGN_OR_RETURN(
          output_.out, cni::EncodeResult(std::move(result), error_version_));
      return absl::OkStatus();
    }
    case Command::kCheck: {
      INDEX2IP_ASSIGN_OR_RETURN(const std::string cmdline, ReadCmdline());
      INDEX2IP_RETURN_IF_ERROR(HandleCheck(conf, cni_args, cmdline));
      INDEX2IP_ASSIGN_OR_RETURN(const cni::Result want,
                                HandleAdd(conf, cni_args, cmdline));
      return CheckClaims(claims, Owner(conf), want, input_.claim_system);
    }
    case Command::kStatus: {
      absl::StatusOr<std::string> cmdline = ReadCmdline();
      if (!cmdline.ok()) {
        return cni::MakeError(cni::ErrorCode::kPluginNotAvailable,
                              "plugin not available",
                              cmdline.status().message());
      }
      INDEX2IP_RETURN_IF_ERROR(HandleStatus(*cmdline));
      return StoreStatus(claims, input_.claim_system);
    }
    case Command::kGc: {
      std::vector<std::string> events;
      const absl::Status collected =
          CollectForGc(claims, conf, input_.claim_system, &events);
      Events(events, /*warnings_only=*/false);
      return collected;
    }
    case Command::kDel:  // before the config is read (Run)
    case Command::kVersion:
      break;
  }
  return absl::OkStatus();
}

PluginOutput Invocation::Fail(const CommandSpec& spec,
                              const absl::Status& status) {
  const cni::Error e = cni::ToCniError(status, error_version_);
  output_.exit_code = 1;
  output_.out = cni::EncodeJson(e);
  log_.set_code(e.code());
  log_.set_msg(e.msg());
  absl::StrAppend(&output_.err, "index2ip: ", spec.name,
                  " container=", QuoteForMessage(Env("CNI_CONTAINERID").value_or("")),
                  " ifname=", QuoteForMessage(Env("CNI_IFNAME").value_or("")),
                  ": error ", e.code(), ": ", e.msg(),
                  e.details().empty() ? "" : ": ", e.details(), "\n");
  return std::move(output_);
}

PluginOutput Invocation::OutOfMemory() {
  output_ = PluginOutput();
  return Fail(*spec_, cni::MakeError(cni::ErrorCode::kTryAgainLater,
                                     "try again later", "out of memory"));
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
    absl::StrAppend(&output_.err, "index2ip: ", EscapeForLine(line.substr(0, 512)),
                    "\n");
  }
  if (left > 0) {
    absl::StrAppend(&output_.err, "index2ip: and ", left, " more",
                    log_file_.empty() ? "" : ", in ipam.logFile", "\n");
  }
}

void Invocation::UseLogSettings(absl::string_view file,
                                absl::string_view level,
                                absl::string_view network) {
  // A relative or unknown setting is refused before anything is written
  // (ValidateNetConf's error 7), never used.
  if (!ValidateLogSettings(file, level).ok()) return;
  log_file_ = std::string(file);
  log_level_ = std::string(level);
  log_.set_network(ForLog(network));
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

PluginOutput Invocation::Run() {
  const std::string raw = Env("CNI_COMMAND").value_or("");
  const std::string upper = absl::AsciiStrToUpper(raw);
  const CommandSpec* spec = &Commands().front();  // ADD
  bool known = false;
  for (const CommandSpec& s : Commands()) {
    if (s.name == upper) {
      spec = &s;
      known = true;
    }
  }
  spec_ = spec;
  if (!known) {
    absl::StrAppend(&output_.err, "index2ip: warning: CNI_COMMAND is ",
                    raw.empty() ? "empty" : QuoteForMessage(raw),
                    "; running ADD, as upstream index2ip does\n");
  }

  absl::StatusOr<std::string> stdin_text = input_.read_stdin(kMaxStdinBytes);
  if (spec->command == Command::kVersion) {
    return Version(stdin_text.ok() ? *stdin_text : "");
  }
  // The request's version, for error objects, as early as it can be known.
  std::vector<std::string> warnings;
  absl::StatusOr<cni::NetConf> conf =
      stdin_text.ok() && stdin_text->size() <= kMaxStdinBytes
          ? cni::DecodeNetConf(*stdin_text, &warnings)
          : absl::StatusOr<cni::NetConf>(absl::UnknownError("unread"));
  Warn(warnings);
  absl::StatusOr<std::string> version =
      conf.ok() ? cni::ResolveVersion(conf->cni_version())
                : absl::StatusOr<std::string>(absl::UnknownError("unknown"));
  if (version.ok()) {
    error_version_ = *version;
  } else if (stdin_text.ok() && !conf.ok()) {
    // The config does not decode, but its cniVersion may: report in it.
    absl::StatusOr<std::string> requested =
        cni::DecodeCniVersion(*stdin_text);
    if (requested.ok()) {
      absl::StatusOr<std::string> v = cni::ResolveVersion(*requested);
      if (v.ok()) error_version_ = *v;
    }
  }

  // DEL reads only what it needs (attachment_claims.h), the log file too.
  absl::StatusOr<cni::DelConf> del =
      spec->command == Command::kDel
          ? cni::DecodeJson<cni::DelConf>(stdin_text.ok() ? *stdin_text : "")
          : absl::StatusOr<cni::DelConf>(absl::UnknownError("not DEL"));
  if (del.ok()) {
    UseLogSettings(del->ipam().log_file(), del->ipam().log_level(), del->name());
  } else if (conf.ok()) {
    UseLogSettings(conf->ipam().log_file(), conf->ipam().log_level(),
                   conf->name());
  }
  absl::Status env = CheckEnvironment(*spec);
  if (!env.ok()) return Fail(*spec, env);
  // DEL succeeds whatever the config: there is nothing to release, and a
  // runtime must be able to clean up after any failed ADD.
  if (spec->command == Command::kDel) {
    std::vector<std::string> events;
    ReleaseForDel(SettingsForDel(stdin_text.ok() ? *stdin_text : "",
                                 input_.getenv),
                  Env("CNI_CONTAINERID").value_or(""),
                  Env("CNI_IFNAME").value_or(""), input_.claim_system,
                  &events);
    Events(events, /*warnings_only=*/true);
    return std::move(output_);
  }
  if (!stdin_text.ok()) {
    return Fail(*spec, cni::MakeError(cni::ErrorCode::kIoFailure,
                                      "cannot read stdin",
                                      stdin_text.status().message()));
  }
  if (stdin_text->size() > kMaxStdinBytes) {
    return Fail(*spec,
                cni::MakeError(cni::ErrorCode::kDecodingFailure,
                               "failed to decode network config",
                               absl::StrCat("the network config on stdin is ",
                                            "larger than ", kMaxStdinBytes,
                                            " bytes")));
  }
  if (!conf.ok()) return Fail(*spec, conf.status());
  if (!version.ok()) return Fail(*spec, version.status());
  absl::Status allowed =
      cni::RequireVersion(spec->name, *version, spec->command);
  if (!allowed.ok()) return Fail(*spec, allowed);
  absl::Status valid =
      spec->command == Command::kAdd || spec->command == Command::kCheck
          ? ValidateNetConf(*conf)
          : ValidateLogSettings(conf->ipam().log_file(),
                                conf->ipam().log_level());
  if (!valid.ok()) return Fail(*spec, valid);
  absl::Status status = Dispatch(*spec, *conf);
  if (!status.ok()) return Fail(*spec, status);
  return std::move(output_);
}

void Invocation::WriteLog(int64_t started_us, PluginOutput* out) {
  if (log_file_.empty() || spec_->command == Command::kVersion ||
      !ShouldLog(log_level_, out->exit_code != 0)) {
    return;
  }
  const int64_t now = input_.now_micros ? input_.now_micros() : started_us;
  log_.set_time(Rfc3339(now));
  log_.set_command(std::string(spec_->name));
  log_.set_container_id(ForLog(Env("CNI_CONTAINERID").value_or("")));
  log_.set_ifname(ForLog(Env("CNI_IFNAME").value_or("")));
  // The pairs view this string, so it outlives them (a temporary did not:
  // found by AddressSanitizer in plugin_test).
  const std::string cni_args = Env("CNI_ARGS").value_or("");
  absl::StatusOr<std::vector<std::pair<absl::string_view, absl::string_view>>>
      args = ParseCniArgs(cni_args);
  if (args.ok()) {
    for (const auto& [key, value] : *args) {
      if (key == "K8S_POD_NAMESPACE") log_.set_pod_namespace(ForLog(value));
      if (key == "K8S_POD_NAME") log_.set_pod_name(ForLog(value));
    }
  }
  log_.set_duration_us(now - started_us);
  absl::Status written = AppendLogLine(log_file_, log_);
  if (!written.ok()) {
    absl::StrAppend(&out->err, "index2ip: warning: ",
                    EscapeForLine(written.message()), "\n");
  }
}

PluginOutput RunGuarded(Invocation& invocation) {
  // Memory runs out on a node under pressure, or under RLIMIT_AS, with a
  // megabyte of stdin to hold: that is "try again later", not a crash. The
  // codec reports its own (cni/codec.h); this catches the rest (reading
  // stdin, building the result). Unwinding has freed what was held, so the
  // error object can be built.
  try {
    return invocation.Run();
  } catch (const std::bad_alloc&) {
    return invocation.OutOfMemory();
  }
}

}  // namespace

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
  Invocation invocation(input);
  const int64_t started = input.now_micros ? input.now_micros() : 0;
  PluginOutput out = RunGuarded(invocation);
  invocation.WriteLog(started, &out);
  return out;
}

}  // namespace index2ip
