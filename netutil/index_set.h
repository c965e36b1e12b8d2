// A set of pod indices, as sorted, disjoint ranges: which indices a host
// takes once its subnet, its reserved addresses and an operator's bound have
// each had their say. Validity is "1..K with holes", not "1 up to a largest
// index", so a count or a binary search is not enough to describe it.
//
// Example:
//   IndexSet s = IndexSet::Range(1, 14);
//   s.Remove(5);
//   s.ToString();          // "1..4, 6..14"
//   s.Contains(5);         // false
//   s.Size();              // 13
//   s.KeepAtMost(3);       // now "1..3"

#ifndef NETUTIL_INDEX_SET_H_
#define NETUTIL_INDEX_SET_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace index2ip {
namespace netutil {

class IndexSet {
 public:
  // A closed range [first, last].
  using Span = std::pair<int64_t, int64_t>;

  IndexSet() = default;

  // Every index from `first` to `last`; empty when first > last.
  static IndexSet Range(int64_t first, int64_t last);

  // Takes `index` out (a no-op when it is not in).
  void Remove(int64_t index);

  // Takes out every index of `other`.
  void Subtract(const IndexSet& other);

  // Keeps only the indices in both sets.
  void Intersect(const IndexSet& other);

  // Keeps only the indices up to `bound`.
  void KeepAtMost(int64_t bound);

  bool Contains(int64_t index) const;
  bool empty() const { return spans_.empty(); }
  // How many indices there are.
  int64_t Size() const;
  // The largest index. REQUIRES: !empty().
  int64_t Max() const { return spans_.back().second; }
  const std::vector<Span>& spans() const { return spans_; }

  // "1..4, 6, 8..14"; "none" when empty. Linear in the number of spans.
  std::string ToString() const;

  friend bool operator==(const IndexSet& a, const IndexSet& b) {
    return a.spans_ == b.spans_;
  }

 private:
  std::vector<Span> spans_;  // sorted, disjoint, not adjacent
};

}  // namespace netutil
}  // namespace index2ip

#endif  // NETUTIL_INDEX_SET_H_
