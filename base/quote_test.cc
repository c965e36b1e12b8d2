#include "base/quote.h"

#include <string>

#include "gtest/gtest.h"

namespace index2ip {
namespace {

TEST(QuoteForMessage, QuotesAndEscapes) {
  EXPECT_EQ(QuoteForMessage("eth0", 64), "'eth0'");
  EXPECT_EQ(QuoteForMessage("a\nb\xff", 64), "'a\\nb\\xff'");
  EXPECT_EQ(QuoteForMessage("", 64), "''");
}

TEST(QuoteForMessage, CutsAfterTheLimit) {
  EXPECT_EQ(QuoteForMessage("abcd", 4), "'abcd'");
  EXPECT_EQ(QuoteForMessage("abcde", 4), "'abcd'...");
  EXPECT_EQ(QuoteForMessage(std::string(1 << 20, 'x'), 8), "'xxxxxxxx'...");
}

}  // namespace
}  // namespace index2ip
