#include "claims/claims.h"

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
#include "claims/fake_machine.h"
#include "claims/format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace index2ip {
namespace claims {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

std::string NewDir() { return FreshStoreDir(); }

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

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void Write(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

netutil::IpAddress Ip(absl::string_view text) {
  return *netutil::ParseIpAddress(text);
}

Owner Of(const std::string& id, const std::string& netns = "/run/netns/a") {
  return {id, "net1", "ndt", netns};
}

class Claims : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = NewDir();
    machine_.paths["/run/netns/a"] = {4, 1001};
    machine_.paths["/run/netns/b"] = {4, 1002};
    system_ = machine_.Get();
    where_ = {dir_, &system_};
  }
  absl::Status TakeFor(const Owner& owner,
                       std::vector<absl::string_view> addresses) {
    std::vector<netutil::IpAddress> ips;
    for (absl::string_view a : addresses) ips.push_back(Ip(a));
    return Take(where_, owner, ips, &events_);
  }
  Store Stored() {
    Store s;
    const absl::Status read = DecodeStore(Slurp(dir_ + "/claims.pb"), &s);
    EXPECT_TRUE(read.ok()) << read;
    return s;
  }
  std::vector<std::string> Addresses() {
    std::vector<std::string> out;
    const Store stored = Stored();
    for (const Claim& c : stored.claims()) out.push_back(c.address());
    return out;
  }
  std::vector<std::string> Released(const std::string& id,
                                    const std::string& ifname = "net1") {
    std::vector<std::string> events;
    Release(where_, id, ifname, &events);
    return events;
  }
  void MakeDir(mode_t mode = 0700) {
    ASSERT_EQ(mkdir(dir_.c_str(), mode), 0);
    ASSERT_EQ(chmod(dir_.c_str(), mode), 0);
  }

  std::string dir_;
  FakeMachine machine_;
  System system_;
  Location where_;
  std::vector<std::string> events_;
};

TEST_F(Claims, FirstClaimMakesAPrivateDirectoryWithOneStoreFile) {
  ASSERT_TRUE(TakeFor(Of("ctr-a"), {"4.14.159.117", "2001:db8::117"}).ok());
  struct stat st;
  ASSERT_EQ(stat(dir_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  EXPECT_THAT(NamesIn(dir_), ElementsAre("claims.pb"));
  ASSERT_EQ(stat((dir_ + "/claims.pb").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const Store s = Stored();
  EXPECT_EQ(s.format(), kFormat);
  EXPECT_EQ(s.boot_id(), "boot-1");
  ASSERT_EQ(s.claims_size(), 2);
  const Claim& c = s.claims(1);  // sorted by address
  EXPECT_EQ(c.address(), "4.14.159.117");
  EXPECT_EQ(c.container_id(), "ctr-a");
  EXPECT_EQ(c.ifname(), "net1");
  EXPECT_EQ(c.network(), "ndt");
  EXPECT_EQ(c.netns(), "/run/netns/a");
  EXPECT_EQ(c.netns_id(), "4:1001");
  EXPECT_EQ(c.since(), 1700000000);
  EXPECT_EQ(s.claims(0).address(), "2001:db8::117");
}

TEST_F(Claims, SameOwnerAgainSucceedsAndRefreshesTheNamespace) {
  ASSERT_TRUE(TakeFor(Of("ctr-a"), {"10.0.0.2"}).ok());
  struct stat before, after;
  ASSERT_EQ(stat((dir_ + "/claims.pb").c_str(), &before), 0);
  // A plain retry writes nothing, not even the time.
  machine_.clock += 30;
  ASSERT_TRUE(TakeFor(Of("ctr-a"), {"10.0.0.2"}).ok());
  ASSERT_EQ(stat((dir_ + "/claims.pb").c_str(), &after), 0);
  EXPECT_EQ(before.st_ino, after.st_ino);
  EXPECT_EQ(Stored().claims(0).since(), 1700000000);
  // podman restarts the container with its ID and a new namespace.
  machine_.clock += 30;
  ASSERT_TRUE(TakeFor(Of("ctr-a", "/run/netns/b"), {"10.0.0.2"}).ok());
  EXPECT_EQ(Stored().claims(0).netns_id(), "4:1002");
  EXPECT_EQ(Stored().claims(0).since(), 1700000060);
}

TEST_F(Claims, AnOwnerWithAnotherAddressMovesItsClaim) {
  ASSERT_TRUE(TakeFor(Of("ctr-a"), {"10.0.0.2", "2001:db8::2"}).ok());
  ASSERT_TRUE(TakeFor(Of("ctr-a"), {"10.0.0.3"}).ok());
  EXPECT_THAT(Addresses(), ElementsAre("10.0.0.3"));
}

TEST_F(Claims, AnotherLiveOwnerIsAlreadyExistsAndNothingChanges) {
  ASSERT_TRUE(TakeFor(Of("ctr-a"), {"10.0.0.2"}).ok());
  const std::string before = Slurp(dir_ + "/claims.pb");
  absl::Status s =
      TakeFor(Of("ctr-b", "/run/netns/b"), {"10.0.0.3", "10.0.0.2"});
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(s.message(), HasSubstr("10.0.0.2 is claimed by container 'ctr-a' "
                                     "interface 'net1' of network 'ndt' since "
                                     "1700000000"));
  EXPECT_THAT(s.message(), HasSubstr("index2ip claims --data-dir " + dir_));
  EXPECT_EQ(Slurp(dir_ + "/claims.pb"), before) << "half a claim made";
  // The scan of processes runs only when the path no longer names it.
  EXPECT_EQ(machine_.held_scans, 0);
}

TEST_F(Claims, AHolderWhosePathIsGoneButWhoseNamespaceIsHeldIsAlive) {
  machine_.paths["/proc/4242/ns/net"] = {4, 2001};
  ASSERT_TRUE(TakeFor(Of("ctr-a", "/proc/4242/ns/net"), {"10.0.0.2"}).ok());
  machine_.paths.erase("/proc/4242/ns/net");  // the process exited
  machine_.held = {{4, 2001}};                // a mount keeps the namespace
  EXPECT_EQ(TakeFor(Of("ctr-b"), {"10.0.0.2"}).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(machine_.held_scans, 1);
}

TEST_F(Claims, AStaleClaimIsTakenOverAndSaidSo) {
  ASSERT_TRUE(TakeFor(Of("ctr-a"), {"10.0.0.2"}).ok());
  machine_.paths["/run/netns/a"] = {4, 9999};  // the path names another one
  ASSERT_TRUE(TakeFor(Of("ctr-b", "/run/netns/b"), {"10.0.0.2"}).ok());
  EXPECT_EQ(Stored().claims(0).container_id(), "ctr-b");
  EXPECT_THAT(events_, ElementsAre(HasSubstr(
                           "took over 10.0.0.2 from stale container 'ctr-a'")));
}

TEST_F(Claims, AStoreOfAnotherBootIsStaleAsAWhole) {
  ASSERT_TRUE(TakeFor(Of("ctr-a"), {"10.0.0.2", "10.0.0.5"}).ok());
  machine_.boot = "boot-2";
  const Listing l = List(where_, true);
  ASSERT_EQ(l.claims.size(), 2u);
  EXPECT_EQ(l.claims[0].state, ClaimView::State::kStale);
  ASSERT_TRUE(TakeFor(Of("ctr-b", "/run/netns/b"), {"10.0.0.2"}).ok());
  EXPECT_EQ(Stored().boot_id(), "boot-2");
  EXPECT_THAT(Addresses(), ElementsAre("10.0.0.2"));
}

TEST_F(Claims, AClaimWithoutANamespaceIsHeldNeverTakenOver) {
  ASSERT_TRUE(TakeFor(Of("ctr-a", "/no/such/netns"), {"10.0.0.2"}).ok());
  absl::Status s = TakeFor(Of("ctr-b"), {"10.0.0.2"});
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(s.message(), HasSubstr("held until DEL or GC"));
  // Its owner may claim again, and DEL releases it.
  EXPECT_TRUE(TakeFor(Of("ctr-a", "/no/such/netns"), {"10.0.0.2"}).ok());
  EXPECT_THAT(Released("ctr-a"), ElementsAre(HasSubstr("released 10.0.0.2")));
  EXPECT_TRUE(TakeFor(Of("ctr-b"), {"10.0.0.2"}).ok());
}

TEST_F(Claims, ReleaseTakesOnlyTheOwnersClaimsAndCanBeRepeated) {
  ASSERT_TRUE(TakeFor(Of("ctr-a"), {"10.0.0.2", "2001:db8::2"}).ok());
  ASSERT_TRUE(TakeFor(Of("ctr-b", "/run/netns/b"), {"10.0.0.3"}).ok());
  EXPECT_THAT(Released("ctr-a", "net2"), IsEmpty());  // another interface
  EXPECT_EQ(Released("ctr-a").size(), 2u);
  EXPECT_THAT(Released("ctr-a"), IsEmpty());
  EXPECT_THAT(Addresses(), ElementsAre("10.0.0.3"));
  // Without the directory, nothing is made and nothing said.
  where_.dir = NewDir();
  EXPECT_THAT(Released("ctr-a"), IsEmpty());
  struct stat st;
  EXPECT_NE(stat(where_.dir.c_str(), &st), 0);
}

TEST_F(Claims, CollectRemovesTheNetworksClaimsNotListed) {
  ASSERT_TRUE(TakeFor(Of("ctr-a"), {"10.0.0.2"}).ok());
  ASSERT_TRUE(TakeFor(Of("ctr-b", "/run/netns/b"), {"10.0.0.3"}).ok());
  Owner other = Of("ctr-c");
  other.network = "other";
  ASSERT_TRUE(TakeFor(other, {"10.0.0.4"}).ok());
  std::vector<std::string> events;
  const Attachment valid[] = {{"ctr-a", "net1"}};
  ASSERT_TRUE(Collect(where_, "ndt", valid, &events).ok());
  EXPECT_THAT(events, ElementsAre(HasSubstr("collected 10.0.0.3 of container "
                                            "'ctr-b'")));
  EXPECT_THAT(Addresses(), ElementsAre("10.0.0.2", "10.0.0.4"));
}

TEST_F(Claims, HoldsAndList) {
  ASSERT_TRUE(TakeFor(Of("ctr-a", "/no/such"), {"10.0.0.2"}).ok());
  const netutil::IpAddress two[] = {Ip("10.0.0.2")};
  const netutil::IpAddress five[] = {Ip("10.0.0.5")};
  EXPECT_TRUE(Holds(where_, Of("ctr-a"), two).ok());
  EXPECT_EQ(Holds(where_, Of("ctr-b"), two).code(),
            absl::StatusCode::kNotFound);
  EXPECT_THAT(Holds(where_, Of("ctr-a"), five).message(),
              HasSubstr("nobody claims it"));
  const Listing l = List(where_, true);
  EXPECT_TRUE(l.exists);
  EXPECT_THAT(l.problem, IsEmpty());
  ASSERT_EQ(l.claims.size(), 1u);
  EXPECT_EQ(l.claims[0].state, ClaimView::State::kHeld);
  where_.dir = NewDir();
  EXPECT_THAT(Holds(where_, Of("ctr-a"), two).message(),
              HasSubstr("there is no claims store"));
  EXPECT_FALSE(List(where_, true).exists);
}

// CNI_NETNS may be any bytes; the store stays readable, so the owner's own
// retry succeeds. Found by plugin_fuzzer in format 1.
TEST_F(Claims, ANetnsPathThatIsNotUtf8KeepsTheStoreReadable) {
  const std::string path = "/run/netns/\xff\xfe";
  machine_.paths[path] = {4, 3003};
  ASSERT_TRUE(TakeFor(Of("ctr-a", path), {"10.0.0.2"}).ok());
  EXPECT_EQ(Stored().claims(0).netns(), "/run/netns/\\xff\\xfe");
  EXPECT_TRUE(TakeFor(Of("ctr-a", path), {"10.0.0.2"}).ok());
  // Alive by its identity, though its recorded text names no path.
  machine_.held = {{4, 3003}};
  EXPECT_EQ(TakeFor(Of("ctr-b"), {"10.0.0.2"}).code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_F(Claims, AnOwnerFieldTooLongIsRefusedWithNothingWritten) {
  const std::string path = absl::StrCat("/run/netns/", std::string(5000, 'n'));
  absl::Status s = TakeFor(Of("ctr-a", path), {"10.0.0.2"});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("netns path at most as long"));
  EXPECT_FALSE(List(where_, true).exists);
}

// Every command waits for the one that holds the directory's flock; the
// kernel drops it when the holder dies.
TEST_F(Claims, TheLockIsTheDirectorys) {
  ASSERT_TRUE(TakeFor(Of("ctr-a"), {"10.0.0.2"}).ok());
  const int fd = open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(flock(fd, LOCK_EX | LOCK_NB), 0);
  // STATUS waits a second, then says so.
  absl::Status s = Usable(where_);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("cannot be locked"));
  close(fd);
  EXPECT_TRUE(Usable(where_).ok());
}

// Issue 19: a FIFO where the store's file is read hung ADD under the lock,
// and DEL, CHECK and the listing with it.
TEST_F(Claims, AFifoInPlaceOfTheStoreNeverBlocksAndDelStillSucceeds) {
  MakeDir();
  ASSERT_EQ(mkfifo((dir_ + "/claims.pb").c_str(), 0600), 0);
  absl::Status s = TakeFor(Of("ctr-a"), {"10.0.0.2"});
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("is a FIFO"));
  EXPECT_THAT(s.message(), HasSubstr("index2ip claims repair --data-dir"));
  EXPECT_THAT(Released("ctr-a"), ElementsAre(HasSubstr("released nothing")));
  const netutil::IpAddress two[] = {Ip("10.0.0.2")};
  EXPECT_EQ(Holds(where_, Of("ctr-a"), two).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(List(where_, true).problem, HasSubstr("is a FIFO"));
  EXPECT_THAT(List(where_, false).problem, HasSubstr("is a FIFO"));
  EXPECT_FALSE(Usable(where_).ok());
  // Not a file this plugin wrote: repair leaves it to a person.
  EXPECT_THAT(Repair(where_).status().message(),
              HasSubstr("remove it by hand"));
}

// Issue 19: a failed ADD left the claim of its first family behind.
TEST_F(Claims, AFailedAddChangesNothing) {
  ASSERT_TRUE(TakeFor(Of("ctr-a"), {"10.0.0.9"}).ok());
  const std::string before = Slurp(dir_ + "/claims.pb");
  ASSERT_EQ(mkdir((dir_ + "/claims.pb.tmp").c_str(), 0700), 0);
  absl::Status s = TakeFor(Of("ctr-b"), {"10.0.0.2", "2001:db8::2"});
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("claims.pb.tmp"));
  EXPECT_EQ(Slurp(dir_ + "/claims.pb"), before);
  EXPECT_FALSE(Usable(where_).ok());
  ASSERT_EQ(rmdir((dir_ + "/claims.pb.tmp").c_str()), 0);
  EXPECT_TRUE(TakeFor(Of("ctr-c", "/run/netns/b"), {"10.0.0.2"}).ok());
}

// A hard link planted at the temporary's name would have the store
// truncate the file it links to.
TEST_F(Claims, AHardLinkAtTheTemporarysNameIsNeverWrittenThrough) {
  ASSERT_TRUE(TakeFor(Of("ctr-a"), {"10.0.0.9"}).ok());
  const std::string victim = NewDir() + ".victim";
  Write(victim, "precious");
  ASSERT_EQ(link(victim.c_str(), (dir_ + "/claims.pb.tmp").c_str()), 0);
  EXPECT_EQ(TakeFor(Of("ctr-b"), {"10.0.0.2"}).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(Usable(where_).ok());
  EXPECT_EQ(Slurp(victim), "precious");
}

// Issue 19: STATUS said "ready" for stores ADD could not use.
TEST_F(Claims, UnusableDirectoriesAreRefusedByAddAndStatus) {
  const std::string base = NewDir();
  ASSERT_EQ(mkdir(base.c_str(), 0700), 0);
  Write(base + "/file", "x");
  ASSERT_EQ(symlink((base + "/nothing").c_str(), (base + "/dangling").c_str()),
            0);
  for (const std::string& dir :
       {base + "/dangling", base + "/file", base + "/file/under"}) {
    where_.dir = dir;
    EXPECT_EQ(Usable(where_).code(), absl::StatusCode::kFailedPrecondition)
        << dir;
    EXPECT_EQ(TakeFor(Of("ctr-a"), {"10.0.0.2"}).code(),
              absl::StatusCode::kFailedPrecondition)
        << dir;
  }
  EXPECT_EQ(Slurp(base + "/file"), "x");
  // A symlink to a directory is followed: the config is the operator's.
  ASSERT_EQ(mkdir((base + "/real").c_str(), 0700), 0);
  ASSERT_EQ(symlink((base + "/real").c_str(), (base + "/link").c_str()), 0);
  where_.dir = base + "/link";
  EXPECT_TRUE(Usable(where_).ok());
  EXPECT_TRUE(TakeFor(Of("ctr-a"), {"10.0.0.2"}).ok());
  EXPECT_THAT(NamesIn(base + "/real"), ElementsAre("claims.pb"));
  // Missing, in a parent that lets ADD make it.
  where_.dir = base + "/new";
  EXPECT_TRUE(Usable(where_).ok());
}

// Issue 19: a store anyone may write, or another user's, was used.
TEST_F(Claims, AnUnsafeDirectoryIsRefusedWithWhatToFix) {
  MakeDir(0777);
  absl::Status s = TakeFor(Of("ctr-a"), {"10.0.0.2"});
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("mode 0777): chmod go-w"));
  EXPECT_THAT(Usable(where_).message(), HasSubstr("chmod go-w"));
  ASSERT_EQ(chmod(dir_.c_str(), 0700), 0);
  machine_.euid = geteuid() + 1;  // the plugin runs as someone else
  s = TakeFor(Of("ctr-a"), {"10.0.0.2"});
  EXPECT_THAT(s.message(), HasSubstr("belongs to uid"));
  EXPECT_THAT(NamesIn(dir_), IsEmpty());
}

// Issue 19: a mistyped dataDir (/run) had other programs' .tmp.* and .own.*
// files deleted, by ADD and by the listing.
TEST_F(Claims, ADirectoryOfOtherFilesIsRefusedAndLeftAlone) {
  MakeDir();
  for (const char* name : {"app.conf", ".tmp.x", ".own.y", "10.0.0.2"}) {
    Write(absl::StrCat(dir_, "/", name), "theirs");
  }
  absl::Status s = TakeFor(Of("ctr-a"), {"10.0.0.3"});
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("is not a claims store: it holds '.own.y'"
                                     " (of 3 such)"));
  EXPECT_THAT(List(where_, true).problem, HasSubstr("is not a claims store"));
  EXPECT_THAT(Released("ctr-a"), ElementsAre(HasSubstr("not a claims store")));
  EXPECT_FALSE(Usable(where_).ok());
  EXPECT_THAT(NamesIn(dir_),
              UnorderedElementsAre("app.conf", ".tmp.x", ".own.y", "10.0.0.2"));
}

// Issue 19: releasing one family left the other, and an address in another
// spelling was "no claim".
TEST_F(Claims, TheOperatorsReleaseTakesTheWholeAttachmentByAnySpelling) {
  ASSERT_TRUE(
      TakeFor(Of("ctr-a"), {"4.14.159.117", "2001:1900:2100:2d::117"}).ok());
  ASSERT_TRUE(TakeFor(Of("ctr-b", "/run/netns/b"), {"4.14.159.118"}).ok());
  Selector by_address;
  by_address.address = Ip("2001:1900:2100:2D:0:0:0:117");
  absl::StatusOr<std::vector<Claim>> r = ReleaseMatching(where_, by_address);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->size(), 2u);
  EXPECT_THAT(Addresses(), ElementsAre("4.14.159.118"));
  EXPECT_EQ(ReleaseMatching(where_, by_address).status().code(),
            absl::StatusCode::kNotFound);
  Selector by_container;
  by_container.container_id = "ctr-b";
  ASSERT_TRUE(ReleaseMatching(where_, by_container).ok());
  EXPECT_THAT(Addresses(), IsEmpty());
}

// Issue 19: a node upgraded while pods run keeps their claims.
TEST_F(Claims, FormatOneClaimsAreCarriedOverOnceAndKeepTheirHolders) {
  MakeDir();
  const auto legacy = [](const std::string& address, const std::string& id,
                         const std::string& netns_id, const std::string& boot) {
    return absl::StrCat(
        R"({"format":1,"address":")", address, R"(","containerID":")", id,
        R"(","ifname":"net1","network":"ndt","netns":"/run/netns/a",)",
        R"("netnsId":")", netns_id, R"(","bootId":")", boot,
        R"(","since":1600000000})");
  };
  Write(dir_ + "/4.14.159.117",
        legacy("4.14.159.117", "live", "4:1001", "boot-1"));
  Write(dir_ + "/.own.0123456789abcdef.4.14.159.117",
        legacy("4.14.159.117", "live", "4:1001", "boot-1"));
  Write(dir_ + "/10.0.0.7", legacy("10.0.0.7", "old", "4:1001", "boot-0"));
  Write(dir_ + "/.tmp.99.10.0.0.8", "{\"format\":1,\"addr");  // torn
  absl::Status s = TakeFor(Of("ctr-b", "/run/netns/b"), {"4.14.159.117"});
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists) << s;
  EXPECT_EQ(NamesIn(dir_).size(), 4u) << "a failed ADD changes nothing";
  // The next write carries them over; another boot's claim is stale.
  EXPECT_TRUE(TakeFor(Of("ctr-b", "/run/netns/b"), {"10.0.0.7"}).ok());
  EXPECT_THAT(events_, ElementsAre(HasSubstr("carried over 1 claim")));
  EXPECT_THAT(NamesIn(dir_),
              UnorderedElementsAre("claims.pb", ".tmp.99.10.0.0.8"));
  const Store st = Stored();
  ASSERT_EQ(st.claims_size(), 2);
  EXPECT_EQ(st.claims(0).address(), "10.0.0.7");
  EXPECT_EQ(st.claims(0).container_id(), "ctr-b");
  EXPECT_EQ(st.claims(1).container_id(), "live");
  EXPECT_EQ(st.claims(1).since(), 1600000000);
}

TEST_F(Claims, AFormatOneClaimThatCannotBeReadHoldsUntilRepaired) {
  MakeDir();
  Write(dir_ + "/10.0.0.2", "{\"format\":1,\"addr");
  EXPECT_EQ(TakeFor(Of("ctr-a"), {"10.0.0.3"}).code(),
            absl::StatusCode::kFailedPrecondition);
  absl::StatusOr<std::string> r = Repair(where_);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(*r, HasSubstr("left the format-1 claim files"));
  EXPECT_THAT(NamesIn(dir_), UnorderedElementsAre("claims.pb", "10.0.0.2"));
  EXPECT_TRUE(TakeFor(Of("ctr-a"), {"10.0.0.3"}).ok());
}

TEST_F(Claims, ADamagedStoreFailsClosedAndIsRepairedKeepingWhatItCan) {
  ASSERT_TRUE(TakeFor(Of("ctr-a"), {"10.0.0.2", "10.0.0.3"}).ok());
  Store damaged = Stored();
  damaged.mutable_claims(0)->clear_ifname();
  Write(dir_ + "/claims.pb", EncodeStore(damaged));
  absl::Status s = TakeFor(Of("ctr-b", "/run/netns/b"), {"10.0.0.4"});
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("damaged: "));
  EXPECT_THAT(s.message(), HasSubstr("claim 1 ('10.0.0.2'): its ifname"));
  EXPECT_THAT(Released("ctr-a"), ElementsAre(HasSubstr("released nothing")));
  const Listing l = List(where_, true);
  EXPECT_THAT(l.problem, HasSubstr("claim 1"));
  ASSERT_EQ(l.claims.size(), 1u);  // what can be read
  EXPECT_EQ(l.claims[0].claim.address(), "10.0.0.3");
  absl::StatusOr<std::string> r = Repair(where_);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(*r, HasSubstr("now holds 1 claim"));
  EXPECT_THAT(NamesIn(dir_), UnorderedElementsAre(
                                 "claims.pb", "claims.pb.damaged.1700000000"));
  EXPECT_THAT(Addresses(), ElementsAre("10.0.0.3"));
  EXPECT_THAT(Repair(where_).status().message(),
              HasSubstr("nothing to repair"));
}

// The store's bytes are protobuf's, and bytes that are not are damage.
TEST_F(Claims, BytesThatAreNotAStoreAreDamageNamedAsSuch) {
  MakeDir();
  Write(dir_ + "/claims.pb", "{\"format\":2}");
  EXPECT_THAT(TakeFor(Of("ctr-a"), {"10.0.0.2"}).message(),
              HasSubstr("not a claims store (protobuf's wire format)"));
}

TEST_F(Claims, AStoreOfANewerFormatIsNotUsed) {
  MakeDir();
  Store newer;
  newer.set_format(3);
  newer.set_boot_id("boot-1");
  Write(dir_ + "/claims.pb", EncodeStore(newer));
  absl::Status s = TakeFor(Of("ctr-a"), {"10.0.0.2"});
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("format 3, newer than this plugin's 2"));
  EXPECT_THAT(Usable(where_).message(), HasSubstr("newer"));
}

}  // namespace
}  // namespace claims
}  // namespace index2ip
