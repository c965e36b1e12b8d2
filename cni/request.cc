#include "cni/request.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/quote.h"
#include "base/status_macros.h"
#include "base/utf8.h"
#include "cni/error.h"

namespace index2ip {
namespace cni {
namespace {

constexpr absl::string_view kContainerNetnsIfname[] = {
    "CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME"};
constexpr absl::string_view kContainerIfname[] = {"CNI_CONTAINERID",
                                                  "CNI_IFNAME"};
constexpr absl::string_view kPath[] = {"CNI_PATH"};

// SPEC.md section 2, per command; which versions have each is the version
// table's (version.h).
constexpr CommandSpec kCommands[] = {
    {CniCommand::kAdd, "ADD", kContainerNetnsIfname},
    {CniCommand::kCheck, "CHECK", kContainerNetnsIfname},
    {CniCommand::kDel, "DEL", kContainerIfname},
    {CniCommand::kGc, "GC", kPath},
    {CniCommand::kStatus, "STATUS", {}},
    {CniCommand::kVersion, "VERSION", {}},
};

absl::Status EnvError(absl::string_view msg, absl::string_view details) {
  return MakeError(ErrorCode::kInvalidEnvironmentVariables, msg, details);
}

}  // namespace

absl::Span<const CommandSpec> Commands() { return kCommands; }

absl::optional<absl::string_view> ArgsPairs::Get(absl::string_view key) const {
  absl::optional<absl::string_view> value;
  for (const auto& [k, v] : pairs) {
    if (k == key) value = v;
  }
  return value;
}

ArgsPairs ParseCniArgs(absl::string_view text) {
  ArgsPairs out;
  if (text.size() > kMaxCniArgsBytes) {
    out.status = EnvError(
        "invalid CNI_ARGS",
        absl::StrCat("CNI_ARGS is ", text.size(), " bytes, more than the ",
                     kMaxCniArgsBytes, " accepted"));
    return out;
  }
  for (absl::string_view pair : absl::StrSplit(text, ';', absl::SkipEmpty())) {
    const size_t eq = pair.find('=');
    const absl::string_view key = pair.substr(0, eq);
    const absl::string_view value =
        eq == absl::string_view::npos ? "" : pair.substr(eq + 1);
    if (eq == absl::string_view::npos || eq == 0) {
      out.status = EnvError(
          "invalid CNI_ARGS",
          absl::StrCat("CNI_ARGS must be KEY=VALUE pairs separated by ';', ",
                       "got the pair ", QuoteForMessage(pair)));
    } else if (key == "IgnoreUnknown" && value != "1" && value != "0" &&
               !absl::EqualsIgnoreCase(value, "true") &&
               !absl::EqualsIgnoreCase(value, "false")) {
      // multus writes "true", podman and go-cni "1".
      out.status = EnvError(
          "invalid CNI_ARGS",
          absl::StrCat("IgnoreUnknown must be 1, 0, true or false, got ",
                       QuoteForMessage(value)));
      out.eager = true;
    }
    if (!out.status.ok()) {
      out.pairs.clear();
      return out;
    }
    out.pairs.emplace_back(key, value);
  }
  return out;
}

Request ReadRequest(const GetEnv& getenv) {
  Request r;
  r.command_text = getenv("CNI_COMMAND").value_or("");
  const std::string upper = absl::AsciiStrToUpper(r.command_text);
  r.command = &kCommands[0];  // ADD
  for (const CommandSpec& spec : kCommands) {
    if (spec.name == upper) {
      r.command = &spec;
      r.command_known = true;
    }
  }
  r.container_id = getenv("CNI_CONTAINERID").value_or("");
  r.netns = getenv("CNI_NETNS").value_or("");
  r.ifname = getenv("CNI_IFNAME").value_or("");
  r.path = getenv("CNI_PATH").value_or("");
  r.args_text = getenv("CNI_ARGS").value_or("");
  r.args = ParseCniArgs(r.args_text);
  r.traceparent = getenv("TRACEPARENT").value_or("");
  r.tracestate = getenv("TRACESTATE").value_or("");
  return r;
}

absl::Status CheckRequest(const Request& r) {
  std::vector<absl::string_view> missing;
  for (absl::string_view name : r.command->required) {
    const std::string& value = name == "CNI_CONTAINERID" ? r.container_id
                               : name == "CNI_NETNS"     ? r.netns
                               : name == "CNI_IFNAME"    ? r.ifname
                                                         : r.path;
    if (value.empty()) missing.push_back(name);
  }
  if (!missing.empty()) {
    return EnvError(
        "required environment variables missing",
        absl::StrCat(r.command->name, " needs ", absl::StrJoin(missing, ", ")));
  }
  // A claim keeps both; a path longer than PATH_MAX names nothing.
  for (const auto& [name, value] :
       {std::make_pair("CNI_CONTAINERID", &r.container_id),
        std::make_pair("CNI_NETNS", &r.netns)}) {
    if (value->size() > kMaxEnvValueBytes) {
      return EnvError(absl::StrCat("invalid ", name),
                      absl::StrCat(name, " is ", value->size(),
                                   " bytes, more than ", kMaxEnvValueBytes));
    }
  }
  if (!r.container_id.empty() && !IsValidCniId(r.container_id)) {
    return EnvError(
        "invalid CNI_CONTAINERID",
        absl::StrCat("CNI_CONTAINERID ", QuoteForMessage(r.container_id),
                     " must be letters, digits, '_', '.' and '-', starting "
                     "with a letter or digit"));
  }
  if (!r.ifname.empty()) INDEX2IP_RETURN_IF_ERROR(ValidateIfName(r.ifname));
  // DEL succeeds whatever it is given: a runtime must be able to clean up.
  if (r.args.eager && r.command->command != CniCommand::kDel) {
    return r.args.status;
  }
  return absl::OkStatus();
}

// Checked with a loop rather than RE2: compiling the pattern cost 40 000
// instructions, about a seventh of a whole ADD (docs/performance-history.md).
bool IsValidCniId(absl::string_view id) {
  if (id.empty() || !absl::ascii_isalnum(static_cast<unsigned char>(id[0]))) {
    return false;
  }
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' &&
        c != '.' && c != '-') {
      return false;
    }
  }
  return true;
}

absl::Status ValidateIfName(absl::string_view name) {
  const auto invalid = [name](absl::string_view why) {
    return EnvError(
        "invalid CNI_IFNAME",
        absl::StrCat("CNI_IFNAME ", QuoteForMessage(name), " ", why));
  };
  if (name.size() > 15) return invalid("is longer than 15 bytes");
  if (name == "." || name == "..") return invalid("must not be . or ..");
  for (absl::string_view rest = name; !rest.empty();) {
    uint32_t cp = 0;
    const size_t n = DecodeUtf8Char(rest, &cp);
    if (n == 0) return invalid("is not valid UTF-8");
    if (cp == '/' || cp == ':' || IsUnicodeSpace(cp)) {
      return invalid("contains '/', ':' or white space");
    }
    rest.remove_prefix(n);
  }
  return absl::OkStatus();
}

}  // namespace cni
}  // namespace index2ip
