#include "index2ip/claims.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cni/codec.h"
#include "index2ip/claim_files.h"
#include "cni/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace index2ip {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// A machine in a test: its boot, the namespaces that exist (path -> id) and
// those some process still holds.
struct FakeMachine {
  std::string boot = "boot-1";
  std::map<std::string, NetnsId> paths;
  std::vector<NetnsId> held;
  int64_t clock = 1700000000;
  int held_scans = 0;

  ClaimSystem System() {
    ClaimSystem s;
    s.boot_id = [this]() -> absl::StatusOr<std::string> { return boot; };
    s.stat_netns = [this](const std::string& p) -> absl::optional<NetnsId> {
      auto it = paths.find(p);
      if (it == paths.end()) return absl::nullopt;
      return it->second;
    };
    s.netns_held = [this](const NetnsId& id) {
      ++held_scans;
      for (const NetnsId& h : held) {
        if (h == id) return true;
      }
      return false;
    };
    s.now = [this] { return clock; };
    return s;
  }
};

std::string NewDir() {
  static int n = 0;
  const char* tmp = std::getenv("TEST_TMPDIR");
  return absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/claims-", getpid(), "-",
                      ++n);
}

// Every name in `dir` but . and ..
std::vector<std::string> NamesIn(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return out;
  while (const struct dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (name != "." && name != "..") out.push_back(name);
  }
  closedir(d);
  return out;
}

std::string FileOf(const std::string& dir, const std::string& address) {
  std::ifstream in(absl::StrCat(dir, "/", address));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

ClaimOwner Owner(const std::string& id, const std::string& netns = "/run/netns/a") {
  return {id, "net1", "ndt", netns};
}

class Claims : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = NewDir();
    machine_.paths["/run/netns/a"] = {4, 1001};
    machine_.paths["/run/netns/b"] = {4, 1002};
    system_ = machine_.System();
  }
  ClaimStore Open() {
    absl::StatusOr<ClaimStore> s = ClaimStore::Open(dir_, true, system_);
    EXPECT_TRUE(s.ok()) << s.status();
    return *std::move(s);
  }
  absl::Status ClaimFor(const ClaimOwner& owner,
                        std::vector<std::string> addresses) {
    std::vector<std::string> log;
    absl::Status s = Open().Claim(owner, addresses, &log);
    log_.insert(log_.end(), log.begin(), log.end());
    return s;
  }

  std::vector<std::string> Names() { return NamesIn(dir_); }

  std::string dir_;
  FakeMachine machine_;
  ClaimSystem system_;
  std::vector<std::string> log_;
};

TEST_F(Claims, FirstClaimCreatesThePrivateDirectoryAndOneFilePerAddress) {
  ASSERT_TRUE(ClaimFor(Owner("ctr-a"), {"4.14.159.117", "2001:db8::117"}).ok());
  struct stat st;
  ASSERT_EQ(stat(dir_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  absl::StatusOr<cni::Claim> c = ParseClaim(FileOf(dir_, "4.14.159.117"));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->container_id(), "ctr-a");
  EXPECT_EQ(c->ifname(), "net1");
  EXPECT_EQ(c->network(), "ndt");
  EXPECT_EQ(c->netns(), "/run/netns/a");
  EXPECT_EQ(c->netns_id(), "4:1001");
  EXPECT_EQ(c->boot_id(), "boot-1");
  EXPECT_EQ(c->since(), 1700000000);
  EXPECT_EQ(c->format(), 1u);
  ASSERT_EQ(stat(absl::StrCat(dir_, "/2001:db8::117").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(Claims, SameOwnerAgainSucceedsAndRefreshesTheNamespace) {
  ASSERT_TRUE(ClaimFor(Owner("ctr-a"), {"10.0.0.2"}).ok());
  // A plain retry changes nothing, not even the time.
  machine_.clock += 30;
  ASSERT_TRUE(ClaimFor(Owner("ctr-a"), {"10.0.0.2"}).ok());
  EXPECT_EQ(ParseClaim(FileOf(dir_, "10.0.0.2"))->since(), 1700000000);
  // podman restarts the container with its ID and a new namespace.
  machine_.clock += 30;
  ASSERT_TRUE(ClaimFor(Owner("ctr-a", "/run/netns/b"), {"10.0.0.2"}).ok());
  absl::StatusOr<cni::Claim> c = ParseClaim(FileOf(dir_, "10.0.0.2"));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->netns_id(), "4:1002");
  EXPECT_EQ(c->since(), 1700000060);
}

TEST_F(Claims, AnOwnerWithAnotherAddressMovesItsClaim) {
  ASSERT_TRUE(ClaimFor(Owner("ctr-a"), {"10.0.0.2"}).ok());
  ASSERT_TRUE(ClaimFor(Owner("ctr-a"), {"10.0.0.3"}).ok());
  EXPECT_THAT(FileOf(dir_, "10.0.0.2"), IsEmpty());
  EXPECT_TRUE(ParseClaim(FileOf(dir_, "10.0.0.3")).ok());
}

TEST_F(Claims, AnotherLiveOwnerIsAddressInUseAndNothingChanges) {
  ASSERT_TRUE(ClaimFor(Owner("ctr-a"), {"10.0.0.2"}).ok());
  const std::string before = FileOf(dir_, "10.0.0.2");
  absl::Status s = ClaimFor(Owner("ctr-b", "/run/netns/b"), {"10.0.0.3", "10.0.0.2"});
  ASSERT_FALSE(s.ok());
  const cni::Error e = cni::ToCniError(s, "1.0.0");
  EXPECT_EQ(e.code(), 103u);
  EXPECT_EQ(e.msg(), "address in use");
  EXPECT_THAT(e.details(), HasSubstr("10.0.0.2 is claimed by container 'ctr-a' "
                                     "interface 'net1' of network 'ndt' since "
                                     "1700000000"));
  EXPECT_THAT(e.details(), HasSubstr("index2ip claims --data-dir " + dir_));
  EXPECT_EQ(FileOf(dir_, "10.0.0.2"), before);
  EXPECT_THAT(FileOf(dir_, "10.0.0.3"), IsEmpty()) << "half a claim made";
  // The scan of processes runs only when the path no longer names it.
  EXPECT_EQ(machine_.held_scans, 0);
}

TEST_F(Claims, AHolderWhosePathIsGoneButWhoseNamespaceIsHeldIsAlive) {
  machine_.paths["/proc/4242/ns/net"] = {4, 2001};
  ASSERT_TRUE(ClaimFor(Owner("ctr-a", "/proc/4242/ns/net"), {"10.0.0.2"}).ok());
  machine_.paths.erase("/proc/4242/ns/net");  // the process exited
  machine_.held = {{4, 2001}};                // a mount keeps the namespace
  EXPECT_EQ(cni::CodeOf(ClaimFor(Owner("ctr-b"), {"10.0.0.2"})),
            cni::ErrorCode::kAddressInUse);
  EXPECT_EQ(machine_.held_scans, 1);
}

TEST_F(Claims, AStaleClaimIsTakenOverAndSaidSo) {
  ASSERT_TRUE(ClaimFor(Owner("ctr-a"), {"10.0.0.2"}).ok());
  machine_.paths["/run/netns/a"] = {4, 9999};  // the path names another one
  ASSERT_TRUE(ClaimFor(Owner("ctr-b", "/run/netns/b"), {"10.0.0.2"}).ok());
  absl::StatusOr<cni::Claim> c = ParseClaim(FileOf(dir_, "10.0.0.2"));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->container_id(), "ctr-b");
  ASSERT_EQ(log_.size(), 1u);
  EXPECT_THAT(log_[0], HasSubstr("took over 10.0.0.2 from stale container 'ctr-a'"));
}

TEST_F(Claims, AClaimFromAnotherBootIsStale) {
  ASSERT_TRUE(ClaimFor(Owner("ctr-a"), {"10.0.0.2"}).ok());
  machine_.boot = "boot-2";
  EXPECT_TRUE(ClaimFor(Owner("ctr-b", "/run/netns/b"), {"10.0.0.2"}).ok());
}

TEST_F(Claims, AClaimWithoutANamespaceIsHeldNeverTakenOver) {
  ASSERT_TRUE(ClaimFor(Owner("ctr-a", "/no/such/netns"), {"10.0.0.2"}).ok());
  absl::Status s = ClaimFor(Owner("ctr-b"), {"10.0.0.2"});
  EXPECT_EQ(cni::CodeOf(s), cni::ErrorCode::kAddressInUse);
  EXPECT_THAT(s.message(), HasSubstr("held until DEL or GC"));
  // Its owner may claim again, and DEL releases it.
  EXPECT_TRUE(ClaimFor(Owner("ctr-a", "/no/such/netns"), {"10.0.0.2"}).ok());
  std::vector<std::string> log;
  EXPECT_EQ(Open().Release("ctr-a", "net1", &log), 1);
  EXPECT_TRUE(ClaimFor(Owner("ctr-b"), {"10.0.0.2"}).ok());
}

TEST_F(Claims, UnreadableAndNewerClaimsAreHeldAndNamed) {
  ASSERT_EQ(mkdir(dir_.c_str(), 0700), 0);
  std::ofstream(absl::StrCat(dir_, "/10.0.0.2")) << "{\"format\":1,\"addr";
  std::ofstream(absl::StrCat(dir_, "/10.0.0.3"))
      << R"({"format":2,"address":"10.0.0.3","containerID":"x","ifname":"e",)"
         R"("network":"n"})";
  for (const char* a : {"10.0.0.2", "10.0.0.3"}) {
    absl::Status s = ClaimFor(Owner("ctr-b"), {a});
    EXPECT_EQ(cni::CodeOf(s), cni::ErrorCode::kAddressInUse) << a;
    EXPECT_THAT(s.message(), HasSubstr("an unreadable claim")) << a;
  }
  EXPECT_THAT(ClaimFor(Owner("ctr-b"), {"10.0.0.3"}).message(),
              HasSubstr("format 2, newer than this plugin's 1"));
  // Never deleted by anyone but an operator.
  std::vector<std::string> log;
  Open().Release("x", "e", &log);
  EXPECT_FALSE(FileOf(dir_, "10.0.0.3").empty());
}

TEST_F(Claims, ReleaseTakesOnlyTheOwnersClaimsAndCanBeRepeated) {
  ASSERT_TRUE(ClaimFor(Owner("ctr-a"), {"10.0.0.2", "2001:db8::2"}).ok());
  ASSERT_TRUE(ClaimFor(Owner("ctr-b", "/run/netns/b"), {"10.0.0.3"}).ok());
  std::vector<std::string> log;
  EXPECT_EQ(Open().Release("ctr-a", "net2", &log), 0);  // another interface
  EXPECT_EQ(Open().Release("ctr-a", "net1", &log), 2);
  EXPECT_EQ(Open().Release("ctr-a", "net1", &log), 0);
  EXPECT_FALSE(FileOf(dir_, "10.0.0.3").empty());
  EXPECT_THAT(log, IsEmpty());
  // Without the directory, nothing is made.
  const std::string none = NewDir();
  absl::StatusOr<ClaimStore> s = ClaimStore::Open(none, false, system_);
  EXPECT_EQ(s.status().code(), absl::StatusCode::kNotFound);
  struct stat st;
  EXPECT_NE(stat(none.c_str(), &st), 0);
}

TEST_F(Claims, CollectRemovesTheNetworksClaimsNotListed) {
  ASSERT_TRUE(ClaimFor(Owner("ctr-a"), {"10.0.0.2"}).ok());
  ASSERT_TRUE(ClaimFor(Owner("ctr-b", "/run/netns/b"), {"10.0.0.3"}).ok());
  ClaimOwner other = Owner("ctr-c");
  other.network = "other";
  ASSERT_TRUE(ClaimFor(other, {"10.0.0.4"}).ok());
  std::ofstream(absl::StrCat(dir_, "/10.0.0.9")) << "garbage";
  std::vector<std::string> log;
  absl::Status s = Open().Collect("ndt", {{"ctr-a", "net1"}}, &log);
  // It went on past the bad claim, and says so at the end.
  EXPECT_EQ(cni::CodeOf(s), cni::ErrorCode::kIoFailure);
  EXPECT_THAT(s.message(), HasSubstr("'10.0.0.9'"));
  EXPECT_FALSE(FileOf(dir_, "10.0.0.2").empty());  // valid
  EXPECT_THAT(FileOf(dir_, "10.0.0.3"), IsEmpty());  // collected
  EXPECT_FALSE(FileOf(dir_, "10.0.0.4").empty());  // another network's
  ASSERT_EQ(log.size(), 1u);
}

TEST_F(Claims, HoldsAndListAndRemove) {
  ASSERT_TRUE(ClaimFor(Owner("ctr-a", "/no/such"), {"10.0.0.2"}).ok());
  ClaimStore store = Open();
  EXPECT_TRUE(store.Holds(Owner("ctr-a"), {"10.0.0.2"}).ok());
  EXPECT_EQ(cni::CodeOf(store.Holds(Owner("ctr-b"), {"10.0.0.2"})),
            cni::ErrorCode::kCheckMismatch);
  EXPECT_THAT(store.Holds(Owner("ctr-a"), {"10.0.0.5"}).message(),
              HasSubstr("nobody claims it"));
  const std::vector<ClaimView> all = store.List();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].state, ClaimView::State::kHeld);
  absl::StatusOr<ClaimView> removed = store.Remove("10.0.0.2");
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(removed->claim->container_id(), "ctr-a");
  EXPECT_EQ(store.Remove("10.0.0.2").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store.Remove("../etc").status().code(), absl::StatusCode::kNotFound);
}

// CNI_NETNS may be any bytes; the claim stays readable, so the owner's own
// retry succeeds. Found by plugin_fuzzer.
TEST_F(Claims, ANetnsPathThatIsNotUtf8KeepsTheClaimReadable) {
  const std::string path = "/run/netns/\xff\xfe";
  machine_.paths[path] = {4, 3003};
  ASSERT_TRUE(ClaimFor(Owner("ctr-a", path), {"10.0.0.2"}).ok());
  absl::StatusOr<cni::Claim> c = ParseClaim(FileOf(dir_, "10.0.0.2"));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->netns(), "/run/netns/\\xff\\xfe");
  EXPECT_TRUE(ClaimFor(Owner("ctr-a", path), {"10.0.0.2"}).ok());
  // Alive by its identity, though its recorded text names no path.
  machine_.held = {{4, 3003}};
  EXPECT_EQ(cni::CodeOf(ClaimFor(Owner("ctr-b"), {"10.0.0.2"})),
            cni::ErrorCode::kAddressInUse);
}

TEST_F(Claims, TemporariesOfADeadProcessAreSwept) {
  ASSERT_EQ(mkdir(dir_.c_str(), 0700), 0);
  const std::string temp = absl::StrCat(dir_, "/.tmp.1234.10.0.0.2");
  std::ofstream(temp) << "{\"format\":1";
  Open();
  struct stat st;
  EXPECT_NE(stat(temp.c_str(), &st), 0);
}

std::string EntryOf(const std::string& container, const std::string& address) {
  return claim_files::OwnName(claim_files::OwnerKey(container, "net1"), address);
}

// Each claim has its holder's index entry, and the move and DEL go by them.
TEST_F(Claims, TheOwnersIndexEntriesFollowItsClaims) {
  ASSERT_TRUE(ClaimFor(Owner("ctr-a"), {"10.0.0.2", "2001:db8::2"}).ok());
  ASSERT_TRUE(ClaimFor(Owner("ctr-b", "/run/netns/b"), {"10.0.0.3"}).ok());
  EXPECT_THAT(Names(), UnorderedElementsAre(
                           "10.0.0.2", "2001:db8::2", "10.0.0.3",
                           EntryOf("ctr-a", "10.0.0.2"),
                           EntryOf("ctr-a", "2001:db8::2"),
                           EntryOf("ctr-b", "10.0.0.3")));
  ASSERT_TRUE(ClaimFor(Owner("ctr-a"), {"10.0.0.4"}).ok());  // moves
  EXPECT_THAT(Names(), UnorderedElementsAre("10.0.0.4", "10.0.0.3",
                                            EntryOf("ctr-a", "10.0.0.4"),
                                            EntryOf("ctr-b", "10.0.0.3")));
  std::vector<std::string> log;
  EXPECT_EQ(Open().Release("ctr-a", "net1", &log), 1);
  EXPECT_EQ(Open().Release("ctr-b", "net1", &log), 1);
  EXPECT_THAT(Names(), IsEmpty());
}

// The former holder's entry outlives a takeover: its DEL drops it and
// leaves the new holder's claim, and GC sweeps it.
TEST_F(Claims, AfterATakeoverTheFormerHoldersEntryIsDroppedNotItsClaim) {
  ASSERT_TRUE(ClaimFor(Owner("ctr-a"), {"10.0.0.2", "10.0.0.3"}).ok());
  machine_.paths["/run/netns/a"] = {4, 9999};  // ctr-a is gone
  ASSERT_TRUE(ClaimFor(Owner("ctr-b", "/run/netns/b"), {"10.0.0.2"}).ok());
  ASSERT_TRUE(ClaimFor(Owner("ctr-c", "/run/netns/b"), {"10.0.0.3"}).ok());
  EXPECT_THAT(Names(), UnorderedElementsAre(
                           "10.0.0.2", "10.0.0.3", EntryOf("ctr-a", "10.0.0.2"),
                           EntryOf("ctr-a", "10.0.0.3"),
                           EntryOf("ctr-b", "10.0.0.2"),
                           EntryOf("ctr-c", "10.0.0.3")));
  std::vector<std::string> log;
  EXPECT_EQ(Open().Release("ctr-a", "net1", &log), 0);
  EXPECT_THAT(Names(), UnorderedElementsAre(
                           "10.0.0.2", "10.0.0.3", EntryOf("ctr-b", "10.0.0.2"),
                           EntryOf("ctr-c", "10.0.0.3")));
  // Again, and this time GC sweeps ctr-a's entries.
  ASSERT_TRUE(Open().Collect("ndt", {{"ctr-b", "net1"}, {"ctr-c", "net1"}}, &log).ok());
  machine_.paths["/run/netns/b"] = {4, 8888};
  ASSERT_TRUE(ClaimFor(Owner("ctr-a"), {"10.0.0.2"}).ok());
  EXPECT_THAT(log_, Contains(HasSubstr("took over 10.0.0.2 from stale container 'ctr-b'")));
  ASSERT_TRUE(Open().Collect("ndt", {{"ctr-a", "net1"}, {"ctr-c", "net1"}}, &log).ok());
  EXPECT_THAT(Names(), UnorderedElementsAre(
                           "10.0.0.2", "10.0.0.3", EntryOf("ctr-a", "10.0.0.2"),
                           EntryOf("ctr-c", "10.0.0.3")));
}

// What a process killed between an entry and its claim leaves: swept.
TEST_F(Claims, AnEntryWithoutItsClaimIsSweptAndAClaimedOneKept) {
  ASSERT_TRUE(ClaimFor(Owner("ctr-a"), {"10.0.0.2"}).ok());
  std::ofstream(absl::StrCat(dir_, "/", EntryOf("ctr-a", "10.0.0.7"))) << "{";
  std::ofstream(absl::StrCat(dir_, "/.own.not-a-key.10.0.0.2")) << "{";
  Open();
  EXPECT_THAT(Names(), UnorderedElementsAre("10.0.0.2",
                                            EntryOf("ctr-a", "10.0.0.2")));
}

// Every store of the directory, this plugin's other processes included,
// waits for the one that holds the directory's flock.
TEST_F(Claims, TheLockIsTheDirectorysAndHeldUntilTheStoreGoes) {
  const int other = [&] {
    ClaimStore store = Open();
    const int fd = open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    EXPECT_GE(fd, 0);
    EXPECT_NE(flock(fd, LOCK_EX | LOCK_NB), 0);
    EXPECT_EQ(errno, EWOULDBLOCK);
    return fd;
  }();
  EXPECT_EQ(flock(other, LOCK_EX | LOCK_NB), 0);
  close(other);
}

// A claim too long for ParseClaim to read back would be an address held
// by nobody who can be named, its owner's own DEL and retries included.
TEST_F(Claims, AnOwnerTooLongToClaimFailsWithNothingWritten) {
  const std::string path = absl::StrCat("/run/netns/", std::string(4000, 'n'));
  machine_.paths[path] = {4, 4004};
  const absl::Status s =
      ClaimFor(Owner("ctr-a", path), {"10.0.0.2", "2001:db8::2"});
  EXPECT_EQ(cni::CodeOf(s), cni::ErrorCode::kInvalidEnvironmentVariables) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("CNI_NETNS 4011"));
  EXPECT_THAT(Open().List(), IsEmpty());
  // A network name of kilobytes is the config's to fix.
  ClaimOwner long_name = Owner("ctr-a");
  long_name.network = std::string(4100, 'x');
  EXPECT_EQ(cni::CodeOf(ClaimFor(long_name, {"10.0.0.2"})),
            cni::ErrorCode::kInvalidNetworkConfig);
  // Long but within the bound: claimed, and read back whole.
  const std::string fits = absl::StrCat("/run/netns/", std::string(3000, 'n'));
  machine_.paths[fits] = {4, 4005};
  ASSERT_TRUE(ClaimFor(Owner("ctr-a", fits), {"10.0.0.2"}).ok());
  absl::StatusOr<cni::Claim> c = ParseClaim(FileOf(dir_, "10.0.0.2"));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->netns(), fits);
}

TEST(FormatClaim, WritesOnlyWhatParseClaimReadsBack) {
  cni::Claim c;
  c.set_format(kClaimFormat);
  c.set_address("10.0.0.2");
  c.set_container_id("c");
  c.set_ifname("net1");
  c.set_network("n");
  // Each DEL byte is six in JSON (\u007f): 1000 of them fit as raw text
  // but not as the text FormatClaim would write (found by claim_fuzzer).
  c.set_boot_id(std::string(1000, '\x7f'));
  EXPECT_FALSE(FormatClaim(c).ok());
  c.set_boot_id(std::string(500, '\x7f'));
  absl::StatusOr<std::string> text = FormatClaim(c);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_LE(text->size(), kMaxClaimBytes);
  absl::StatusOr<cni::Claim> back = ParseClaim(*text);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->boot_id(), c.boot_id());
}

TEST(ParseClaim, RefusesWhatIsNotAClaim) {
  const std::string good =
      R"({"format":1,"address":"10.0.0.2","containerID":"c","ifname":"net1",)"
      R"("network":"n","netns":"/x","netnsId":"4:5","bootId":"b","since":3})";
  EXPECT_TRUE(ParseClaim(good).ok());
  for (const std::string& bad :
       {std::string(""), std::string("{}"), std::string("[1]"),
        absl::StrCat(good.substr(0, good.size() - 1), ",\"format\":2}"),
        absl::StrCat(R"({"format":1,"address":"10.0.0.300","containerID":"c",)",
                     R"("ifname":"net1","network":"n"})"),
        absl::StrCat(R"({"format":1,"address":"10.0.0.2","containerID":"-c",)",
                     R"("ifname":"net1","network":"n"})"),
        absl::StrCat(R"({"format":1,"address":"10.0.0.2","containerID":"c",)",
                     R"("ifname":"net1","network":"n","netnsId":"4"})"),
        std::string(5000, ' ')}) {
    EXPECT_FALSE(ParseClaim(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace index2ip
