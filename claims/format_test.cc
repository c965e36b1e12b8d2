#include "claims/format.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace index2ip {
namespace claims {
namespace {

using ::testing::HasSubstr;

Claim AClaim(absl::string_view address = "10.0.0.2") {
  Claim c;
  c.set_address(std::string(address));
  c.set_container_id("c");
  c.set_ifname("net1");
  c.set_network("n");
  c.set_netns("/x");
  c.set_netns_id("4:5");
  c.set_since(3);
  return c;
}

Store AStore(std::vector<Claim> claims, uint32_t format = 2) {
  Store s;
  s.set_format(format);
  s.set_boot_id("b");
  for (Claim& c : claims) *s.add_claims() = std::move(c);
  return s;
}

TEST(Store, RoundTripsAsItIsWritten) {
  const Store written = AStore({AClaim(), AClaim("2001:db8::1")});
  Store s;
  ASSERT_TRUE(DecodeStore(EncodeStore(written), &s).ok());
  ASSERT_TRUE(ValidateStore(s).ok());
  EXPECT_EQ(s.SerializeAsString(), written.SerializeAsString());
  EXPECT_THAT(StoreJson(s), ::testing::StartsWith(
                                R"({"format":2,"bootId":"b","claims":[)"
                                R"({"address":"10.0.0.2","containerID":"c",)"));
}

TEST(Store, RefusesWhatIsNotAStoreOfThisFormat) {
  EXPECT_THAT(ValidateStore(AStore({AClaim(), AClaim()})).message(),
              HasSubstr("claims 10.0.0.2 twice"));
  EXPECT_THAT(ValidateStore(AStore({AClaim()}, 3)).message(),
              HasSubstr("format 3, newer than this plugin's 2"));
  EXPECT_THAT(ValidateStore(AStore({AClaim()}, 1)).message(),
              HasSubstr("not a format 2 store"));
  for (const char* bad : {"10.0.0.002", "2001:DB8::1", "x"}) {
    EXPECT_THAT(ValidateStore(AStore({AClaim(bad)})).message(),
                HasSubstr("canonical"))
        << bad;
  }
  Claim no_ifname = AClaim();
  no_ifname.clear_ifname();
  EXPECT_THAT(ValidateStore(AStore({no_ifname})).message(),
              HasSubstr("claim 1 ('10.0.0.2'): its ifname"));
  Store s;
  EXPECT_THAT(DecodeStore("{\"format\":2}", &s).message(),
              HasSubstr("not a claims store"));
  EXPECT_THAT(DecodeStore(std::string(kMaxStoreBytes + 1, ' '), &s).message(),
              HasSubstr("more than a store's"));
}

TEST(LegacyClaim, IsReadAsTheClaimOfItsFilesAddress) {
  const std::string text =
      R"({"format":1,"address":"10.0.0.2","containerID":"c","ifname":"net1",)"
      R"("network":"n","netns":"/x","netnsId":"4:5","bootId":"b","since":3})";
  std::string boot;
  absl::StatusOr<Claim> c = ParseLegacyClaim(text, "10.0.0.2", &boot);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(boot, "b");
  EXPECT_EQ(c->container_id(), "c");
  EXPECT_EQ(c->since(), 3);
  EXPECT_THAT(ParseLegacyClaim(text, "10.0.0.3", &boot).status().message(),
              HasSubstr("another address"));
  std::string newer = text;
  newer.replace(newer.find("\"format\":1"), 10, "\"format\":2");
  EXPECT_FALSE(ParseLegacyClaim(newer, "10.0.0.2", &boot).ok());
  EXPECT_FALSE(
      ParseLegacyClaim(std::string(5000, ' '), "10.0.0.2", &boot).ok());
}

}  // namespace
}  // namespace claims
}  // namespace index2ip
