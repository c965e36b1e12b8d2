#include "index2ip/commands/records.h"

#include <string>

#include "cni/error.h"
#include "gtest/gtest.h"

namespace index2ip {
namespace {

// The line operators' tools parse: the keys and their order are the
// interface (log.h's example).
TEST(EncodeLogEntry, KeysInFieldOrderOnOneLine) {
  LogEntry e;
  e.set_time("2026-12-01T21:00:00.123Z");
  e.set_command("ADD");
  e.set_container_id("ab12");
  e.set_ifname("net1");
  e.set_network("ndt");
  e.set_pod_namespace("default");
  e.set_pod_name("ndt-x");
  e.set_index(5);
  e.set_index_source("ipam.index");
  e.add_addresses("4.14.159.117/26");
  e.set_duration_us(812);
  e.add_events("claimed 4.14.159.117");
  EXPECT_EQ(EncodeLogEntry(e),
            R"({"time":"2026-12-01T21:00:00.123Z","command":"ADD",)"
            R"("containerID":"ab12","ifname":"net1","network":"ndt",)"
            R"("podNamespace":"default","podName":"ndt-x","index":5,)"
            R"("indexSource":"ipam.index","addresses":["4.14.159.117/26"],)"
            R"("durationUs":812,"events":["claimed 4.14.159.117"]})"
            "\n");
  absl::StatusOr<LogEntry> back = DecodeLogEntry(EncodeLogEntry(e));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->SerializeAsString(), e.SerializeAsString());
}

TEST(DecodeDelConf, ReadsOnlyDelsFields) {
  // The rest of the config may be anything: DEL does not read it.
  absl::StatusOr<DelConf> c = DecodeDelConf(
      R"({"cniVersion":7,"name":"ndt","ipam":{"index":"not a number",)"
      R"("dataDir":"/run/x","claims":false,"logFile":"/var/log/i.log"}})");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->name(), "ndt");
  EXPECT_EQ(c->ipam().data_dir(), "/run/x");
  EXPECT_TRUE(c->ipam().has_claims());
  EXPECT_FALSE(c->ipam().claims());
  EXPECT_EQ(c->ipam().log_file(), "/var/log/i.log");
}

TEST(DecodeDelConf, ItsOwnFieldsMustBeWellFormed) {
  absl::StatusOr<DelConf> c = DecodeDelConf(R"({"ipam":{"dataDir":7}})");
  EXPECT_EQ(cni::CodeOf(c.status()), cni::ErrorCode::kDecodingFailure);
  c = DecodeDelConf("not json");
  EXPECT_EQ(cni::CodeOf(c.status()), cni::ErrorCode::kDecodingFailure);
}

}  // namespace
}  // namespace index2ip
