// //bench:compare: what one plugin invocation costs, as a container runtime
// pays it: a process started, fed a config on stdin, waited for.
//
//   bazel run -c opt //bench:compare                 # 300 runs each
//   bazel run -c opt //bench:compare -- --runs=1000 --callgrind=off
//
// Programs: the floor (//bench:floor, a static C program that reads stdin and
// writes a fixed result), the plugin (//index2ip:plugin) and, when installed,
// Debian's /usr/lib/cni/static fed a static config with the same addresses,
// routes and DNS servers as the plugin's ADD result. Commands: ADD, CHECK
// (prevResult from testdata/golden/add_1.0.0.json), DEL and VERSION, with
// the CNI variables in the environment and PROC_CMDLINE_FOR_TESTING set to
// testdata/cmdlines/mlab4_lga0t.txt.
//
// Each run is timed from posix_spawn to wait4 by //bench:spawner (see
// spawner.c for why a separate process), stdin from a file, stdout and
// stderr to /dev/null. The programs take turns run by run (ABCABC..., the
// order rotated each round), so drift on a shared machine falls on all of
// them alike and cancels in the ratios, which are computed within this run.
// Where valgrind is installed, each program and command also runs once under
// callgrind for its instruction count.
//
// Not a test: it asserts nothing about time. It exits 1 only when a program
// fails (a non-zero exit), since timings of failures mean nothing.

#include <dirent.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/types/optional.h"
#include "bench/runfiles.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

extern char** environ;

namespace index2ip {
namespace bench {
namespace {

namespace pb = ::google::protobuf;

constexpr const char* kCommands[] = {"ADD", "CHECK", "DEL", "VERSION"};

// The untimed run before each timed one, so that every timed ADD claims its
// addresses in the store (not a retry that finds them claimed) and every
// timed DEL releases them (not one that finds nothing). CHECK follows the
// last ADD, which holds its claims.
const char* PrepareWith(absl::string_view command) {
  if (command == "ADD") return "DEL";
  if (command == "DEL") return "ADD";
  return nullptr;
}

constexpr char kCmdlineFile[] = "testdata/cmdlines/mlab4_lga0t.txt";
constexpr char kConfigFile[] = "testdata/configs/macvlan_ipam_index.json";
constexpr char kGoldenAddFile[] = "testdata/golden/add_1.0.0.json";

struct Options {
  int runs = 300;
  int warmup = 10;
  bool callgrind = true;
  // How the programs' files are prepared; see "What a binary costs" below.
  std::string copy = "cp";
  std::string static_path = "/usr/lib/cni/static";
  // Other builds of the plugin to time beside it (--also=PATH, repeated):
  // trying a change, one interleaved run.
  std::vector<std::string> also;
};

constexpr char kUsage[] =
    "usage: compare [--runs=N] [--warmup=N] [--callgrind=auto|off] "
    "[--static=PATH|none]\n"
    "  --runs       timed runs per program and command (default 300)\n"
    "  --warmup     untimed runs first, per program and command (default 10)\n"
    "  --callgrind  count instructions under valgrind when installed "
    "(default auto)\n"
    "  --static     the reference plugin (default /usr/lib/cni/static; "
    "none to leave it out)\n"
    "  --also=PATH  another build of the plugin, timed beside this one "
    "(repeatable)\n"
    "  --copy       cp: run copies made by cp(1), as a node installs the "
    "plugin\n"
    "               (default); write: copies written in one write(2); off: "
    "the\n"
    "               files in place\n";

absl::StatusOr<Options> ParseFlags(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    absl::string_view value;
    auto flag = [&](absl::string_view name) {
      const std::string prefix = absl::StrCat("--", name, "=");
      if (!absl::StartsWith(arg, prefix)) return false;
      value = arg.substr(prefix.size());
      return true;
    };
    if (flag("runs") || flag("warmup")) {
      int n;
      const bool runs = absl::StartsWith(arg, "--runs");
      if (!absl::SimpleAtoi(value, &n) || n < (runs ? 1 : 0)) {
        return absl::InvalidArgumentError(absl::StrCat(
            arg, ": expected a whole number", runs ? " of at least 1" : ""));
      }
      (runs ? options.runs : options.warmup) = n;
    } else if (flag("callgrind")) {
      if (value != "auto" && value != "off") {
        return absl::InvalidArgumentError(
            absl::StrCat(arg, ": expected auto or off"));
      }
      options.callgrind = value == "auto";
    } else if (flag("copy")) {
      if (value != "cp" && value != "write" && value != "off") {
        return absl::InvalidArgumentError(
            absl::StrCat(arg, ": expected cp, write or off"));
      }
      options.copy = std::string(value);
    } else if (flag("static")) {
      options.static_path = value == "none" ? "" : std::string(value);
    } else if (flag("also")) {
      options.also.emplace_back(value);
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag ", arg));
    }
  }
  return options;
}

absl::Status WriteFile(const std::string& path, absl::string_view data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The first executable `name` on $PATH, or nullopt.
absl::optional<std::string> FindInPath(absl::string_view name) {
  const char* path = getenv("PATH");
  for (absl::string_view dir :
       absl::StrSplit(path != nullptr ? path : "/usr/bin:/bin", ':')) {
    if (dir.empty()) continue;
    std::string candidate = absl::StrCat(dir, "/", name);
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return absl::nullopt;
}

bool IsExecutable(const std::string& path) {
  struct stat st;
  return !path.empty() && stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
         access(path.c_str(), X_OK) == 0;
}

// `strings` as a NULL-terminated array of pointers into them.
std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(&s[0]);
  out.push_back(nullptr);
  return out;
}

// Runs `argv` with stdin from `stdin_file`, stdout and stderr to the files
// given, and waits. Untimed: for checking outputs and for valgrind.
struct Captured {
  int status = 0;  // as wait4 gives it
  std::string out;
  std::string err;
};

absl::StatusOr<Captured> RunCaptured(std::vector<std::string> argv,
                                     const std::string& stdin_file,
                                     std::vector<std::string> env,
                                     const std::string& scratch) {
  const std::string out_file = absl::StrCat(scratch, ".out");
  const std::string err_file = absl::StrCat(scratch, ".err");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, stdin_file.c_str(), O_RDONLY,
                                   0);
  posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> cargv = CStrings(argv);
  std::vector<char*> cenv = CStrings(env);
  pid_t pid;
  const int err =
      posix_spawn(&pid, cargv[0], &actions, nullptr, cargv.data(), cenv.data());
  posix_spawn_file_actions_destroy(&actions);
  if (err != 0) {
    return absl::InternalError(
        absl::StrCat("cannot start ", argv[0], ": ", strerror(err)));
  }
  Captured captured;
  while (waitpid(pid, &captured.status, 0) < 0) {
    if (errno != EINTR) {
      return absl::InternalError(absl::StrCat("waitpid: ", strerror(errno)));
    }
  }
  captured.out = ReadFileOrEmpty(out_file);
  captured.err = ReadFileOrEmpty(err_file);
  unlink(out_file.c_str());
  unlink(err_file.c_str());
  return captured;
}

std::string DescribeStatus(int status) {
  if (WIFEXITED(status)) return absl::StrCat("exit ", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return absl::StrCat("signal ", WTERMSIG(status));
  return absl::StrCat("wait status ", status);
}

// One timed run, as //bench:spawner reports it.
struct Sample {
  int status = 0;
  int64_t nanoseconds = 0;
  long rss_kib = 0;
  long minor_faults = 0;
  long spawner_rss_kib = 0;
};

// A running //bench:spawner and the pipes to it.
class Spawner {
 public:
  static absl::StatusOr<std::unique_ptr<Spawner>> Start(
      const std::string& path) {
    int to_child[2], from_child[2];
    if (pipe2(to_child, O_CLOEXEC) != 0 || pipe2(from_child, O_CLOEXEC) != 0) {
      return absl::InternalError(absl::StrCat("pipe2: ", strerror(errno)));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
    posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
    std::vector<std::string> argv = {path};
    std::vector<char*> cargv = CStrings(argv);
    pid_t pid;
    const int err = posix_spawn(&pid, path.c_str(), &actions, nullptr,
                                cargv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(to_child[0]);
    close(from_child[1]);
    if (err != 0) {
      close(to_child[1]);
      close(from_child[0]);
      return absl::InternalError(
          absl::StrCat("cannot start ", path, ": ", strerror(err)));
    }
    return std::unique_ptr<Spawner>(
        new Spawner(pid, to_child[1], fdopen(from_child[0], "r")));
  }

  ~Spawner() {
    close(requests_);
    fclose(replies_);
    int status;
    waitpid(pid_, &status, 0);
  }

  absl::StatusOr<Sample> Run(const std::string& program,
                             const std::string& stdin_file,
                             const std::vector<std::string>& env) {
    std::string request;
    for (const std::string* field : {&program, &stdin_file}) {
      request.append(*field);
      request.push_back('\0');
    }
    for (const std::string& entry : env) {
      request.append(entry);
      request.push_back('\0');
    }
    request.push_back('\0');
    for (size_t done = 0; done < request.size();) {
      const ssize_t n =
          write(requests_, request.data() + done, request.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        return absl::InternalError(
            absl::StrCat("writing to the spawner: ", strerror(errno)));
      }
      done += static_cast<size_t>(n);
    }
    char line[256];
    if (fgets(line, sizeof line, replies_) == nullptr) {
      return absl::InternalError("the spawner exited");
    }
    Sample sample;
    long long ns;
    if (sscanf(line, "%d %lld %ld %ld %ld", &sample.status, &ns,
               &sample.rss_kib, &sample.minor_faults,
               &sample.spawner_rss_kib) != 5) {
      return absl::InternalError(
          absl::StrCat("the spawner could not start ", program, ": ",
                       absl::StripTrailingAsciiWhitespace(line)));
    }
    sample.nanoseconds = ns;
    return sample;
  }

 private:
  Spawner(pid_t pid, int requests, FILE* replies)
      : pid_(pid), requests_(requests), replies_(replies) {}

  pid_t pid_;
  int requests_;
  FILE* replies_;
};

struct Program {
  std::string name;
  std::string path;
  std::string description;
  std::map<std::string, std::string> stdin_files;  // command -> file
  std::string run_path;  // what runs: `path`, or a copy of it (--copy)
};

// What one program did on one command.
struct Cell {
  std::vector<double> ms;
  std::vector<long> rss_kib;
  std::vector<long> minor_faults;
  int failures = 0;
  absl::optional<uint64_t> instructions;
};

// Nearest-rank percentile of `values`; REQUIRES: not empty.
template <typename T>
T Percentile(std::vector<T> values, double p) {
  std::sort(values.begin(), values.end());
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * values.size()));
  if (rank == 0) rank = 1;
  return values[rank - 1];
}

std::string Thousands(uint64_t n) {
  std::string digits = absl::StrCat(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

absl::StatusOr<pb::Value> ParseJson(absl::string_view json,
                                    absl::string_view what) {
  pb::Value value;
  pb::util::JsonParseOptions options;
  const auto status = pb::util::JsonStringToMessage(
      pb::StringPiece(json.data(), json.size()), &value, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        what, " is not JSON: ", std::string(status.message()), ": ", json));
  }
  return value;
}

std::string ToJson(const pb::Value& value) {
  std::string out;
  (void)pb::util::MessageToJsonString(value, &out);
  return out;
}

// The {address, gateway} pairs of a CNI result's `ips`.
std::set<std::pair<std::string, std::string>> Addresses(
    const pb::Value& result) {
  std::set<std::pair<std::string, std::string>> out;
  const auto& fields = result.struct_value().fields();
  auto ips = fields.find("ips");
  if (ips == fields.end()) return out;
  for (const pb::Value& ip : ips->second.list_value().values()) {
    const auto& f = ip.struct_value().fields();
    auto address = f.find("address");
    auto gateway = f.find("gateway");
    out.emplace(address == f.end() ? "" : address->second.string_value(),
                gateway == f.end() ? "" : gateway->second.string_value());
  }
  return out;
}

std::string DescribeAddresses(
    const std::set<std::pair<std::string, std::string>>& addresses) {
  std::vector<std::string> parts;
  for (const auto& a : addresses) {
    parts.push_back(absl::StrCat(a.first, " gw ", a.second));
  }
  return absl::StrJoin(parts, ", ");
}

// A static IPAM config equivalent to `add_result`: `config` with its `ipam`
// replaced by {type static, addresses, routes, dns} taken from the result.
pb::Value StaticConfig(const pb::Value& config, const pb::Value& add_result) {
  pb::Value out = config;
  const auto& result = add_result.struct_value().fields();
  pb::Value ipam;
  auto& ipam_fields = *ipam.mutable_struct_value()->mutable_fields();
  ipam_fields["type"].set_string_value("static");
  auto* addresses = ipam_fields["addresses"].mutable_list_value();
  auto ips = result.find("ips");
  if (ips != result.end()) {
    for (const pb::Value& ip : ips->second.list_value().values()) {
      pb::Value entry;
      for (const char* key : {"address", "gateway"}) {
        auto f = ip.struct_value().fields().find(key);
        if (f != ip.struct_value().fields().end()) {
          (*entry.mutable_struct_value()->mutable_fields())[key] = f->second;
        }
      }
      *addresses->add_values() = entry;
    }
  }
  for (const char* key : {"routes", "dns"}) {
    auto f = result.find(key);
    if (f != result.end()) ipam_fields[key] = f->second;
  }
  (*out.mutable_struct_value()->mutable_fields())["ipam"] = ipam;
  return out;
}

pb::Value WithPrevResult(const pb::Value& config, const pb::Value& prev) {
  pb::Value out = config;
  (*out.mutable_struct_value()->mutable_fields())["prevResult"] = prev;
  return out;
}

// Where the runs' claims go: one directory per compare process, on tmpfs
// (/dev/shm) as /run is on the nodes, when the machine has it; under a
// test, the test's own directory. Removed when compare ends (StoreRemover).
const std::string& ClaimsDir() {
  static const std::string* const dir = [] {
    const char* test = getenv("TEST_TMPDIR");
    const char* tmp = getenv("TMPDIR");
    const bool shm = access("/dev/shm", W_OK) == 0;
    return new std::string(absl::StrCat(
        test != nullptr && *test != '\0' ? test
        : shm                           ? "/dev/shm"
        : tmp != nullptr && *tmp != '\0' ? tmp
                                        : "/tmp",
        "/index2ip-bench-claims-", getpid()));
  }();
  return *dir;
}

// A store as full as an M-Lab node's, for the row `fullstore`.
std::string FullClaimsDir() { return absl::StrCat(ClaimsDir(), "-full"); }

// Removes the claims stores when compare returns: each holds only files.
struct StoreRemover {
  ~StoreRemover() {
    for (const std::string& dir : {ClaimsDir(), FullClaimsDir()}) {
      DIR* d = opendir(dir.c_str());
      if (d == nullptr) continue;
      while (const struct dirent* e = readdir(d)) {
        if (e->d_name[0] == '.' && (e->d_name[1] == '\0' ||
                                    (e->d_name[1] == '.' && e->d_name[2] == '\0'))) {
          continue;
        }
        unlinkat(dirfd(d), e->d_name, 0);
      }
      closedir(d);
      rmdir(dir.c_str());
    }
  }
};

// The timed runs' container is bench0; the pods that fill a store are others.
std::vector<std::string> Environment(absl::string_view command,
                                     absl::string_view cmdline,
                                     absl::string_view container = "bench0") {
  return {
      absl::StrCat("CNI_COMMAND=", command),
      absl::StrCat("CNI_CONTAINERID=", container),
      "CNI_NETNS=/var/run/netns/bench",
      "CNI_IFNAME=net1",
      "CNI_PATH=/opt/cni/bin",
      absl::StrCat("PROC_CMDLINE_FOR_TESTING=", cmdline),
      // A claims store of the bench's own (index2ip/attachment_claims.h).
      absl::StrCat("INDEX2IP_DATA_DIR_FOR_TESTING=", ClaimsDir()),
  };
}

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (absl::StartsWith(line, "model name")) {
      std::vector<std::string> parts =
          absl::StrSplit(line, absl::MaxSplits(':', 1));
      if (parts.size() == 2) {
        return std::string(absl::StripAsciiWhitespace(parts[1]));
      }
    }
  }
  return "unknown";
}

// The Ir total from a callgrind output file ("totals:" or "summary:").
absl::optional<uint64_t> CallgrindTotal(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  absl::optional<uint64_t> summary;
  while (std::getline(in, line)) {
    for (absl::string_view key : {"totals:", "summary:"}) {
      absl::string_view rest = line;
      if (!absl::ConsumePrefix(&rest, key)) continue;
      rest = absl::StripAsciiWhitespace(rest);
      rest = rest.substr(0, rest.find(' '));
      uint64_t n;
      if (absl::SimpleAtoi(rest, &n)) {
        if (key == "totals:") return n;
        summary = n;
      }
    }
  }
  return summary;
}

int Main(int argc, char** argv) {
  const time_t started = time(nullptr);
  absl::StatusOr<Options> parsed = ParseFlags(argc, argv);
  if (!parsed.ok()) {
    std::cerr << "compare: " << parsed.status().message() << "\n" << kUsage;
    return 2;
  }
  const Options& options = *parsed;
  const StoreRemover remove_stores;

  absl::StatusOr<Runfiles> root = OpenRunfiles(argv[0]);
  if (!root.ok()) {
    std::cerr << "compare: " << root.status().message() << "\n";
    return 1;
  }
  auto read = [&](const char* relative) -> std::string {
    absl::StatusOr<std::string> text = root->Read(relative);
    if (!text.ok()) {
      std::cerr << "compare: " << text.status().message() << "\n";
      exit(1);
    }
    return *text;
  };
  const std::string cmdline(
      absl::StripTrailingAsciiWhitespace(read(kCmdlineFile)));
  const std::string config_text = read(kConfigFile);
  const std::string golden_text = read(kGoldenAddFile);

  const char* tmpdir_env = getenv("TMPDIR");
  std::string scratch_dir = absl::StrCat(
      tmpdir_env != nullptr && *tmpdir_env != '\0' ? tmpdir_env : "/tmp",
      "/index2ip-bench-XXXXXX");
  if (mkdtemp(&scratch_dir[0]) == nullptr) {
    std::cerr << "compare: mkdtemp: " << strerror(errno) << "\n";
    return 1;
  }
  auto scratch = [&](absl::string_view name) {
    return absl::StrCat(scratch_dir, "/", name);
  };
  std::vector<std::string> scratch_files;
  auto write = [&](absl::string_view name, absl::string_view data) {
    const std::string path = scratch(name);
    absl::Status s = WriteFile(path, data);
    if (!s.ok()) {
      std::cerr << "compare: " << s.message() << "\n";
      exit(1);
    }
    scratch_files.push_back(path);
    return path;
  };

  absl::StatusOr<pb::Value> config = ParseJson(config_text, kConfigFile);
  absl::StatusOr<pb::Value> golden = ParseJson(golden_text, kGoldenAddFile);
  if (!config.ok() || !golden.ok()) {
    std::cerr << "compare: "
              << (config.ok() ? golden.status() : config.status()).message()
              << "\n";
    return 1;
  }

  // The plugin's inputs: the bundled config; CHECK with the golden ADD
  // result as prevResult; VERSION as libcni sends it.
  const std::string add_file = write("add.json", config_text);
  const std::string check_file =
      write("check.json", ToJson(WithPrevResult(*config, *golden)));
  const std::string version_file =
      write("version.json", "{\"cniVersion\":\"1.0.0\"}");

  std::vector<Program> programs;
  programs.push_back({"floor",
                      root->Path("bench/floor"),
                      "//bench:floor, static C: reads stdin, writes a fixed "
                      "result",
                      {},
                      ""});
  programs.push_back({"index2ip",
                      root->Path("index2ip/plugin"),
                      "//index2ip:plugin",
                      {},
                      ""});
  for (size_t i = 0; i < options.also.size(); ++i) {
    programs.push_back({absl::StrCat("also-", i + 1), options.also[i],
                        "another build, --also", {}, ""});
  }
  for (Program& p : programs) {
    p.stdin_files = {{"ADD", add_file},
                     {"CHECK", check_file},
                     {"DEL", add_file},
                     {"VERSION", version_file}};
  }
  // The plugin with another config, for ADD, CHECK and DEL.
  const auto variant = [&](const std::string& name, const std::string& what,
                           const pb::Value& conf) {
    const std::string add = write(absl::StrCat("add_", name, ".json"), ToJson(conf));
    Program p{name, root->Path("index2ip/plugin"), what, {}, ""};
    p.stdin_files = {{"ADD", add},
                     {"CHECK", write(absl::StrCat("check_", name, ".json"),
                                     ToJson(WithPrevResult(conf, *golden)))},
                     {"DEL", add},
                     {"VERSION", version_file}};
    programs.push_back(p);
  };
  const auto ipam_of = [](pb::Value* conf) {
    return (*conf->mutable_struct_value()->mutable_fields())["ipam"]
        .mutable_struct_value()
        ->mutable_fields();
  };
  // The same plugin with ipam.claims false: what the claims store costs
  // (index2ip/claims.h), in the same interleaved run.
  pb::Value off = *config;
  (*ipam_of(&off))["claims"].set_bool_value(false);
  variant("noclaims", "//index2ip:plugin with ipam.claims false (no claims store)",
          off);
  // The same plugin in a store as full as a node of M-Lab's: the other
  // eleven of indices 1-12 claimed by other pods, both families, so 22
  // claims that are not its own stand beside it (issue 13: what a move
  // and DEL read is the owner's, not the store's).
  pb::Value full = *config;
  (*ipam_of(&full))["dataDir"].set_string_value(FullClaimsDir());
  const double own_index = (*ipam_of(&full))["index"].number_value();
  for (int n = 1; n <= 12; ++n) {
    if (n == own_index) continue;
    pb::Value other = full;
    (*ipam_of(&other))["index"].set_number_value(n);
    absl::StatusOr<Captured> filled = RunCaptured(
        {programs[1].path}, write(absl::StrCat("fill", n, ".json"), ToJson(other)),
        Environment("ADD", cmdline, absl::StrCat("other", n)), scratch("fill"));
    if (!filled.ok() || filled->status != 0) {
      std::cerr << "compare: filling " << FullClaimsDir() << " failed: "
                << (filled.ok() ? filled->err
                                : std::string(filled.status().message()))
                << "\n";
      return 1;
    }
  }
  variant("fullstore",
          absl::StrCat("//index2ip:plugin, its store holding 22 other claims "
                       "(indices 1-12 but ", own_index, ", both families)"),
          full);

  // The plugin's ADD result, which the static config reproduces.
  absl::StatusOr<Captured> plugin_add =
      RunCaptured({programs[1].path}, add_file, Environment("ADD", cmdline),
                  scratch("plugin_add"));
  if (!plugin_add.ok() || plugin_add->status != 0) {
    std::cerr << "compare: " << programs[1].path << " ADD failed: "
              << (plugin_add.ok()
                      ? absl::StrCat(DescribeStatus(plugin_add->status), ": ",
                                     plugin_add->out, plugin_add->err)
                      : std::string(plugin_add.status().message()))
              << "\n";
    return 1;
  }
  absl::StatusOr<pb::Value> add_result =
      ParseJson(plugin_add->out, "the plugin's ADD result");
  if (!add_result.ok()) {
    std::cerr << "compare: " << add_result.status().message() << "\n";
    return 1;
  }
  const auto our_addresses = Addresses(*add_result);
  std::vector<std::string> notes;
  if (absl::StripTrailingAsciiWhitespace(plugin_add->out) !=
      absl::StripTrailingAsciiWhitespace(golden_text)) {
    notes.push_back(absl::StrCat(
        "warning: the plugin's ADD output differs from ", kGoldenAddFile));
  }

  std::string static_version;
  if (!options.static_path.empty() && IsExecutable(options.static_path)) {
    const pb::Value static_config = StaticConfig(*config, *add_result);
    Program p{"static", options.static_path, "", {}, ""};
    const std::string static_add =
        write("static_add.json", ToJson(static_config));
    p.stdin_files = {
        {"ADD", static_add},
        {"CHECK", write("static_check.json",
                        ToJson(WithPrevResult(static_config, *golden)))},
        {"DEL", static_add},
        {"VERSION", version_file}};
    absl::StatusOr<Captured> run =
        RunCaptured({p.path}, static_add, Environment("ADD", cmdline),
                    scratch("static_add"));
    absl::StatusOr<pb::Value> result =
        run.ok() && run->status == 0
            ? ParseJson(run->out, "the static plugin's ADD result")
            : absl::StatusOr<pb::Value>(absl::InternalError(
                  run.ok() ? absl::StrCat(DescribeStatus(run->status), ": ",
                                          run->out, run->err)
                           : std::string(run.status().message())));
    if (!result.ok()) {
      notes.push_back(absl::StrCat("static left out: its ADD failed: ",
                                   result.status().message()));
    } else if (Addresses(*result) != our_addresses) {
      notes.push_back(absl::StrCat("static left out: its ADD returned ",
                                   DescribeAddresses(Addresses(*result)),
                                   ", not ", DescribeAddresses(our_addresses)));
    } else {
      if (auto dpkg = FindInPath("dpkg-query")) {
        absl::StatusOr<Captured> v = RunCaptured(
            {*dpkg, "-W", "-f=${Version}", "containernetworking-plugins"},
            "/dev/null", {"PATH=/usr/bin:/bin"}, scratch("dpkg"));
        if (v.ok() && v->status == 0) static_version = v->out;
      }
      p.description = absl::StrCat(
          "Go reference IPAM plugin",
          static_version.empty()
              ? ""
              : absl::StrCat(", containernetworking-plugins ", static_version),
          "; same addresses as index2ip's ADD: ",
          DescribeAddresses(our_addresses));
      programs.push_back(p);
    }
  } else if (!options.static_path.empty()) {
    notes.push_back(absl::StrCat("static left out: ", options.static_path,
                                 " is not installed"));
  }

  // What a binary costs to start depends on how its file sits in the page
  // cache, not only on its bytes (bench/README.md): a copy written in one
  // write(2) gets large folios, which one fault can map whole, and on this VM
  // made the floor 19 page faults instead of 26; cp(1) and a read back from
  // disk give the same 26 as the files in place. So every program is run
  // from a copy made the same way just before the runs, by default with cp,
  // as the DaemonSet in deploy/ installs the plugin.
  for (Program& p : programs) {
    p.run_path = p.path;
    if (options.copy == "off") continue;
    const std::string copy = scratch(absl::StrCat("bin.", p.name));
    absl::Status s = absl::OkStatus();
    if (options.copy == "write") {
      s = WriteFile(copy, ReadFileOrEmpty(p.path));
      if (s.ok() && chmod(copy.c_str(), 0755) != 0) {
        s = absl::InternalError(
            absl::StrCat("chmod ", copy, ": ", strerror(errno)));
      }
    } else {
      absl::StatusOr<Captured> cp =
          RunCaptured({"/bin/cp", p.path, copy}, "/dev/null",
                      {"PATH=/usr/bin:/bin"}, scratch("cp"));
      if (!cp.ok()) {
        s = cp.status();
      } else if (cp->status != 0) {
        s = absl::InternalError(absl::StrCat(
            "cp: ", DescribeStatus(cp->status), ": ", cp->err));
      }
    }
    if (!s.ok()) {
      std::cerr << "compare: copying " << p.path << ": " << s.message()
                << "\n";
      return 1;
    }
    scratch_files.push_back(copy);
    p.run_path = copy;
  }

  // Every program must succeed on every command before any timing counts.
  for (const Program& p : programs) {
    for (const char* command : kCommands) {
      absl::StatusOr<Captured> run =
          RunCaptured({p.run_path}, p.stdin_files.at(command),
                      Environment(command, cmdline), scratch("check"));
      if (!run.ok() || run->status != 0) {
        std::cerr << "compare: " << p.name << " " << command << " failed: "
                  << (run.ok() ? absl::StrCat(DescribeStatus(run->status),
                                              "\nstdout: ", run->out,
                                              "\nstderr: ", run->err)
                               : std::string(run.status().message()))
                  << "\n";
        return 1;
      }
    }
  }

  absl::StatusOr<std::unique_ptr<Spawner>> spawner =
      Spawner::Start(root->Path("bench/spawner"));
  if (!spawner.ok()) {
    std::cerr << "compare: " << spawner.status().message() << "\n";
    return 1;
  }

  std::map<std::pair<std::string, std::string>, Cell> cells;
  long spawner_rss_kib = 0;
  std::string first_failure;
  for (const char* command : kCommands) {
    const std::vector<std::string> env = Environment(command, cmdline);
    const char* prepare = PrepareWith(command);
    const std::vector<std::string> prepare_env =
        prepare != nullptr ? Environment(prepare, cmdline)
                           : std::vector<std::string>();
    for (int round = -options.warmup; round < options.runs; ++round) {
      const size_t offset =
          static_cast<size_t>(round + options.warmup) % programs.size();
      for (size_t k = 0; k < programs.size(); ++k) {
        const Program& p = programs[(k + offset) % programs.size()];
        if (prepare != nullptr) {
          absl::StatusOr<Sample> before = (*spawner)->Run(
              p.run_path, p.stdin_files.at(prepare), prepare_env);
          if (!before.ok() || before->status != 0) {
            std::cerr << "compare: " << p.name << " " << prepare
                      << " before " << command << " failed\n";
            return 1;
          }
        }
        absl::StatusOr<Sample> sample =
            (*spawner)->Run(p.run_path, p.stdin_files.at(command), env);
        if (!sample.ok()) {
          std::cerr << "compare: " << sample.status().message() << "\n";
          return 1;
        }
        if (round < 0) continue;
        Cell& cell = cells[{p.name, command}];
        if (sample->status != 0) {
          ++cell.failures;
          if (first_failure.empty()) {
            first_failure = absl::StrCat(p.name, " ", command, ": ",
                                         DescribeStatus(sample->status));
          }
          continue;
        }
        cell.ms.push_back(static_cast<double>(sample->nanoseconds) / 1e6);
        cell.rss_kib.push_back(sample->rss_kib);
        cell.minor_faults.push_back(sample->minor_faults);
        spawner_rss_kib = std::max(spawner_rss_kib, sample->spawner_rss_kib);
      }
    }
  }
  spawner->reset();

  absl::optional<std::string> valgrind;
  if (options.callgrind) valgrind = FindInPath("valgrind");
  if (valgrind) {
    for (const Program& p : programs) {
      for (const char* command : kCommands) {
        const std::string out =
            scratch(absl::StrCat("callgrind.", p.name, ".", command, ".out"));
        // Go's runtime, under valgrind 3.19: it uses rdtscp, which valgrind
        // does not decode, when the CPU has it; and callgrind now and then
        // asserts on its preemption signals. Both switches leave the
        // plugin's own work alone and mean nothing to C and C++ programs.
        std::vector<std::string> env = Environment(command, cmdline);
        env.push_back("GODEBUG=cpu.rdtscp=off,asyncpreemptoff=1");
        absl::StatusOr<Captured> run;
        for (int attempt = 0; attempt < 3; ++attempt) {
          run =
              RunCaptured({*valgrind, "--tool=callgrind", "-q",
                           absl::StrCat("--callgrind-out-file=", out),
                           p.run_path},
                          p.stdin_files.at(command), env, scratch("valgrind"));
          if (run.ok() && run->status == 0) break;
        }
        if (run.ok() && run->status == 0) {
          cells[{p.name, command}].instructions = CallgrindTotal(out);
        } else {
          notes.push_back(absl::StrCat(
              "callgrind failed on ", p.name, " ", command, ": ",
              run.ok() ? DescribeStatus(run->status) + " " + run->err
                       : std::string(run.status().message())));
        }
        unlink(out.c_str());
      }
    }
  }

  for (const std::string& f : scratch_files) unlink(f.c_str());
  rmdir(scratch_dir.c_str());

  // The report.
  char date[64];
  strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S UTC", gmtime(&started));
  struct utsname uts;
  uname(&uts);
  std::cout << "index2ip //bench:compare\n"
            << "date:     " << date << ", for " << time(nullptr) - started
            << " s\n"
            << "machine:  nproc " << sysconf(_SC_NPROCESSORS_ONLN) << ", "
            << CpuModel() << ", Linux " << uts.release << "\n"
            << "runs:     " << options.runs << " timed per program and "
            << "command, after " << options.warmup << " untimed; programs "
            << "take turns run by run (order rotated each round)\n"
            << "timing:   posix_spawn to wait4, stdin from a file, stdout "
            << "and stderr to /dev/null\n"
            << "files:    "
            << (options.copy == "cp"
                    ? "each program run from a copy made by cp just before "
                      "the runs (--copy=cp)"
                    : options.copy == "write"
                          ? "each program run from a copy written in one "
                            "write just before the runs (--copy=write)"
                          : "each program run in place (--copy=off)")
            << "\n"
            << "programs:\n";
  for (const Program& p : programs) {
    std::cout << absl::StrFormat("  %-9s %s\n            %s\n", p.name, p.path,
                                 p.description);
  }
  std::cout << "\n";

  const bool have_static =
      std::any_of(programs.begin(), programs.end(),
                  [](const Program& p) { return p.name == "static"; });
  std::cout << "| program | command | p50 ms | p90 ms | p50 / floor | "
               "p50 / static | peak RSS KiB | page faults | instructions |\n"
            << "|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const char* command : kCommands) {
    auto p50_of = [&](const std::string& name) -> absl::optional<double> {
      auto it = cells.find({name, command});
      if (it == cells.end() || it->second.ms.empty()) return absl::nullopt;
      return Percentile(it->second.ms, 50);
    };
    const absl::optional<double> floor_p50 = p50_of("floor");
    const absl::optional<double> static_p50 =
        have_static ? p50_of("static") : absl::nullopt;
    for (const Program& p : programs) {
      const Cell& cell = cells[{p.name, command}];
      if (cell.ms.empty()) {
        std::cout << "| " << p.name << " | " << command
                  << " | failed | | | | | | |\n";
        continue;
      }
      const double p50 = Percentile(cell.ms, 50);
      auto ratio = [&](const absl::optional<double>& base) {
        return base && *base > 0 ? absl::StrFormat("%.2f", p50 / *base)
                                 : std::string("—");
      };
      std::cout << absl::StrFormat(
          "| %s | %s | %.3f | %.3f | %s | %s | %d | %d | %s |\n", p.name,
          command, p50, Percentile(cell.ms, 90), ratio(floor_p50),
          ratio(static_p50), Percentile(cell.rss_kib, 50),
          Percentile(cell.minor_faults, 50),
          cell.instructions ? Thousands(*cell.instructions) : std::string("—"));
    }
  }
  std::cout << "\n"
            << "p50 / floor and p50 / static: ratios of p50s from this run.\n"
            << "peak RSS: median over runs of wait4's ru_maxrss, in KiB. A "
            << "child's figure cannot fall below what the spawner had "
            << "mapped when it started it (its peak: " << spawner_rss_kib
            << " KiB VmHWM), so the floor's is an upper bound.\n"
            << "page faults: median over runs of wait4's ru_minflt; each is "
            << "a trip into the kernel that costs far more than an "
            << "instruction.\n"
            << "instructions: Ir of one run under valgrind --tool=callgrind, "
            << "all threads"
            << (valgrind ? " (Go's runtime with "
                           "GODEBUG=cpu.rdtscp=off,asyncpreemptoff=1)"
                         : " (not measured: valgrind not found or "
                           "--callgrind=off)")
            << ".\n";
  int failures = 0;
  for (const auto& entry : cells) failures += entry.second.failures;
  for (const std::string& note : notes) std::cout << note << "\n";
  if (failures > 0) {
    std::cout << "FAILED: " << failures << " timed runs exited non-zero; "
              << "first: " << first_failure << "\n";
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace bench
}  // namespace index2ip

int main(int argc, char** argv) { return index2ip::bench::Main(argc, argv); }
