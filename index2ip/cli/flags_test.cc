#include "index2ip/cli/flags.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index2ip/cli/table.h"

namespace index2ip {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr FlagSpec kSpecs[] = {{"--index", true}, {"--all", false}};

absl::StatusOr<Flags> Parse(std::vector<std::string> args, size_t words = 0) {
  return ParseFlags(args, kSpecs, "preview", words);
}

TEST(Flags, ReadsBothSpellingsOfAValueAndFlagsWithout) {
  absl::StatusOr<Flags> f = Parse({"--index", "5", "--all"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->Value("--index"), "5");
  EXPECT_TRUE(f->Has("--all"));
  EXPECT_FALSE(f->Has("--help"));
  f = Parse({"--index=", "-h"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->Value("--index"), "");
  EXPECT_TRUE(f->Has("--help"));
  f = Parse({"release", "--all", "10.0.0.2"}, 2);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_THAT(f->words(), ElementsAre("release", "10.0.0.2"));
}

TEST(Flags, SaysWhatIsWrong) {
  EXPECT_THAT(Parse({"--frob"}).status().message(),
              HasSubstr("unknown flag '--frob' for preview"));
  EXPECT_THAT(Parse({"--all", "--all"}).status().message(),
              HasSubstr("--all given twice"));
  EXPECT_THAT(Parse({"--index"}).status().message(),
              HasSubstr("--index needs a value"));
  EXPECT_THAT(Parse({"--all=1"}).status().message(),
              HasSubstr("--all takes no value"));
  EXPECT_THAT(Parse({"x"}).status().message(),
              HasSubstr("unexpected argument 'x' for preview"));
}

TEST(Columns, PadsAllButTheLastColumn) {
  EXPECT_EQ(Columns({{"index", "IPv4", "note"},
                     {"1", "4.14.159.113/26", ""},
                     {"14", "4.14.159.126/26", "x"}}),
            "index  IPv4             note\n"
            "1      4.14.159.113/26\n"
            "14     4.14.159.126/26  x\n");
}

}  // namespace
}  // namespace index2ip
