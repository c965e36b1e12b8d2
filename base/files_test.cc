#include "base/files.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace index2ip {
namespace {

// A pipe whose ends close when it goes out of scope.
class Pipe {
 public:
  Pipe() {
    if (pipe(fds_) != 0) {
      ADD_FAILURE() << "pipe failed";
      fds_[0] = fds_[1] = -1;
    }
  }
  ~Pipe() {
    CloseRead();
    CloseWrite();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;

  int read_fd() const { return fds_[0]; }
  int write_fd() const { return fds_[1]; }
  void CloseRead() { Close(fds_[0]); }
  void CloseWrite() { Close(fds_[1]); }

 private:
  static void Close(int& fd) {
    if (fd >= 0) close(fd);
    fd = -1;
  }
  int fds_[2];
};

// `n` bytes that are not all alike, so an offset error shows.
std::string Pattern(size_t n) {
  std::string out(n, '\0');
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<char>('a' + i % 23);
  return out;
}

// Writes `data` to `fd` from the test thread; only for data that fits in the
// pipe buffer (64 KiB on Linux), so it cannot block.
void WriteSmall(int fd, const std::string& data) {
  ASSERT_LE(data.size(), 4096u);
  ASSERT_EQ(write(fd, data.data(), data.size()),
            static_cast<ssize_t>(data.size()));
}

TEST(ReadFdBounded, ReadsPipeToEnd) {
  struct Case {
    size_t input;
    size_t max_bytes;
    size_t want;  // bytes returned: min(input, max_bytes + 1)
  };
  const std::vector<Case> kCases = {
      {0, 100, 0},
      {1, 100, 1},
      {100, 100, 100},
      {101, 100, 101},
      {4000, 100, 101},
      {5, 0, 1},
      {0, 0, 0},
      {4000, 4095, 4000},
      {4000, 1 << 20, 4000},
      // Around the 1 KiB first buffer: filled exactly, grown by one byte,
      // and the limit landing on its end.
      {1023, 4096, 1023},
      {1024, 4096, 1024},
      {1025, 4096, 1025},
      {1024, 1023, 1024},
      {2048, 1024, 1025},
      // No limit at all: max_bytes + 1 must not wrap around to 0.
      {4000, std::numeric_limits<size_t>::max(), 4000},
      {4000, std::numeric_limits<size_t>::max() - 1, 4000},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(absl::StrCat("input ", c.input, ", max ", c.max_bytes));
    Pipe p;
    const std::string input = Pattern(c.input);
    WriteSmall(p.write_fd(), input);
    p.CloseWrite();
    absl::StatusOr<std::string> got = ReadFdBounded(p.read_fd(), c.max_bytes);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(got->size(), c.want);
    EXPECT_TRUE(*got == input.substr(0, c.want));
  }
}

TEST(ReadFdBounded, ReadsInputLargerThanFirstBuffer) {
  // Larger than the pipe buffer and the 1 KiB first read, so the reader grows
  // its buffer while a writer thread feeds the pipe.
  struct Case {
    size_t input;
    size_t max_bytes;
    size_t want;
  };
  // The reader may close its end before the writer is done.
  signal(SIGPIPE, SIG_IGN);
  const std::vector<Case> kCases = {
      {300000, 1 << 20, 300000}, {300000, 300000, 300000},
      {300000, 299999, 300000},  {300000, 100000, 100001},
      {300000, 4096, 4097},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(absl::StrCat("input ", c.input, ", max ", c.max_bytes));
    Pipe p;
    const std::string input = Pattern(c.input);
    std::thread writer([&p, &input] {
      // The reader may stop early and close its end: ignore EPIPE here.
      (void)WriteAll(p.write_fd(), input);
      p.CloseWrite();
    });
    absl::StatusOr<std::string> got = ReadFdBounded(p.read_fd(), c.max_bytes);
    p.CloseRead();  // unblocks the writer when the reader stopped early
    writer.join();
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(got->size(), c.want);
    EXPECT_TRUE(*got == input.substr(0, c.want));
  }
}

TEST(ReadFdBounded, ReportsBadFd) {
  int closed_fd;
  {
    Pipe p;
    closed_fd = p.read_fd();
  }
  for (int fd : {-1, closed_fd}) {
    SCOPED_TRACE(fd);
    absl::StatusOr<std::string> got = ReadFdBounded(fd, 100);
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_NE(got.status().message().find("read"), absl::string_view::npos)
        << got.status();
  }
}

TEST(ReadFdBounded, ReportsReadFromWriteOnlyFd) {
  Pipe p;
  absl::StatusOr<std::string> got = ReadFdBounded(p.write_fd(), 100);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), absl::StatusCode::kDataLoss);
}

std::string TempPath(absl::string_view name) {
  const char* dir = getenv("TEST_TMPDIR");
  return absl::StrCat(dir != nullptr ? dir : "/tmp", "/", name);
}

TEST(ReadFileBounded, ReadsFile) {
  struct Case {
    size_t size;
    size_t max_bytes;
    size_t want;
  };
  const std::vector<Case> kCases = {
      {0, 100, 0},          {50, 100, 50},
      {200, 100, 101},      {100000, 1 << 20, 100000},
      {100000, 5000, 5001},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(absl::StrCat("size ", c.size, ", max ", c.max_bytes));
    const std::string path =
        TempPath(absl::StrCat("read_file_bounded_", c.size, "_", c.max_bytes));
    const std::string content = Pattern(c.size);
    FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr) << path;
    ASSERT_EQ(std::fwrite(content.data(), 1, content.size(), f),
              content.size());
    ASSERT_EQ(std::fclose(f), 0);

    absl::StatusOr<std::string> got =
        ReadFileBounded(path.c_str(), c.max_bytes);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(got->size(), c.want);
    EXPECT_TRUE(*got == content.substr(0, c.want));
    unlink(path.c_str());
  }
}

TEST(ReadFileBounded, ReportsMissingFile) {
  const std::string path = TempPath("no_such_file_here");
  absl::StatusOr<std::string> got = ReadFileBounded(path.c_str(), 100);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), absl::StatusCode::kDataLoss);
  // Names the path and the reason.
  EXPECT_NE(got.status().message().find(path), absl::string_view::npos)
      << got.status();
  EXPECT_NE(got.status().message().find("No such file"),
            absl::string_view::npos)
      << got.status();
}

TEST(ReadFileBounded, ReportsDirectory) {
  const std::string dir = TempPath("");
  absl::StatusOr<std::string> got = ReadFileBounded(dir.c_str(), 100);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), absl::StatusCode::kDataLoss);
}

TEST(WriteAll, WritesEveryByteThroughPipe) {
  // 1 MiB is far above the pipe buffer, so writes block and come back short.
  for (size_t size : {size_t{0}, size_t{1}, size_t{4096}, size_t{1} << 20}) {
    SCOPED_TRACE(size);
    Pipe p;
    const std::string payload = Pattern(size);
    std::string received;
    std::thread reader([&p, &received] {
      char buf[8192];
      for (;;) {
        const ssize_t n = read(p.read_fd(), buf, sizeof buf);
        if (n <= 0) break;
        received.append(buf, static_cast<size_t>(n));
      }
    });
    const absl::Status s = WriteAll(p.write_fd(), payload);
    p.CloseWrite();
    reader.join();
    ASSERT_TRUE(s.ok()) << s;
    EXPECT_EQ(received.size(), payload.size());
    EXPECT_TRUE(received == payload);
  }
}

TEST(WriteAll, ReportsClosedReader) {
  // Without this the process would die of SIGPIPE instead of seeing EPIPE.
  signal(SIGPIPE, SIG_IGN);
  Pipe p;
  p.CloseRead();
  const absl::Status s = WriteAll(p.write_fd(), "result");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(s.message().find("write"), absl::string_view::npos) << s;
  EXPECT_NE(s.message().find("Broken pipe"), absl::string_view::npos) << s;
}

TEST(WriteAll, ReportsBadFd) {
  const absl::Status s = WriteAll(-1, "result");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
}

TEST(WriteAll, EmptyDataWritesNothing) {
  // Nothing to write means no write(2) call, so even a bad fd is fine.
  EXPECT_TRUE(WriteAll(-1, "").ok());
}

// The store's and the log's way: nothing blocks, nothing is followed.
TEST(OpenRegular, NamesWhatIsThereInsteadOfAFile) {
  const std::string dir =
      absl::StrCat(getenv("TEST_TMPDIR") ? getenv("TEST_TMPDIR") : "/tmp",
                   "/open-regular-", getpid());
  ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
  const int dirfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(dirfd, 0);
  ASSERT_EQ(mkfifo((dir + "/fifo").c_str(), 0600), 0);
  ASSERT_EQ(mkdir((dir + "/dir").c_str(), 0700), 0);
  ASSERT_EQ(symlink("fifo", (dir + "/link").c_str()), 0);
  const struct {
    const char* name;
    int flags;
    const char* says;
  } cases[] = {
      {"fifo", O_RDONLY, "is a FIFO"},
      {"fifo", O_WRONLY, "No such device or address"},  // no reader: ENXIO
      {"dir", O_RDONLY, "is a directory"},
      {"link", O_RDONLY, "is a symbolic link"},
  };
  for (const auto& c : cases) {
    absl::StatusOr<Fd> fd = OpenRegular(dirfd, c.name, c.flags);
    EXPECT_EQ(fd.status().code(), absl::StatusCode::kFailedPrecondition)
        << c.name;
    EXPECT_THAT(std::string(fd.status().message()),
                ::testing::HasSubstr(c.says))
        << c.name;
  }
  EXPECT_EQ(OpenRegular(dirfd, "none", O_RDONLY).status().code(),
            absl::StatusCode::kNotFound);
  absl::StatusOr<Fd> made =
      OpenRegular(dirfd, "made", O_WRONLY | O_CREAT, 0600);
  ASSERT_TRUE(made.ok()) << made.status();
  ASSERT_TRUE(WriteAll(made->get(), "text").ok());
  absl::StatusOr<Fd> again = OpenRegular(dirfd, "made", O_RDONLY);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*ReadFdBounded(again->get(), 100), "text");
  close(dirfd);
}

}  // namespace
}  // namespace index2ip
