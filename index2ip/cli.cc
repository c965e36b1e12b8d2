#include "index2ip/cli.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "base/quote.h"
#include "cni/cni.pb.h"
#include "cni/codec.h"
#include "cni/error.h"
#include "cni/version.h"
#include "index2ip/handlers.h"
#include "index2ip/host_config.h"
#include "index2ip/index_source.h"
#include "netutil/ip_address.h"

namespace index2ip {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// The largest index a network config may carry (cni/codec.h).
constexpr int64_t kMaxIndex = int64_t{1} << 53;
// Kubernetes object names are at most 253 bytes.
constexpr size_t kMaxPodNameBytes = 253;

// The network config preview hands to ADD: what a NetworkAttachmentDefinition
// would give, with the index the flags ask for.
constexpr absl::string_view kPreviewNetworkName = "index2ip-preview";

constexpr absl::string_view kDescription =
    "A CNI IPAM plugin: a pod gets its host's address plus the pod's index.\n"
    "Container runtimes run it with CNI_COMMAND set and the network config\n"
    "on stdin; people run it with the arguments below.\n";

constexpr absl::string_view kSynopsis =
    "Usage:\n"
    "  index2ip --help | --version\n"
    "  index2ip preview (--index N | --pod-name NAME) [--cmdline-file FILE |"
    " --cmdline TEXT]\n"
    "                   [--cni-version V]\n"
    "  index2ip preview --all [--cmdline-file FILE | --cmdline TEXT]\n";

constexpr absl::string_view kDetails =
    "preview prints what ADD returns for a pod with index N on this host: the\n"
    "result JSON as ADD prints it (first line), then one line per address\n"
    "family. --pod-name NAME takes the index from a pod name such as\n"
    "ndt-index12-abcde when --index is absent (--index wins, as ipam.index\n"
    "does). --cni-version V picks the result's shape (default 1.1.0).\n"
    "preview --all lists every valid index on this host with its addresses.\n"
    "The host's addresses come from /proc/cmdline (epoxy.ipv4=, epoxy.ipv6=,\n"
    "ip=, epoxy.ip=) unless --cmdline TEXT or --cmdline-file FILE is given.\n"
    "\n"
    "Exit status: 0 success; 1 ADD would fail (its CNI error object is on\n"
    "stdout); 2 usage error.\n";


PluginOutput Help(absl::string_view version) {
  PluginOutput out;
  out.out = absl::StrCat(AboutLine(version), "\n", kDescription, "\n",
                         kSynopsis, "\n", kDetails);
  return out;
}

PluginOutput UsageError(absl::string_view problem) {
  PluginOutput out;
  out.exit_code = kExitUsage;
  out.err = absl::StrCat("index2ip: ", problem, "\n", kSynopsis,
                         "Run 'index2ip --help' for more.\n");
  return out;
}

// A failure ADD would report: the error object on stdout when
// `print_object` (exactly as ADD prints it), and one line on stderr, which
// names `cmdline_origin` when the host configuration is at fault.
PluginOutput Failure(const absl::Status& status, absl::string_view version,
                     bool print_object, absl::string_view cmdline_origin = "") {
  const cni::Error e = cni::ToCniError(status, version);
  PluginOutput out;
  out.exit_code = kExitFailure;
  if (print_object) out.out = cni::EncodeJson(e);
  const bool host_config =
      e.code() == static_cast<uint32_t>(cni::ErrorCode::kHostConfig) &&
      !cmdline_origin.empty();
  out.err = absl::StrCat(
      "index2ip preview: error ", e.code(), ": ", e.msg(),
      e.details().empty() ? "" : ": ", e.details(),
      host_config
          ? absl::StrCat(" (kernel command line from ", cmdline_origin, ")")
          : std::string(),
      "\n");
  return out;
}

// ---- preview's flags ----

struct PreviewFlags {
  absl::optional<std::string> index;
  absl::optional<std::string> pod_name;
  absl::optional<std::string> cmdline;
  absl::optional<std::string> cmdline_file;
  absl::optional<std::string> cni_version;
  bool all = false;
  bool help = false;
};

// Reads `--name VALUE`, `--name=VALUE`, `--all` and `--help`. Errors
// (InvalidArgument, the message for the user): an unknown flag, a flag
// given twice, a missing value, a value given to --all, an argument that is
// not a flag.
absl::StatusOr<PreviewFlags> ParsePreviewFlags(
    absl::Span<const std::string> args) {
  PreviewFlags flags;
  const std::pair<absl::string_view, absl::optional<std::string>*>
      kValueFlags[] = {
          {"--index", &flags.index},
          {"--pod-name", &flags.pod_name},
          {"--cmdline", &flags.cmdline},
          {"--cmdline-file", &flags.cmdline_file},
          {"--cni-version", &flags.cni_version},
      };
  for (size_t i = 0; i < args.size(); ++i) {
    const absl::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      flags.help = true;
      continue;
    }
    if (arg == "--all") {
      if (flags.all) return absl::InvalidArgumentError("--all given twice");
      flags.all = true;
      continue;
    }
    if (arg.substr(0, 2) != "--") {
      return absl::InvalidArgumentError(absl::StrCat(
          "unexpected argument ", QuoteForMessage(arg), "; preview takes only flags"));
    }
    const size_t eq = arg.find('=');
    const absl::string_view name = arg.substr(0, eq);
    if (name == "--all") {
      return absl::InvalidArgumentError("--all takes no value");
    }
    absl::optional<std::string>* slot = nullptr;
    for (const auto& [flag, target] : kValueFlags) {
      if (flag == name) slot = target;
    }
    if (slot == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag ", QuoteForMessage(name), " for preview"));
    }
    if (slot->has_value()) {
      return absl::InvalidArgumentError(absl::StrCat(name, " given twice"));
    }
    if (eq != absl::string_view::npos) {
      *slot = std::string(arg.substr(eq + 1));
    } else if (i + 1 < args.size()) {
      *slot = args[++i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat(name, " needs a value"));
    }
  }
  return flags;
}

struct PreviewRequest {
  bool all = false;
  absl::optional<int64_t> index;
  std::string pod_name;  // empty: none
  std::string cni_version = std::string(cni::kCurrentVersion);
  absl::optional<std::string> cmdline;       // --cmdline
  absl::optional<std::string> cmdline_file;  // --cmdline-file
};

absl::StatusOr<int64_t> ParseIndexFlag(absl::string_view text) {
  int64_t index = 0;
  // Digits only: SimpleAtoi alone would take "+5" and " 5".
  const bool digits = !text.empty() && text.size() <= 16 &&
                      std::all_of(text.begin(), text.end(), [](char c) {
                        return absl::ascii_isdigit(c);
                      });
  if (!digits || !absl::SimpleAtoi(text, &index) || index < 1 ||
      index > kMaxIndex) {
    return absl::InvalidArgumentError(
        absl::StrCat("--index must be a whole number from 1 to ", kMaxIndex,
                     ", got ", QuoteForMessage(text)));
  }
  return index;
}

// Checks the flags against each other and their values. Errors
// (InvalidArgument, the message for the user) as listed in the body.
absl::StatusOr<PreviewRequest> CheckPreviewFlags(const PreviewFlags& flags) {
  PreviewRequest r;
  r.all = flags.all;
  if (flags.all && (flags.index || flags.pod_name || flags.cni_version)) {
    return absl::InvalidArgumentError(
        "--all lists every index; it takes no --index, --pod-name or "
        "--cni-version");
  }
  if (!flags.all && !flags.index && !flags.pod_name) {
    return absl::InvalidArgumentError(
        "preview needs --index N, --pod-name NAME or --all");
  }
  if (flags.cmdline && flags.cmdline_file) {
    return absl::InvalidArgumentError(
        "give --cmdline or --cmdline-file, not both");
  }
  if (flags.index) {
    absl::StatusOr<int64_t> index = ParseIndexFlag(*flags.index);
    if (!index.ok()) return index.status();
    r.index = *index;
  }
  if (flags.pod_name) {
    const std::string& name = *flags.pod_name;
    // The name travels in CNI_ARGS, where ';' separates pairs.
    if (name.empty() || name.size() > kMaxPodNameBytes ||
        name.find(';') != std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("--pod-name must be a pod name (1 to ", kMaxPodNameBytes,
                       " bytes, no ';'), got ", QuoteForMessage(name)));
    }
    r.pod_name = name;
  }
  if (flags.cni_version) {
    const absl::Span<const absl::string_view> supported =
        cni::SupportedVersions();
    if (std::find(supported.begin(), supported.end(), *flags.cni_version) ==
        supported.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--cni-version ", QuoteForMessage(*flags.cni_version),
          " is not supported; use one of ", absl::StrJoin(supported, ", ")));
    }
    r.cni_version = *flags.cni_version;
  }
  r.cmdline = flags.cmdline;
  r.cmdline_file = flags.cmdline_file;
  return r;
}

// ---- the host's command line ----

struct CmdlineText {
  std::string text;
  // Where it came from, for messages: "--cmdline", the file's name,
  // "PROC_CMDLINE_FOR_TESTING" or "/proc/cmdline".
  std::string origin;
};

absl::Status CmdlineReadError(absl::string_view details) {
  // ADD's code and msg for the same failure (plugin.cc).
  return cni::MakeError(cni::ErrorCode::kIoFailure,
                        "cannot read the kernel command line", details);
}

// The command line text ADD would read, unless a flag names another.
// Error: code 5 when the file or /proc/cmdline cannot be read.
absl::StatusOr<CmdlineText> ReadCmdline(const CliInput& input,
                                        const PreviewRequest& r) {
  if (r.cmdline) return CmdlineText{*r.cmdline, "--cmdline"};
  if (r.cmdline_file) {
    if (!input.read_file) {
      return CmdlineReadError("this build cannot read files");
    }
    absl::StatusOr<std::string> text =
        input.read_file(*r.cmdline_file, kMaxCmdlineBytes);
    if (!text.ok()) {
      return CmdlineReadError(absl::StrCat("--cmdline-file ",
                                           QuoteForMessage(*r.cmdline_file), ": ",
                                           text.status().message()));
    }
    return CmdlineText{*std::move(text), *r.cmdline_file};
  }
  // As ADD: the testing variable replaces /proc/cmdline.
  absl::optional<std::string> testing =
      input.plugin.getenv("PROC_CMDLINE_FOR_TESTING");
  if (testing.has_value()) {
    return CmdlineText{*std::move(testing), "PROC_CMDLINE_FOR_TESTING"};
  }
  absl::StatusOr<std::string> text = input.plugin.read_proc_cmdline();
  if (!text.ok()) return CmdlineReadError(text.status().message());
  return CmdlineText{*std::move(text), "/proc/cmdline"};
}

// ---- preview ----

// The network config a NetworkAttachmentDefinition with ipam.index `index`
// (or none) would hand to ADD.
cni::NetConf PreviewConf(absl::string_view cni_version,
                         absl::optional<int64_t> index) {
  cni::NetConf conf;
  conf.set_cni_version(std::string(cni_version));
  conf.set_name(std::string(kPreviewNetworkName));
  conf.set_type("macvlan");
  conf.mutable_ipam()->set_type("index2ip");
  if (index.has_value()) conf.mutable_ipam()->set_index(*index);
  return conf;
}

// "host .112" when `pod` differs from `host` only in the last IPv4 octet,
// "host ::112" when only in the last IPv6 group; else the whole address.
std::string HostPart(const netutil::IpPrefix& host,
                     const netutil::IpPrefix& pod) {
  const auto& h = host.address().bytes();
  const auto& p = pod.address().bytes();
  const int size = host.address().size();
  if (host.family() == netutil::IpFamily::kV4) {
    if (std::equal(h.begin(), h.begin() + size - 1, p.begin())) {
      return absl::StrCat(".", h[size - 1]);
    }
  } else if (std::equal(h.begin(), h.begin() + size - 2, p.begin())) {
    return absl::StrCat("::", absl::Hex(h[size - 2] << 8 | h[size - 1]));
  }
  return host.address().ToString();
}

// "IPv4 4.14.159.117/26 gw 4.14.159.65 (host .112 + 5)" for each address of
// `result`, which ADD computed for `host` and `index`.
absl::StatusOr<std::string> SummaryLines(const cni::Result& result,
                                         const HostConfig& host,
                                         const IndexChoice& index) {
  std::string out;
  for (const cni::IpConfig& ip : result.ips()) {
    absl::StatusOr<netutil::IpPrefix> pod =
        netutil::ParseIpPrefix(ip.address());
    if (!pod.ok()) return pod.status();
    const bool v4 = pod->family() == netutil::IpFamily::kV4;
    if (!v4 && !host.v6.has_value()) {
      return absl::InternalError("an IPv6 address for a host without IPv6");
    }
    const FamilyConfig& family = v4 ? host.v4 : *host.v6;
    absl::StrAppend(
        &out, netutil::FamilyName(pod->family()), " ", ip.address(), " gw ",
        ip.gateway(), " (host ", HostPart(family.address, *pod), " + ",
        index.index,
        index.source == IndexSource::kPodName
            ? absl::StrCat(", index from the pod name ", QuoteForMessage(index.origin))
            : std::string(),
        ")\n");
  }
  return out;
}

// preview --index N / --pod-name P: ADD's result and the summary lines.
PluginOutput PreviewOne(const PreviewRequest& r, const CmdlineText& cmdline) {
  const cni::NetConf conf = PreviewConf(r.cni_version, r.index);
  // What a runtime passes for a pod (plugin_test.cc's upstream CNI_ARGS).
  const std::string cni_args =
      r.pod_name.empty()
          ? std::string()
          : absl::StrCat("IgnoreUnknown=1;K8S_POD_NAME=", r.pod_name);
  absl::StatusOr<cni::Result> result = HandleAdd(conf, cni_args, cmdline.text);
  if (!result.ok()) {
    return Failure(result.status(), r.cni_version, true, cmdline.origin);
  }
  absl::StatusOr<std::string> json = cni::EncodeResult(*result, r.cni_version);
  if (!json.ok()) return Failure(json.status(), r.cni_version, true);

  // ADD succeeded, so both of these succeed with the values it used.
  absl::StatusOr<HostConfig> host = ParseHostConfig(cmdline.text);
  absl::StatusOr<IndexChoice> index = FindIndex(conf, cni_args);
  if (!host.ok()) return Failure(host.status(), r.cni_version, false);
  if (!index.ok()) return Failure(index.status(), r.cni_version, false);
  absl::StatusOr<std::string> summary = SummaryLines(*result, *host, *index);
  if (!summary.ok()) return Failure(summary.status(), r.cni_version, false);
  PluginOutput out;
  out.out = absl::StrCat(*json, *summary);
  return out;
}

std::string Padded(absl::string_view text, size_t width) {
  std::string out(text);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

std::string FamilyHeader(absl::string_view family_name,
                         const FamilyConfig& family, absl::string_view param,
                         absl::string_view origin) {
  return absl::StrCat("host ", family_name, " ", family.address.ToString(),
                      " gw ", family.gateway.ToString(), " (", param, " in ",
                      origin, ")\n");
}

// preview --all: every index ADD accepts on this host, 1 up to the last
// usable IPv4 address, with the IPv6 address it gets (or why it has none).
PluginOutput PreviewAll(const CmdlineText& cmdline) {
  const absl::string_view version = cni::kCurrentVersion;
  absl::StatusOr<HostConfig> host = ParseHostConfig(cmdline.text);
  if (!host.ok()) return Failure(host.status(), version, false, cmdline.origin);

  PluginOutput out;
  absl::StrAppend(&out.out, FamilyHeader("IPv4", host->v4, host->v4_source,
                                         cmdline.origin));
  if (host->v6.has_value()) {
    absl::StrAppend(&out.out, FamilyHeader("IPv6", *host->v6, "epoxy.ipv6",
                                           cmdline.origin));
  } else {
    absl::StrAppend(&out.out, "host IPv6 none (no epoxy.ipv6 in ",
                    cmdline.origin, ")\n");
  }

  struct Row {
    int64_t index;
    std::string v4, v6;
  };
  std::vector<Row> rows;
  HostConfig v4_only = *host;
  v4_only.v6.reset();
  cni::NetConf conf = PreviewConf(version, absl::nullopt);
  int64_t without_v6 = 0;
  absl::optional<std::pair<int64_t, absl::Status>> first_v6_failure;
  absl::Status end;  // why the index after the last row fails
  bool cut_short = false;
  for (int64_t i = 1;; ++i) {
    conf.mutable_ipam()->set_index(i);
    // Exactly what ADD computes for a config with ipam.index i.
    absl::StatusOr<cni::Result> add = HandleAdd(conf, "", cmdline.text);
    Row row{i, "", ""};
    if (add.ok()) {
      row.v4 = add->ips(0).address();
      row.v6 = add->ips_size() > 1 ? add->ips(1).address() : "-";
    } else {
      // ADD fails for i. Past the last usable IPv4 address the table ends;
      // before it, the IPv6 address is the one that cannot be computed.
      absl::StatusOr<cni::Result> v4 = ComputeResult(
          v4_only, IndexChoice{i, IndexSource::kIpamIndex, "ipam.index"});
      if (!v4.ok()) {
        end = add.status();
        break;
      }
      row.v4 = v4->ips(0).address();
      row.v6 = absl::StrCat("none: ADD fails, error ",
                            cni::ToCniError(add.status(), version).code());
    }
    if (i > kMaxPreviewRows) {
      cut_short = true;
      break;
    }
    if (!add.ok()) {
      ++without_v6;
      if (!first_v6_failure) first_v6_failure.emplace(i, add.status());
    }
    rows.push_back(std::move(row));
  }

  if (rows.empty()) {
    absl::StrAppend(&out.out, "no index is valid on this host\n");
    PluginOutput failed = Failure(end, version, false);
    failed.out = std::move(out.out);
    return failed;
  }
  size_t index_width = 5, v4_width = 4;
  for (const Row& row : rows) {
    index_width = std::max(index_width, absl::StrCat(row.index).size());
    v4_width = std::max(v4_width, row.v4.size());
  }
  absl::StrAppend(&out.out, Padded("index", index_width), "  ",
                  Padded("IPv4", v4_width), "  IPv6\n");
  for (const Row& row : rows) {
    absl::StrAppend(&out.out, Padded(absl::StrCat(row.index), index_width),
                    "  ", Padded(row.v4, v4_width), "  ", row.v6, "\n");
  }
  absl::StrAppend(&out.out, rows.size(), " valid ",
                  rows.size() == 1 ? "index" : "indices", " (1..",
                  rows.back().index, ")");
  if (cut_short) {
    absl::StrAppend(&out.out, " listed, and the subnet has more; preview ",
                    "--index N shows any one of them\n");
  } else {
    const cni::Error e = cni::ToCniError(end, version);
    absl::StrAppend(&out.out, "; from ", rows.back().index + 1,
                    " on, ADD fails with error ", e.code(), " (", e.msg(),
                    ")\n");
  }
  if (first_v6_failure) {
    const cni::Error e = cni::ToCniError(first_v6_failure->second, version);
    absl::StrAppend(
        &out.out, without_v6, " of them ", without_v6 == 1 ? "has" : "have",
        " no IPv6 address, and ADD fails for ", without_v6 == 1 ? "it" : "them",
        "; index ", first_v6_failure->first, ": error ", e.code(), ": ",
        e.details(), "\n");
  }
  return out;
}

PluginOutput Preview(const CliInput& input,
                     absl::Span<const std::string> args) {
  absl::StatusOr<PreviewFlags> flags = ParsePreviewFlags(args);
  if (!flags.ok()) return UsageError(flags.status().message());
  if (flags->help) {
    PluginOutput out;
    out.out = absl::StrCat(kSynopsis, "\n", kDetails);
    return out;
  }
  absl::StatusOr<PreviewRequest> request = CheckPreviewFlags(*flags);
  if (!request.ok()) return UsageError(request.status().message());
  absl::StatusOr<CmdlineText> cmdline = ReadCmdline(input, *request);
  if (!cmdline.ok()) {
    return Failure(cmdline.status(), request->cni_version, !request->all);
  }
  return request->all ? PreviewAll(*cmdline) : PreviewOne(*request, *cmdline);
}

}  // namespace

std::string AboutLine(absl::string_view version) {
  return absl::StrCat("CNI index2ip plugin version ", version,
                      "; CNI protocol versions supported: ",
                      absl::StrJoin(cni::SupportedVersions(), ", "), "\n");
}

PluginOutput RunCli(const CliInput& input) {
  const std::vector<std::string>& args = input.args;
  if (args.empty()) {
    // The skel's rule: no command and a person at the terminal gets the
    // about text instead of an ADD waiting for a config on stdin.
    const std::string command = input.plugin.getenv("CNI_COMMAND").value_or("");
    if (command.empty() && input.stdin_is_tty) return Help(input.version);
    return RunPlugin(input.plugin);
  }
  const absl::string_view first = args[0];
  const absl::Span<const std::string> rest =
      absl::MakeConstSpan(args).subspan(1);
  if (first == "preview") return Preview(input, rest);
  if (first == "--help" || first == "-h" || first == "--version") {
    if (!rest.empty()) {
      return UsageError(absl::StrCat(first, " takes no arguments, got ",
                                     QuoteForMessage(rest.front())));
    }
    if (first == "--version") {
      PluginOutput out;
      out.out =
          absl::StrCat("CNI index2ip plugin version ", input.version, "\n");
      return out;
    }
    return Help(input.version);
  }
  return UsageError(
      absl::StrCat("unknown command or flag ", QuoteForMessage(first),
                   "; a CNI runtime runs this plugin with no arguments"));
}

}  // namespace index2ip
