"""Hostile input against the built binary: every case must fail cleanly.

"Cleanly" is the same budget for every case: the process ends within 2 s of
wall time, exits with a status from 1 to 127 (an error, not a signal), prints
exactly one strict-JSON CNI error object on stdout (cni_schema.check_error)
with the expected code, keeps stdout and stderr short (no echo of a megabyte
of input), and peaks below 64 MiB of resident memory, as measured by
//bench:spawner --exec (wait4's ru_maxrss of the plugin process alone).

The inputs: stdin of 64 MiB and of the cap plus one byte, stdin that cannot be
read; deep nesting; invalid UTF-8 and NUL bytes in stdin, variables and the
command line; huge, fractional and wrongly typed indices; a
PROC_CMDLINE_FOR_TESTING as long as execve(2) allows one environment string
(MAX_ARG_STRLEN = 32 pages = 128 KiB, NUL included); malformed epoxy.*
values; 10 000 CNI_ARGS pairs; missing and malformed required variables;
hostile prevResults. A few hostile-looking inputs are valid; those must give
the right answer within the same budget (edge_successes).
"""

import errno
import os
import resource
import subprocess
import sys
import tempfile
import time
import unittest

# Python resolves the script's symlink in the runfiles tree and imports the
# helpers from the source directory: keep __pycache__ out of it.
sys.dont_write_bytecode = True

import cni_schema
import plugin_runner as pr

MAX_WALL_SECONDS = 2.0
MAX_RSS_KIB = 64 * 1024
# --sanitized (BUILD.bazel passes it under --config=asan/fuzz): the plugin
# carries the sanitizers' runtime and shadow memory, so the memory budget
# means nothing and the time budget is five times wider.
SANITIZED = "--sanitized" in sys.argv
if SANITIZED:
    sys.argv.remove("--sanitized")
    MAX_WALL_SECONDS *= 5
    MAX_RSS_KIB = None
MAX_STDOUT_BYTES = 4096
MAX_STDERR_BYTES = 4096
MIB = 1 << 20
# The plugin reads at most this much stdin (index2ip/commands/plugin.h kMaxStdinBytes).
STDIN_CAP = MIB
# One environment string, NUL included, is at most 32 pages (MAX_ARG_STRLEN
# in include/uapi/linux/binfmts.h).
MAX_ENV_STRING = 32 * 4096
CMDLINE_VAR = "PROC_CMDLINE_FOR_TESTING"
LONGEST_CMDLINE = MAX_ENV_STRING - 1 - len(CMDLINE_VAR + "=")

HOST = pr.read_cmdline("mlab4_lga0t")
V4 = "epoxy.ipv4=4.14.159.112/26,4.14.159.65,8.8.8.8,8.8.4.4"
V6 = ("epoxy.ipv6=2001:1900:2100:2d::112/64,2001:1900:2100:2d::1,"
      "2001:4860:4860::8888,2001:4860:4860::8844")


def conf(ipam=None, **fields):
    obj = {"cniVersion": "1.0.0", "name": "index2ip-net", "type": "macvlan",
           "master": "eth0",
           "ipam": {"type": "index2ip", "index": 5} if ipam is None else ipam}
    obj.update(fields)
    return pr.compact(obj).encode()


GOOD = conf()
NO_INDEX = conf(ipam={"type": "index2ip"})


def with_index(text):
    """GOOD with ipam.index replaced by the raw JSON `text`."""
    return GOOD.replace(b'"index":5', b'"index":' + text)


def with_cni_args_index(text):
    return conf(ipam={"type": "index2ip"}, args={"cni": {"index": 0}}).replace(
        b'"index":0', b'"index":' + text)


def padded_cmdline(tail, length=LONGEST_CMDLINE):
    """`tail` after filler tokens, `length` bytes in all."""
    filler = length - len(tail) - 1
    unit = "quiet "
    return (unit * (filler // len(unit)) + "q" * (filler % len(unit)) + " " +
            tail)


def pairs(n, fmt="K{i}=V{i}"):
    return ";".join(fmt.format(i=i) for i in range(n))


class Case:
    def __init__(self, name, code, stdin=GOOD, command="ADD", env=None,
                 cmdline=HOST, stdin_fd=None, bare_env=False):
        self.name = name
        self.code = code  # the CNI error code expected
        self.stdin = stdin
        self.command = command
        self.env = env or {}
        self.cmdline = cmdline
        self.stdin_fd = stdin_fd
        self.bare_env = bare_env

    def environment(self):
        if self.bare_env:
            return dict(self.env)
        return pr.base_env(self.command, self.cmdline, **self.env)


def cases():
    out = []
    add = out.append

    # stdin: far past the cap, just past it, and unreadable.
    add(Case("stdin_64MiB_of_x", 6, stdin=b"x" * (64 * MIB)))
    add(Case("stdin_64MiB_valid_config_then_spaces", 6,
             stdin=GOOD + b" " * (64 * MIB)))
    add(Case("stdin_cap_plus_one_byte", 6,
             stdin=GOOD + b" " * (STDIN_CAP + 1 - len(GOOD))))
    add(Case("stdin_is_a_directory", 5, stdin=None, stdin_fd="dir"))
    add(Case("stdin_empty", 6, stdin=b""))
    add(Case("stdin_whitespace_only", 6, stdin=b" \n\t\r" * 1000))

    # Deep nesting, balanced and not.
    add(Case("nesting_1MiB_of_open_brackets", 6, stdin=b"[" * STDIN_CAP))
    add(Case("nesting_1MiB_of_open_objects", 6,
             stdin=b'{"a":' * (STDIN_CAP // 5)))
    add(Case("nesting_10000_balanced_arrays_in_unknown_field", 6,
             stdin=GOOD[:-1] + b',"x":' + b"[" * 10000 + b"]" * 10000 + b"}"))
    add(Case("nesting_10000_balanced_objects_in_ipam", 6,
             stdin=GOOD.replace(b'"index":5', b'"index":5,"x":' +
                                b'{"a":' * 10000 + b"1" + b"}" * 10000)))
    add(Case("nesting_100000_in_prev_result", 6, command="CHECK",
             stdin=GOOD[:-1] + b',"prevResult":' + b"[" * 100000 +
             b"]" * 100000 + b"}"))

    # Invalid UTF-8 and NUL bytes in stdin.
    add(Case("utf8_invalid_byte_in_name", 6,
             stdin=GOOD.replace(b"index2ip-net", b"index2ip-\xff")))
    add(Case("utf8_overlong_slash", 6,
             stdin=GOOD.replace(b"index2ip-net", b"index2ip\xc0\xaf")))
    add(Case("utf8_encoded_surrogate", 6,
             stdin=GOOD.replace(b"index2ip-net", b"\xed\xa0\x80")))
    add(Case("utf8_truncated_at_end", 6, stdin=GOOD + b"\xe2\x82"))
    add(Case("utf8_invalid_in_unknown_field", 6,
             stdin=GOOD[:-1] + b',"x":"\xfe\xff"}'))
    add(Case("utf16le_config", 6, stdin=GOOD.decode().encode("utf-16-le")))
    add(Case("unpaired_low_surrogate_escape", 6,
             stdin=GOOD.replace(b"index2ip-net", b"\\udc00")))
    add(Case("unpaired_high_surrogate_escape", 6,
             stdin=GOOD.replace(b"index2ip-net", b"\\ud800x")))
    add(Case("utf8_invalid_cni_version", 6,
             stdin=GOOD.replace(b'"1.0.0"', b'"1.0.\xff"')))
    add(Case("nul_after_object", 6, stdin=GOOD + b"\x00"))
    add(Case("nul_before_object", 6, stdin=b"\x00" + GOOD))
    add(Case("nul_raw_in_string", 6,
             stdin=GOOD.replace(b"index2ip-net", b"index2ip\x00net")))
    add(Case("nul_escaped_in_name", 7,
             stdin=GOOD.replace(b"index2ip-net", b"index2ip\\u0000net")))
    add(Case("nul_escaped_in_cni_version", 1,
             stdin=GOOD.replace(b'"1.0.0"', b'"1.0.0\\u0000"')))
    add(Case("nul_1MiB", 6, stdin=b"\x00" * STDIN_CAP))
    add(Case("nul_then_second_object", 6, stdin=GOOD + b"\x00" + GOOD))
    add(Case("control_char_raw_in_string", 6,
             stdin=GOOD.replace(b"index2ip-net", b"index2ip\x01net")))

    # Not one RFC 8259 JSON object.
    for name, text in (
            ("json_top_level_array", b"[" + GOOD + b"]"),
            ("json_top_level_string", b'"x"'),
            ("json_top_level_null", b"null"),
            ("json_two_objects", GOOD + GOOD),
            ("json_trailing_garbage", GOOD + b" x"),
            ("json_trailing_comma", GOOD[:-1] + b",}"),
            ("json_duplicate_key", GOOD[:-1] + b',"name":"other"}'),
            ("json_single_quotes", GOOD.replace(b'"', b"'")),
            ("json_unquoted_keys", b'{cniVersion:"1.0.0",name:"n",'
                                   b'ipam:{index:5}}'),
            ("json_comment", b"/* c */" + GOOD),
            ("json_cni_version_number", GOOD.replace(b'"1.0.0"', b"1.0")),
            ("json_name_is_object", GOOD.replace(b'"index2ip-net"', b"{}")),
            ("json_ipam_is_string", conf(ipam="index2ip")),
    ):
        add(Case(name, 6, stdin=text))

    # Huge numbers and wrong types for the index, in both config places.
    for name, text, code in (
            ("1e400", b"1e400", 6),
            ("minus_1e400", b"-1e400", 6),
            ("1e308", b"1e308", 6),
            ("2_pow_64", b"18446744073709551616", 6),
            ("minus_2_pow_63_minus_1", b"-9223372036854775809", 6),
            ("400_digits", b"1" + b"0" * 400, 6),
            ("100000_digits", b"9" * 100000, 6),
            ("2_pow_53_plus_1", b"9007199254740993", 6),
            ("2_pow_53", b"9007199254740992", 101),
            ("fraction", b"12.5", 6),
            ("tiny_fraction", b"1e-400", 7),  # underflows to 0
            ("minus_zero", b"-0", 7),
            ("zero", b"0", 7),
            ("minus_one", b"-1", 7),
            ("out_of_range", b"15", 101),
            ("string", b'"12"', 6),
            ("empty_string", b'""', 6),
            ("true", b"true", 6),
            ("array", b"[5]", 6),
            ("object", b'{"v":5}', 6),
            ("hex", b"0x10", 6),
            ("leading_zero", b"05", 6),
            ("plus_sign", b"+5", 6),
            ("nan", b"NaN", 6),
            ("infinity", b"Infinity", 6),
    ):
        add(Case("ipam_index_" + name, code, stdin=with_index(text)))
        add(Case("args_cni_index_" + name, code,
                 stdin=with_cni_args_index(text)))

    # The longest command line one environment string can carry.
    add(Case("cmdline_longest_junk", 100, cmdline="a" * LONGEST_CMDLINE))
    add(Case("cmdline_longest_tokens", 100,
             cmdline=("x " * LONGEST_CMDLINE)[:LONGEST_CMDLINE]))
    add(Case("cmdline_longest_single_epoxy_value", 100,
             cmdline=("epoxy.ipv4=" + "4" * LONGEST_CMDLINE)[:LONGEST_CMDLINE]))
    add(Case("cmdline_longest_epoxy_commas", 100,
             cmdline=("epoxy.ipv4=" + "," * LONGEST_CMDLINE)[:LONGEST_CMDLINE]))
    add(Case("cmdline_longest_duplicate_at_end", 100,
             cmdline=padded_cmdline(HOST + " " + V4)))
    add(Case("cmdline_longest_valid_host_index_out_of_range", 101,
             cmdline=padded_cmdline(V4 + " " + V6), stdin=with_index(b"15")))
    add(Case("cmdline_longest_10000_epoxy_keys", 100,
             cmdline=padded_cmdline(" ".join(["epoxy.ipv4"] * 10000))))

    # Malformed epoxy.* values.
    gw, d1, d2 = "4.14.159.65", "8.8.8.8", "8.8.4.4"
    for name, value in (
            ("five_parts", "4.14.159.112/26,%s,%s,%s,1.1.1.1" % (gw, d1, d2)),
            ("three_parts", "4.14.159.112/26,%s,%s" % (gw, d1)),
            ("empty_value", ""),
            ("all_parts_empty", ",,,"),
            ("empty_address", ",%s,%s,%s" % (gw, d1, d2)),
            ("empty_gateway", "4.14.159.112/26,,%s,%s" % (d1, d2)),
            ("empty_dns1", "4.14.159.112/26,%s,,%s" % (gw, d2)),
            ("empty_dns2", "4.14.159.112/26,%s,%s," % (gw, d1)),
            ("ipv6_in_v4_slot",
             "2001:1900:2100:2d::112/64,2001:1900:2100:2d::1,"
             "2001:4860:4860::8888,2001:4860:4860::8844"),
            ("prefix_33", "4.14.159.112/33,%s,%s,%s" % (gw, d1, d2)),
            ("prefix_minus_1", "4.14.159.112/-1,%s,%s,%s" % (gw, d1, d2)),
            ("prefix_empty", "4.14.159.112/,%s,%s,%s" % (gw, d1, d2)),
            ("prefix_hex", "4.14.159.112/0x1a,%s,%s,%s" % (gw, d1, d2)),
            ("prefix_huge", "4.14.159.112/99999999999999999999999,%s,%s,%s"
             % (gw, d1, d2)),
            ("no_prefix", "4.14.159.112,%s,%s,%s" % (gw, d1, d2)),
            ("octet_300", "300.2.3.4/26,%s,%s,%s" % (gw, d1, d2)),
            ("negative_octet", "1.2.3.-4/26,%s,%s,%s" % (gw, d1, d2)),
            ("leading_zero_octet", "01.2.3.4/26,%s,%s,%s" % (gw, d1, d2)),
            ("gateway_garbage", "4.14.159.112/26,gw,%s,%s" % (d1, d2)),
            ("dns_ipv6_in_v4", "4.14.159.112/26,%s,::1,%s" % (gw, d2)),
            ("invalid_utf8", "4.14.159.112/26,%s,%s,\udcff" % (gw, d1)),
    ):
        add(Case("epoxy_ipv4_" + name, 100, cmdline="epoxy.ipv4=" + value))
    for name, value in (
            ("ipv4_in_v6_slot", "4.14.159.112/26,4.14.159.65,8.8.8.8,8.8.4.4"),
            ("prefix_129", "2001:db8::112/129,2001:db8::1,::1,::2"),
            ("five_parts", "2001:db8::112/64,2001:db8::1,::1,::2,::3"),
            ("empty_gateway", "2001:db8::112/64,,::1,::2"),
    ):
        add(Case("epoxy_ipv6_" + name, 100,
                 cmdline=V4 + " epoxy.ipv6=" + value))
    add(Case("epoxy_ipv6_hex_letter_last_group", 101,
             cmdline=V4 + " epoxy.ipv6=2001:db8::fe/64,2001:db8::1,::1,::2"))
    add(Case("epoxy_ipv4_twice", 100, cmdline=V4 + " " + V4))
    add(Case("kernel_ip_autoconf_dhcp", 100,
             cmdline="ip=4.14.159.112::4.14.159.65:255.255.255.192:h:eth0:dhcp"
                     ":8.8.8.8:8.8.4.4"))
    add(Case("kernel_ip_netmask_not_contiguous", 100,
             cmdline="ip=4.14.159.112::4.14.159.65:255.0.255.0:h:eth0:off"
                     ":8.8.8.8:8.8.4.4"))
    add(Case("kernel_ip_eight_parts", 100,
             cmdline="ip=4.14.159.112::4.14.159.65:255.255.255.192:h:eth0:off"
                     ":8.8.8.8"))
    add(Case("epoxy_key_without_value", 100, cmdline="epoxy.ipv4"))

    # 10 000 CNI_ARGS pairs.
    add(Case("cni_args_10000_pairs_no_pod_name", 7, stdin=NO_INDEX,
             env={"CNI_ARGS": pairs(10000)}))
    # 6000: 10 000 of these would pass the 128 KiB a variable can hold.
    add(Case("cni_args_6000_pod_names_without_index", 7, stdin=NO_INDEX,
             env={"CNI_ARGS": pairs(6000, "K8S_POD_NAME=p{i}")}))
    add(Case("cni_args_10000_pairs_then_malformed", 4, stdin=NO_INDEX,
             env={"CNI_ARGS": pairs(10000) + ";novalue"}))
    add(Case("cni_args_10000_empty_keys", 4, stdin=NO_INDEX,
             env={"CNI_ARGS": pairs(10000, "=v{i}")}))
    add(Case("cni_args_10000_pairs_then_index_out_of_range", 101,
             stdin=NO_INDEX,
             env={"CNI_ARGS": pairs(10000) + ";K8S_POD_NAME=ndt-index99-x"}))
    add(Case("cni_args_20000_empty_segments", 7, stdin=NO_INDEX,
             env={"CNI_ARGS": ";" * 20000}))
    add(Case("cni_args_pod_name_100000_digits", 7, stdin=NO_INDEX,
             env={"CNI_ARGS": "K8S_POD_NAME=index" + "9" * 100000}))
    add(Case("cni_args_pod_name_20000_index_words", 7, stdin=NO_INDEX,
             env={"CNI_ARGS": "K8S_POD_NAME=" + "index" * 20000}))
    add(Case("cni_args_pod_name_invalid_utf8", 7, stdin=NO_INDEX,
             env={"CNI_ARGS": b"K8S_POD_NAME=\xff\xfe-pod"}))

    # Missing and malformed required variables.
    add_vars = ("CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME")
    for command, names in (("ADD", add_vars), ("CHECK", add_vars),
                           ("DEL", ("CNI_CONTAINERID", "CNI_IFNAME"))):
        for var in names:
            add(Case("missing_%s_%s" % (command, var), 4, command=command,
                     env={var: None}))
            add(Case("empty_%s_%s" % (command, var), 4, command=command,
                     env={var: ""}))
    add(Case("missing_GC_CNI_PATH", 4, command="GC",
             stdin=GOOD.replace(b'"1.0.0"', b'"1.1.0"'),
             env={"CNI_PATH": None}))
    add(Case("environment_empty", 4, bare_env=True))
    add(Case("environment_only_cmdline", 4, bare_env=True,
             env={CMDLINE_VAR: HOST}))
    for name, value in (("16_bytes", "a" * 16), ("slash", "a/b"),
                        ("colon", "a:b"), ("space", "a b"), ("tab", "a\tb"),
                        ("dot", "."), ("dotdot", ".."),
                        ("longest", "x" * 131000)):
        add(Case("ifname_" + name, 4, env={"CNI_IFNAME": value}))
    for name, value in (("leading_dash", "-abc"), ("space", "a b"),
                        ("invalid_utf8", b"\xff\xfe"),
                        ("longest_invalid", "_" + "a" * 131000)):
        add(Case("containerid_" + name, 4, env={"CNI_CONTAINERID": value}))
    add(Case("command_longest_garbage_runs_add", 4,
             env={"CNI_COMMAND": "Z" * 131000, "CNI_IFNAME": None}))
    add(Case("command_invalid_utf8_runs_add", 4,
             env={"CNI_COMMAND": b"\xff\xfe", "CNI_IFNAME": None}))

    # Hostile prevResult for CHECK.
    many_ips = [{"address": "10.0.%d.%d/8" % (i >> 8, i & 255),
                 "gateway": "10.0.0.1"} for i in range(15000)]
    add(Case("prev_result_15000_wrong_ips", 102, command="CHECK",
             stdin=conf(prevResult={"cniVersion": "1.0.0", "ips": many_ips})))
    add(Case("prev_result_garbage_addresses", 102, command="CHECK",
             stdin=conf(prevResult={"cniVersion": "1.0.0", "ips": [
                 {"address": "300.1.1.1/99", "gateway": "x"},
                 {"address": "", "gateway": ""}]})))
    add(Case("prev_result_is_string", 6, command="CHECK",
             stdin=conf(prevResult="x")))
    add(Case("prev_result_unsupported_version", 1, command="CHECK",
             stdin=conf(prevResult={"cniVersion": "7.7.7", "ips": []})))
    add(Case("check_without_prev_result", 7, command="CHECK"))
    # Round two: the config is read once, as libcni reads it.
    add(Case("null_ipam_index", 7, stdin=with_index(b"null"),
             env={"CNI_ARGS": "K8S_POD_NAME=ndt-index3"}))
    add(Case("two_folded_variants_of_name", 6,
             stdin=GOOD.replace(b'"name":"index2ip-net"',
                                b'"Name":"a","NAME":"b"')))
    add(Case("duplicate_key_far_apart", 6,
             stdin=GOOD[:-1] + b"," + distinct_keys(STDIN_CAP // 2) +
             b',"name":"again"}'))
    add(Case("pod_name_with_newline_and_escape", 101, stdin=NO_INDEX,
             env={"CNI_ARGS": "K8S_POD_NAME=ndt-index99\n[FAKE] ok\x1b[2J"}))
    add(Case("pod_name_70KB", 101, stdin=NO_INDEX,
             env={"CNI_ARGS": "K8S_POD_NAME=ndt-index99-" + "a" * 70000}))
    add(Case("prev_result_gateway_70KB", 102, command="CHECK",
             stdin=conf(prevResult={"cniVersion": "1.0.0", "ips": [
                 {"address": "4.14.159.117/26", "gateway": "x" * 70000}]})))
    add(Case("ifname_no_break_space", 4,
             env={"CNI_IFNAME": "a\u00a0b"}))
    add(Case("ifname_ideographic_space", 4,
             env={"CNI_IFNAME": "a\u3000b"}))
    add(Case("cni_version_unsupported_long", 1,
             stdin=GOOD.replace(b'"1.0.0"', b'"' + b"9" * 100000 + b'"')))
    return out


def edge_successes():
    """Hostile-looking but valid inputs: (name, Case, (want IPv4, IPv6))."""
    out = []
    want5 = ("4.14.159.117/26", "2001:1900:2100:2d::117/64")
    out.append(("stdin_exactly_the_cap",
                Case("", 0, stdin=GOOD.ljust(STDIN_CAP)), want5))
    out.append(("brackets_inside_a_string",
                Case("", 0, stdin=GOOD[:-1] + b',"x":"' +
                     b"[" * (STDIN_CAP // 2) + b'"}'), want5))
    out.append(("cmdline_longest_valid_host_at_end",
                Case("", 0, cmdline=padded_cmdline(V4 + " " + V6)), want5))
    out.append(("cni_args_10000_pairs_then_pod_name",
                Case("", 0, stdin=NO_INDEX,
                     env={"CNI_ARGS": pairs(10000) +
                          ";K8S_POD_NAME=ndt-index12-111234-aa3b1"}),
                ("4.14.159.124/26", "2001:1900:2100:2d::124/64")))
    out.append(("index_with_exponent",
                Case("", 0, stdin=with_index(b"0.5e1")), want5))
    # Distinct keys, just under the cap, where the config is read: decoding
    # is linear (a quadratic duplicate check took 22 s for this).
    for where, wrap in (("top_level", lambda k: GOOD[:-1] + b"," + k + b"}"),
                        ("args_cni", lambda k: GOOD[:-1] +
                         b',"args":{"cni":{' + k + b"}}}"),
                        ("prev_result", lambda k: GOOD[:-1] +
                         b',"prevResult":{' + k + b"}}")):
        out.append(("distinct_keys_1MiB_" + where,
                    Case("", 0, stdin=wrap(distinct_keys(
                        STDIN_CAP - len(wrap(b"")) - 16))), want5))
    # protobuf's field name is no alias: libcni reads cniVersion 1.0.0.
    out.append(("proto_alias_cni_version_is_not_read",
                Case("", 0, stdin=conf(cni_version="9.9.9")), want5))
    # Keys as Go reads them: "Index" is the operator's index.
    out.append(("index_key_in_another_case",
                Case("", 0, stdin=GOOD.replace(b'"index":5', b'"Index":5'),
                     env={"CNI_ARGS": "K8S_POD_NAME=ndt-index3"}), want5))
    return out


def distinct_keys(size):
    """`"k0":0,"k1":0,...`: distinct keys, at most `size` bytes."""
    parts, used, i = [], 0, 0
    while True:
        part = b'"k%d":0' % i
        if used + len(part) + 1 > size:
            break
        parts.append(part)
        used += len(part) + 1
        i += 1
    return b",".join(parts)


class HostileInput(unittest.TestCase):

    def run_case(self, case):
        stdin_fd = None
        if case.stdin_fd == "dir":
            stdin_fd = os.open("/", os.O_RDONLY | os.O_DIRECTORY)
        try:
            return pr.run_plugin(case.environment(), case.stdin or b"",
                                 timeout=10 * MAX_WALL_SECONDS,
                                 stdin_fd=stdin_fd, meter=True)
        finally:
            if stdin_fd is not None:
                os.close(stdin_fd)

    def assert_within_budget(self, run):
        self.assertFalse(run.timed_out, run.describe())
        self.assertLess(run.wall_seconds, MAX_WALL_SECONDS, run.describe())
        self.assertIsNotNone(run.max_rss_kib, run.describe())
        if MAX_RSS_KIB is not None:
            self.assertLess(run.max_rss_kib, MAX_RSS_KIB, run.describe())
        self.assertLessEqual(len(run.stdout), MAX_STDOUT_BYTES, run.describe())
        self.assertLessEqual(len(run.stderr), MAX_STDERR_BYTES, run.describe())

    def test_every_case_fails_cleanly(self):
        stats = []
        for case in cases():
            with self.subTest(case=case.name):
                run = self.run_case(case)
                stats.append((case.name, run))
                self.assert_within_budget(run)
                self.assertGreaterEqual(run.exit_code, 1, run.describe())
                self.assertLess(run.exit_code, 128, run.describe())
                try:
                    obj = pr.parse_json_strict(run.stdout)
                except ValueError as e:
                    self.fail("stdout is not one JSON text: %s; %s"
                              % (e, run.describe()))
                self.assertEqual(cni_schema.check_error(obj), [],
                                 run.describe())
                self.assertEqual(obj["code"], case.code, run.describe())
                # One line for the operator (two with the unknown-command
                # warning).
                self.assertIn(run.stderr.count(b"\n"), (1, 2), run.describe())
        report(stats)

    def test_edge_cases_give_the_right_answer(self):
        for name, case, (want4, want6) in edge_successes():
            with self.subTest(case=name):
                run = self.run_case(case)
                self.assert_within_budget(run)
                self.assertEqual(run.exit_code, 0, run.describe())
                result = pr.parse_json_strict(run.stdout)
                self.assertEqual([ip["address"] for ip in result["ips"]],
                                 [want4, want6], run.describe())

    def test_longest_cmdline_is_the_kernel_limit(self):
        # The premise of the cmdline cases: one byte more does not reach the
        # plugin at all, execve(2) refuses it.
        env = pr.base_env("ADD", "a" * (LONGEST_CMDLINE + 1))
        with self.assertRaises(OSError) as caught:
            pr.run_plugin(env, GOOD)
        self.assertEqual(caught.exception.errno, errno.E2BIG)
        run = pr.run_plugin(pr.base_env("ADD", "a" * LONGEST_CMDLINE), GOOD)
        self.assertEqual(pr.parse_json_strict(run.stdout)["code"], 100)


class PreviewHostileInput(unittest.TestCase):
    """preview reads the kernel command line once, whatever its length."""

    def test_all_on_a_slash_16_with_a_128_KiB_command_line(self):
        line = padded_cmdline("epoxy.ipv4=10.1.0.0/16,10.1.0.1,8.8.8.8,8.8.4.4",
                              length=128 * 1024)
        with tempfile.NamedTemporaryFile(
                dir=os.environ.get("TEST_TMPDIR"), suffix=".cmdline") as f:
            f.write(line.encode())
            f.flush()
            started = time.monotonic()
            proc = subprocess.run(
                [pr.PLUGIN, "preview", "--all", "--cmdline-file", f.name],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={},
                timeout=60)
            wall = time.monotonic() - started
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn(b"\n65533 valid indices (2..65534)", proc.stdout)
        # It took 61 s when every row parsed the line again.
        self.assertLess(wall, MAX_WALL_SECONDS, "%.2f s" % wall)


class ProcessFaults(unittest.TestCase):
    """What the process meets besides its input: a non-blocking stdin, an
    unwritable stdout, a file-size limit, an address-space limit. The plugin
    never dies of a signal it can avoid and always says what went wrong."""

    def spawn(self, stdin, stdout, preexec=None, env=None):
        return subprocess.Popen(
            [pr.PLUGIN], stdin=stdin, stdout=stdout, stderr=subprocess.PIPE,
            env=env or pr.base_env("ADD", HOST), close_fds=True,
            preexec_fn=preexec)

    def test_waits_on_a_non_blocking_stdin(self):
        r, w = os.pipe()
        try:
            os.write(w, GOOD)
            os.set_blocking(r, False)
            proc = self.spawn(r, subprocess.PIPE)
        finally:
            os.close(r)
        # The writer stays open a moment: the plugin's first read after the
        # config gets EAGAIN, and it must wait for the end, not fail.
        time.sleep(0.2)
        os.close(w)
        out, err = proc.communicate(timeout=10)
        self.assertEqual(proc.returncode, 0, (out, err))
        self.assertIn(b"4.14.159.117/26", out)

    def test_unwritable_stdout_is_said_on_stderr(self):
        with open("/dev/full", "wb") as full:
            proc = self.spawn(subprocess.PIPE, full)
            _, err = proc.communicate(GOOD, timeout=10)
        self.assertEqual(proc.returncode, 1, err)
        self.assertIn(b"cannot write the output to stdout", err)
        self.assertIn(b"No space left on device", err)

    def test_file_size_limit_is_no_sigxfsz(self):
        limit = lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
        with tempfile.TemporaryFile(dir=os.environ.get("TEST_TMPDIR")) as f:
            proc = self.spawn(subprocess.PIPE, f, preexec=limit)
            _, err = proc.communicate(GOOD, timeout=10)
        self.assertEqual(proc.returncode, 1, err)  # not -SIGXFSZ
        self.assertIn(b"cannot write the output to stdout", err)
        self.assertIn(b"File too large", err)

    @unittest.skipIf(SANITIZED, "ASan reserves terabytes of address space")
    def test_address_space_limit_gives_try_again_later(self):
        # The plugin's size at start-up: its address space while it waits
        # for stdin, before it allocates anything for the request.
        proc = self.spawn(subprocess.PIPE, subprocess.PIPE)
        try:
            vm_kib = None
            deadline = time.monotonic() + 5
            while vm_kib is None and time.monotonic() < deadline:
                with open("/proc/%d/status" % proc.pid) as f:
                    for line in f:
                        if line.startswith("VmSize:"):
                            vm_kib = int(line.split()[1])
                if vm_kib is None or vm_kib == 0:
                    vm_kib = None
                    time.sleep(0.01)
        finally:
            proc.communicate(GOOD, timeout=10)
        self.assertIsNotNone(vm_kib)
        limit_bytes = (vm_kib + 8 * 1024) * 1024
        # A megabyte of one-digit numbers in an unknown field: 16 bytes per
        # parsed value for 2 bytes of text, and rapidjson's parse stack
        # holds them once more before the array does, so the document needs
        # well over 8 MiB.
        zeros = (STDIN_CAP - len(GOOD) - 16) // 2
        big = GOOD[:-1] + b',"x":[' + b"0," * zeros + b"0]}"
        self.assertLessEqual(len(big), STDIN_CAP)
        limit = lambda: resource.setrlimit(resource.RLIMIT_AS,
                                           (limit_bytes, limit_bytes))
        proc = self.spawn(subprocess.PIPE, subprocess.PIPE, preexec=limit)
        out, err = proc.communicate(big, timeout=20)
        self.assertEqual(proc.returncode, 1, (out[:300], err[:300]))
        obj = pr.parse_json_strict(out)
        self.assertEqual(cni_schema.check_error(obj), [], out)
        self.assertEqual(obj["code"], 11, out)
        self.assertEqual(err.count(b"\n"), 1, err)
        # And with room to spare, the same input succeeds: the limit, not
        # the input, was the problem.
        roomy = (vm_kib + 256 * 1024) * 1024
        limit = lambda: resource.setrlimit(resource.RLIMIT_AS, (roomy, roomy))
        proc = self.spawn(subprocess.PIPE, subprocess.PIPE, preexec=limit)
        out, err = proc.communicate(big, timeout=20)
        self.assertEqual(proc.returncode, 0, (out[:300], err[:300]))


def report(stats):
    """Prints the slowest and the largest cases to the test log."""
    if not stats:
        return
    by_wall = sorted(stats, key=lambda s: -s[1].wall_seconds)[:5]
    by_rss = sorted(stats, key=lambda s: -(s[1].max_rss_kib or 0))[:5]
    print("%d cases; slowest (wall s):" % len(stats))
    for name, run in by_wall:
        print("  %.3f  %s" % (run.wall_seconds, name))
    print("largest (peak KiB):")
    for name, run in by_rss:
        print("  %6d  %s" % (run.max_rss_kib or 0, name))


if __name__ == "__main__":
    unittest.main()
