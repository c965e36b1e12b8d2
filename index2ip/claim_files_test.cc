#include "index2ip/claim_files.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cni/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace index2ip {
namespace claim_files {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ClaimFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    static int n = 0;
    const char* tmp = std::getenv("TEST_TMPDIR");
    dir_ = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/claim-files-",
                        getpid(), "-", ++n);
    ASSERT_EQ(mkdir(dir_.c_str(), 0700), 0);
    fd_ = OpenDir(dir_);
    ASSERT_GE(fd_, 0);
  }
  void TearDown() override { close(fd_); }

  // Every name in the directory but . and ..: claims, temporaries, entries.
  std::vector<std::string> Names() {
    const int fd = OpenDir(dir_);
    Listing names = ListDir(fd);
    close(fd);
    std::vector<std::string> all = names.claims;
    all.insert(all.end(), names.temps.begin(), names.temps.end());
    all.insert(all.end(), names.owns.begin(), names.owns.end());
    return all;
  }
  std::string Text(const std::string& name) {
    absl::StatusOr<std::string> t = ReadSmallFile(fd_, dir_, name);
    return t.ok() ? *t : std::string(t.status().message());
  }
  mode_t Mode(const std::string& name) {
    struct stat st;
    if (fstatat(fd_, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return 0;
    return st.st_mode & 0777;
  }

  std::string dir_;
  int fd_ = -1;
};

constexpr char kOwn[] = ".own.0123456789abcdef.10.0.0.2";

TEST_F(ClaimFiles, ANewClaimIsItsIndexEntryLinkedAsTheAddress) {
  ASSERT_TRUE(PublishNew(fd_, dir_, "10.0.0.2", kOwn, "{\"a\":1}").ok());
  EXPECT_EQ(Text("10.0.0.2"), "{\"a\":1}");
  EXPECT_EQ(Mode("10.0.0.2"), 0600u);
  struct stat claim, own;
  ASSERT_EQ(fstatat(fd_, "10.0.0.2", &claim, 0), 0);
  ASSERT_EQ(fstatat(fd_, kOwn, &own, 0), 0);
  EXPECT_EQ(claim.st_ino, own.st_ino);
  EXPECT_THAT(Names(), ElementsAre("10.0.0.2", kOwn));
}

TEST_F(ClaimFiles, PublishingANewClaimOverAnExistingOneFailsAndKeepsIt) {
  ASSERT_TRUE(PublishNew(fd_, dir_, "10.0.0.2", kOwn, "old").ok());
  constexpr char kOther[] = ".own.fedcba9876543210.10.0.0.2";
  const absl::Status s = PublishNew(fd_, dir_, "10.0.0.2", kOther, "new");
  EXPECT_EQ(cni::CodeOf(s), cni::ErrorCode::kIoFailure) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("cannot publish a claim"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("File exists"));
  EXPECT_EQ(Text("10.0.0.2"), "old");
  EXPECT_THAT(Names(), ElementsAre("10.0.0.2", kOwn));  // kOther is gone
}

TEST_F(ClaimFiles, ReplacingRenamesOverTheOldClaimAndLinksTheEntryFirst) {
  ASSERT_TRUE(PublishNew(fd_, dir_, "10.0.0.2", kOwn, "old").ok());
  // The same holder: its entry stays as it was.
  ASSERT_TRUE(PublishReplacing(fd_, dir_, "10.0.0.2", kOwn, false, "new").ok());
  EXPECT_EQ(Text("10.0.0.2"), "new");
  EXPECT_EQ(Mode("10.0.0.2"), 0600u);
  EXPECT_EQ(Text(kOwn), "old");
  // A new holder: its entry names the new claim.
  constexpr char kOther[] = ".own.fedcba9876543210.10.0.0.2";
  ASSERT_TRUE(
      PublishReplacing(fd_, dir_, "10.0.0.2", kOther, true, "newer").ok());
  EXPECT_EQ(Text("10.0.0.2"), "newer");
  EXPECT_EQ(Text(kOther), "newer");
  EXPECT_THAT(Names(), ElementsAre("10.0.0.2", kOwn, kOther));
}

TEST_F(ClaimFiles, OwnNamesRoundTripAndNothingElseParses) {
  const std::string key = OwnerKey("ctr-a", "net1");
  EXPECT_EQ(key.size(), 16u);
  EXPECT_NE(key, OwnerKey("ctr-a", "net2"));
  EXPECT_NE(OwnerKey("ab", "c"), OwnerKey("a", "bc"));  // the NUL between
  const std::string name = OwnName(key, "2001:db8::2");
  absl::optional<OwnEntry> e = ParseOwnName(name);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->key, key);
  EXPECT_EQ(e->address, "2001:db8::2");
  for (const char* bad : {".own.", ".own.0123456789abcdef.", ".tmp.1.10.0.0.2",
                          ".own.0123456789ABCDEF.10.0.0.2",
                          ".own.0123456789abcdefx10.0.0.2", "10.0.0.2"}) {
    EXPECT_FALSE(ParseOwnName(bad).has_value()) << bad;
  }
}

TEST_F(ClaimFiles, ListingSeparatesClaimsTemporariesAndEntries) {
  ASSERT_TRUE(PublishNew(fd_, dir_, "10.0.0.3", ".own.0123456789abcdef.10.0.0.3", "x").ok());
  ASSERT_TRUE(PublishNew(fd_, dir_, "10.0.0.2", kOwn, "x").ok());
  // .lock: the lock file of the builds before the directory was the lock.
  for (const char* name : {".tmp.99.10.0.0.4", ".lock"}) {
    const int fd = openat(fd_, name, O_WRONLY | O_CREAT, 0600);
    ASSERT_GE(fd, 0);
    close(fd);
  }
  const int fd = OpenDir(dir_);
  const Listing names = ListDir(fd);
  close(fd);
  EXPECT_THAT(names.claims, ElementsAre("10.0.0.2", "10.0.0.3"));
  EXPECT_THAT(names.temps, ElementsAre(".tmp.99.10.0.0.4"));
  EXPECT_THAT(names.owns, ElementsAre(kOwn, ".own.0123456789abcdef.10.0.0.3"));
}

TEST_F(ClaimFiles, ReadingStopsOneByteAfterTheLargestClaim) {
  ASSERT_TRUE(PublishNew(fd_, dir_, "10.0.0.2", kOwn,
                         std::string(kMaxClaimBytes + 100, 'x'))
                  .ok());
  EXPECT_EQ(Text("10.0.0.2").size(), kMaxClaimBytes + 1);
  EXPECT_THAT(Text("10.0.0.9"), HasSubstr("No such file"));
}

}  // namespace
}  // namespace claim_files
}  // namespace index2ip
