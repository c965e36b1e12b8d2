"""Protocol conformance: the built binary, every command, every cniVersion.

Each invocation's stdout is parsed as one strict JSON text and checked
against the CNI spec's schema for the request's version (cni_schema.py, which
cites the spec text each rule comes from): an IPAM ADD result without
`interfaces` or `interface`, `version` in ips only for 0.3.x/0.4.0, ip4/ip6
for 0.1.0/0.2.0; nothing on stdout for CHECK, DEL, STATUS and GC; error
objects {cniVersion, code, msg, details} carrying the request's version; the
VERSION object. Values are checked too: the addresses for host
testdata/cmdlines/mlab4_lga0t.txt and index 5.
"""

import copy
import ipaddress
import json
import sys
import unittest

# Python resolves the script's symlink in the runfiles tree and imports the
# helpers from the source directory: keep __pycache__ out of it.
sys.dont_write_bytecode = True

import cni_schema
import plugin_runner as pr

HOST = pr.read_cmdline("mlab4_lga0t")
HOST_V4_ONLY = pr.read_cmdline("mlab4_lga0t_v4only")
NO_HOST = pr.read_cmdline("no_address")

with open(pr.runfile("testdata/configs/macvlan_ipam_index.json"),
          encoding="utf-8") as _f:
    BASE_CONFIG = json.load(_f)

# Index 5 on 4.14.159.112/26 and 2001:1900:2100:2d::112/64.
WANT_V4 = ipaddress.ip_interface("4.14.159.117/26")
WANT_V6 = ipaddress.ip_interface("2001:1900:2100:2d::117/64")
GW_V4 = ipaddress.ip_address("4.14.159.65")
GW_V6 = ipaddress.ip_address("2001:1900:2100:2d::1")
NAMESERVERS = ["8.8.8.8", "8.8.4.4", "2001:4860:4860::8888",
               "2001:4860:4860::8844"]


def config(version, **changes):
    """The bundled macvlan config at `version` (None: no cniVersion key)."""
    conf = copy.deepcopy(BASE_CONFIG)
    if version is None:
        del conf["cniVersion"]
    else:
        conf["cniVersion"] = version
    for key, value in changes.items():
        if value is None:
            conf.pop(key, None)
        else:
            conf[key] = value
    return pr.compact(conf)


class Conformance(unittest.TestCase):

    def invoke(self, command, stdin, cmdline=HOST, **env):
        run = pr.run_plugin(pr.base_env(command, cmdline, **env), stdin)
        self.assertFalse(run.timed_out, run.describe())
        return run

    def add_result(self, version):
        """The parsed result of a successful ADD at `version`."""
        run = self.invoke("ADD", config(version))
        self.assertEqual(run.exit_code, 0, run.describe())
        return pr.parse_json_strict(run.stdout)

    def assert_json(self, run):
        """The run's stdout as one strict JSON text ending in a newline."""
        self.assertTrue(run.stdout.endswith(b"\n"), run.describe())
        try:
            return pr.parse_json_strict(run.stdout)
        except ValueError as e:
            self.fail("stdout is not one strict JSON text (%s): %s"
                      % (e, run.describe()))

    def assert_success_silent(self, run):
        self.assertEqual(run.exit_code, 0, run.describe())
        self.assertEqual(run.stdout, b"", run.describe())

    def assert_error(self, run, version, code=None):
        """An error object for `version` (None: any known version)."""
        self.assertNotEqual(run.exit_code, 0, run.describe())
        self.assertLess(run.exit_code, 128, run.describe())
        self.assertGreater(run.exit_code, 0, run.describe())
        obj = self.assert_json(run)
        self.assertEqual(cni_schema.check_error(obj, version), [],
                         run.describe())
        if code is not None:
            self.assertEqual(obj["code"], code, run.describe())
        return obj

    def test_add_result_shape_and_values(self):
        for v in pr.VERSIONS:
            with self.subTest(version=v):
                run = self.invoke("ADD", config(v))
                self.assertEqual(run.exit_code, 0, run.describe())
                self.assertEqual(run.stderr, b"", run.describe())
                result = self.assert_json(run)
                self.assertEqual(cni_schema.check_ipam_result(result, v), [])
                ips, routes = pr.result_addresses(result, v)
                self.assertEqual(ips, {WANT_V4: GW_V4, WANT_V6: GW_V6})
                self.assertEqual(routes, [("0.0.0.0/0", str(GW_V4)),
                                          ("::/0", str(GW_V6))])
                self.assertEqual(result["dns"], {"nameservers": NAMESERVERS})

    def test_add_v4_only_host(self):
        for v in pr.VERSIONS:
            with self.subTest(version=v):
                run = self.invoke("ADD", config(v), cmdline=HOST_V4_ONLY)
                self.assertEqual(run.exit_code, 0, run.describe())
                result = self.assert_json(run)
                self.assertEqual(cni_schema.check_ipam_result(result, v), [])
                self.assertNotIn("ip6", result)
                ips, routes = pr.result_addresses(result, v)
                self.assertEqual(ips, {WANT_V4: GW_V4})
                self.assertEqual(routes, [("0.0.0.0/0", str(GW_V4))])

    def test_add_without_cni_version_is_0_1_0(self):
        # The spec's libraries read a missing cniVersion as 0.1.0.
        run = self.invoke("ADD", config(None))
        self.assertEqual(run.exit_code, 0, run.describe())
        result = self.assert_json(run)
        self.assertEqual(cni_schema.check_ipam_result(result, "0.1.0"), [])

    def test_check_with_add_result_as_prev_result(self):
        for v in pr.VERSIONS:
            with self.subTest(version=v):
                prev = self.add_result(v)
                run = self.invoke("CHECK", config(v, prevResult=prev))
                if v in ("0.4.0", "1.0.0", "1.1.0"):
                    # spec-v0.4.0 "CHECK": "The plugin must return either
                    # nothing or an error."
                    self.assert_success_silent(run)
                else:
                    # CHECK is new in 0.4.0; the Go skel answers code 1.
                    self.assert_error(run, v, code=1)

    def test_check_mismatch_is_an_error(self):
        for v in ("0.4.0", "1.0.0", "1.1.0"):
            with self.subTest(version=v):
                prev = self.add_result(v)
                prev["ips"][0]["address"] = "4.14.159.118/26"
                run = self.invoke("CHECK", config(v, prevResult=prev))
                self.assert_error(run, v, code=102)
                run = self.invoke("CHECK", config(v))
                self.assert_error(run, v, code=7)  # no prevResult

    def test_del_prints_nothing(self):
        for v in pr.VERSIONS:
            with self.subTest(version=v):
                self.assert_success_silent(self.invoke("DEL", config(v)))
                # Twice: DEL is idempotent (spec-v1.0.0 "DEL").
                self.assert_success_silent(self.invoke("DEL", config(v)))
                # No CNI_NETNS: "the plugin should clean up as many resources
                # as possible ... and return a successful response".
                self.assert_success_silent(
                    self.invoke("DEL", config(v), CNI_NETNS=None))
                prev = self.add_result(v)
                self.assert_success_silent(
                    self.invoke("DEL", config(v, prevResult=prev)))

    def test_status_and_gc(self):
        for v in pr.VERSIONS:
            for command in ("STATUS", "GC"):
                with self.subTest(version=v, command=command):
                    run = self.invoke(command, config(v))
                    if v == "1.1.0":
                        self.assert_success_silent(run)
                    else:
                        self.assert_error(run, v, code=1)
        # STATUS on a host with no address: 50, "not available".
        run = self.invoke("STATUS", config("1.1.0"), cmdline=NO_HOST)
        self.assert_error(run, "1.1.0", code=50)

    def test_version(self):
        for v in pr.VERSIONS:
            with self.subTest(version=v):
                run = self.invoke("VERSION", pr.compact({"cniVersion": v}))
                self.assertEqual(run.exit_code, 0, run.describe())
                obj = self.assert_json(run)
                self.assertEqual(cni_schema.check_version_info(obj, v), [])
                self.assertEqual(obj["supportedVersions"], list(pr.VERSIONS))
        for stdin in (b"", b"not json", b'{"cniVersion":"9.9.9"}'):
            with self.subTest(stdin=stdin):
                run = self.invoke("VERSION", stdin)
                self.assertEqual(run.exit_code, 0, run.describe())
                obj = self.assert_json(run)
                self.assertEqual(cni_schema.check_version_info(obj, None), [])
                self.assertEqual(obj["cniVersion"], "1.1.0")

    def test_errors_carry_the_request_version(self):
        for v in pr.VERSIONS:
            no_index = config(v, ipam={"type": "index2ip"})
            cases = [
                ("index out of range", "ADD",
                 config(v, ipam={"type": "index2ip", "index": 15}), {}, 101),
                ("index below 1", "ADD",
                 config(v, ipam={"type": "index2ip", "index": 0}), {}, 7),
                ("no index anywhere", "ADD", no_index, {}, 7),
                ("no CNI_IFNAME", "ADD", config(v), {"CNI_IFNAME": None}, 4),
                ("no CNI_NETNS", "ADD", config(v), {"CNI_NETNS": None}, 4),
                ("no CNI_CONTAINERID", "DEL", config(v),
                 {"CNI_CONTAINERID": None}, 4),
                ("bad network name", "ADD", config(v, name="bad name"), {}, 7),
                ("bad CNI_ARGS", "ADD", no_index, {"CNI_ARGS": "novalue"}, 4),
            ]
            for what, command, stdin, env, code in cases:
                with self.subTest(version=v, case=what):
                    run = self.invoke(command, stdin, **env)
                    self.assert_error(run, v, code=code)
                    # One line on stderr for the operator.
                    self.assertEqual(run.stderr.count(b"\n"), 1, run.describe())
            with self.subTest(version=v, case="no host address"):
                run = self.invoke("ADD", config(v), cmdline=NO_HOST)
                self.assert_error(run, v, code=100)

    def test_decode_errors_name_a_version(self):
        # A config that does not decode: the error still names a spec version.
        for v in pr.VERSIONS:
            with self.subTest(version=v):
                run = self.invoke(
                    "ADD", config(v, ipam={"type": "index2ip", "index": "5"}))
                self.assert_error(run, None, code=6)

    # spec-v1.0.0 "Error": cniVersion is "the same value as provided by the
    # configuration", even when another field fails to decode (Go's skel
    # reads cniVersion alone first: pkg/types/create/create.go DecodeVersion).
    def test_decode_errors_carry_the_request_version(self):
        run = self.invoke(
            "ADD", config("0.4.0", ipam={"type": "index2ip", "index": "5"}))
        self.assert_error(run, "0.4.0", code=6)

    def test_errors_without_a_usable_version(self):
        cases = [
            ("not JSON", b"{", 6),
            ("a JSON array", b"[]", 6),
            ("empty stdin", b"", 6),
            ("unsupported cniVersion",
             pr.compact({"cniVersion": "9.9.9", "name": "n"}), 1),
            ("cniVersion not a string",
             pr.compact({"cniVersion": 1, "name": "n"}), 6),
        ]
        for what, stdin, code in cases:
            with self.subTest(case=what):
                self.assert_error(self.invoke("ADD", stdin), None, code=code)


class SchemaChecksBite(unittest.TestCase):
    """The checks above are only as good as cni_schema: it must refuse what
    the spec refuses."""

    GOOD_100 = {"cniVersion": "1.0.0",
                "ips": [{"address": "1.2.3.4/24", "gateway": "1.2.3.1"}],
                "routes": [{"dst": "0.0.0.0/0", "gw": "1.2.3.1"}]}

    def bad_result(self, version, mutate):
        obj = copy.deepcopy(self.GOOD_100)
        obj["cniVersion"] = version
        mutate(obj)
        self.assertNotEqual(cni_schema.check_ipam_result(obj, version), [],
                            obj)

    def test_good_objects_pass(self):
        self.assertEqual(cni_schema.check_ipam_result(self.GOOD_100, "1.0.0"),
                         [])
        self.assertEqual(cni_schema.check_ipam_result(
            {"cniVersion": "0.2.0", "ip4": {"ip": "1.2.3.4/24"}}, "0.2.0"), [])
        self.assertEqual(cni_schema.check_error(
            {"cniVersion": "0.4.0", "code": 7, "msg": "m"}, "0.4.0"), [])

    def test_bad_results_fail(self):
        self.bad_result("1.0.0", lambda o: o.update(interfaces=[{"name": "x"}]))
        self.bad_result("1.0.0", lambda o: o["ips"][0].update(interface=0))
        self.bad_result("1.0.0", lambda o: o["ips"][0].update(version="4"))
        self.bad_result("0.3.1", lambda o: None)  # no version in ips
        self.bad_result("0.4.0", lambda o: o["ips"][0].update(version="6"))
        self.bad_result("1.1.0", lambda o: o["ips"][0].update(
            address="1.2.3.4"))
        self.bad_result("1.1.0", lambda o: o["ips"][0].update(
            gateway="::1"))
        self.bad_result("1.0.0", lambda o: o.update(cniVersion="0.4.0"))
        self.bad_result("1.0.0", lambda o: o["routes"][0].update(mtu=1500))
        self.bad_result("1.0.0", lambda o: o.update(dns={"nameservers": "x"}))
        self.bad_result("0.2.0", lambda o: None)  # ips in a 0.2.0 result
        self.assertNotEqual(cni_schema.check_ipam_result(
            {"cniVersion": "0.2.0", "ip4": {"ip": "::1/64"}}, "0.2.0"), [])

    def test_bad_errors_fail(self):
        for obj in ({"cniVersion": "1.0.0", "code": "7", "msg": "m"},
                    {"cniVersion": "1.0.0", "code": True, "msg": "m"},
                    {"cniVersion": "1.0.0", "code": 7.0, "msg": "m"},
                    {"cniVersion": "1.0.0", "code": 8, "msg": "m"},
                    {"cniVersion": "1.0.0", "code": 7},
                    {"code": 7, "msg": "m"},
                    {"cniVersion": "1.0.0", "code": 7, "msg": "m", "x": 1},
                    {"cniVersion": "1.0.0", "code": 7, "msg": "m",
                     "details": 1}):
            self.assertNotEqual(cni_schema.check_error(obj), [], obj)
        self.assertNotEqual(cni_schema.check_error(
            {"cniVersion": "1.1.0", "code": 7, "msg": "m"}, "0.4.0"), [])

    def test_bad_version_info_fails(self):
        for obj in ({"cniVersion": "1.0.0"},
                    {"cniVersion": "1.0.0", "supportedVersions": "1.0.0"},
                    {"cniVersion": "1.0.0", "supportedVersions": ["1.0"]},
                    {"cniVersion": "1.0.0", "supportedVersions": [], "x": 1}):
            self.assertNotEqual(cni_schema.check_version_info(obj, None), [],
                                obj)


if __name__ == "__main__":
    unittest.main()
