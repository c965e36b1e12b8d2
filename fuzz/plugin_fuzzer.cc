// Fuzzes the whole request path: index2ip::RunPlugin
// (index2ip/commands/plugin.h) in-process, with the command, the environment,
// /proc/cmdline and stdin all taken from one input.
//
// Input layout (FuzzedDataProvider): from the end, a byte picking the
// command (ADD, CHECK, DEL, GC, STATUS, VERSION, one of them in lower case,
// or free text) and a byte saying which variables are set and whether
// reading stdin or /proc/cmdline fails; then, from the front, one string per
// set variable (CNI_COMMAND when free text, CNI_CONTAINERID, CNI_NETNS,
// CNI_IFNAME, CNI_PATH, CNI_ARGS) and the kernel command line, each ended by
// "\" and one more character ("\\" is a backslash); the rest is stdin.
// fuzz/seeds.py writes seeds in this layout.
//
// Properties, for every input:
//   - the exit code is 0 or 1, and the same input gives the same output;
//   - exit 1: stdout is one CNI error object (strictly: cniVersion, code,
//     msg, details and nothing else) with a supported cniVersion, a non-zero
//     code and a non-empty msg, printed exactly as protobuf prints it; one
//     line on stderr. DEL fails only for a bad environment (error 4);
//     VERSION never fails;
//   - exit 0: VERSION prints the supported versions; ADD (also an empty or
//     unknown command) prints a result in the shape of the config's version,
//     exactly as protobuf prints it, whose IPv4 address is the host's subnet
//     neither its network nor its broadcast address nor any address the host
//     line names (host, gateway, nameservers, server), with the host's
//     gateway, and any IPv6 address in the host's IPv6 subnet; CHECK, DEL,
//     GC and STATUS print nothing on stdout; stderr holds only warnings;
//   - an ADD that succeeds is confirmed by CHECK with its result as
//     prevResult (cniVersion 0.4.0 and newer).

#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "cni/cni.pb.h"
#include "cni/codec.h"
#include "cni/protobuf_json.h"
#include "cni/version.h"
#include "fuzz/fuzz_check.h"
#include "fuzzer/FuzzedDataProvider.h"
#include "index2ip/commands/plugin.h"
#include "index2ip/commands/records.h"
#include "index2ip/ipam/host_config.h"
#include "netutil/ip_address.h"

namespace index2ip {
namespace {

namespace pj = ::index2ip::cni::testing;
using netutil::IpAddress;
using netutil::IpFamily;
using netutil::IpPrefix;

constexpr size_t kMaxInput = 8192;
constexpr size_t kMaxVariable = 512;

constexpr absl::string_view kCommands[] = {"ADD", "CHECK",  "DEL",
                                           "GC",  "STATUS", "VERSION"};

struct Request {
  std::map<std::string, std::string> env;
  std::string stdin_text;
  std::string proc_cmdline;
  bool stdin_fails = false;
  bool proc_cmdline_fails = false;
};

PluginOutput Run(const Request& r) {
  PluginInput in;
  in.getenv = [&r](absl::string_view name) -> absl::optional<std::string> {
    auto it = r.env.find(std::string(name));
    if (it == r.env.end()) return absl::nullopt;
    return it->second;
  };
  in.read_stdin = [&r](size_t) -> absl::StatusOr<std::string> {
    if (r.stdin_fails) return absl::DataLossError("fuzz: read error");
    return r.stdin_text;
  };
  in.read_proc_cmdline = [&r]() -> absl::StatusOr<std::string> {
    if (r.proc_cmdline_fails) return absl::DataLossError("fuzz: no /proc");
    return r.proc_cmdline;
  };
  // A machine where no namespace exists: every claim is held.
  in.claim_system.boot_id = []() -> absl::StatusOr<std::string> {
    return std::string("fuzz-boot");
  };
  in.claim_system.stat_netns = [](const std::string&) {
    return absl::optional<claims::NetnsId>();
  };
  in.claim_system.netns_held = [](const claims::NetnsId&) { return false; };
  in.claim_system.now = [] { return int64_t{1700000000}; };
  in.claim_system.euid = [] { return static_cast<uint32_t>(geteuid()); };
  return RunPlugin(in);
}

// A claims store of one input's own, removed after it: inputs share no
// state (a claim left by one would refuse the next).
class ScratchStore {
 public:
  ScratchStore() {
    char pattern[] = "/tmp/index2ip-plugin-fuzzer-XXXXXX";
    if (mkdtemp(pattern) != nullptr) root_ = pattern;
  }
  ~ScratchStore() {
    if (root_.empty()) return;
    const std::string dir = Dir();
    if (DIR* d = opendir(dir.c_str())) {
      while (dirent* e = readdir(d)) {
        const std::string name = e->d_name;
        if (name != "." && name != "..") unlink((dir + "/" + name).c_str());
      }
      closedir(d);
    }
    rmdir(dir.c_str());
    rmdir(root_.c_str());
  }
  std::string Dir() const { return root_ + "/claims"; }
  bool ok() const { return !root_.empty(); }

 private:
  std::string root_;
};

// Whether the config names a claims directory of its own, which a fuzzer
// must not let it write (it could name any path). DEL reads dataDir through
// DelConf, ADD through NetConf; both are asked.
bool NamesADataDir(absl::string_view stdin_text) {
  absl::StatusOr<DelConf> del = DecodeDelConf(stdin_text);
  absl::StatusOr<cni::NetConf> conf = cni::DecodeNetConf(stdin_text);
  return (del.ok() && !del->ipam().data_dir().empty()) ||
         (conf.ok() && !conf->ipam().data_dir().empty());
}

bool Supported(absl::string_view v) {
  for (absl::string_view s : cni::SupportedVersions()) {
    if (s == v) return true;
  }
  return false;
}

std::string Describe(const Request& r, const PluginOutput& out) {
  std::string s = "request:";
  for (const auto& [k, v] : r.env) {
    absl::StrAppend(&s, " ", k, "='", absl::CHexEscape(v.substr(0, 100)), "'");
  }
  absl::StrAppend(
      &s, "\nstdin: ", absl::CHexEscape(r.stdin_text.substr(0, 1000)),
      "\nexit ", out.exit_code, "\nstdout: ", out.out, "\nstderr: ", out.err);
  return s;
}

// Which command RunPlugin runs: CNI_COMMAND in any case, else ADD.
absl::string_view Effective(const Request& r, bool* known) {
  auto it = r.env.find("CNI_COMMAND");
  const std::string upper =
      absl::AsciiStrToUpper(it == r.env.end() ? "" : it->second);
  for (absl::string_view c : kCommands) {
    if (c == upper) {
      *known = true;
      return c;
    }
  }
  *known = false;
  return "ADD";
}

void CheckError(const Request& r, const PluginOutput& out,
                absl::string_view command) {
  const auto what = [&] { return Describe(r, out); };
  cni::Error e;
  INDEX2IP_FUZZ_CHECK(pj::ProtobufJsonToMessage(out.out, &e, /*strict=*/true),
                      absl::StrCat("stdout is not an error object\n", what()));
  INDEX2IP_FUZZ_CHECK(
      e.code() != 0 && !e.msg().empty() && Supported(e.cni_version()), what());
  INDEX2IP_FUZZ_CHECK(
      pj::ProtobufMessageToJson(e) == out.out,
      absl::StrCat("protobuf prints ", pj::ProtobufMessageToJson(e), what()));
  INDEX2IP_FUZZ_CHECK(
      absl::StartsWith(out.err, "index2ip: ") && absl::EndsWith(out.err, "\n"),
      what());
  INDEX2IP_FUZZ_CHECK(command != "VERSION", what());
  INDEX2IP_FUZZ_CHECK(command != "DEL" || e.code() == 4, what());
}

// A printed address of `family` inside `host`'s subnet.
template <typename What>
void CheckInSubnet(const std::string& address, const FamilyConfig& host,
                   const What& what) {
  absl::StatusOr<IpPrefix> p =
      netutil::ParseIpPrefix(address, host.address.family());
  INDEX2IP_FUZZ_CHECK(p.ok() && p->ToString() == address &&
                          p->length() == host.address.length() &&
                          host.address.Contains(p->address()) &&
                          p->address() != host.address.address(),
                      absl::StrCat("address ", address, " for host ",
                                   host.address.ToString(), "\n", what()));
  if (host.address.family() == IpFamily::kV4 && host.address.length() <= 30) {
    INDEX2IP_FUZZ_CHECK(p->address() != host.address.NetworkAddress() &&
                            p->address() != host.address.BroadcastAddress(),
                        what());
  }
  // Never an address that is someone else's: the gateway, a nameserver,
  // ip='s server (issue 12), written out here rather than taken from
  // ReservedAddresses so that the check does not trust the code it checks.
  INDEX2IP_FUZZ_CHECK(p->address() != host.gateway,
                      absl::StrCat("the gateway given out\n", what()));
  for (const auto& ns : host.nameservers) {
    INDEX2IP_FUZZ_CHECK(p->address() != ns,
                        absl::StrCat("a nameserver given out\n", what()));
  }
  INDEX2IP_FUZZ_CHECK(!host.server.has_value() || p->address() != *host.server,
                      absl::StrCat("the server given out\n", what()));
}

// The ADD result's addresses against the host configuration it came from.
void CheckAddResult(const Request& r, const PluginOutput& out,
                    const std::string& version) {
  const auto what = [&] { return Describe(r, out); };
  auto it = r.env.find("PROC_CMDLINE_FOR_TESTING");
  absl::StatusOr<HostConfig> host =
      ParseHostConfig(it != r.env.end() ? it->second : r.proc_cmdline);
  INDEX2IP_FUZZ_CHECK(host.ok(),
                      absl::StrCat("ADD passed on a bad host\n", what()));

  cni::AnyResult any;
  std::string reference;
  if (version == "0.1.0" || version == "0.2.0") {
    cni::ResultV020 res;
    INDEX2IP_FUZZ_CHECK(pj::ProtobufJsonToMessage(out.out, &res, true), what());
    reference = pj::ProtobufMessageToJson(res);
  } else if (version == "1.0.0" || version == "1.1.0") {
    cni::Result res;
    INDEX2IP_FUZZ_CHECK(pj::ProtobufJsonToMessage(out.out, &res, true), what());
    reference = pj::ProtobufMessageToJson(res);
  } else {
    cni::ResultV040 res;
    INDEX2IP_FUZZ_CHECK(pj::ProtobufJsonToMessage(out.out, &res, true), what());
    reference = pj::ProtobufMessageToJson(res);
  }
  INDEX2IP_FUZZ_CHECK(reference == out.out,
                      absl::StrCat("protobuf prints ", reference, what()));

  absl::StatusOr<cni::AnyResult> decoded = cni::DecodeAnyResult(out.out);
  INDEX2IP_FUZZ_CHECK(decoded.ok(), what());
  absl::StatusOr<cni::Result> result =
      cni::NormalizeResult(*decoded, **cni::ResolveVersion(""));
  INDEX2IP_FUZZ_CHECK(result.ok() && result->cni_version() == version, what());
  const int families = host->v6.has_value() ? 2 : 1;
  INDEX2IP_FUZZ_CHECK(result->ips_size() == families, what());
  CheckInSubnet(result->ips(0).address(), host->v4, what);
  INDEX2IP_FUZZ_CHECK(result->ips(0).gateway() == host->v4.gateway.ToString(),
                      what());
  if (host->v6.has_value()) {
    CheckInSubnet(result->ips(1).address(), *host->v6, what);
    INDEX2IP_FUZZ_CHECK(
        result->ips(1).gateway() == host->v6->gateway.ToString(), what());
  }
}

// CHECK with the ADD result as prevResult, spliced into the same config: it
// must agree with the ADD that just succeeded.
void CheckAddThenCheck(const Request& r, const PluginOutput& add,
                       const std::string& version) {
  if (version != "0.4.0" && version != "1.0.0" && version != "1.1.0") return;
  const std::string& text = r.stdin_text;
  // Only a config without a prevResult of its own (in any spelling) gets one
  // added; a duplicate key would be an error.
  if (absl::StrContains(text, "prev") || absl::StrContains(text, "\\u")) return;
  const size_t open = text.find('{');
  const size_t close = text.rfind('}');
  if (open == std::string::npos || close == std::string::npos) return;
  const bool empty = absl::StripAsciiWhitespace(absl::string_view(text).substr(
                                                    open + 1, close - open - 1))
                         .empty();
  Request check = r;
  check.env["CNI_COMMAND"] = "CHECK";
  check.stdin_text =
      absl::StrCat(text.substr(0, close), empty ? "" : ",",
                   "\"prevResult\":", add.out, text.substr(close));
  const PluginOutput out = Run(check);
  INDEX2IP_FUZZ_CHECK(
      out.exit_code == 0 && out.out.empty(),
      absl::StrCat("CHECK after ADD fails\n", Describe(check, out)));
}

void TestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  const uint8_t pick = fdp.ConsumeIntegral<uint8_t>();
  const uint8_t flags = fdp.ConsumeIntegral<uint8_t>();

  Request r;
  const uint8_t choice = pick % 8;
  if (choice < 6) {
    r.env["CNI_COMMAND"] = std::string(kCommands[choice]);
  } else if (choice == 6) {
    r.env["CNI_COMMAND"] = absl::AsciiStrToLower(kCommands[(pick >> 3) % 6]);
  } else {
    r.env["CNI_COMMAND"] = fdp.ConsumeRandomLengthString(kMaxVariable);
  }
  static constexpr const char* kVariables[] = {
      "CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_PATH", "CNI_ARGS"};
  for (int i = 0; i < 5; ++i) {
    if (flags & (1 << i)) {
      r.env[kVariables[i]] = fdp.ConsumeRandomLengthString(kMaxVariable);
    }
  }
  std::string cmdline = fdp.ConsumeRandomLengthString(kMaxInput);
  if (flags & (1 << 5)) {
    r.env["PROC_CMDLINE_FOR_TESTING"] = std::move(cmdline);
  } else {
    r.proc_cmdline = std::move(cmdline);
    r.proc_cmdline_fails = (flags & (1 << 6)) != 0;
  }
  r.stdin_fails = (flags & (1 << 7)) != 0;
  r.stdin_text = fdp.ConsumeRemainingBytesAsString();
  if (NamesADataDir(r.stdin_text)) return;
  const ScratchStore store;
  if (!store.ok()) return;
  r.env["INDEX2IP_DATA_DIR_FOR_TESTING"] = store.Dir();

  const PluginOutput out = Run(r);
  const auto what = [&] { return Describe(r, out); };
  INDEX2IP_FUZZ_CHECK(out.exit_code == 0 || out.exit_code == 1, what());
  const PluginOutput again = Run(r);
  INDEX2IP_FUZZ_CHECK(again.exit_code == out.exit_code &&
                          again.out == out.out && again.err == out.err,
                      absl::StrCat("a second run differs\n", what(),
                                   "\nsecond: ", again.out, again.err));

  bool known = false;
  const absl::string_view command = Effective(r, &known);
  if (out.exit_code == 1) {
    CheckError(r, out, command);
    return;
  }
  if (command == "VERSION") {
    cni::VersionInfo info;
    INDEX2IP_FUZZ_CHECK(pj::ProtobufJsonToMessage(out.out, &info, true) &&
                            Supported(info.cni_version()),
                        what());
    const auto versions = cni::SupportedVersions();
    INDEX2IP_FUZZ_CHECK(
        info.supported_versions_size() == static_cast<int>(versions.size()),
        what());
    for (size_t i = 0; i < versions.size(); ++i) {
      INDEX2IP_FUZZ_CHECK(
          info.supported_versions(static_cast<int>(i)) == versions[i], what());
    }
    return;
  }
  // On success stderr holds warnings only: the unknown command's, the
  // codec's for exact keys that won over folded ones, requests that were not
  // honoured, and routes left out for a family the host lacks.
  absl::string_view rest = out.err;
  if (!known) {
    INDEX2IP_FUZZ_CHECK(
        absl::StartsWith(rest, "index2ip: warning: CNI_COMMAND"), what());
    rest.remove_prefix(std::min(rest.size(), rest.find('\n') + 1));
  }
  for (absl::string_view line : absl::StrSplit(rest, '\n', absl::SkipEmpty())) {
    INDEX2IP_FUZZ_CHECK(
        absl::StartsWith(line, "index2ip: warning: '") ||
            absl::StartsWith(line, "index2ip: warning: and ") ||
            (command == "ADD" &&
             (absl::StartsWith(line, "index2ip: warning: index ") ||
              absl::StartsWith(line, "index2ip: warning: ipam.routes["))),
        what());
  }
  if (command != "ADD") {
    INDEX2IP_FUZZ_CHECK(out.out.empty(), what());
    return;
  }
  absl::StatusOr<cni::NetConf> conf = cni::DecodeNetConf(r.stdin_text);
  INDEX2IP_FUZZ_CHECK(conf.ok(), what());
  absl::StatusOr<const cni::VersionSpec*> row =
      cni::ResolveVersion(conf->cni_version());
  INDEX2IP_FUZZ_CHECK(row.ok(), what());
  const std::string version((*row)->version);
  CheckAddResult(r, out, version);
  CheckAddThenCheck(r, out, version);
}

}  // namespace
}  // namespace index2ip

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > index2ip::kMaxInput) return 0;
  index2ip::TestOneInput(data, size);
  return 0;
}
