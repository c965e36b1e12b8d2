#include "claims/machine.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace index2ip {
namespace claims {
namespace {

// Whether a process (/proc/*/ns/net) or an nsfs mount (/proc/self/
// mountinfo) holds a network namespace: the claims store asks only when a
// claim's own netns path no longer names it.
absl::optional<NetnsId> Stat(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return absl::nullopt;
  return NetnsId{static_cast<uint64_t>(st.st_dev),
                 static_cast<uint64_t>(st.st_ino)};
}

// /proc/self/mountinfo's octal escapes (\040 for a space) undone.
std::string Unescape(absl::string_view field) {
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size() && field[i + 1] >= '0' &&
        field[i + 1] <= '3' && field[i + 2] >= '0' && field[i + 2] <= '7' &&
        field[i + 3] >= '0' && field[i + 3] <= '7') {
      out.push_back(static_cast<char>((field[i + 1] - '0') * 64 +
                                      (field[i + 2] - '0') * 8 +
                                      (field[i + 3] - '0')));
      i += 3;
      continue;
    }
    out.push_back(field[i]);
  }
  return out;
}

bool HeldByAProcess(const NetnsId& id) {
  DIR* d = opendir("/proc");
  if (d == nullptr) return false;
  bool held = false;
  while (!held) {
    dirent* e = readdir(d);
    if (e == nullptr) break;
    const absl::string_view name = e->d_name;
    if (name.empty() ||
        !absl::ascii_isdigit(static_cast<unsigned char>(name[0]))) {
      continue;
    }
    absl::optional<NetnsId> ns = Stat(absl::StrCat("/proc/", name, "/ns/net"));
    held = ns.has_value() && *ns == id;
  }
  closedir(d);
  return held;
}

bool HeldByAMount(const NetnsId& id) {
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE ...
    const std::vector<absl::string_view> f = absl::StrSplit(line, ' ');
    auto dash = std::find(f.begin(), f.end(), "-");
    if (f.size() < 5 || dash == f.end() || dash + 1 == f.end() ||
        *(dash + 1) != "nsfs") {
      continue;
    }
    absl::optional<NetnsId> ns = Stat(Unescape(f[4]));
    if (ns.has_value() && *ns == id) return true;
  }
  return false;
}

}  // namespace

System MachineSystem() {
  System s;
  s.boot_id = []() -> absl::StatusOr<std::string> {
    // Read once per process, with plain read(2): it is on ADD's path.
    static const absl::StatusOr<std::string>* const id = [] {
      char buf[64];
      const int fd =
          open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
      ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf);
      if (fd >= 0) close(fd);
      while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\0')) --n;
      return n > 0 ? new absl::StatusOr<std::string>(std::string(buf, n))
                   : new absl::StatusOr<std::string>(absl::UnavailableError(
                         "cannot read /proc/sys/kernel/random/boot_id"));
    }();
    return *id;
  };
  s.stat_netns = [](const std::string& path) {
    return path.empty() ? absl::nullopt : Stat(path);
  };
  s.netns_held = [](const NetnsId& id) {
    return HeldByAProcess(id) || HeldByAMount(id);
  };
  s.now = [] { return static_cast<int64_t>(time(nullptr)); };
  s.euid = [] { return static_cast<uint32_t>(geteuid()); };
  return s;
}

}  // namespace claims
}  // namespace index2ip
