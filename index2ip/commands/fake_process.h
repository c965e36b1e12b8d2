// Tests only: a process's environment, stdin and /proc/cmdline as data, so
// tests run RunPlugin (plugin.h) and RunCli (cli.h) in process and can see
// what the plugin read.
//
// Example:
//   FakeProcess p;
//   p.env = {{"CNI_COMMAND", "VERSION"}};
//   PluginOutput out = RunPlugin(p.Input());
//   EXPECT_EQ(p.stdin_reads, 1);

#ifndef INDEX2IP_COMMANDS_FAKE_PROCESS_H_
#define INDEX2IP_COMMANDS_FAKE_PROCESS_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "claims/fake_machine.h"
#include "index2ip/commands/plugin.h"

namespace index2ip {

// A fresh directory for one test's claims store: the value FakeProcess gives
// INDEX2IP_DATA_DIR_FOR_TESTING, so no in-process test touches /run.
inline std::string FreshDataDir() { return claims::FreshStoreDir(); }

struct FakeProcess {
  std::map<std::string, std::string> env = {
      {"INDEX2IP_DATA_DIR_FOR_TESTING", FreshDataDir()}};
  absl::StatusOr<std::string> stdin_text = std::string();
  absl::StatusOr<std::string> proc_cmdline =
      absl::NotFoundError("/proc/cmdline is not read in this test");
  int stdin_reads = 0;
  int cmdline_reads = 0;

  // The claims store's machine (claims/fake_machine.h): one boot, no
  // namespace exists, none held, a fixed clock. Tests change it.
  claims::FakeMachine machine;

  // A PluginInput over this object, which must outlive it.
  PluginInput Input() {
    PluginInput in;
    in.getenv = [this](absl::string_view name) -> absl::optional<std::string> {
      auto it = env.find(std::string(name));
      if (it == env.end()) return absl::nullopt;
      return it->second;
    };
    in.read_stdin = [this](size_t max_bytes) -> absl::StatusOr<std::string> {
      ++stdin_reads;
      if (!stdin_text.ok()) return stdin_text.status();
      // As a real bounded read: never more than max_bytes + 1.
      return stdin_text->substr(0, max_bytes + 1);
    };
    in.read_proc_cmdline = [this] {
      ++cmdline_reads;
      return proc_cmdline;
    };
    in.claim_system = machine.Get();
    in.now_micros = [this] { return machine.clock * 1000000 + 123456; };
    return in;
  }
};

}  // namespace index2ip

#endif  // INDEX2IP_COMMANDS_FAKE_PROCESS_H_
