// The index arithmetic that turns a host address into a pod address.
//
// A pod with index N gets the host's address plus N. For IPv4 that is plain
// addition, kept inside the host's subnet. For IPv6 the M-Lab fleet lines the
// last IPv6 group up with the last IPv4 octet *as printed*: the group's hex
// digits are read as a decimal number, the index is added, and the decimal
// result is written back as hex digits, so host ::201 with index 12 gets
// ::213 (as IPv4 .201 gets .213), not ::20d. This is upstream index2ip's
// Base10AdditionInBase16 (m-lab/index2ip main.go).
//
// Example:
//   IpPrefix host = *ParseIpPrefix("4.14.159.112/26");
//   AddIndexToIpv4(host, 5);    // 4.14.159.117/26
//   AddIndexToIpv4(host, 15);   // OutOfRange: .127 is the broadcast address
//   AddIndexToIpv6(*ParseIpPrefix("2001:db8::112/64"), 12);  // ::124/64
//   IndexOf(host, *ParseIpAddress("4.14.159.117"));          // 5
//   ValidIndices(host, {gateway}).ToString();                // "1..14"

#ifndef NETUTIL_INDEX_MATH_H_
#define NETUTIL_INDEX_MATH_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "netutil/index_set.h"
#include "netutil/ip_address.h"

namespace index2ip {
namespace netutil {

// Returns `host` + `index` as an address in the same subnet, with the same
// prefix length. Errors:
//   InvalidArgument  `host` is not IPv4.
//   OutOfRange       `index` < 1; or the sum leaves the subnet, or is its
//                    network or broadcast address (for prefixes up to /30;
//                    /31 and /32 have no such addresses, RFC 3021).
absl::StatusOr<IpPrefix> AddIndexToIpv4(const IpPrefix& host, int64_t index);

// The last-group rule described above: `group` is the last 16 bits of an
// IPv6 address. Errors:
//   InvalidArgument  the group's hex text has a digit a-f ("fe"), so it has
//                    no decimal reading.
//   OutOfRange       `index` < 0, or the decimal sum has more than four
//                    digits (it would not fit back in 16 bits).
// Upstream also rejects sums from 8000 to 9999 (it parses the result as a
// signed 16-bit number); those fit in a group and are accepted here.
absl::StatusOr<uint16_t> Base10AdditionInBase16(uint16_t group, int64_t index);

// Returns `host` with Base10AdditionInBase16 applied to its last group, same
// prefix length. Errors: as Base10AdditionInBase16, plus
//   InvalidArgument  `host` is not IPv6.
//   OutOfRange       `index` < 1, or the result leaves the host's subnet
//                    (possible only for prefixes longer than /112).
absl::StatusOr<IpPrefix> AddIndexToIpv6(const IpPrefix& host, int64_t index);

// Dispatches on the family of `host`.
absl::StatusOr<IpPrefix> AddIndexToIp(const IpPrefix& host, int64_t index);

// The largest index AddIndexToIp accepts for `host`, 0 when it accepts none.
// It accepts exactly 1..LargestIndex(host): the sum only grows with the
// index. Constant time for IPv4; at most 14 additions for IPv6.
int64_t LargestIndex(const IpPrefix& host);

// The inverse of AddIndexToIp: the index k >= 1 with
// AddIndexToIp(host, k)->address() == address, or nullopt when there is none
// (another family, outside the subnet, below the host, or for IPv6 another
// upper 112 bits or a last group with a hex digit above 9).
absl::optional<int64_t> IndexOf(const IpPrefix& host, const IpAddress& address);

// The indices AddIndexToIp accepts for `host` whose address is none of
// `reserved`: 1..LargestIndex(host) with holes.
IndexSet ValidIndices(const IpPrefix& host,
                      absl::Span<const IpAddress> reserved);

}  // namespace netutil
}  // namespace index2ip

#endif  // NETUTIL_INDEX_MATH_H_
