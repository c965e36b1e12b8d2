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

  // Every name in the directory but . and ..: claims and temporaries.
  std::vector<std::string> Names() {
    std::vector<std::string> claims, temps;
    const int fd = OpenDir(dir_);
    ListDir(fd, &claims, &temps);
    close(fd);
    claims.insert(claims.end(), temps.begin(), temps.end());
    return claims;
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

TEST_F(ClaimFiles, PublishCreatesTheFileWholeAndLeavesNothingElse) {
  ASSERT_TRUE(Publish(fd_, dir_, "10.0.0.2", "{\"a\":1}", false).ok());
  EXPECT_EQ(Text("10.0.0.2"), "{\"a\":1}");
  EXPECT_EQ(Mode("10.0.0.2"), 0600u);
  EXPECT_THAT(Names(), ElementsAre("10.0.0.2"));
}

TEST_F(ClaimFiles, PublishingANewClaimOverAnExistingOneFailsAndKeepsIt) {
  ASSERT_TRUE(Publish(fd_, dir_, "10.0.0.2", "old", false).ok());
  const absl::Status s = Publish(fd_, dir_, "10.0.0.2", "new", false);
  EXPECT_EQ(cni::CodeOf(s), cni::ErrorCode::kIoFailure) << s;
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("cannot publish a claim"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("File exists"));
  EXPECT_EQ(Text("10.0.0.2"), "old");
  EXPECT_THAT(Names(), ElementsAre("10.0.0.2"));
}

TEST_F(ClaimFiles, ReplacingRenamesOverTheOldClaim) {
  ASSERT_TRUE(Publish(fd_, dir_, "10.0.0.2", "old", false).ok());
  ASSERT_TRUE(Publish(fd_, dir_, "10.0.0.2", "new", true).ok());
  EXPECT_EQ(Text("10.0.0.2"), "new");
  EXPECT_EQ(Mode("10.0.0.2"), 0600u);
  EXPECT_THAT(Names(), ElementsAre("10.0.0.2"));
}

// The path where O_TMPFILE cannot be used: the same results.
TEST_F(ClaimFiles, ThroughANamedTemporaryTheSameRulesHold) {
  ASSERT_TRUE(PublishNamed(fd_, dir_, "10.0.0.2", "old", false).ok());
  EXPECT_EQ(Text("10.0.0.2"), "old");
  EXPECT_EQ(Mode("10.0.0.2"), 0600u);
  const absl::Status s = PublishNamed(fd_, dir_, "10.0.0.2", "new", false);
  EXPECT_EQ(cni::CodeOf(s), cni::ErrorCode::kIoFailure) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("File exists"));
  EXPECT_EQ(Text("10.0.0.2"), "old");
  EXPECT_THAT(Names(), ElementsAre("10.0.0.2"));  // its temporary is gone
  ASSERT_TRUE(PublishNamed(fd_, dir_, "10.0.0.2", "new", true).ok());
  EXPECT_EQ(Text("10.0.0.2"), "new");
  EXPECT_THAT(Names(), ElementsAre("10.0.0.2"));
}

TEST_F(ClaimFiles, ListingSeparatesClaimsFromTemporariesAndSkipsDotFiles) {
  ASSERT_TRUE(Publish(fd_, dir_, "10.0.0.3", "x", false).ok());
  ASSERT_TRUE(Publish(fd_, dir_, "10.0.0.2", "x", false).ok());
  // .lock: the lock file of the builds before the directory was the lock.
  for (const char* name : {".tmp.99.10.0.0.4", ".lock"}) {
    const int fd = openat(fd_, name, O_WRONLY | O_CREAT, 0600);
    ASSERT_GE(fd, 0);
    close(fd);
  }
  std::vector<std::string> claims, temps;
  const int fd = OpenDir(dir_);
  ListDir(fd, &claims, &temps);
  close(fd);
  EXPECT_THAT(claims, ElementsAre("10.0.0.2", "10.0.0.3"));
  EXPECT_THAT(temps, ElementsAre(".tmp.99.10.0.0.4"));
}

TEST_F(ClaimFiles, ReadingStopsOneByteAfterTheLargestClaim) {
  ASSERT_TRUE(Publish(fd_, dir_, "10.0.0.2",
                      std::string(kMaxClaimBytes + 100, 'x'), false)
                  .ok());
  EXPECT_EQ(Text("10.0.0.2").size(), kMaxClaimBytes + 1);
  EXPECT_THAT(Text("10.0.0.9"), HasSubstr("No such file"));
}

}  // namespace
}  // namespace claim_files
}  // namespace index2ip
