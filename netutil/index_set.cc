#include "netutil/index_set.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace index2ip {
namespace netutil {

IndexSet IndexSet::Range(int64_t first, int64_t last) {
  IndexSet s;
  if (first <= last) s.spans_.push_back({first, last});
  return s;
}

void IndexSet::Remove(int64_t index) {
  for (size_t i = 0; i < spans_.size(); ++i) {
    Span& s = spans_[i];
    if (index < s.first || index > s.second) continue;
    if (s.first == s.second) {
      spans_.erase(spans_.begin() + static_cast<std::ptrdiff_t>(i));
    } else if (index == s.first) {
      ++s.first;
    } else if (index == s.second) {
      --s.second;
    } else {
      const Span after = {index + 1, s.second};
      s.second = index - 1;
      spans_.insert(spans_.begin() + static_cast<std::ptrdiff_t>(i) + 1, after);
    }
    return;
  }
}

void IndexSet::Subtract(const IndexSet& other) {
  std::vector<Span> out;
  size_t j = 0;
  for (Span s : spans_) {
    // Skip the spans of `other` wholly before s.
    while (j < other.spans_.size() && other.spans_[j].second < s.first) ++j;
    size_t k = j;
    while (s.first <= s.second) {
      if (k == other.spans_.size() || other.spans_[k].first > s.second) {
        out.push_back(s);
        break;
      }
      const Span& cut = other.spans_[k];
      if (cut.first > s.first) out.push_back({s.first, cut.first - 1});
      s.first = cut.second + 1;
      ++k;
    }
  }
  spans_ = std::move(out);
}

void IndexSet::Intersect(const IndexSet& other) {
  std::vector<Span> out;
  size_t i = 0, j = 0;
  while (i < spans_.size() && j < other.spans_.size()) {
    const Span& a = spans_[i];
    const Span& b = other.spans_[j];
    const int64_t first = std::max(a.first, b.first);
    const int64_t last = std::min(a.second, b.second);
    if (first <= last) out.push_back({first, last});
    if (a.second < b.second) {
      ++i;
    } else {
      ++j;
    }
  }
  spans_ = std::move(out);
}

void IndexSet::KeepAtMost(int64_t bound) {
  while (!spans_.empty() && spans_.back().first > bound) spans_.pop_back();
  if (!spans_.empty() && spans_.back().second > bound) {
    spans_.back().second = bound;
  }
}

bool IndexSet::Contains(int64_t index) const {
  auto it =
      std::upper_bound(spans_.begin(), spans_.end(), index,
                       [](int64_t k, const Span& s) { return k < s.first; });
  return it != spans_.begin() && index <= std::prev(it)->second;
}

int64_t IndexSet::Size() const {
  int64_t n = 0;
  for (const Span& s : spans_) n += s.second - s.first + 1;
  return n;
}

std::string IndexSet::ToString() const {
  if (spans_.empty()) return "none";
  std::string out;
  for (const Span& s : spans_) {
    if (!out.empty()) out.append(", ");
    if (s.first == s.second) {
      absl::StrAppend(&out, s.first);
    } else {
      absl::StrAppend(&out, s.first, "..", s.second);
    }
  }
  return out;
}

}  // namespace netutil
}  // namespace index2ip
