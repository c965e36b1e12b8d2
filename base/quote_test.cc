#include "base/quote.h"

#include <string>

#include "gtest/gtest.h"

namespace index2ip {
namespace {

TEST(QuoteForMessage, QuotesPlainText) {
  EXPECT_EQ(QuoteForMessage("eth0"), "'eth0'");
  EXPECT_EQ(QuoteForMessage(""), "''");
  EXPECT_EQ(QuoteForMessage("it's a\\b"), "'it\\'s a\\\\b'");
}

TEST(QuoteForMessage, EscapesC0ControlsAndDel) {
  EXPECT_EQ(QuoteForMessage("a\nb\rc\td"), "'a\\nb\\rc\\td'");
  EXPECT_EQ(QuoteForMessage(std::string("\x1b[31m\0\x7f", 7)),
            "'\\x1b[31m\\x00\\x7f'");
}

TEST(QuoteForMessage, EscapesC1SeparatorsAndBidiControls) {
  EXPECT_EQ(QuoteForMessage("a\xc2\x85z"), "'a\\u0085z'");  // NEL
  EXPECT_EQ(QuoteForMessage("\xc2\x80\xc2\x9f"), "'\\u0080\\u009f'");
  EXPECT_EQ(QuoteForMessage("\xe2\x80\xa8\xe2\x80\xa9"), "'\\u2028\\u2029'");
  EXPECT_EQ(QuoteForMessage("\xe2\x80\xae"
                            "abc"),
            "'\\u202eabc'");  // RLO
  EXPECT_EQ(QuoteForMessage("\xd8\x9c\xe2\x80\x8e\xe2\x80\x8f"),
            "'\\u061c\\u200e\\u200f'");
  EXPECT_EQ(QuoteForMessage("\xe2\x81\xa6\xe2\x81\xa9"), "'\\u2066\\u2069'");
}

TEST(QuoteForMessage, KeepsOtherUtf8AndEscapesInvalidBytes) {
  EXPECT_EQ(QuoteForMessage("caf\xc3\xa9 \xf0\x9f\x98\x80"),
            "'caf\xc3\xa9 \xf0\x9f\x98\x80'");
  EXPECT_EQ(QuoteForMessage("a\xff"
                            "b"),
            "'a\\xffb'");
  // Overlong, surrogate, past U+10FFFF, truncated: every byte escaped.
  EXPECT_EQ(QuoteForMessage("\xc0\xaf"), "'\\xc0\\xaf'");
  EXPECT_EQ(QuoteForMessage("\xed\xa0\x80"), "'\\xed\\xa0\\x80'");
  EXPECT_EQ(QuoteForMessage("\xf4\x90\x80\x80"), "'\\xf4\\x90\\x80\\x80'");
  EXPECT_EQ(QuoteForMessage("\xe2\x80"), "'\\xe2\\x80'");
}

TEST(QuoteForMessage, CutsAfterTheFixedLimit) {
  const std::string limit(kQuoteMaxBytes, 'x');
  EXPECT_EQ(kQuoteMaxBytes, 64u);
  EXPECT_EQ(QuoteForMessage(limit), "'" + limit + "'");
  EXPECT_EQ(QuoteForMessage(limit + "y"), "'" + limit + "'...");
  EXPECT_EQ(QuoteForMessage(std::string(1 << 20, 'x')), "'" + limit + "'...");
  // Never inside a character: a 2-byte character straddling the limit is
  // shown whole.
  const std::string straddle =
      std::string(kQuoteMaxBytes - 1, 'x') + "\xc3\xa9z";
  EXPECT_EQ(QuoteForMessage(straddle),
            "'" + std::string(kQuoteMaxBytes - 1, 'x') + "\xc3\xa9'...");
}

TEST(EscapeForLine, EscapesControlsButNotQuotes) {
  EXPECT_EQ(EscapeForLine("error 7: 'a\\nb'\nnext"), "error 7: 'a\\nb'\\nnext");
  EXPECT_EQ(EscapeForLine("\xe2\x80\xa8"), "\\u2028");
  const std::string long_line(100000, 'a');
  EXPECT_EQ(EscapeForLine(long_line), long_line);
}

}  // namespace
}  // namespace index2ip
