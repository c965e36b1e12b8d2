#include "netutil/index_set.h"

#include "gtest/gtest.h"

namespace index2ip {
namespace netutil {
namespace {

TEST(IndexSet, RangeAndHoles) {
  IndexSet s = IndexSet::Range(1, 14);
  EXPECT_EQ(s.ToString(), "1..14");
  EXPECT_EQ(s.Size(), 14);
  s.Remove(5);
  EXPECT_EQ(s.ToString(), "1..4, 6..14");
  s.Remove(1);
  s.Remove(14);
  s.Remove(7);
  EXPECT_EQ(s.ToString(), "2..4, 6, 8..13");
  EXPECT_EQ(s.Size(), 10);
  s.Remove(6);
  s.Remove(99);  // not in: nothing changes
  EXPECT_EQ(s.ToString(), "2..4, 8..13");
  EXPECT_TRUE(s.Contains(2));
  EXPECT_TRUE(s.Contains(13));
  EXPECT_FALSE(s.Contains(5));
  EXPECT_FALSE(s.Contains(1));
  EXPECT_FALSE(s.Contains(14));
  EXPECT_EQ(s.Max(), 13);
}

TEST(IndexSet, EmptyAndSingle) {
  EXPECT_TRUE(IndexSet::Range(3, 2).empty());
  EXPECT_EQ(IndexSet().ToString(), "none");
  IndexSet one = IndexSet::Range(7, 7);
  EXPECT_EQ(one.ToString(), "7");
  one.Remove(7);
  EXPECT_TRUE(one.empty());
}

TEST(IndexSet, KeepAtMostAndIntersect) {
  IndexSet s = IndexSet::Range(1, 62);
  s.Remove(9);
  s.Remove(22);
  s.KeepAtMost(12);
  EXPECT_EQ(s.ToString(), "1..8, 10..12");
  s.KeepAtMost(9);
  EXPECT_EQ(s.ToString(), "1..8");
  s.KeepAtMost(0);
  EXPECT_TRUE(s.empty());

  IndexSet a = IndexSet::Range(1, 20);
  a.Remove(5);
  IndexSet b = IndexSet::Range(3, 30);
  b.Remove(10);
  a.Intersect(b);
  EXPECT_EQ(a.ToString(), "3..4, 6..9, 11..20");
  EXPECT_EQ(a, [] {
    IndexSet want = IndexSet::Range(3, 20);
    want.Remove(5);
    want.Remove(10);
    return want;
  }());
}

TEST(IndexSet, Subtract) {
  IndexSet a = IndexSet::Range(1, 20);
  IndexSet b = IndexSet::Range(3, 5);
  IndexSet c = IndexSet::Range(8, 8);
  IndexSet d = IndexSet::Range(15, 30);
  b.Intersect(IndexSet::Range(0, 100));
  a.Subtract(b);
  a.Subtract(c);
  a.Subtract(d);
  EXPECT_EQ(a.ToString(), "1..2, 6..7, 9..14");
  IndexSet all = IndexSet::Range(1, 14);
  all.Subtract(a);
  EXPECT_EQ(all.ToString(), "3..5, 8");
  IndexSet none = IndexSet::Range(1, 3);
  none.Subtract(IndexSet::Range(0, 9));
  EXPECT_TRUE(none.empty());
}

}  // namespace
}  // namespace netutil
}  // namespace index2ip
