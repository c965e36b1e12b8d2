#include "index2ip/process_io.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cni/codec.h"
#include "cni/version.h"
#include "gtest/gtest.h"

namespace index2ip {
namespace {

TEST(ProcessInput, GetenvReadsEnvironment) {
  const PluginInput in = ProcessInput();
  ASSERT_TRUE(in.getenv);
  const char kName[] = "INDEX2IP_PROCESS_IO_TEST_VAR";

  ASSERT_EQ(unsetenv(kName), 0);
  EXPECT_EQ(in.getenv(kName), absl::nullopt);

  ASSERT_EQ(setenv(kName, "IgnoreUnknown=1;K8S_POD_NAME=poc-index4", 1), 0);
  EXPECT_EQ(in.getenv(kName), absl::optional<std::string>(
                                  "IgnoreUnknown=1;K8S_POD_NAME=poc-index4"));

  // Set but empty is not unset.
  ASSERT_EQ(setenv(kName, "", 1), 0);
  EXPECT_EQ(in.getenv(kName), absl::optional<std::string>(""));

  ASSERT_EQ(unsetenv(kName), 0);
  EXPECT_EQ(in.getenv(kName), absl::nullopt);
}

TEST(ProcessInput, GetenvTakesNameAsGiven) {
  // The name is a string_view; it must not read past its end.
  const PluginInput in = ProcessInput();
  ASSERT_EQ(setenv("INDEX2IP_PIO_A", "short", 1), 0);
  ASSERT_EQ(unsetenv("INDEX2IP_PIO_AB"), 0);
  const std::string longer = "INDEX2IP_PIO_AB";
  EXPECT_EQ(in.getenv(absl::string_view(longer).substr(0, 14)),
            absl::optional<std::string>("short"));
  EXPECT_EQ(in.getenv(longer), absl::nullopt);
  unsetenv("INDEX2IP_PIO_A");
}

// What a bad_alloc anywhere in the binary prints (RunMain's catch): the
// error object in the version table's newest version, and one line.
TEST(WriteOutOfMemory, PrintsErrorElevenInTheNewestVersion) {
  int out[2], err[2];
  ASSERT_EQ(pipe(out), 0);
  ASSERT_EQ(pipe(err), 0);
  EXPECT_EQ(WriteOutOfMemory(out[1], err[1]), 1);
  close(out[1]);
  close(err[1]);
  const auto drain = [](int fd) {
    std::string text;
    char buf[512];
    for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) text.append(buf, n);
    close(fd);
    return text;
  };
  absl::StatusOr<cni::Error> e = cni::DecodeJson<cni::Error>(drain(out[0]));
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->cni_version(), cni::kCurrentVersion);
  EXPECT_EQ(e->code(), 11u);
  EXPECT_EQ(e->msg(), "try again later");
  EXPECT_EQ(e->details(), "out of memory");
  EXPECT_EQ(drain(err[0]),
            "index2ip: error 11: try again later: out of memory\n");
}

}  // namespace
}  // namespace index2ip
