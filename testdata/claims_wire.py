"""The claims store's file (claims/claims.proto's Store, protobuf's binary
wire format) as bytes, for the tests that plant a store and for the fuzzers'
seeds: the plugin's own writer is C++, and these need no protobuf runtime.

    claims_wire.store("6c1e-...", [{"address": "4.14.159.117",
                                    "containerID": "ab12", ...}])
"""

# Claim's fields: (JSON key, field number, varint?), in claims.proto's order.
CLAIM = [("address", 1, False), ("containerID", 2, False), ("ifname", 3, False),
         ("network", 4, False), ("netns", 5, False), ("netnsId", 6, False),
         ("since", 7, True)]


def _varint(n):
    out = bytearray()
    n &= (1 << 64) - 1  # negative int64s as protobuf writes them
    while True:
        out.append((n & 0x7f) | (0x80 if n > 0x7f else 0))
        n >>= 7
        if not n:
            return bytes(out)


def _field(number, value):
    if isinstance(value, int):
        return _varint(number << 3) + _varint(value)
    data = value.encode() if isinstance(value, str) else value
    return _varint(number << 3 | 2) + _varint(len(data)) + data


def claim(c):
    """One Claim from its JSON keys; absent and empty fields left out."""
    return b"".join(_field(n, c[k]) for k, n, _ in CLAIM if c.get(k))


def store(boot_id, claims, format=2):
    """A Store: `format`, `boot_id`, then `claims` (dicts of JSON keys)."""
    return (_field(1, format) + _field(2, boot_id) +
            b"".join(_field(3, claim(c)) for c in claims))
