#include "netutil/index_math.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace index2ip {
namespace netutil {
namespace {

uint32_t ToUint32(const IpAddress& a) {
  const auto& b = a.bytes();
  return static_cast<uint32_t>(b[0]) << 24 | static_cast<uint32_t>(b[1]) << 16 |
         static_cast<uint32_t>(b[2]) << 8 | b[3];
}

IpAddress FromUint32(uint32_t v) {
  return IpAddress::V4({static_cast<uint8_t>(v >> 24),
                        static_cast<uint8_t>(v >> 16),
                        static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)});
}

absl::Status IndexBelowOne(int64_t index) {
  return absl::OutOfRangeError(
      absl::StrCat("index must be at least 1, got ", index));
}

}  // namespace

absl::StatusOr<IpPrefix> AddIndexToIpv4(const IpPrefix& host, int64_t index) {
  if (host.family() != IpFamily::kV4) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected an IPv4 host address, got ", host.ToString()));
  }
  if (index < 1) return IndexBelowOne(index);
  const uint64_t broadcast = ToUint32(host.BroadcastAddress());
  // /31 and /32 subnets have no network or broadcast address to avoid.
  const bool has_reserved = host.length() <= 30;
  const uint64_t last = has_reserved ? broadcast - 1 : broadcast;
  const uint64_t base = ToUint32(host.address());
  // 64-bit arithmetic: base < 2^32 and the comparison below runs before any
  // narrowing, so no index can wrap the address around.
  // base may be the broadcast address itself, so compare before subtracting.
  if (base >= last || static_cast<uint64_t>(index) > last - base) {
    return absl::OutOfRangeError(
        absl::StrCat("index ", index, " moves ", host.ToString(),
                     " past the subnet's last usable address ",
                     FromUint32(static_cast<uint32_t>(last)).ToString()));
  }
  return IpPrefix(FromUint32(static_cast<uint32_t>(base + index)),
                  host.length());
}

absl::StatusOr<uint16_t> Base10AdditionInBase16(uint16_t group, int64_t index) {
  if (index < 0) {
    return absl::OutOfRangeError(
        absl::StrCat("index must not be negative, got ", index));
  }
  // Read the hex digits of `group` as decimal digits: 0x201 -> 201.
  int64_t decimal = 0;
  for (int shift = 12; shift >= 0; shift -= 4) {
    const int digit = (group >> shift) & 0xf;
    if (digit > 9) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the last IPv6 group ", absl::Hex(group),
          " has a hex digit above 9, so it cannot be shown in base 10"));
    }
    decimal = decimal * 10 + digit;
  }
  // Four decimal digits are the most that fit back into one 16-bit group.
  constexpr int64_t kMaxDecimal = 9999;
  if (index > kMaxDecimal - decimal) {
    return absl::OutOfRangeError(absl::StrCat(
        "the last IPv6 group ", absl::Hex(group), " plus index ", index,
        " is more than 4 decimal digits and does not fit in the group"));
  }
  int64_t sum = decimal + index;
  // Write the decimal digits of the sum as hex digits: 213 -> 0x213.
  uint16_t out = 0;
  for (int64_t scale = 1000; scale >= 1; scale /= 10) {
    out = static_cast<uint16_t>(out << 4 | (sum / scale));
    sum %= scale;
  }
  return out;
}

absl::StatusOr<IpPrefix> AddIndexToIpv6(const IpPrefix& host, int64_t index) {
  if (host.family() != IpFamily::kV6) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected an IPv6 host address, got ", host.ToString()));
  }
  if (index < 1) return IndexBelowOne(index);
  std::array<uint8_t, 16> bytes = host.address().bytes();
  const uint16_t group = static_cast<uint16_t>(bytes[14] << 8 | bytes[15]);
  absl::StatusOr<uint16_t> sum = Base10AdditionInBase16(group, index);
  if (!sum.ok()) return sum.status();
  bytes[14] = static_cast<uint8_t>(*sum >> 8);
  bytes[15] = static_cast<uint8_t>(*sum);
  IpPrefix out(IpAddress::V6(bytes), host.length());
  if (!host.Contains(out.address())) {
    return absl::OutOfRangeError(absl::StrCat(
        "index ", index, " moves ", host.ToString(), " to ",
        out.address().ToString(), ", outside the subnet ",
        IpPrefix(host.NetworkAddress(), host.length()).ToString()));
  }
  return out;
}

absl::StatusOr<IpPrefix> AddIndexToIp(const IpPrefix& host, int64_t index) {
  return host.family() == IpFamily::kV4 ? AddIndexToIpv4(host, index)
                                        : AddIndexToIpv6(host, index);
}

int64_t LargestIndex(const IpPrefix& host) {
  if (host.family() == IpFamily::kV4) {
    const uint64_t broadcast = ToUint32(host.BroadcastAddress());
    const uint64_t last = host.length() <= 30 ? broadcast - 1 : broadcast;
    const uint64_t base = ToUint32(host.address());
    return last > base ? static_cast<int64_t>(last - base) : 0;
  }
  // IPv6: monotone in the index, and at most 9999 - decimal(group).
  if (!AddIndexToIpv6(host, 1).ok()) return 0;
  int64_t valid = 1, limit = 9999;
  while (valid < limit) {
    const int64_t mid = valid + (limit - valid + 1) / 2;
    if (AddIndexToIpv6(host, mid).ok()) {
      valid = mid;
    } else {
      limit = mid - 1;
    }
  }
  return valid;
}

absl::optional<int64_t> IndexOf(const IpPrefix& host,
                                const IpAddress& address) {
  if (address.family() != host.family() || !host.Contains(address)) {
    return absl::nullopt;
  }
  int64_t k = 0;
  if (host.family() == IpFamily::kV4) {
    const int64_t a = ToUint32(address), h = ToUint32(host.address());
    if (a <= h) return absl::nullopt;
    k = a - h;
  } else {
    const auto& a = address.bytes();
    const auto& h = host.address().bytes();
    if (!std::equal(a.begin(), a.begin() + 14, h.begin())) return absl::nullopt;
    // Read both last groups as decimal, as Base10AdditionInBase16 does.
    const auto decimal = [](uint16_t group) -> int64_t {
      int64_t d = 0;
      for (int shift = 12; shift >= 0; shift -= 4) {
        const int digit = (group >> shift) & 0xf;
        if (digit > 9) return -1;
        d = d * 10 + digit;
      }
      return d;
    };
    const int64_t da = decimal(static_cast<uint16_t>(a[14] << 8 | a[15]));
    const int64_t dh = decimal(static_cast<uint16_t>(h[14] << 8 | h[15]));
    if (da < 0 || dh < 0 || da <= dh) return absl::nullopt;
    k = da - dh;
  }
  // The forward rule has the last word: the subnet's own addresses.
  absl::StatusOr<IpPrefix> forward = AddIndexToIp(host, k);
  if (!forward.ok() || forward->address() != address) return absl::nullopt;
  return k;
}

IndexSet ValidIndices(const IpPrefix& host,
                      absl::Span<const IpAddress> reserved) {
  IndexSet out = IndexSet::Range(1, LargestIndex(host));
  for (const IpAddress& r : reserved) {
    absl::optional<int64_t> k = IndexOf(host, r);
    if (k.has_value()) out.Remove(*k);
  }
  return out;
}

}  // namespace netutil
}  // namespace index2ip
