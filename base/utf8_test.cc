#include "base/utf8.h"

#include <cstdint>
#include <string>

#include "gtest/gtest.h"

namespace index2ip {
namespace {

TEST(DecodeUtf8Char, DecodesEachLength) {
  uint32_t cp = 0;
  EXPECT_EQ(DecodeUtf8Char("a", &cp), 1u);
  EXPECT_EQ(cp, 'a');
  EXPECT_EQ(DecodeUtf8Char("\xc2\xa0", &cp), 2u);
  EXPECT_EQ(cp, 0xa0u);
  EXPECT_EQ(DecodeUtf8Char("\xe3\x80\x80", &cp), 3u);
  EXPECT_EQ(cp, 0x3000u);
  EXPECT_EQ(DecodeUtf8Char("\xf4\x8f\xbf\xbf", &cp), 4u);
  EXPECT_EQ(cp, 0x10ffffu);
}

TEST(DecodeUtf8Char, RejectsWhatRfc3629Forbids) {
  uint32_t cp = 0;
  for (const char* bad : {"", "\x80", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf",
                          "\xed\xa0\x80", "\xf4\x90\x80\x80",
                          "\xf5\x80\x80\x80", "\xff", "\xe2\x80", "\xc2\x41"}) {
    EXPECT_EQ(DecodeUtf8Char(bad, &cp), 0u) << bad;
  }
  EXPECT_FALSE(IsValidUtf8("eth\xff"));
  EXPECT_TRUE(IsValidUtf8("r\xc3\xa9seau"));
  EXPECT_TRUE(IsValidUtf8(""));
}

TEST(IsUnicodeSpace, MatchesGo) {
  // Go's unicode.IsSpace, every rune it reports.
  for (uint32_t cp : {0x09u, 0x0au, 0x0bu, 0x0cu, 0x0du, 0x20u, 0x85u, 0xa0u,
                      0x1680u, 0x2000u, 0x2005u, 0x200au, 0x2028u, 0x2029u,
                      0x202fu, 0x205fu, 0x3000u}) {
    EXPECT_TRUE(IsUnicodeSpace(cp)) << cp;
  }
  for (uint32_t cp : {0x00u, 0x08u, 0x0eu, 0x1fu, 0x21u, 0x84u, 0x86u, 0x9fu,
                      0xa1u, 0x180eu, 0x200bu, 0x2060u, 0xfeffu, 0x3001u}) {
    EXPECT_FALSE(IsUnicodeSpace(cp)) << cp;
  }
}

}  // namespace
}  // namespace index2ip
