#include "netutil/ip_address.h"

#include <arpa/inet.h>

#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/quote.h"

namespace index2ip {
namespace netutil {
namespace {

// Longer than any address text ("ffff:...:255.255.255.255" is 45 bytes); a
// bound so hostile input never reaches inet_pton as a huge copy.
constexpr size_t kMaxAddressText = 64;

// RFC 5952 text for an IPv6 address: lower-case hex, leading zeros dropped,
// the longest run of two or more zero groups (the first on a tie) as "::".
// Written here rather than taken from inet_ntop because glibc prints
// "::1:2" as "::0.1.0.2" (the deprecated IPv4-compatible form), which Go's
// net.IP.String() -- and so upstream index2ip -- does not.
// `word` in lower-case hex without leading zeros, as RFC 5952 writes it.
// absl::StrAppend(absl::Hex(word)) does the same for four times the
// instructions, and a result has up to 40 words (bench/profile.py).
void AppendHexWord(uint16_t word, std::string* out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  int shift = 12;
  while (shift > 0 && (word >> shift) == 0) shift -= 4;
  for (; shift >= 0; shift -= 4) out->push_back(kDigits[(word >> shift) & 0xf]);
}

std::string FormatIpv6(const std::array<uint8_t, 16>& b) {
  uint16_t words[8];
  for (int i = 0; i < 8; ++i)
    words[i] = static_cast<uint16_t>(b[2 * i] << 8 | b[2 * i + 1]);
  int best_start = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (words[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && words[j] == 0) ++j;
    if (j - i > best_len) {
      best_start = i;
      best_len = j - i;
    }
    i = j;
  }
  if (best_len < 2) best_start = -1;
  // IPv4-mapped addresses keep their dotted tail (RFC 5952 section 5).
  if (best_start == 0 && best_len == 5 && words[5] == 0xffff) {
    return absl::StrFormat("::ffff:%d.%d.%d.%d", b[12], b[13], b[14], b[15]);
  }
  std::string out;
  out.reserve(40);
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out.append("::");
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out.push_back(':');
    AppendHexWord(words[i], &out);
  }
  return out;
}

}  // namespace

absl::string_view FamilyName(IpFamily family) {
  return family == IpFamily::kV4 ? "IPv4" : "IPv6";
}

int FamilyBits(IpFamily family) { return family == IpFamily::kV4 ? 32 : 128; }

IpAddress IpAddress::V4(const std::array<uint8_t, 4>& bytes) {
  IpAddress a;
  a.family_ = IpFamily::kV4;
  std::memcpy(a.bytes_.data(), bytes.data(), 4);
  return a;
}

IpAddress IpAddress::V6(const std::array<uint8_t, 16>& bytes) {
  IpAddress a;
  a.family_ = IpFamily::kV6;
  a.bytes_ = bytes;
  return a;
}

std::string IpAddress::ToString() const {
  if (family_ == IpFamily::kV6) return FormatIpv6(bytes_);
  // StrCat, not StrFormat: a third of the instructions (callgrind).
  return absl::StrCat(bytes_[0], ".", bytes_[1], ".", bytes_[2], ".",
                      bytes_[3]);
}

IpAddress IpPrefix::NetworkAddress() const {
  IpAddress out = address_;
  std::array<uint8_t, 16> b = address_.bytes();
  for (int i = 0; i < address_.size(); ++i) {
    const int bits_here = length_ - 8 * i;
    if (bits_here >= 8) continue;
    b[i] &= bits_here <= 0 ? 0 : static_cast<uint8_t>(0xff << (8 - bits_here));
  }
  if (out.family() == IpFamily::kV4) {
    return IpAddress::V4({b[0], b[1], b[2], b[3]});
  }
  return IpAddress::V6(b);
}

IpAddress IpPrefix::BroadcastAddress() const {
  std::array<uint8_t, 16> b = address_.bytes();
  for (int i = 0; i < address_.size(); ++i) {
    const int bits_here = length_ - 8 * i;
    if (bits_here >= 8) continue;
    b[i] |= bits_here <= 0 ? 0xff : static_cast<uint8_t>(0xff >> bits_here);
  }
  if (address_.family() == IpFamily::kV4) {
    return IpAddress::V4({b[0], b[1], b[2], b[3]});
  }
  return IpAddress::V6(b);
}

bool IpPrefix::Contains(const IpAddress& a) const {
  if (a.family() != family()) return false;
  return IpPrefix(a, length_).NetworkAddress() == NetworkAddress();
}

std::string IpPrefix::ToString() const {
  return absl::StrCat(address_.ToString(), "/", length_);
}

absl::StatusOr<IpAddress> ParseIpAddress(absl::string_view text) {
  if (text.empty() || text.size() > kMaxAddressText) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected an IP address, got ", QuoteForMessage(text)));
  }
  // inet_pton needs a NUL-terminated string; the bound above keeps this small.
  char buf[kMaxAddressText + 1];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  if (std::memchr(text.data(), '\0', text.size()) == nullptr) {
    std::array<uint8_t, 16> b{};
    if (text.find(':') == absl::string_view::npos) {
      if (inet_pton(AF_INET, buf, b.data()) == 1) {
        return IpAddress::V4({b[0], b[1], b[2], b[3]});
      }
    } else if (inet_pton(AF_INET6, buf, b.data()) == 1) {
      return IpAddress::V6(b);
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat("expected an IP address, got ", QuoteForMessage(text)));
}

absl::StatusOr<IpAddress> ParseIpAddress(absl::string_view text,
                                         IpFamily family) {
  absl::StatusOr<IpAddress> a = ParseIpAddress(text);
  if (!a.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected an ", FamilyName(family), " address, got ",
                     QuoteForMessage(text)));
  }
  if (a->family() != family) {
    return absl::InvalidArgumentError(absl::StrCat(
        "expected an ", FamilyName(family), " address, got the ",
        FamilyName(a->family()), " address ", QuoteForMessage(text)));
  }
  return a;
}

absl::StatusOr<IpPrefix> ParseIpPrefix(absl::string_view text) {
  const size_t slash = text.find('/');
  if (slash == absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "expected an address in CIDR notation (address/prefix), got ",
        QuoteForMessage(text)));
  }
  absl::StatusOr<IpAddress> address = ParseIpAddress(text.substr(0, slash));
  if (!address.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "expected an address in CIDR notation (address/prefix), got ",
        QuoteForMessage(text)));
  }
  const absl::string_view digits = text.substr(slash + 1);
  const int max_length = FamilyBits(address->family());
  int length = 0;
  // Digits only: SimpleAtoi alone would accept "+26" and " 26".
  bool ok = !digits.empty() && digits.size() <= 3;
  for (char c : digits)
    ok = ok && absl::ascii_isdigit(static_cast<unsigned char>(c));
  ok = ok && absl::SimpleAtoi(digits, &length) && length <= max_length;
  if (!ok) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected a prefix length from 0 to ", max_length,
                     " after '/', got ", QuoteForMessage(text)));
  }
  return IpPrefix(*address, length);
}

absl::StatusOr<IpPrefix> ParseIpPrefix(absl::string_view text,
                                       IpFamily family) {
  absl::StatusOr<IpPrefix> p = ParseIpPrefix(text);
  if (!p.ok()) return p.status();
  if (p->family() != family) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected an ", FamilyName(family), " address in CIDR ",
                     "notation, got the ", FamilyName(p->family()), " address ",
                     QuoteForMessage(text)));
  }
  return p;
}

absl::StatusOr<int> ParseIpv4Netmask(absl::string_view text) {
  absl::StatusOr<IpAddress> mask = ParseIpAddress(text, IpFamily::kV4);
  if (!mask.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "expected a dotted-quad netmask, got ", QuoteForMessage(text)));
  }
  const auto& b = mask->bytes();
  const uint32_t bits = static_cast<uint32_t>(b[0]) << 24 |
                        static_cast<uint32_t>(b[1]) << 16 |
                        static_cast<uint32_t>(b[2]) << 8 | b[3];
  // Contiguous ones: the inverted mask plus one is a power of two.
  const uint32_t inverted = ~bits;
  if ((inverted & (inverted + 1)) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected a netmask with contiguous one bits, got ",
                     QuoteForMessage(text)));
  }
  int length = 0;
  for (uint32_t m = bits; m != 0; m <<= 1) ++length;
  return length;
}

}  // namespace netutil
}  // namespace index2ip
