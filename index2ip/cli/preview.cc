#include "index2ip/cli/preview.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/types/optional.h"
#include "base/quote.h"
#include "base/status_macros.h"
#include "cni/codec.h"
#include "cni/conflist.h"
#include "cni/error.h"
#include "cni/version.h"
#include "index2ip/cli/flags.h"
#include "index2ip/cli/table.h"
#include "index2ip/commands/store.h"
#include "index2ip/ipam/codes.h"
#include "index2ip/ipam/host_config.h"
#include "index2ip/ipam/result.h"
#include "json/limits.h"
#include "netutil/index_math.h"

namespace index2ip {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// The flags, checked.
struct PreviewRequest {
  bool all = false;
  absl::optional<int64_t> index;
  std::string pod_name;  // empty: none
  // The result's version: --cni-version's, else the config's, else the
  // newest.
  const cni::VersionSpec* version = &cni::CurrentVersion();
  bool version_given = false;
  absl::optional<std::string> cmdline;       // --cmdline
  absl::optional<std::string> cmdline_file;  // --cmdline-file
  absl::optional<std::string> config;        // --config
};

// Exit 2: `problem`, then preview's usage, on stderr.
PluginOutput UsageError(absl::string_view problem) {
  PluginOutput out;
  out.exit_code = kExitUsage;
  out.err = absl::StrCat("index2ip: ", problem, "\nUsage:\n", PreviewSynopsis(),
                         "Run 'index2ip preview --help' for more.\n");
  return out;
}

// A failure ADD would report: the error object on stdout when
// `print_object` (exactly as ADD prints it), and one line on stderr, which
// names `cmdline_origin` when the host configuration is at fault.
PluginOutput Failure(const absl::Status& status,
                     const cni::VersionSpec& version, bool print_object,
                     absl::string_view cmdline_origin = "") {
  const cni::Error e = cni::ToCniError(status, version.version);
  PluginOutput out;
  out.exit_code = kExitFailure;
  if (print_object) out.out = cni::EncodeJson(e);
  const bool host_config =
      e.code() == static_cast<uint32_t>(CniCode(Code::kHostConfig)) &&
      !cmdline_origin.empty();
  out.err = absl::StrCat("index2ip preview: error ", e.code(), ": ", e.msg(),
                         e.details().empty() ? "" : ": ", e.details(),
                         host_config
                             ? absl::StrCat(" (kernel command line from ",
                                            EscapeForLine(cmdline_origin), ")")
                             : std::string(),
                         "\n");
  return out;
}

// Kubernetes object names are at most 253 bytes.
constexpr size_t kMaxPodNameBytes = 253;
// The largest index a network config can say (json/limits.h).
constexpr int64_t kMaxIndex = json::kMaxJsonInteger;

constexpr FlagSpec kFlags[] = {
    {"--index", true},        {"--pod-name", true},    {"--cmdline", true},
    {"--cmdline-file", true}, {"--cni-version", true}, {"--config", true},
    {"--all", false},
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
absl::StatusOr<PreviewRequest> CheckFlags(const Flags& flags) {
  PreviewRequest r;
  r.all = flags.Has("--all");
  const absl::optional<std::string> index = flags.Value("--index");
  const absl::optional<std::string> pod_name = flags.Value("--pod-name");
  const absl::optional<std::string> cni_version = flags.Value("--cni-version");
  r.cmdline = flags.Value("--cmdline");
  r.cmdline_file = flags.Value("--cmdline-file");
  r.config = flags.Value("--config");
  if (r.all && (index || pod_name || cni_version)) {
    return absl::InvalidArgumentError(
        "--all lists every index; it takes no --index, --pod-name or "
        "--cni-version");
  }
  if (!r.all && !index && !pod_name && !r.config) {
    return absl::InvalidArgumentError(
        "preview needs --index N, --pod-name NAME, --config FILE or --all");
  }
  if (r.cmdline && r.cmdline_file) {
    return absl::InvalidArgumentError(
        "give --cmdline or --cmdline-file, not both");
  }
  if (index) {
    absl::StatusOr<int64_t> parsed = ParseIndexFlag(*index);
    if (!parsed.ok()) return parsed.status();
    r.index = *parsed;
  }
  if (pod_name) {
    const std::string& name = *pod_name;
    // The name travels in CNI_ARGS, where ';' separates pairs.
    if (name.empty() || name.size() > kMaxPodNameBytes ||
        name.find(';') != std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("--pod-name must be a pod name (1 to ", kMaxPodNameBytes,
                       " bytes, no ';'), got ", QuoteForMessage(name)));
    }
    r.pod_name = name;
  }
  if (cni_version) {
    absl::StatusOr<const cni::VersionSpec*> v =
        cni::ResolveVersion(*cni_version);
    if (!v.ok() || cni_version->empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--cni-version ", QuoteForMessage(*cni_version),
                       " is not supported; use one of ",
                       absl::StrJoin(cni::SupportedVersions(), ", ")));
    }
    r.version = *v;
    r.version_given = true;
  }
  return r;
}

absl::Status ReadError(absl::string_view what, absl::string_view details) {
  // ADD's code and msg for the same failure (plugin.cc).
  return cni::MakeError(cni::ErrorCode::kIoFailure,
                        absl::StrCat("cannot read ", what), details);
}

// The command line text ADD would read, unless a flag names another.
// Error: code 5 when the file or /proc/cmdline cannot be read.
absl::StatusOr<CmdlineText> ReadCmdline(const CliInput& input,
                                        const PreviewRequest& r) {
  if (r.cmdline) return CmdlineText{*r.cmdline, "--cmdline"};
  if (r.cmdline_file) {
    absl::StatusOr<std::string> text =
        input.read_file(*r.cmdline_file, kMaxCmdlineBytes);
    if (!text.ok()) {
      return ReadError(
          "the kernel command line",
          absl::StrCat("--cmdline-file ", QuoteForMessage(*r.cmdline_file),
                       ": ", text.status().message()));
    }
    return CmdlineText{*std::move(text), *r.cmdline_file};
  }
  return ReadKernelCmdline(input.plugin);
}

// The network config: --config's, read as ADD reads stdin, or the one a
// NetworkAttachmentDefinition with ipam.index --index would give. Errors: as
// ADD's decoding and ValidateNetConf, code 5 for a file that cannot be read.
absl::StatusOr<cni::NetConf> ReadConfig(const CliInput& input,
                                        PreviewRequest* r) {
  cni::NetConf conf;
  if (!r->config) {
    conf.set_cni_version(std::string(r->version->version));
    conf.set_name("index2ip-preview");
    conf.set_type("macvlan");
    conf.mutable_ipam()->set_type(std::string(cni::kIpamType));
    if (r->index.has_value()) conf.mutable_ipam()->set_index(*r->index);
    return conf;
  }
  absl::StatusOr<std::string> text =
      *r->config == "-" ? input.plugin.read_stdin(kMaxStdinBytes)
                        : input.read_file(*r->config, kMaxStdinBytes);
  if (!text.ok()) {
    return ReadError("the network config",
                     absl::StrCat("--config ", QuoteForMessage(*r->config),
                                  ": ", text.status().message()));
  }
  if (text->size() > kMaxStdinBytes) {
    return cni::MakeError(
        cni::ErrorCode::kDecodingFailure, "failed to decode network config",
        absl::StrCat("--config is larger than ", kMaxStdinBytes, " bytes"));
  }
  INDEX2IP_ASSIGN_OR_RETURN(const std::string plugin,
                            cni::PluginConfigFor(*text));
  INDEX2IP_ASSIGN_OR_RETURN(conf, cni::DecodeNetConf(plugin));
  INDEX2IP_ASSIGN_OR_RETURN(const cni::VersionSpec* const version,
                            cni::ResolveVersion(conf.cni_version()));
  if (!r->version_given) r->version = version;
  INDEX2IP_RETURN_IF_ERROR(ValidateNetConf(conf));
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

// preview --index N / --pod-name P / --config: ADD's result and one line per
// address: "IPv4 4.14.159.117/26 gw 4.14.159.65 (host .112 + 5)".
PluginOutput PreviewOne(const PreviewRequest& r, const cni::NetConf& conf,
                        const CmdlineText& cmdline) {
  // What a runtime passes for a pod (plugin_test.cc's upstream CNI_ARGS).
  const cni::ArgsPairs args = cni::ParseCniArgs(
      r.pod_name.empty()
          ? std::string()
          : absl::StrCat("IgnoreUnknown=1;K8S_POD_NAME=", r.pod_name));
  absl::StatusOr<HostConfig> host = ParseHostConfig(cmdline.text);
  if (!host.ok()) {
    return Failure(host.status(), *r.version, true, cmdline.origin);
  }
  absl::StatusOr<Addition> add = ComputeAdd(conf, args, *host);
  if (!add.ok()) return Failure(add.status(), *r.version, true);
  std::string summary;
  const IndexChoice& index = add->index;
  for (const PodAddress& pod : add->addresses) {
    const bool v4 = pod.address.family() == netutil::IpFamily::kV4;
    const FamilyConfig& family = v4 ? host->v4 : *host->v6;
    absl::StrAppend(
        &summary, netutil::FamilyName(pod.address.family()), " ",
        pod.address.ToString(), " gw ", pod.gateway.ToString(), " (host ",
        HostPart(family.address, pod.address), " + ", index.index,
        index.source == IndexSource::kPodName
            ? absl::StrCat(", index from the pod name ",
                           QuoteForMessage(index.origin))
        : index.source == IndexSource::kIpamIndex
            ? std::string()
            : absl::StrCat(", index from ", IndexSourceName(index.source)),
        ")\n");
  }
  for (const PodRoute& route : add->routes) {
    absl::StrAppend(&summary, "route ", route.dst.ToString(), " via ",
                    route.gw.ToString(), " (ipam.routes)\n");
  }
  absl::StatusOr<std::string> json =
      cni::EncodeResult(std::move(add->result), *r.version);
  if (!json.ok()) return Failure(json.status(), *r.version, true);
  PluginOutput out;
  out.out = absl::StrCat(*json, summary);
  for (const std::string& w : add->warnings) {
    absl::StrAppend(&out.err, "index2ip preview: warning: ", w, "\n");
  }
  return out;
}

struct Row {
  int64_t index;
  std::string v4, v6, note;
};

std::string FamilyHeader(absl::string_view family_name,
                         const FamilyConfig& family, absl::string_view origin) {
  return absl::StrCat("host ", family_name, " ", family.address.ToString(),
                      " gw ", family.gateway.ToString(), " (", family.source,
                      " in ", origin, ")\n");
}

// "gateway", "nameserver", "host" or "server" when the index's address in
// `family` is one of the host's own; empty when not.
std::string ReservedLabel(const FamilyConfig& family,
                          const netutil::IpPrefix& pod) {
  for (const ReservedAddress& r : ReservedAddresses(family)) {
    if (r.address == pod.address()) return std::string(RoleLabel(r.role));
  }
  return "";
}

// One row: the index's addresses, and when ADD refuses it, a short reason.
Row MakeRow(const HostConfig& host, int64_t k, bool accepted) {
  Row row{k, "", "-", ""};
  std::vector<std::string> reasons;
  absl::StatusOr<netutil::IpPrefix> v4 =
      netutil::AddIndexToIp(host.v4.address, k);
  row.v4 = v4.ok() ? v4->ToString() : "none";
  if (v4.ok()) {
    std::string label = ReservedLabel(host.v4, *v4);
    if (!label.empty()) reasons.push_back(absl::StrCat(label, " (IPv4)"));
  }
  if (host.v6.has_value()) {
    absl::StatusOr<netutil::IpPrefix> v6 =
        netutil::AddIndexToIp(host.v6->address, k);
    row.v6 = v6.ok() ? v6->ToString() : "none";
    if (!v6.ok()) {
      reasons.push_back("no IPv6 address");
    } else {
      std::string label = ReservedLabel(*host.v6, *v6);
      if (!label.empty()) reasons.push_back(absl::StrCat(label, " (IPv6)"));
    }
  }
  if (!accepted) {
    row.note =
        absl::StrCat(absl::StrJoin(reasons, ", "), reasons.empty() ? "" : ": ",
                     "ADD fails with error 101");
  }
  return row;
}

// preview --all: every index of the host, one row each, with the ones ADD
// refuses marked and why; `claims` are the store's, to mark.
PluginOutput PreviewAll(const PreviewRequest& r, const cni::NetConf& conf,
                        const CmdlineText& cmdline,
                        const std::vector<claims::ClaimView>& claims) {
  const cni::VersionSpec& version = *r.version;
  absl::StatusOr<HostConfig> host = ParseHostConfig(cmdline.text);
  if (!host.ok()) return Failure(host.status(), version, false, cmdline.origin);
  const cni::Ipam& ipam = conf.ipam();
  absl::StatusOr<absl::optional<int64_t>> bound = MaxIndex(ipam);
  if (!bound.ok()) return Failure(bound.status(), version, false);
  const absl::optional<int64_t> max_index = *bound;

  PluginOutput out;
  absl::StrAppend(&out.out, FamilyHeader("IPv4", host->v4, cmdline.origin));
  if (host->v6.has_value()) {
    absl::StrAppend(&out.out, FamilyHeader("IPv6", *host->v6, cmdline.origin));
  } else {
    absl::StrAppend(&out.out, "host IPv6 none (no epoxy.ipv6 in ",
                    cmdline.origin, ")\n");
  }

  // The table ends at the subnet's last usable IPv4 address, at maxIndex, or
  // at the row limit, whichever comes first.
  const int64_t subnet_last = netutil::LargestIndex(host->v4.address);
  int64_t last = subnet_last;
  if (max_index.has_value()) last = std::min(last, *max_index);
  const bool cut_short = last > kMaxPreviewRows;
  last = std::min(last, kMaxPreviewRows);
  const netutil::IndexSet accepted = AcceptedIndices(*host, max_index);
  const auto add_error = [&](int64_t k) {
    const absl::StatusOr<Addition> add = ComputeResult(
        *host,
        IndexChoice{k, IndexSource::kIpamIndex, "ipam.index", max_index});
    return add.ok() ? absl::OkStatus() : add.status();
  };

  if (last < 1) {
    absl::StrAppend(&out.out, "no index is valid on this host\n");
    PluginOutput failed = Failure(add_error(1), version, false);
    failed.out = std::move(out.out);
    return failed;
  }
  std::vector<Row> rows;
  for (int64_t k = 1; k <= last; ++k) {
    rows.push_back(MakeRow(*host, k, accepted.Contains(k)));
    for (const claims::ClaimView& c : claims) {
      const std::string prefix = c.claim.address() + "/";
      if (rows.back().v4.rfind(prefix, 0) != 0 &&
          rows.back().v6.rfind(prefix, 0) != 0) {
        continue;
      }
      absl::StrAppend(&rows.back().note, rows.back().note.empty() ? "" : "; ",
                      "claimed by ", QuoteForMessage(c.claim.container_id()),
                      " ", QuoteForMessage(c.claim.ifname()), " (",
                      claims::StateName(c.state), ")");
      break;
    }
    if (ipam.has_index() && ipam.index() == k) {
      absl::StrAppend(&rows.back().note, rows.back().note.empty() ? "" : "; ",
                      "<- ipam.index");
    }
  }

  bool notes = false;
  for (const Row& row : rows) notes |= !row.note.empty();
  std::vector<std::vector<std::string>> table = {{"index", "IPv4", "IPv6"}};
  if (notes) table[0].push_back("note");
  for (const Row& row : rows) {
    table.push_back({absl::StrCat(row.index), row.v4, row.v6, row.note});
  }
  absl::StrAppend(&out.out, Columns(table));

  netutil::IndexSet listed = accepted;
  listed.KeepAtMost(last);
  netutil::IndexSet refused = netutil::IndexSet::Range(1, last);
  refused.Subtract(listed);
  absl::StrAppend(&out.out, listed.Size(), " valid ",
                  listed.Size() == 1 ? "index" : "indices", " (",
                  listed.ToString(), ")");
  if (cut_short) {
    absl::StrAppend(&out.out, " listed, and the subnet has more; preview ",
                    "--index N shows any one of them\n");
  } else if (max_index.has_value() && *max_index <= subnet_last) {
    absl::StrAppend(&out.out, "; ipam.maxIndex ", *max_index,
                    " ends the list\n");
  } else {
    const cni::Error e = cni::ToCniError(add_error(last + 1), version.version);
    absl::StrAppend(&out.out, "; from ", last + 1, " on, ADD fails with error ",
                    e.code(), " (", e.msg(), ")\n");
  }
  if (!refused.empty()) {
    const int64_t first = refused.spans().front().first;
    const cni::Error e = cni::ToCniError(add_error(first), version.version);
    absl::StrAppend(&out.out, "ADD refuses ", refused.Size(), " of the ",
                    rows.size(), " indices listed (", refused.ToString(),
                    "); index ", first, ": error ", e.code(), ": ", e.details(),
                    "\n");
  }
  if (ipam.has_index() && ipam.index() > last) {
    const cni::Error e =
        cni::ToCniError(add_error(ipam.index()), version.version);
    absl::StrAppend(&out.out, "ipam.index ", ipam.index(),
                    " is past the list: ADD fails with error ", e.code(), " (",
                    e.msg(), ")\n");
  }
  if (listed.empty()) {
    PluginOutput failed =
        Failure(add_error(rows.front().index), version, false);
    failed.out = std::move(out.out);
    return failed;
  }
  return out;
}

}  // namespace

absl::string_view PreviewSynopsis() {
  return "  index2ip preview (--index N | --pod-name NAME | --config FILE|-)\n"
         "                   [--cmdline-file FILE | --cmdline TEXT]"
         " [--cni-version V]\n"
         "  index2ip preview --all [--config FILE|-]"
         " [--cmdline-file FILE | --cmdline TEXT]\n";
}

absl::string_view PreviewDetails() {
  return "preview prints what ADD returns for a pod on this host: the result\n"
         "JSON as ADD prints it (first line), then one line per address\n"
         "family. --pod-name NAME takes the index from a pod name such as\n"
         "ndt-index12-abcde when --index is absent (--index wins, as\n"
         "ipam.index does). --cni-version V picks the result's shape.\n"
         "--config FILE (- for stdin) reads a network config or conflist as\n"
         "ADD does, with its index and maxIndex; --index N is then the pod's\n"
         "own choice. preview --all lists every index of this host, marks\n"
         "those ADD refuses (the gateway, a nameserver, the host itself) and\n"
         "stops at maxIndex. The host's addresses come from /proc/cmdline\n"
         "(epoxy.ipv4=, epoxy.ipv6=, ip=, epoxy.ip=) unless --cmdline TEXT or\n"
         "--cmdline-file FILE is given.\n"
         "\n"
         "Exit status: 0 success; 1 ADD would fail (its CNI error object is "
         "on\n"
         "stdout); 2 usage error.\n";
}

PluginOutput RunPreview(const CliInput& input,
                        absl::Span<const std::string> args) {
  absl::StatusOr<Flags> flags = ParseFlags(args, kFlags, "preview", 0);
  if (!flags.ok()) return UsageError(flags.status().message());
  if (flags->Has("--help")) {
    PluginOutput out;
    out.out =
        absl::StrCat("Usage:\n", PreviewSynopsis(), "\n", PreviewDetails());
    return out;
  }
  absl::StatusOr<PreviewRequest> request = CheckFlags(*flags);
  if (!request.ok()) return UsageError(request.status().message());
  absl::StatusOr<cni::NetConf> conf = ReadConfig(input, &*request);
  if (!conf.ok()) {
    return Failure(conf.status(), *request->version, !request->all);
  }
  if (request->config && request->index) {
    // With a real config, --index is what a pod would choose.
    if (conf->ipam().has_index()) {
      return UsageError(absl::StrCat(
          "the config fixes ipam.index ", conf->ipam().index(),
          "; leave out --index (it stands for the pod's own choice)"));
    }
    conf->mutable_args()->mutable_cni()->set_index(*request->index);
  }
  absl::StatusOr<CmdlineText> cmdline = ReadCmdline(input, *request);
  if (!cmdline.ok()) {
    return Failure(cmdline.status(), *request->version, !request->all);
  }
  if (!request->all) return PreviewOne(*request, *conf, *cmdline);
  const ClaimSettings claims = SettingsOf(conf->ipam(), input.plugin.getenv);
  return PreviewAll(*request, *conf, *cmdline,
                    claims.enabled
                        ? claims::List({claims.dir, &input.plugin.claim_system},
                                       /*lock=*/false)
                              .claims
                        : std::vector<claims::ClaimView>());
}

}  // namespace index2ip
