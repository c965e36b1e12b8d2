#include "claims/format.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace index2ip {
namespace claims {
namespace {

using ::testing::HasSubstr;

constexpr absl::string_view kClaim =
    R"({"address":"10.0.0.2","containerID":"c","ifname":"net1",)"
    R"("network":"n","netns":"/x","netnsId":"4:5","since":3})";

std::string StoreText(absl::string_view claims, int format = 2) {
  return absl::StrCat(R"({"format":)", format, R"(,"bootId":"b","claims":[)",
                      claims, "]}");
}

TEST(Store, RoundTripsAsItIsWritten) {
  absl::StatusOr<Store> s = DecodeStore(StoreText(kClaim));
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_TRUE(ValidateStore(*s).ok());
  EXPECT_EQ(EncodeStore(*s), StoreText(kClaim) + "\n");
  EXPECT_EQ(s->claims(0).netns_id(), "4:5");
}

TEST(Store, RefusesWhatIsNotAStoreOfThisFormat) {
  const std::string two_of_one =
      StoreText(absl::StrCat(kClaim, ",", kClaim));
  EXPECT_THAT(ValidateStore(*DecodeStore(two_of_one)).message(),
              HasSubstr("claims 10.0.0.2 twice"));
  EXPECT_THAT(ValidateStore(*DecodeStore(StoreText(kClaim, 3))).message(),
              HasSubstr("format 3, newer than this plugin's 2"));
  EXPECT_THAT(ValidateStore(*DecodeStore(StoreText(kClaim, 1))).message(),
              HasSubstr("not a format 2 store"));
  for (const std::string& bad :
       {std::string("10.0.0.002"), std::string("2001:DB8::1"),
        std::string("x")}) {
    std::string text = StoreText(kClaim);
    text.replace(text.find("10.0.0.2"), 8, bad);
    EXPECT_THAT(ValidateStore(*DecodeStore(text)).message(),
                HasSubstr("canonical")) << bad;
  }
  EXPECT_FALSE(DecodeStore("[]").ok());
  EXPECT_FALSE(DecodeStore(R"({"claims":{}})").ok());
  EXPECT_THAT(DecodeStore(std::string(kMaxStoreBytes + 1, ' ')).status().message(),
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
  EXPECT_FALSE(ParseLegacyClaim(std::string(5000, ' '), "10.0.0.2", &boot).ok());
}

}  // namespace
}  // namespace claims
}  // namespace index2ip
