// Tests only: a process's environment, stdin and /proc/cmdline as data, so
// tests run RunPlugin (plugin.h) and RunCli (cli.h) in process and can see
// what the plugin read.
//
// Example:
//   FakeProcess p;
//   p.env = {{"CNI_COMMAND", "VERSION"}};
//   PluginOutput out = RunPlugin(p.Input());
//   EXPECT_EQ(p.stdin_reads, 1);

#ifndef INDEX2IP_FAKE_PROCESS_H_
#define INDEX2IP_FAKE_PROCESS_H_

#include <unistd.h>

#include <cstdlib>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "index2ip/plugin.h"

namespace index2ip {

// A fresh directory for one test's claims store, under TEST_TMPDIR: the
// value FakeProcess gives INDEX2IP_DATA_DIR_FOR_TESTING, so no in-process
// test touches /run.
inline std::string FreshDataDir() {
  static int n = 0;
  const char* tmp = std::getenv("TEST_TMPDIR");
  return absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/fake-claims-",
                      getpid(), "-", ++n);
}

struct FakeProcess {
  std::map<std::string, std::string> env = {
      {"INDEX2IP_DATA_DIR_FOR_TESTING", FreshDataDir()}};
  absl::StatusOr<std::string> stdin_text = std::string();
  absl::StatusOr<std::string> proc_cmdline =
      absl::NotFoundError("/proc/cmdline is not read in this test");
  int stdin_reads = 0;
  int cmdline_reads = 0;

  // The claims store's machine: one boot, no namespace exists, none held,
  // a fixed clock. Tests change it.
  std::string boot_id = "fake-boot";
  std::map<std::string, claims::NetnsId> netns;
  int64_t clock = 1700000000;

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
    in.claim_system.boot_id = [this]() -> absl::StatusOr<std::string> {
      return boot_id;
    };
    in.claim_system.stat_netns =
        [this](const std::string& path) -> absl::optional<claims::NetnsId> {
      auto it = netns.find(path);
      if (it == netns.end()) return absl::nullopt;
      return it->second;
    };
    in.claim_system.netns_held = [](const claims::NetnsId&) { return false; };
    in.claim_system.now = [this] { return clock; };
    in.claim_system.euid = [] { return static_cast<uint32_t>(geteuid()); };
    in.now_micros = [this] { return clock * 1000000 + 123456; };
    return in;
  }
};

}  // namespace index2ip

#endif  // INDEX2IP_FAKE_PROCESS_H_
