// The largest integer a JSON number holds exactly: JSON numbers are read as
// doubles (by Go's encoding/json, libcni and this codec alike), and beyond
// 2^53 neighbouring integers share one double. The codec refuses integers
// past it, and the index sources, preview's --index and the index math use
// the same bound, so no index is ever one the config could not have said.
//
// Example:
//   if (index > json::kMaxJsonInteger) return OutOfRange(...);

#ifndef JSON_LIMITS_H_
#define JSON_LIMITS_H_

#include <cstdint>

namespace index2ip {
namespace json {

inline constexpr int64_t kMaxJsonInteger = int64_t{1} << 53;

}  // namespace json
}  // namespace index2ip

#endif  // JSON_LIMITS_H_
