// Test helper: one in-process run of the binary (RunCli) with its process
// as data, shared by cli_test.cc and preview_test.cc.

#ifndef INDEX2IP_CLI_CLI_CALL_H_
#define INDEX2IP_CLI_CLI_CALL_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "index2ip/cli/cli.h"
#include "index2ip/commands/fake_process.h"
#include "index2ip/commands/plugin.h"
#include "testdata/runfiles.h"

namespace index2ip {
namespace cli_testing {

inline constexpr absl::string_view kVersion = "1.2.3-test";
inline constexpr absl::string_view kMlab4File = "/etc/mlab4_lga0t.txt";

inline std::string Mlab4() { return ReadTestData("cmdlines/mlab4_lga0t.txt"); }

// One in-process run of the binary: arguments, environment, stdin, files
// and /proc/cmdline as data, with counts of what was read.
struct Call : FakeProcess {
  std::vector<std::string> args;
  bool tty = false;
  std::map<std::string, std::string> files = {
      {std::string(kMlab4File), Mlab4()}};

  PluginInput Plugin() { return Input(); }

  PluginOutput Go() {
    CliInput in;
    in.args = args;
    in.plugin = Plugin();
    in.stdin_is_tty = tty;
    in.read_file = [this](const std::string& path,
                          size_t) -> absl::StatusOr<std::string> {
      auto it = files.find(path);
      if (it == files.end()) {
        return absl::DataLossError(
            absl::StrCat("open ", path, ": No such file or directory"));
      }
      return it->second;
    };
    in.version = std::string(kVersion);
    return RunCli(in);
  }
};

inline Call PreviewCall(std::vector<std::string> flags) {
  Call r;
  r.args = {"preview"};
  r.args.insert(r.args.end(), flags.begin(), flags.end());
  return r;
}

// The variables a runtime sets for ADD on the M-Lab host.
inline std::map<std::string, std::string> RuntimeEnv() {
  return {{"INDEX2IP_DATA_DIR_FOR_TESTING", FreshDataDir()},
          {"CNI_COMMAND", "ADD"},
          {"CNI_CONTAINERID", "0123abc"},
          {"CNI_NETNS", "/var/run/netns/pod"},
          {"CNI_IFNAME", "net1"},
          {"PROC_CMDLINE_FOR_TESTING", Mlab4()}};
}

// What RunPlugin prints for ADD of `config` with `cni_args` on the M-Lab
// host: what preview must print first.
inline PluginOutput RuntimeAdd(const std::string& config,
                               const std::string& cni_args = "") {
  Call r;
  r.env = RuntimeEnv();
  if (!cni_args.empty()) r.env["CNI_ARGS"] = cni_args;
  r.stdin_text = config;
  return RunPlugin(r.Plugin());
}

inline std::string IndexConfig(absl::string_view version,
                               absl::string_view ipam) {
  return absl::StrCat(R"({"cniVersion":")", version,
                      R"(","name":"net","type":"macvlan","ipam":)", ipam, "}");
}

inline std::vector<std::string> Lines(absl::string_view text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

}  // namespace cli_testing
}  // namespace index2ip

#endif  // INDEX2IP_CLI_CLI_CALL_H_
