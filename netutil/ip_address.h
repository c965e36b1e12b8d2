// IP addresses and prefixes, parsed strictly and printed canonically.
//
// This is the address vocabulary of index2ip: the host's address from the
// kernel command line, gateways, DNS servers and the pod's computed address
// are all IpAddress or IpPrefix values. Parsing goes through inet_pton, so the
// accepted text is exactly what the C library calls an address (no leading
// zeros in IPv4 octets, no trailing junk); printing is this file's own
// (ip_address.cc): the RFC 5952 form that Go's net.IP.String() gives, which
// glibc's inet_ntop does not always give.
//
// Example:
//   absl::StatusOr<IpPrefix> host = ParseIpPrefix("4.14.159.112/26");
//   if (!host.ok()) return host.status();
//   host->address().ToString();   // "4.14.159.112"
//   host->NetworkAddress();       // 4.14.159.64
//   host->ToString();             // "4.14.159.112/26"
//
//   ParseIpPrefix("300.2.3.4/26");       // InvalidArgument
//   ParseIpPrefix("1.2.3.4/33");         // InvalidArgument
//   ParseIpAddress("2001:db8::1", IpFamily::kV4);  // InvalidArgument

#ifndef NETUTIL_IP_ADDRESS_H_
#define NETUTIL_IP_ADDRESS_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace index2ip {
namespace netutil {

enum class IpFamily { kV4, kV6 };

// "IPv4" or "IPv6", for messages.
absl::string_view FamilyName(IpFamily family);

// Bits in an address of `family`: 32 or 128.
int FamilyBits(IpFamily family);

// One IPv4 or IPv6 address. IPv4 addresses use the first 4 bytes of bytes().
class IpAddress {
 public:
  // 0.0.0.0.
  IpAddress() = default;

  static IpAddress V4(const std::array<uint8_t, 4>& bytes);
  static IpAddress V6(const std::array<uint8_t, 16>& bytes);

  IpFamily family() const { return family_; }
  // The address in network byte order; 4 or 16 meaningful bytes.
  const std::array<uint8_t, 16>& bytes() const { return bytes_; }
  int size() const { return family_ == IpFamily::kV4 ? 4 : 16; }

  // Canonical text: dotted quad, or RFC 5952 for IPv6.
  std::string ToString() const;

  friend bool operator==(const IpAddress& a, const IpAddress& b) {
    return a.family_ == b.family_ && a.bytes_ == b.bytes_;
  }
  friend bool operator!=(const IpAddress& a, const IpAddress& b) {
    return !(a == b);
  }

 private:
  IpFamily family_ = IpFamily::kV4;
  std::array<uint8_t, 16> bytes_{};
};

// An address with a prefix length, as in "4.14.159.112/26". The address keeps
// its host bits: this is a host's address on a subnet, not a network.
class IpPrefix {
 public:
  IpPrefix() = default;
  // REQUIRES: 0 <= length <= FamilyBits(address.family()).
  IpPrefix(const IpAddress& address, int length)
      : address_(address), length_(length) {}

  const IpAddress& address() const { return address_; }
  int length() const { return length_; }
  IpFamily family() const { return address_.family(); }

  // The address with all host bits cleared / set.
  IpAddress NetworkAddress() const;
  IpAddress BroadcastAddress() const;

  // Whether `a` is of the same family and inside this prefix's subnet.
  bool Contains(const IpAddress& a) const;

  // "address/length".
  std::string ToString() const;

  friend bool operator==(const IpPrefix& a, const IpPrefix& b) {
    return a.address_ == b.address_ && a.length_ == b.length_;
  }
  friend bool operator!=(const IpPrefix& a, const IpPrefix& b) {
    return !(a == b);
  }

 private:
  IpAddress address_;
  int length_ = 0;
};

// Parses an IPv4 or IPv6 address. Returns InvalidArgument when `text` is not
// an address (inet_pton rejects it), including empty text and text over 64
// bytes. IPv4-mapped IPv6 text ("::ffff:1.2.3.4") is an IPv6 address.
absl::StatusOr<IpAddress> ParseIpAddress(absl::string_view text);

// As above, and InvalidArgument when the address is not of `family`.
absl::StatusOr<IpAddress> ParseIpAddress(absl::string_view text,
                                         IpFamily family);

// Parses "address/length". The length is 1 to 3 decimal digits, at most 32
// for IPv4 and 128 for IPv6. Returns InvalidArgument for a missing or extra
// '/', a bad address, or a bad length.
absl::StatusOr<IpPrefix> ParseIpPrefix(absl::string_view text);

// As above, and InvalidArgument when the address is not of `family`.
absl::StatusOr<IpPrefix> ParseIpPrefix(absl::string_view text, IpFamily family);

// Parses a dotted-quad IPv4 netmask with contiguous ones ("255.255.255.192")
// into its prefix length (26). InvalidArgument for anything else.
absl::StatusOr<int> ParseIpv4Netmask(absl::string_view text);

}  // namespace netutil
}  // namespace index2ip

#endif  // NETUTIL_IP_ADDRESS_H_
