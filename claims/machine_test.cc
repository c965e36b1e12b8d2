#include "claims/machine.h"

#include <unistd.h>

#include <string>

#include "absl/types/optional.h"
#include "gtest/gtest.h"

namespace index2ip {
namespace claims {
namespace {

// The test's own machine: what the binary sees.
TEST(MachineSystem, ReadsThisMachine) {
  const System m = MachineSystem();
  absl::StatusOr<std::string> boot = m.boot_id();
  ASSERT_TRUE(boot.ok()) << boot.status();
  EXPECT_EQ(boot->size(), 36u) << *boot;  // a UUID, without its newline
  EXPECT_EQ(*m.boot_id(), *boot);
  EXPECT_EQ(m.euid(), static_cast<uint32_t>(geteuid()));
  EXPECT_GT(m.now(), 1700000000);
}

TEST(MachineSystem, KnowsTheTestsOwnNamespace) {
  const System m = MachineSystem();
  absl::optional<NetnsId> own = m.stat_netns("/proc/self/ns/net");
  ASSERT_TRUE(own.has_value());
  EXPECT_TRUE(m.netns_held(*own));  // this process holds it
  EXPECT_FALSE(m.stat_netns("").has_value());
  EXPECT_FALSE(m.stat_netns("/nonexistent/netns").has_value());
  // A namespace nothing holds: the inode of a plain file is no namespace.
  absl::optional<NetnsId> file = m.stat_netns("/proc/self/exe");
  ASSERT_TRUE(file.has_value());
  EXPECT_FALSE(m.netns_held(*file));
}

}  // namespace
}  // namespace claims
}  // namespace index2ip
