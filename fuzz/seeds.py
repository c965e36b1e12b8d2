#!/usr/bin/env python3
"""Writes the hand-made seed corpora: testdata/fuzz/<target>/seed_*.

    python3 fuzz/seeds.py        # from the workspace root

Seeds come from the real inputs in testdata/ (upstream M-Lab command lines,
the network configs, the golden ADD results in every version) plus edge
cases. Targets that split their input with FuzzedDataProvider get the layout
their header describes: strings from the front (each ended by a backslash
and one more character, a backslash doubled), integers from the back, most
significant byte last. Files named seed_* are rewritten; anything else in
the directories (inputs libFuzzer merged in) is left alone.
"""

import glob
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTDATA = os.path.join(ROOT, "testdata")
OUT = os.path.join(TESTDATA, "fuzz")
VERSIONS = ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"]


def read(relative):
    with open(os.path.join(TESTDATA, relative), "rb") as f:
        return f.read()


def named(pattern):
    """(stem, bytes) of each testdata file matching pattern, sorted."""
    out = []
    for path in sorted(glob.glob(os.path.join(TESTDATA, pattern))):
        stem = os.path.splitext(os.path.basename(path))[0]
        with open(path, "rb") as f:
            out.append((stem, f.read()))
    return out


class Fdp:
    """Builds an input that FuzzedDataProvider takes apart as intended."""

    def __init__(self):
        self.front = b""
        self.back = []  # bytes in the order FuzzedDataProvider reads them

    def string(self, s):
        """A ConsumeRandomLengthString value."""
        self.front += s.replace(b"\\", b"\\\\") + b"\\n"
        return self

    def rest(self, s):
        """ConsumeRemainingBytes: whatever is left in the middle."""
        self.front += s
        return self

    def integral(self, lo, hi, value, type_bits):
        """ConsumeIntegralInRange<T>(lo, hi) returning value."""
        span, offset, size = hi - lo, 0, 0
        while offset < type_bits and (span >> offset) > 0:
            offset += 8
            size += 1
        v = value - lo
        self.back += [(v >> (8 * (size - 1 - i))) & 0xFF for i in range(size)]
        return self

    def byte(self, value):
        return self.integral(0, 255, value, 8)

    def index(self, value):
        """The targets' ConsumeIndex: a flag, then a small or any int64."""
        if -2 <= value <= 300:
            self.byte(1)
            return self.integral(-2, 300, value, 64)
        self.byte(0)
        return self.integral(-(2**63), 2**63 - 1, value, 64)

    def data(self):
        return self.front + bytes(reversed(self.back))


def write(target, seeds):
    directory = os.path.join(OUT, target)
    os.makedirs(directory, exist_ok=True)
    for old in glob.glob(os.path.join(directory, "seed_*")):
        os.remove(old)
    for name, data in seeds:
        with open(os.path.join(directory, "seed_" + name), "wb") as f:
            f.write(data)
    print("%s: %d seeds" % (target, len(seeds)))


def compact(obj):
    return json.dumps(obj, separators=(",", ":")).encode()


def config(version="1.0.0", index=5, **extra):
    c = {"cniVersion": version, "name": "index2ip-net", "type": "macvlan",
         "master": "eth0", "ipam": {"type": "index2ip"}}
    if version is None:
        del c["cniVersion"]
    if index is not None:
        c["ipam"]["index"] = index
    c.update(extra)
    return c


def golden(version):
    return json.loads(read("golden/add_%s.json" % version))


def netconf_seeds():
    seeds = [("config_" + stem, data) for stem, data in named("configs/*.json")]
    for v in VERSIONS:
        seeds.append(("version_" + v, compact(config(v))))
        seeds.append(("prev_result_" + v,
                      compact(config("1.0.0", prevResult=golden(v)))))
    seeds += [
        ("no_version", compact(config(None))),
        ("proto_names", b'{"cni_version":"0.4.0","name":"n","ipam":{"index":3},'
                        b'"prev_result":{"cni_version":"0.4.0"}}'),
        ("index_float", b'{"name":"n","ipam":{"index":12.0}}'),
        ("index_exponent", b'{"name":"n","ipam":{"index":1e1}}'),
        ("index_string", b'{"name":"n","ipam":{"index":"12"}}'),
        ("index_fraction", b'{"name":"n","ipam":{"index":12.5}}'),
        ("index_negative", b'{"name":"n","ipam":{"index":-1}}'),
        ("index_2p53", b'{"name":"n","ipam":{"index":9007199254740992}}'),
        ("index_2p53_plus_1", b'{"name":"n","ipam":{"index":9007199254740993}}'),
        ("args_index", b'{"name":"n","args":{"cni":{"index":7}}}'),
        ("nulls", b'{"cniVersion":null,"name":null,"ipam":null,"args":{"cni":null},'
                  b'"prevResult":null}'),
        ("duplicate_key", b'{"name":"a","name":"b"}'),
        ("unicode_escapes", b'{"name":"\\u00e9\\ud83d\\ude00\\u0000","type":"\\u2028"}'),
        ("lone_surrogate", b'{"name":"\\ud800"}'),
        ("invalid_utf8", b'{"name":"\xff"}'),
        ("empty_object", b"{}"),
        ("not_object", b"[1,2,3]"),
        ("trailing_comma", b'{"name":"n",}'),
        ("deep_101", b'{"x":' + b"[" * 100 + b"]" * 100 + b"}"),
        ("deep_100", b'{"x":' + b"[" * 99 + b"]" * 99 + b"}"),
        ("unknown_fields", b'{"name":"n","mode":"bridge","capabilities":{"ips":true},'
                           b'"runtimeConfig":{"x":[1,2.5,null,false]}}'),
        # Keys as Go's encoding/json reads them (json/fields.h).
        ("max_index", b'{"name":"n","ipam":{"index":3,"maxIndex":12}}'),
        ("gc_attachments", b'{"cniVersion":"1.1.0","name":"n","cni.dev/valid-attachments":'
                           b'[{"containerID":"c","ifname":"eth0"}],"cni.dev/attachments":[]}'),
        ("claims_settings", b'{"name":"n","ipam":{"dataDir":"/run/x","claims":false}}'),
        ("max_index_below_index", b'{"name":"n","ipam":{"index":13,"maxIndex":12}}'),
        ("max_index_string", b'{"name":"n","ipam":{"maxIndex":"12"}}'),
        ("folded_keys", b'{"CNIVERSION":"0.4.0","Name":"n","IPAM":{"Index":3},'
                        b'"Args":{"CNI":{"INDEX":4}}}'),
        ("folded_kelvin_long_s", b'{"prevResult":{"ip\xc5\xbf":[{"addre\xc5\xbf\xc5\xbf":"a"}],'
                                 b'"interfaces":[{"ma\xe2\x84\xaa":1,"\xc5\xbfandbox":"x"}]}}'),
        ("exact_beats_folded", b'{"Name":"a","name":"n","NAME":"b"}'),
        ("two_folded_variants", b'{"Name":"a","NAME":"b"}'),
        ("folded_twice", b'{"Name":"a","x":1,"Name":"b"}'),
        ("null_index", b'{"name":"n","ipam":{"index":null}}'),
        ("duplicate_far_apart", b'{"name":"a","type":"t","x":[1],"name":"b"}'),
        ("invalid_utf8_in_string", b'{"name":"\\u00e9\xc3"}'),
        ("long_multibyte_details", b'{"name":"n","ipam":{"index":"' +
                                   "\u00e9".encode() * 700 + b'"}}'),
        ("routes", b'{"name":"n","ipam":{"index":5,"routes":[{"dst":"10.96.0.0/12"},'
                   b'{"dst":"fd00:10:96::/112","gw":"2001:1900:2100:2d::1"}]}}'),
        ("routes_not_array", b'{"name":"n","ipam":{"routes":{"dst":"10.96.0.0/12"}}}'),
    ]
    return seeds


def cmdline_seeds():
    seeds = [("cmdline_" + stem, data) for stem, data in named("cmdlines/*.txt")]
    v4 = b"epoxy.ipv4=4.14.159.112/26,4.14.159.65,8.8.8.8,8.8.4.4"
    v6 = (b"epoxy.ipv6=2001:1900:2100:2d::112/64,2001:1900:2100:2d::1,"
          b"2001:4860:4860::8888,2001:4860:4860::8844")
    seeds += [
        ("v4_only", v4),
        ("v4_v6", v4 + b" " + v6),
        ("v6_only", v6),
        ("v6_empty", v4 + b" epoxy.ipv6="),
        ("twice", v4 + b" " + v4),
        ("epoxyX", b"epoxyXipv4=4.14.159.112/26,4.14.159.65,8.8.8.8,8.8.4.4"),
        ("tabs_newlines", b"ro\t" + v4 + b"\n" + v6 + b"\r\n"),
        ("three_parts", b"epoxy.ipv4=4.14.159.112/26,4.14.159.65,8.8.8.8"),
        ("empty_part", b"epoxy.ipv4=4.14.159.112/26,,8.8.8.8,8.8.4.4"),
        ("prefix_0", b"epoxy.ipv4=4.14.159.112/0,4.14.159.65,8.8.8.8,8.8.4.4"),
        ("prefix_33", b"epoxy.ipv4=4.14.159.112/33,4.14.159.65,8.8.8.8,8.8.4.4"),
        ("upstream_sscanf", b"epoxy.ipv4=300.2.3.-4/26,4.14.159.65,8.8.8.8,8.8.4.4"),
        ("wrong_family", b"epoxy.ipv4=2001:db8::1/64,4.14.159.65,8.8.8.8,8.8.4.4"),
        ("ip_dhcp", b"ip=4.14.159.112::4.14.159.65:255.255.255.192:h:eth0:dhcp:8.8.8.8:8.8.4.4"),
        ("ip_none", b"ip=4.14.159.112::4.14.159.65:255.255.255.192:h:eth0:none:8.8.8.8:8.8.4.4"),
        ("ip_empty_autoconf", b"ip=4.14.159.112::4.14.159.65:255.255.255.192:::" +
                              b":8.8.8.8:8.8.4.4"),
        ("ip_mask_zero", b"ip=4.14.159.112::4.14.159.65:0.0.0.0:h:eth0:off:8.8.8.8:8.8.4.4"),
        ("ip_mask_holes", b"ip=4.14.159.112::4.14.159.65:255.0.255.0:h:eth0:off:8.8.8.8:8.8.4.4"),
        ("mapped_v6", b"epoxy.ipv4=1.2.3.4/24,1.2.3.1,8.8.8.8,8.8.4.4 "
                      b"epoxy.ipv6=::ffff:1.2.3.4/120,::ffff:1.2.3.1,::1,::2"),
        ("empty", b""),
    ]
    return seeds


def cni_args_seeds():
    kubelet = (b"IgnoreUnknown=1;K8S_POD_NAMESPACE=default;"
               b"K8S_POD_NAME=ndt-index12-111234-aa3b1;"
               b"K8S_POD_INFRA_CONTAINER_ID=6f3c0c2b1a")

    def seed(name, text, ipam=None, args=None):
        f = Fdp()
        f.byte((1 if ipam is not None else 0) | (2 if args is not None else 0))
        if ipam is not None:
            f.index(ipam)
        if args is not None:
            f.index(args)
        return (name, f.rest(text).data())

    return [
        seed("kubelet", kubelet),
        seed("kubelet_ipam_index", kubelet, ipam=5),
        seed("kubelet_args_index", kubelet, args=7),
        seed("kubelet_both", kubelet, ipam=5, args=7),
        seed("ipam_zero", b"", ipam=0),
        seed("args_negative", b"", args=-1),
        seed("ipam_huge", b"", ipam=2**62),
        seed("pod_name_only", b"K8S_POD_NAME=poc-index4"),
        seed("pod_name_no_index", b"K8S_POD_NAME=ndt-abc"),
        seed("pod_name_index0", b"K8S_POD_NAME=ndt-index0"),
        seed("pod_name_leading_zeros", b"K8S_POD_NAME=ndt-index007"),
        seed("pod_name_2p53", b"K8S_POD_NAME=x-index9007199254740992"),
        seed("pod_name_2p53_plus_1", b"K8S_POD_NAME=x-index9007199254740993"),
        seed("pod_name_twice", b"K8S_POD_NAME=a-index3;K8S_POD_NAME=b-index4"),
        seed("pod_name_second_index", b"K8S_POD_NAME=index-index9"),
        seed("empty_segments", b";;K8S_POD_NAME=index2;;"),
        seed("no_equals", b"K8S_POD_NAME"),
        seed("empty_key", b"=x"),
        seed("empty_value", b"K8S_POD_NAME="),
        seed("nothing", b""),
        seed("ip", b"IgnoreUnknown=1;IP=4.14.159.119"),
        seed("ip_two_families", b"IP=4.14.159.119,2001:1900:2100:2d::119"),
        seed("ip_and_pod_name", b"IP=4.14.159.119;K8S_POD_NAME=ndt-index7"),
        seed("ip_empty", b"IP="),
        seed("ignore_unknown_true", b"IgnoreUnknown=true;Unknown=x"),
        seed("ignore_unknown_not_boolean", b"IgnoreUnknown=yes;IP=4.14.159.119"),
    ]


def address_seeds():
    def seed(name, text, index=5, group=0x112, length=26):
        f = Fdp().index(index).integral(0, 65535, group, 16)
        f.integral(0, 128, length, 32)
        return (name, f.rest(text).data())

    return [
        seed("v4_prefix", b"4.14.159.112/26"),
        seed("v4_prefix_index14", b"4.14.159.112/26", index=14),
        seed("v4_prefix_index15", b"4.14.159.112/26", index=15),
        seed("v4_slash31", b"10.0.0.0/31", index=1),
        seed("v4_slash32", b"10.0.0.1/32", index=1),
        seed("v4_slash0", b"0.0.0.0/0", index=2**40),
        seed("v4_bare", b"4.14.159.112", length=24),
        seed("v4_leading_zero", b"4.14.159.012"),
        seed("v4_upstream_sscanf", b"300.2.3.-4/26"),
        seed("v6_prefix", b"2001:1900:2100:2d::112/64", index=12),
        seed("v6_prefix_9999", b"2001:db8::9990/64", index=9),
        seed("v6_prefix_overflow", b"2001:db8::9990/64", index=10),
        seed("v6_hex_group", b"2001:db8::fe/64"),
        seed("v6_slash128", b"2001:db8::1/128"),
        seed("v6_slash120", b"2001:db8::199/120", index=60),
        seed("v6_mapped", b"::ffff:1.2.3.4/96"),
        seed("v6_bare", b"2001:db8::1", length=112),
        seed("v6_zone", b"fe80::1%eth0"),
        seed("netmask_26", b"255.255.255.192"),
        seed("netmask_0", b"0.0.0.0"),
        seed("netmask_holes", b"255.0.255.0"),
        seed("negative_index", b"4.14.159.112/26", index=-1),
        seed("min_index", b"4.14.159.112/26", index=-(2**63)),
        seed("base10", b"", index=12, group=0x201),
        seed("base10_hex", b"", index=12, group=0x20d),
        seed("empty", b""),
    ]


def prev_result_seeds():
    seeds = []
    for i, v in enumerate(VERSIONS):
        data = read("golden/add_%s.json" % v)
        seeds.append(("golden_" + v, Fdp().rest(data).byte(i).data()))
        g = golden(v)
        del g["cniVersion"]
        # No cniVersion of its own: the config's (the same one) decides.
        seeds.append(("golden_" + v + "_no_version", Fdp().rest(compact(g)).byte(i).data()))
    seeds += [
        ("interfaces", Fdp().rest(compact({
            "cniVersion": "1.0.0",
            "interfaces": [{"name": "eth0", "mac": "00:11:22:33:44:55",
                            "sandbox": "/var/run/netns/p"}],
            "ips": [{"address": "10.1.2.3/24", "gateway": "10.1.2.1", "interface": 0},
                    {"address": "10.1.2.4/24", "interface": -1}],
            "routes": [{"dst": "0.0.0.0/0"}],
            "dns": {"nameservers": ["8.8.8.8"], "domain": "example.org",
                    "search": ["a", "b"], "options": ["ndots:5"]}})).byte(5).data()),
        ("v020_two_v4", Fdp().rest(compact({
            "cniVersion": "1.0.0",
            "ips": [{"address": "10.0.0.2/24"}, {"address": "10.0.0.3/24"},
                    {"address": "2001:db8::2/64"}],
            "routes": [{"dst": "::/0", "gw": "2001:db8::1"},
                       {"dst": "0.0.0.0/0", "gw": "10.0.0.1"}]})).byte(0).data()),
        ("escapes", Fdp().rest(
            b'{"cniVersion":"1.1.0","ips":[{"address":"<a>\\u2028\\u0001\\u007f\\"\\\\"}],'
            b'"dns":{"domain":"\\u00e9\\ud83d\\ude00"}}').byte(6).data()),
        ("empty_address", Fdp().rest(
            b'{"cniVersion":"1.0.0","ips":[{"gateway":"1.2.3.1"}],'
            b'"routes":[{"dst":"0.0.0.0/0"}]}').byte(0).data()),
        ("no_address", Fdp().rest(b'{"cniVersion":"1.0.0"}').byte(0).data()),
        ("unsupported_version", Fdp().rest(b'{"cniVersion":"9.9.9"}').byte(6).data()),
        ("config_version_empty", Fdp().rest(b'{"ip4":{"ip":"1.2.3.4/24"}}').byte(7).data()),
        ("interface_range", Fdp().rest(
            b'{"ips":[{"address":"1.2.3.4/24","interface":2147483648}]}').byte(5).data()),
    ]
    return seeds


def plugin_seeds():
    cmdlines = dict(named("cmdlines/*.txt"))
    full = cmdlines["mlab4_lga0t"]
    # Flags: bits 0-4 set CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME, CNI_PATH,
    # CNI_ARGS; bit 5 PROC_CMDLINE_FOR_TESTING (else read_proc_cmdline);
    # bit 6 /proc/cmdline fails; bit 7 stdin fails.
    env_all = {"CNI_CONTAINERID": b"ctr0", "CNI_NETNS": b"/var/run/netns/p",
               "CNI_IFNAME": b"net1", "CNI_PATH": b"/opt/cni/bin",
               "CNI_ARGS": b"IgnoreUnknown=1;K8S_POD_NAMESPACE=default;"
                           b"K8S_POD_NAME=ndt-index12-111234-aa3b1"}
    order = ["CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_PATH", "CNI_ARGS"]
    commands = ["ADD", "CHECK", "DEL", "GC", "STATUS", "VERSION"]

    def seed(name, command, stdin, cmdline=full, env=None, testing_env=True,
             proc_fails=False, stdin_fails=False, raw_command=None):
        env = env_all if env is None else env
        flags = sum(1 << i for i, k in enumerate(order) if k in env)
        flags |= (1 << 5) if testing_env else 0
        flags |= (1 << 6) if proc_fails else 0
        flags |= (1 << 7) if stdin_fails else 0
        f = Fdp()
        if raw_command is not None:
            f.byte(7)
            f.string(raw_command)
        elif command.islower():
            f.byte(6 | (commands.index(command.upper()) << 3))
        else:
            f.byte(commands.index(command))
        f.byte(flags)
        for k in order:
            if k in env:
                f.string(env[k])
        f.string(cmdline)
        return (name, f.rest(stdin).data())

    seeds = []
    for stem, data in named("configs/*.json"):
        for command in commands:
            seeds.append(seed("%s_%s" % (command.lower(), stem), command, data))
    for v in VERSIONS:
        seeds.append(seed("add_" + v, "ADD", compact(config(v))))
        if v in ("0.4.0", "1.0.0", "1.1.0"):
            seeds.append(seed("check_" + v, "CHECK",
                              compact(config(v, prevResult=golden(v)))))
    for stem, data in named("cmdlines/*.txt"):
        seeds.append(seed("add_cmdline_" + stem, "ADD", compact(config()), cmdline=data))
        seeds.append(seed("status_cmdline_" + stem, "STATUS", compact(config("1.1.0")),
                          cmdline=data))
    upstream = read("configs/upstream_ipvlan.json")
    seeds += [
        seed("add_proc_cmdline", "ADD", upstream, testing_env=False),
        seed("add_proc_fails", "ADD", upstream, testing_env=False, proc_fails=True),
        seed("status_proc_fails", "STATUS", compact(config("1.1.0")), testing_env=False,
             proc_fails=True),
        seed("add_stdin_fails", "ADD", b"", stdin_fails=True),
        seed("del_stdin_fails", "DEL", b"", stdin_fails=True),
        seed("add_lower_case", "add", upstream),
        seed("unknown_command", None, upstream, raw_command=b"FROB"),
        seed("empty_command", None, upstream, raw_command=b""),
        seed("add_no_env", "ADD", upstream, env={}),
        seed("del_no_env", "DEL", b"garbage", env={}),
        seed("gc_1_1_0", "GC", compact(config("1.1.0"))),
        seed("add_bad_container_id", "ADD", upstream,
             env=dict(env_all, CNI_CONTAINERID=b"-bad")),
        seed("add_long_ifname", "ADD", upstream,
             env=dict(env_all, CNI_IFNAME=b"0123456789abcdef")),
        seed("add_bad_args", "ADD", compact(config(index=None)),
             env=dict(env_all, CNI_ARGS=b"K8S_POD_NAME")),
        seed("add_pod_name", "ADD", compact(config(index=None))),
        seed("add_index_out_of_range", "ADD", compact(config(index=15))),
        seed("add_bad_name", "ADD", compact(dict(config(), name="-x"))),
        seed("add_version_9", "ADD", compact(config("9.9.9"))),
        seed("check_0_3_1", "CHECK", compact(config("0.3.1", prevResult=golden("0.3.1")))),
        seed("check_other_gateway", "CHECK", compact(config(
            "1.0.0", prevResult=dict(golden("1.0.0"), ips=[
                {"address": "4.14.159.117/26", "gateway": "4.14.159.66"}])))),
        seed("add_exact_key_beats_folded", "ADD",
             b'{"cniVersion":"1.0.0","Name":"x","name":"n","ipam":{"index":5}}'),
        seed("add_folded_index", "ADD",
             b'{"cniVersion":"1.0.0","name":"n","IPAM":{"Index":5}}'),
        seed("add_ifname_nbsp", "ADD", upstream,
             env=dict(env_all, CNI_IFNAME=b"a\xc2\xa0b")),
        seed("add_max_index", "ADD",
             b'{"cniVersion":"0.3.1","name":"n","ipam":{"maxIndex":12}}'),
        seed("add_pod_past_max_index", "ADD",
             b'{"cniVersion":"0.3.1","name":"n","ipam":{"maxIndex":11}}'),
        seed("add_index_above_max_index", "ADD",
             b'{"cniVersion":"0.3.1","name":"n","ipam":{"index":13,"maxIndex":12}}'),
        seed("add_gateway_index", "ADD", compact(config(index=5)),
             cmdline=b"epoxy.ipv4=10.0.0.1/29,10.0.0.6,8.8.8.8,8.8.4.4"),
        seed("add_nameserver_index", "ADD", compact(config(index=3)),
             cmdline=b"epoxy.ipv4=10.0.0.1/29,10.0.0.6,10.0.0.4,8.8.4.4"),
        seed("add_ip_server_index", "ADD", compact(config(index=2)),
             cmdline=b"ip=10.0.0.1:10.0.0.3:10.0.0.6:255.255.255.248:h:eth0:off:"
                     b"8.8.8.8:8.8.4.4"),
        seed("version_no_stdin", "VERSION", b""),
        seed("add_not_json", "ADD", b"not json"),
    ]
    # Requested addresses (index2ip/requested_address.h), from each source.
    no_index = config(index=None)
    args_ip = dict(env_all, CNI_ARGS=b"IgnoreUnknown=1;IP=4.14.159.119")
    for name, ips in [
            ("v4", ["4.14.159.119/26"]),
            ("v6", ["2001:1900:2100:2d::119"]),
            ("both", ["4.14.159.119", "2001:1900:2100:2d::119/64"]),
            ("families_disagree", ["4.14.159.119", "2001:1900:2100:2d::120"]),
            ("two_v4", ["4.14.159.119", "4.14.159.120"]),
            ("other_subnet", ["10.0.0.7"]),
            ("below_host", ["4.14.159.100"]),
            ("wrong_prefix", ["4.14.159.119/24"]),
            ("hex_group", ["2001:1900:2100:2d::11a"]),
            ("not_an_address", ["4.14.159"]),
            ("empty", [])]:
        seeds.append(seed("add_runtime_ips_" + name, "ADD",
                          compact(dict(no_index, runtimeConfig={"ips": ips}))))
        seeds.append(seed("add_args_cni_ips_" + name, "ADD",
                          compact(dict(no_index, args={"cni": {"ips": ips}}))))
    seeds += [
        seed("add_runtime_ips_and_index_agree", "ADD",
             compact(config(index=7, runtimeConfig={"ips": ["4.14.159.119/26"]}))),
        seed("add_runtime_ips_and_index_disagree", "ADD",
             compact(config(index=5, runtimeConfig={"ips": ["4.14.159.119/26"]}))),
        seed("add_args_cni_index_and_ips_disagree", "ADD",
             compact(dict(no_index, args={"cni": {"index": 5,
                                                  "ips": ["4.14.159.119"]}}))),
        seed("add_cni_args_ip", "ADD", compact(no_index), env=args_ip),
        seed("add_cni_args_ip_both_families", "ADD", compact(no_index),
             env=dict(env_all, CNI_ARGS=b"IP=4.14.159.119,2001:1900:2100:2d::119")),
        seed("add_cni_args_ip_bad", "ADD", compact(no_index),
             env=dict(env_all, CNI_ARGS=b"IP=4.14.159.300")),
        seed("add_cni_args_ip_past_max_index", "ADD",
             b'{"cniVersion":"0.3.1","name":"n","ipam":{"maxIndex":5}}', env=args_ip),
        seed("add_cni_args_ip_no_ignore_unknown", "ADD", compact(no_index),
             env=dict(env_all, CNI_ARGS=b"IP=4.14.159.119;Other=1")),
        seed("add_claims_false", "ADD", compact(dict(
            config(), ipam={"type": "index2ip", "index": 5, "claims": False}))),
        seed("add_routes", "ADD", compact(dict(config(), ipam={
            "type": "index2ip", "index": 5,
            "routes": [{"dst": "10.96.0.0/12"},
                       {"dst": "fd00:10:96::/112", "gw": "2001:1900:2100:2d::2"}]}))),
        seed("add_routes_v020", "ADD", compact(dict(config("0.2.0"), ipam={
            "type": "index2ip", "index": 5, "routes": [{"dst": "10.96.0.0/12"}]}))),
        seed("add_routes_bad_gw", "ADD", compact(dict(config(), ipam={
            "type": "index2ip", "index": 5,
            "routes": [{"dst": "10.96.0.0/12", "gw": "10.0.0.1"}]}))),
        seed("add_routes_v6_on_v4_host", "ADD", compact(dict(config(), ipam={
            "type": "index2ip", "index": 5, "routes": [{"dst": "fd00::/8"}]})),
             cmdline=cmdlines["kernel_ip_only"]),
        seed("add_requests_disagree", "ADD",
             compact(dict(no_index, runtimeConfig={"ips": ["4.14.159.119"]})),
             env=dict(env_all, CNI_ARGS=b"IP=4.14.159.120")),
    ]
    return seeds


def claim_seeds():
    good = {"format": 1, "address": "4.14.159.117", "containerID": "ctr0",
            "ifname": "net1", "network": "ndt", "netns": "/var/run/netns/p",
            "netnsId": "4:4026532281", "bootId": "3b2f0a6e-1c2d", "since": 1700000000}
    return [
        ("claim_v4", compact(good)),
        ("claim_v6", compact(dict(good, address="2001:1900:2100:2d::117"))),
        ("claim_no_netns", compact(dict(good, netns="/nope", netnsId=""))),
        ("claim_newer_format", compact(dict(good, format=2))),
        ("claim_bad_address", compact(dict(good, address="4.14.159.300"))),
        ("claim_bad_netns_id", compact(dict(good, netnsId="4:x"))),
        ("claim_torn", compact(good)[:40]),
        ("claim_empty", b""),
        ("claim_folded_keys", b'{"FORMAT":1,"Address":"10.0.0.2","CONTAINERID":"c",'
                              b'"IfName":"e","Network":"n"}'),
        ("claim_format_0", compact(dict(good, format=0))),
        ("claim_no_ifname", compact(dict(good, ifname=""))),
        ("claim_long_ifname", compact(dict(good, ifname="0123456789abcdef"))),
        ("claim_bad_container_id", compact(dict(good, containerID="-c"))),
        ("claim_no_network", compact(dict(good, network=""))),
        ("claim_not_object", b'"a claim"'),
        ("claim_wrong_type", compact(dict(good, since="yesterday"))),
        ("claim_too_long", compact(dict(good, bootId="b" * 4100))),
        # Raw DEL bytes: within the bound as read, past it as printed.
        ("claim_controls_print_longer",
         compact(dict(good, bootId="@")).replace(b'"@"', b'"' + b"\x7f" * 700 + b'"')),
    ] + store_seeds(good)


def store_seeds(legacy):
    """claims.pb, the store file of format 2 (protobuf's wire format)."""
    sys.path.insert(0, TESTDATA)
    import claims_wire  # testdata/claims_wire.py
    claim = {k: v for k, v in legacy.items() if k not in ("format", "bootId")}
    v6 = dict(claim, address="2001:1900:2100:2d::117")
    boot = legacy["bootId"]
    good = claims_wire.store(boot, [v6, claim])
    return [
        ("store_node", good),
        ("store_empty", claims_wire.store(boot, [])),
        ("store_newer", claims_wire.store(boot, [claim], format=3)),
        ("store_format_1", claims_wire.store(boot, [claim], format=1)),
        ("store_no_boot", claims_wire.store("", [claim])),
        ("store_twice", claims_wire.store(boot, [claim, claim])),
        ("store_not_canonical", claims_wire.store(
            boot, [dict(claim, address="2001:1900:2100:2D:0:0:0:117")])),
        ("store_bad_claim", claims_wire.store(boot, [dict(claim, ifname="")])),
        ("store_torn", good[:60]),
        ("store_escaped_netns", claims_wire.store(
            boot, [dict(claim, netns="/run/netns/\\xff\u2028")])),
        ("store_negative_since", claims_wire.store(boot, [dict(claim, since=-1)])),
    ]


def main():
    if not os.path.isdir(TESTDATA):
        sys.exit("run from the workspace (testdata/ not found)")
    write("netconf_fuzzer", netconf_seeds())
    write("cmdline_fuzzer", cmdline_seeds())
    write("cni_args_fuzzer", cni_args_seeds())
    write("address_fuzzer", address_seeds())
    write("prev_result_fuzzer", prev_result_seeds())
    write("claim_fuzzer", claim_seeds())
    write("plugin_fuzzer", plugin_seeds())


if __name__ == "__main__":
    main()
