// Fuzzes the address vocabulary (netutil/): ParseIpAddress, ParseIpPrefix,
// ParseIpv4Netmask, and the index math AddIndexToIp and
// Base10AdditionInBase16.
//
// Input layout (FuzzedDataProvider): from the end, the index (a flag byte,
// then a small or any int64), an IPv6 last group for Base10AdditionInBase16
// (two bytes) and a prefix length used when the text is a bare address (one
// byte); the rest, from the front, is the address text.
//
// Properties:
//   - a parsed address prints as text that parses back to itself; an IPv4
//     address is accepted only in its canonical dotted-quad text; the
//     family-checked overloads agree with the plain ones;
//   - ParseIpPrefix accepts exactly "ADDRESS/LENGTH" with 1-3 decimal digits
//     and LENGTH within the family; network <= address <= broadcast and the
//     prefix contains all three;
//   - ParseIpv4Netmask accepts exactly the contiguous masks, and the mask
//     rebuilt from the length is the same address;
//   - AddIndexToIp matches a model: IPv4 host + index stays inside the
//     subnet and is neither network nor broadcast address (for /30 and
//     shorter); IPv6 keeps all but the last group, whose new value is
//     Base10AdditionInBase16's, inside the subnet;
//   - AddIndexToIp accepts exactly 1..LargestIndex, ValidIndices with
//     nothing reserved is that range, and with the pod's address reserved
//     it is one smaller and lacks the index; IndexOf inverts AddIndexToIp;
//   - IndexSet's Range, Remove, Subtract, Intersect, KeepAtMost, Contains,
//     Size, Max and == match a bit-mask model over 1..32, and its spans stay
//     sorted, disjoint and not adjacent;
//   - Base10AdditionInBase16 matches its model, and its result is
//     re-derivable: decimal(result) - decimal(group) == index.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "fuzz/fuzz_check.h"
#include "fuzzer/FuzzedDataProvider.h"
#include "netutil/index_math.h"
#include "netutil/index_set.h"
#include "netutil/ip_address.h"

namespace index2ip {
namespace {

using netutil::IndexSet;
using netutil::IpAddress;
using netutil::IpFamily;
using netutil::IpPrefix;

// The longest address text is 45 bytes; the parsers cut off at 64.
constexpr size_t kMaxInput = 256;

std::string Quoted(absl::string_view s) {
  return absl::StrCat("'", absl::CHexEscape(s), "'");
}

IpFamily Other(IpFamily f) {
  return f == IpFamily::kV4 ? IpFamily::kV6 : IpFamily::kV4;
}

uint32_t ToUint32(const IpAddress& a) {
  const auto& b = a.bytes();
  return uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 | uint32_t{b[2]} << 8 |
         uint32_t{b[3]};
}

// The decimal reading of a group's hex digits, or -1 when one is a-f.
int64_t DecimalOfHexDigits(uint16_t group) {
  int64_t out = 0;
  for (int shift = 12; shift >= 0; shift -= 4) {
    const int digit = (group >> shift) & 0xf;
    if (digit > 9) return -1;
    out = out * 10 + digit;
  }
  return out;
}

void CheckAddress(absl::string_view text) {
  absl::StatusOr<IpAddress> a = netutil::ParseIpAddress(text);
  if (!a.ok()) {
    INDEX2IP_FUZZ_CHECK(!netutil::ParseIpAddress(text, IpFamily::kV4).ok() &&
                            !netutil::ParseIpAddress(text, IpFamily::kV6).ok(),
                        Quoted(text));
    return;
  }
  const std::string printed = a->ToString();
  absl::StatusOr<IpAddress> back = netutil::ParseIpAddress(printed);
  INDEX2IP_FUZZ_CHECK(back.ok() && *back == *a && back->ToString() == printed,
                      absl::StrCat(Quoted(text), " prints as ", printed,
                                   ", which does not parse back"));
  if (a->family() == IpFamily::kV4) {
    INDEX2IP_FUZZ_CHECK(
        printed == text,
        absl::StrCat("IPv4 ", Quoted(text), " is not canonical ", printed));
  }
  absl::StatusOr<IpAddress> same = netutil::ParseIpAddress(text, a->family());
  INDEX2IP_FUZZ_CHECK(same.ok() && *same == *a, Quoted(text));
  INDEX2IP_FUZZ_CHECK(!netutil::ParseIpAddress(text, Other(a->family())).ok(),
                      Quoted(text));
}

void CheckPrefixShape(const IpPrefix& p) {
  const IpAddress network = p.NetworkAddress();
  const IpAddress broadcast = p.BroadcastAddress();
  INDEX2IP_FUZZ_CHECK(
      network.family() == p.family() && broadcast.family() == p.family() &&
          network.bytes() <= p.address().bytes() &&
          p.address().bytes() <= broadcast.bytes() && p.Contains(p.address()) &&
          p.Contains(network) && p.Contains(broadcast) &&
          IpPrefix(network, p.length()).NetworkAddress() == network &&
          IpPrefix(broadcast, p.length()).BroadcastAddress() == broadcast,
      absl::StrCat(p.ToString(), " network ", network.ToString(), " broadcast ",
                   broadcast.ToString()));
}

// The model of ParseIpPrefix's acceptance.
bool ModelPrefixOk(absl::string_view text) {
  const size_t slash = text.find('/');
  if (slash == absl::string_view::npos) return false;
  absl::StatusOr<IpAddress> a = netutil::ParseIpAddress(text.substr(0, slash));
  if (!a.ok()) return false;
  const absl::string_view digits = text.substr(slash + 1);
  if (digits.empty() || digits.size() > 3) return false;
  int length = 0;
  for (char c : digits) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
    length = length * 10 + (c - '0');
  }
  return length <= netutil::FamilyBits(a->family());
}

absl::StatusOr<IpPrefix> CheckPrefix(absl::string_view text) {
  absl::StatusOr<IpPrefix> p = netutil::ParseIpPrefix(text);
  INDEX2IP_FUZZ_CHECK(
      p.ok() == ModelPrefixOk(text),
      absl::StrCat("ParseIpPrefix(", Quoted(text), ") ok=", p.ok()));
  if (!p.ok()) return p;
  INDEX2IP_FUZZ_CHECK(
      p->length() >= 0 && p->length() <= netutil::FamilyBits(p->family()),
      p->ToString());
  absl::StatusOr<IpPrefix> back = netutil::ParseIpPrefix(p->ToString());
  INDEX2IP_FUZZ_CHECK(back.ok() && *back == *p,
                      absl::StrCat(p->ToString(), " does not parse back"));
  absl::StatusOr<IpPrefix> same = netutil::ParseIpPrefix(text, p->family());
  INDEX2IP_FUZZ_CHECK(same.ok() && *same == *p, Quoted(text));
  INDEX2IP_FUZZ_CHECK(!netutil::ParseIpPrefix(text, Other(p->family())).ok(),
                      Quoted(text));
  // The length is part of a prefix's identity.
  const int other_length = p->length() == 0 ? 1 : p->length() - 1;
  INDEX2IP_FUZZ_CHECK(IpPrefix(p->address(), other_length) != *p, Quoted(text));
  // The per-family index math refuses the other family.
  const bool v4 = p->family() == IpFamily::kV4;
  INDEX2IP_FUZZ_CHECK(
      (v4 ? netutil::AddIndexToIpv6(*p, 1) : netutil::AddIndexToIpv4(*p, 1))
              .status()
              .code() == absl::StatusCode::kInvalidArgument,
      Quoted(text));
  CheckPrefixShape(*p);
  return p;
}

void CheckNetmask(absl::string_view text) {
  absl::StatusOr<int> length = netutil::ParseIpv4Netmask(text);
  absl::StatusOr<IpAddress> mask = netutil::ParseIpAddress(text, IpFamily::kV4);
  bool contiguous = false;
  if (mask.ok()) {
    const uint32_t bits = ToUint32(*mask);
    for (int n = 0; n <= 32 && !contiguous; ++n) {
      contiguous = bits == (n == 0 ? 0 : ~uint32_t{0} << (32 - n));
    }
  }
  INDEX2IP_FUZZ_CHECK(
      length.ok() == contiguous,
      absl::StrCat("ParseIpv4Netmask(", Quoted(text), ") ok=", length.ok()));
  if (!length.ok()) return;
  INDEX2IP_FUZZ_CHECK(*length >= 0 && *length <= 32, absl::StrCat(*length));
  const uint32_t rebuilt = *length == 0 ? 0 : ~uint32_t{0} << (32 - *length);
  INDEX2IP_FUZZ_CHECK(rebuilt == ToUint32(*mask),
                      absl::StrCat(Quoted(text), " gives length ", *length));
}

void CheckBase10(uint16_t group, int64_t index) {
  absl::StatusOr<uint16_t> sum = netutil::Base10AdditionInBase16(group, index);
  const int64_t decimal = DecimalOfHexDigits(group);
  const bool want_ok = index >= 0 && decimal >= 0 && index <= 9999 - decimal;
  INDEX2IP_FUZZ_CHECK(
      sum.ok() == want_ok,
      absl::StrCat("Base10AdditionInBase16(0x", absl::Hex(group), ", ", index,
                   ") ok=", sum.ok()));
  if (!sum.ok()) return;
  // Re-derive: the result's hex digits, read as decimal, are the sum.
  INDEX2IP_FUZZ_CHECK(
      DecimalOfHexDigits(*sum) == decimal + index,
      absl::StrCat("Base10AdditionInBase16(0x", absl::Hex(group), ", ", index,
                   ") = 0x", absl::Hex(*sum)));
}

void CheckAddIndex(const IpPrefix& host, int64_t index) {
  absl::StatusOr<IpPrefix> pod = netutil::AddIndexToIp(host, index);
  const std::string what = absl::StrCat(
      "AddIndexToIp(", host.ToString(), ", ", index,
      ") = ", pod.ok() ? pod->ToString() : pod.status().ToString());
  // The bound, the inverse and the valid set agree with AddIndexToIp.
  const int64_t largest = netutil::LargestIndex(host);
  INDEX2IP_FUZZ_CHECK(pod.ok() == (index >= 1 && index <= largest),
                      absl::StrCat(what, "; LargestIndex ", largest));
  const IndexSet all = netutil::ValidIndices(host, {});
  INDEX2IP_FUZZ_CHECK(
      largest == 0 ? all.empty() : all == IndexSet::Range(1, largest),
      absl::StrCat(what, "; ValidIndices ", all.ToString()));
  if (pod.ok()) {
    INDEX2IP_FUZZ_CHECK(pod->family() == host.family() &&
                            pod->length() == host.length() &&
                            host.Contains(pod->address()),
                        what);
    const absl::optional<int64_t> back = netutil::IndexOf(host, pod->address());
    INDEX2IP_FUZZ_CHECK(
        back.has_value() && *back == index,
        absl::StrCat(what, "; IndexOf ",
                     back.has_value() ? absl::StrCat(*back) : "none"));
    const IpAddress reserved[] = {pod->address()};
    const IndexSet holed = netutil::ValidIndices(host, reserved);
    INDEX2IP_FUZZ_CHECK(
        !holed.Contains(index) && holed.Size() == all.Size() - 1,
        absl::StrCat(what, "; with it reserved ", holed.ToString()));
  }
  if (host.family() == IpFamily::kV4) {
    const uint32_t base = ToUint32(host.address());
    const uint64_t network = ToUint32(host.NetworkAddress());
    const uint64_t broadcast = ToUint32(host.BroadcastAddress());
    const uint64_t last = host.length() <= 30 ? broadcast - 1 : broadcast;
    const bool want_ok = index >= 1 && static_cast<uint64_t>(index) <= last &&
                         uint64_t{base} + static_cast<uint64_t>(index) <= last;
    INDEX2IP_FUZZ_CHECK(pod.ok() == want_ok, what);
    if (!pod.ok()) return;
    const uint32_t got = ToUint32(pod->address());
    INDEX2IP_FUZZ_CHECK(
        uint64_t{got} == uint64_t{base} + static_cast<uint64_t>(index), what);
    if (host.length() <= 30) {
      INDEX2IP_FUZZ_CHECK(got != network && got != broadcast, what);
    }
    return;
  }
  const auto& hb = host.address().bytes();
  const uint16_t group = static_cast<uint16_t>(hb[14] << 8 | hb[15]);
  absl::StatusOr<uint16_t> last = netutil::Base10AdditionInBase16(group, index);
  bool want_ok = index >= 1 && last.ok();
  std::array<uint8_t, 16> want_bytes = hb;
  if (want_ok) {
    want_bytes[14] = static_cast<uint8_t>(*last >> 8);
    want_bytes[15] = static_cast<uint8_t>(*last);
    want_ok = host.Contains(IpAddress::V6(want_bytes));
  }
  INDEX2IP_FUZZ_CHECK(pod.ok() == want_ok, what);
  if (pod.ok()) {
    INDEX2IP_FUZZ_CHECK(pod->address().bytes() == want_bytes, what);
  }
}

int64_t ConsumeIndex(FuzzedDataProvider& fdp) {
  return fdp.ConsumeBool() ? fdp.ConsumeIntegralInRange<int64_t>(-2, 300)
                           : fdp.ConsumeIntegral<int64_t>();
}

// IndexSet against a bit mask over 1..32: `a` and `b` say which indices
// each set starts with (built by Range and Remove), `bound` where
// KeepAtMost cuts.
IndexSet FromMask(uint32_t mask) {
  IndexSet set = IndexSet::Range(1, 32);
  for (int i = 1; i <= 32; ++i) {
    if ((mask & (uint32_t{1} << (i - 1))) == 0) set.Remove(i);
  }
  return set;
}

void CheckSet(const IndexSet& set, uint32_t mask, absl::string_view what) {
  const std::string text = absl::StrCat(what, " = ", set.ToString());
  int64_t size = 0;
  for (int i = 0; i <= 33; ++i) {
    const bool in = i >= 1 && i <= 32 && (mask & (uint32_t{1} << (i - 1)));
    size += in ? 1 : 0;
    INDEX2IP_FUZZ_CHECK(set.Contains(i) == in, absl::StrCat(text, " at ", i));
  }
  INDEX2IP_FUZZ_CHECK(set.Size() == size && set.empty() == (mask == 0), text);
  if (mask != 0)
    INDEX2IP_FUZZ_CHECK(set.Max() == 32 - __builtin_clz(mask), text);
  // Sorted, disjoint and not adjacent: one representation per set.
  for (size_t i = 0; i < set.spans().size(); ++i) {
    const IndexSet::Span& sp = set.spans()[i];
    INDEX2IP_FUZZ_CHECK(sp.first <= sp.second, text);
    if (i > 0)
      INDEX2IP_FUZZ_CHECK(set.spans()[i - 1].second + 1 < sp.first, text);
  }
  INDEX2IP_FUZZ_CHECK(set == FromMask(mask), text);
}

void CheckIndexSet(uint32_t a, uint32_t b, int bound) {
  const std::string what = absl::StrCat("a=", a, " b=", b, " bound=", bound);
  IndexSet sa = FromMask(a);
  CheckSet(sa, a, absl::StrCat(what, ": a"));
  IndexSet diff = sa;
  diff.Subtract(FromMask(b));
  CheckSet(diff, a & ~b, absl::StrCat(what, ": a - b"));
  IndexSet both = sa;
  both.Intersect(FromMask(b));
  CheckSet(both, a & b, absl::StrCat(what, ": a & b"));
  IndexSet cut = sa;
  cut.KeepAtMost(bound);
  const uint32_t keep = bound >= 32  ? ~uint32_t{0}
                        : bound <= 0 ? 0
                                     : (uint32_t{1} << bound) - 1;
  CheckSet(cut, a & keep, absl::StrCat(what, ": a up to bound"));
}

void TestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  const int64_t index = ConsumeIndex(fdp);
  const uint16_t group = fdp.ConsumeIntegral<uint16_t>();
  const int length = fdp.ConsumeIntegralInRange<int>(0, 128);
  const std::string text = fdp.ConsumeRemainingBytesAsString();

  CheckAddress(text);
  CheckNetmask(text);
  CheckBase10(group, index);
  CheckIndexSet(static_cast<uint32_t>(index) ^ (uint32_t{group} << 16),
                static_cast<uint32_t>(static_cast<uint64_t>(index) >> 32),
                length - 2);
  absl::StatusOr<IpPrefix> prefix = CheckPrefix(text);
  if (!prefix.ok()) {
    // A bare address gets the length from the input.
    absl::StatusOr<IpAddress> a = netutil::ParseIpAddress(text);
    if (!a.ok()) return;
    const int bits = netutil::FamilyBits(a->family());
    prefix = IpPrefix(*a, length > bits ? length % (bits + 1) : length);
    CheckPrefixShape(*prefix);
  }
  CheckAddIndex(*prefix, index);
}

}  // namespace
}  // namespace index2ip

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > index2ip::kMaxInput) return 0;
  index2ip::TestOneInput(data, size);
  return 0;
}
