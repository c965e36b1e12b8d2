"""index2ip under the real macvlan plugin, in network namespaces of its own.

Debian's containernetworking-plugins macvlan (/usr/lib/cni/macvlan) runs with
`ipam: {"type": "index2ip", ...}` and a CNI_PATH holding only our plugin,
installed as `index2ip`, exactly as a runtime (or multus) would run it. The
test builds its own small world and never touches the root namespace's
interfaces:

    i2ip-wire-ID       i2ip-host-ID                 i2ip-pod-ID
    eth0 (veth) <----> eth0 (veth, macvlan master)  net1 (macvlan, made by ADD)

macvlan always runs inside the host namespace (`ip netns exec`), so its
master `eth0` is the veth there. For every cniVersion Debian's macvlan speaks
and each index source (ipam.index, args.cni.index, the pod name in
CNI_ARGS), one cycle: ADD; the pod's interface has exactly the computed IPv4
and IPv6 addresses (global scope, not tentative: DAD is off in the pod
namespace) and both default routes (`ip -n POD addr/route`); CHECK with the
ADD result as prevResult succeeds (0.4.0 and later); DEL removes the
interface; a second DEL succeeds. Then: CHECK with a prevResult that names
another address fails with our code 102; an ADD with an index out of range
fails with our error (code 101) passed through by macvlan, and after the DEL
a runtime sends on a failed ADD the pod has no interface left; an IPv4-only
host gets no IPv6.

It needs root, /usr/lib/cni/macvlan and network namespaces with veth and
macvlan; without them it FAILS, saying which is missing (exclude it with
--test_tag_filters=-e2e). Namespaces carry this process's ID and a random
tag, so runs in parallel do not collide; they are removed on exit, on
SIGTERM/SIGINT/SIGHUP, and when setup fails half-way.
"""

import atexit
import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import unittest

# Python resolves the script's symlink in the runfiles tree and imports the
# helpers from the source directory: keep __pycache__ out of it.
sys.dont_write_bytecode = True

import plugin_runner as pr

MACVLAN = "/usr/lib/cni/macvlan"
# The versions issue 4 asks for; Debian's macvlan 1.1.1 speaks these and
# 0.1.0 (it predates 1.1.0).
REQUIRED_VERSIONS = ("0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0")
CHECK_VERSIONS = ("0.4.0", "1.0.0", "1.1.0")
IFNAME = "net1"

HOST = pr.read_cmdline("mlab4_lga0t")
HOST_V4_ONLY = pr.read_cmdline("mlab4_lga0t_v4only")
GW4 = "4.14.159.65"
GW6 = "2001:1900:2100:2d::1"


def load_config(name):
    with open(pr.runfile("testdata/configs/%s.json" % name),
              encoding="utf-8") as f:
        return json.load(f)


def want_addresses(index):
    """What index2ip derives on host 4.14.159.112/26, 2001:1900:2100:2d::112/64
    (docs/reference.md, "The address math"): .112 + index, ::112 + index read as decimal."""
    return ("4.14.159.%d/26" % (112 + index),
            "2001:1900:2100:2d::%d/64" % (112 + index))


# The three index sources, with the bundled configs of testdata/configs/.
# POD_CNI_ARGS is what kubelet and multus pass: IgnoreUnknown=1 keeps
# macvlan's own CNI_ARGS parser (it reads MAC=) from refusing the pod keys.
POD_CNI_ARGS = ("IgnoreUnknown=1;K8S_POD_NAMESPACE=default;"
                "K8S_POD_NAME=ndt-index12-111234-aa3b1;"
                "K8S_POD_INFRA_CONTAINER_ID=%s")
SOURCES = (
    ("ipam.index", "macvlan_ipam_index", None, 5),
    ("args.cni.index", "multus_cni_args", None, 7),
    ("pod name", "pod_name", POD_CNI_ARGS, 12),
)


class Cannot(Exception):
    """This machine cannot run the test; the message says why."""


def sh(*argv, check=True, stdin=None, env=None):
    """Runs argv; returns the CompletedProcess (text). With `check`, a
    non-zero exit raises AssertionError."""
    proc = subprocess.run(list(argv), input=stdin, capture_output=True,
                          text=True, env=env)
    if check and proc.returncode != 0:
        raise AssertionError("%s: exit %d: %s%s" % (" ".join(argv),
                             proc.returncode, proc.stdout, proc.stderr))
    return proc


class World:
    """The wire, host and pod namespaces, and a CNI_PATH with index2ip."""

    def __init__(self):
        tag = "%d-%s" % (os.getpid(), secrets.token_hex(3))
        self.wire = "i2ip-wire-" + tag
        self.host = "i2ip-host-" + tag
        self.pod = "i2ip-pod-" + tag
        self.netns_path = "/var/run/netns/" + self.pod
        # A second pod, for two attachments that want one address.
        self.pod2 = "i2ip-pod2-" + tag
        self.created = []
        self.cni_path = os.path.join(
            os.environ.get("TEST_TMPDIR", "/tmp"), "cni-bin-" + tag)
        self.ip = shutil.which("ip")

    def setup(self):
        check_preconditions(self.ip)
        for ns in (self.wire, self.host, self.pod, self.pod2):
            proc = sh(self.ip, "netns", "add", ns, check=False)
            if proc.returncode != 0:
                raise Cannot("`ip netns add %s` failed (no network namespace "
                             "support?): %s" % (ns, proc.stderr.strip()))
            self.created.append(ns)
        # The veth is created inside the host namespace and its peer moved
        # straight to the wire namespace: the root namespace never holds it.
        proc = sh(self.ip, "netns", "exec", self.host, self.ip, "link", "add",
                  "eth0", "type", "veth", "peer", "name", "eth0", "netns",
                  self.wire, check=False)
        if proc.returncode != 0:
            raise Cannot("cannot create a veth pair (kernel without veth?): "
                         + proc.stderr.strip())
        for ns in (self.wire, self.host):
            sh(self.ip, "-n", ns, "link", "set", "lo", "up")
            sh(self.ip, "-n", ns, "link", "set", "eth0", "up")
        sh(self.ip, "-n", self.pod, "link", "set", "lo", "up")
        sh(self.ip, "-n", self.pod2, "link", "set", "lo", "up")
        sh(self.ip, "netns", "exec", self.pod2, "/bin/sh", "-c",
           "echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad && "
           "echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad")
        # A fresh interface keeps its IPv6 address tentative while DAD runs,
        # and macvlan (pkg/ipam ConfigureIface) waits up to 10 s for it to
        # settle; nothing else is on this wire to collide with.
        sh(self.ip, "netns", "exec", self.pod, "/bin/sh", "-c",
           "echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad && "
           "echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad")
        master = self.link_json(self.host, "eth0")
        kind = master.get("linkinfo", {}).get("info_kind")
        if kind != "veth":
            raise AssertionError("host namespace eth0 is %r, not our veth"
                                 % kind)
        os.makedirs(self.cni_path)
        shutil.copy(pr.PLUGIN, os.path.join(self.cni_path, "index2ip"))

    def cleanup(self):
        while self.created:
            ns = self.created.pop()
            subprocess.run([self.ip, "netns", "del", ns], capture_output=True)
        shutil.rmtree(self.cni_path, ignore_errors=True)

    def link_json(self, ns, name):
        out = sh(self.ip, "-j", "-d", "-n", ns, "link", "show", "dev", name)
        return json.loads(out.stdout)[0]

    def links(self, ns):
        out = sh(self.ip, "-j", "-n", ns, "link", "show")
        return sorted(l["ifname"] for l in json.loads(out.stdout))

    def pod_links(self):
        out = sh(self.ip, "-j", "-n", self.pod, "link", "show")
        return sorted(link["ifname"] for link in json.loads(out.stdout))

    def pod_addresses(self):
        """{(family, "addr/len")} of global scope on IFNAME, and flags seen."""
        out = sh(self.ip, "-j", "-n", self.pod, "addr", "show", "dev", IFNAME)
        found, flags = set(), set()
        for info in json.loads(out.stdout)[0].get("addr_info", []):
            if info.get("scope") != "global":
                continue
            found.add((info["family"], "%s/%d" % (info["local"],
                                                  info["prefixlen"])))
            flags |= {f for f in ("tentative", "dadfailed") if info.get(f)}
        return found, flags

    def pod_default_routes(self, family):
        out = sh(self.ip, "-j", family, "-n", self.pod, "route", "show",
                 "default")
        return [(r.get("gateway"), r.get("dev"))
                for r in json.loads(out.stdout)]

    def discard(self, config, container, **kwargs):
        """Best effort after a failed case: DEL, then remove what is left, so
        one failure does not fail every case after it."""
        self.macvlan("DEL", config, container, **kwargs)
        if IFNAME in self.pod_links():
            subprocess.run([self.ip, "-n", self.pod, "link", "del", IFNAME],
                           capture_output=True)

    def macvlan(self, command, config, container, cmdline=HOST, cni_args=None,
                pod=None):
        """Runs macvlan in the host namespace; returns CompletedProcess."""
        env = {
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
            "CNI_COMMAND": command,
            "CNI_CONTAINERID": container,
            "CNI_NETNS": "/var/run/netns/" + (pod or self.pod),
            "CNI_IFNAME": IFNAME,
            "CNI_PATH": self.cni_path,
            "PROC_CMDLINE_FOR_TESTING": cmdline,
            "INDEX2IP_DATA_DIR_FOR_TESTING": pr.DATA_DIR,
        }
        if cni_args is not None:
            env["CNI_ARGS"] = cni_args
        return sh(self.ip, "netns", "exec", self.host, MACVLAN,
                  stdin=pr.compact(config), env=env, check=False)


def check_preconditions(ip):
    if os.geteuid() != 0:
        raise Cannot("not root (euid %d): network namespaces need root; run "
                     "as root, or exclude this test with "
                     "--test_tag_filters=-e2e" % os.geteuid())
    if ip is None:
        raise Cannot("no `ip` command: install Debian's iproute2")
    if not os.access(MACVLAN, os.X_OK):
        raise Cannot("%s is missing: install Debian's "
                     "containernetworking-plugins (tools/bazel does)" % MACVLAN)
    if not os.path.isdir("/proc/self/ns") or not os.path.exists(
            "/proc/self/ns/net"):
        raise Cannot("this kernel has no network namespaces")


def root_virtual_links(ip):
    """The root namespace's veth and macvlan links (read only)."""
    out = subprocess.run([ip, "-j", "-d", "link", "show"], capture_output=True,
                         text=True)
    if out.returncode != 0:
        return set()
    return {(l["ifindex"], l["ifname"]) for l in json.loads(out.stdout)
            if l.get("linkinfo", {}).get("info_kind") in ("veth", "macvlan")}


WORLD = None


def _cleanup_on_signal(signum, _frame):
    if WORLD is not None:
        WORLD.cleanup()
    os._exit(128 + signum)


class MacvlanEndToEnd(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        global WORLD
        WORLD = World()
        atexit.register(WORLD.cleanup)
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, _cleanup_on_signal)
        cls.world = WORLD
        try:
            cls.root_links_before = (root_virtual_links(WORLD.ip)
                                     if WORLD.ip else set())
            WORLD.setup()
            cls.versions = cls.macvlan_versions()
        except Cannot as e:
            WORLD.cleanup()
            raise AssertionError("macvlan e2e cannot run here: %s"
                                 % e) from None
        except BaseException:
            WORLD.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        WORLD.cleanup()

    @classmethod
    def macvlan_versions(cls):
        out = sh(MACVLAN, env={"CNI_COMMAND": "VERSION"}, stdin="")
        supported = json.loads(out.stdout)["supportedVersions"]
        missing = [v for v in REQUIRED_VERSIONS if v not in supported]
        if missing:
            raise Cannot("%s does not speak cniVersion %s (it says %s)"
                         % (MACVLAN, ", ".join(missing), supported))
        return [v for v in pr.VERSIONS if v in supported]

    def setUp(self):
        self.assertEqual(self.world.pod_links(), ["lo"],
                         "the pod namespace is not empty before the case")

    def add(self, config, container, **kwargs):
        run = self.world.macvlan("ADD", config, container, **kwargs)
        self.assertEqual(run.returncode, 0, "ADD: %s%s" % (run.stdout,
                                                           run.stderr))
        return json.loads(run.stdout)

    def assert_result_addresses(self, result, version, want):
        ips, _ = pr.result_addresses(result, version)
        self.assertEqual(sorted(str(i) for i in ips), sorted(want), result)
        self.assertEqual(result["cniVersion"], version)

    def assert_pod_configured(self, want4, want6):
        found, flags = self.world.pod_addresses()
        want = {("inet", want4)}
        if want6:
            want.add(("inet6", want6))
        self.assertEqual(found, want)
        self.assertEqual(flags, set(), "addresses not settled")
        self.assertEqual(self.world.pod_default_routes("-4"), [(GW4, IFNAME)])
        self.assertEqual(self.world.pod_default_routes("-6"),
                         [(GW6, IFNAME)] if want6 else [])
        link = self.world.link_json(self.world.pod, IFNAME)
        self.assertEqual(link["linkinfo"]["info_kind"], "macvlan")
        self.assertIn("UP", link["flags"])

    @contextlib.contextmanager
    def attachment(self, config, container, **kwargs):
        """Discards the attachment if the body fails before its own DEL."""
        try:
            yield
        except BaseException:
            self.world.discard(config, container, **kwargs)
            raise

    def delete(self, config, container, **kwargs):
        for attempt in ("first", "second"):
            run = self.world.macvlan("DEL", config, container, **kwargs)
            self.assertEqual(run.returncode, 0, "%s DEL: %s%s" % (
                attempt, run.stdout, run.stderr))
            self.assertEqual(self.world.pod_links(), ["lo"],
                             "after the %s DEL" % attempt)

    def test_every_version_and_index_source(self):
        for version in self.versions:
            for source, config_name, cni_args, index in SOURCES:
                with self.subTest(version=version, source=source):
                    config = load_config(config_name)
                    config["cniVersion"] = version
                    container = "e2e-%s-%d" % (version.replace(".", ""), index)
                    args = cni_args % container if cni_args else None
                    with self.attachment(config, container, cni_args=args):
                        self.cycle(version, config, container, args, index)

    def cycle(self, version, config, container, args, index):
        """ADD, look, CHECK, DEL, DEL."""
        self.assertEqual(self.world.pod_links(), ["lo"], "pod not empty")
        want4, want6 = want_addresses(index)
        result = self.add(config, container, cni_args=args)
        self.assert_result_addresses(result, version, [want4, want6])
        self.assert_pod_configured(want4, want6)
        if version in CHECK_VERSIONS:
            checked = dict(config, prevResult=result)
            run = self.world.macvlan("CHECK", checked, container,
                                     cni_args=args)
            self.assertEqual(run.returncode, 0, "CHECK: %s%s" % (
                run.stdout, run.stderr))
            self.assertEqual(run.stdout, "")
            # Runtimes send the ADD result with DEL from 0.4.0 on.
            config = checked
        self.delete(config, container, cni_args=args)

    def test_check_with_another_address_fails_with_our_error(self):
        config = load_config("macvlan_ipam_index")
        with self.attachment(config, "e2e-check"):
            result = self.add(config, "e2e-check")
            wrong = json.loads(json.dumps(result))
            wrong["ips"][0]["address"] = "4.14.159.118/26"
            run = self.world.macvlan("CHECK", dict(config, prevResult=wrong),
                                     "e2e-check")
            self.assertNotEqual(run.returncode, 0)
            error = json.loads(run.stdout)
            self.assertEqual(error["code"], 102, run.stdout)
            self.assertEqual(error["msg"], "prevResult does not match")
            self.delete(dict(config, prevResult=result), "e2e-check")

    def test_failed_add_passes_our_error_and_del_cleans_up(self):
        for version in self.versions:
            with self.subTest(version=version):
                config = load_config("macvlan_ipam_index")
                config["cniVersion"] = version
                config["ipam"]["index"] = 15  # the /26 at .112 takes 1..14
                with self.attachment(config, "e2e-fail"):
                    run = self.world.macvlan("ADD", config, "e2e-fail")
                    self.assertNotEqual(run.returncode, 0, run.stdout)
                    error = json.loads(run.stdout)
                    self.assertEqual(error["code"], 101, run.stdout)
                    self.assertEqual(error["msg"], "index out of range")
                    self.assertIn("valid indices on this host are 1..14",
                                  error["details"])
                    # macvlan 1.1.1 leaves its link until the runtime's DEL.
                    self.delete(config, "e2e-fail")

    def test_two_pods_one_index_the_second_waits_for_the_first(self):
        config = load_config("macvlan_ipam_index")  # ipam.index 5
        world = self.world
        with self.attachment(config, "e2e-first"):
            first = self.add(config, "e2e-first")
            # The second pod's ADD fails through macvlan with our 103.
            run = world.macvlan("ADD", config, "e2e-second", pod=world.pod2)
            self.assertNotEqual(run.returncode, 0, run.stdout)
            error = json.loads(run.stdout)
            self.assertEqual(error["code"], 103, run.stdout)
            self.assertEqual(error["msg"], "address in use")
            self.assertIn("container 'e2e-first'", error["details"])
            # Its DEL (macvlan 1.1.1 leaves its link until then) leaves no
            # interface, and releases nothing of the first pod's.
            del2 = world.macvlan("DEL", config, "e2e-second", pod=world.pod2)
            self.assertEqual(del2.returncode, 0, del2.stdout + del2.stderr)
            self.assertEqual(world.links(world.pod2), ["lo"])
            # The first pod keeps working: its addresses, and CHECK.
            self.assert_pod_configured("4.14.159.117/26",
                                       "2001:1900:2100:2d::117/64")
            check = world.macvlan("CHECK", dict(config, prevResult=first),
                                  "e2e-first")
            self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
            self.delete(config, "e2e-first")
        # After the first pod's DEL, the second gets the address.
        with self.attachment(config, "e2e-second", pod=world.pod2):
            run = world.macvlan("ADD", config, "e2e-second", pod=world.pod2)
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
            del2 = world.macvlan("DEL", config, "e2e-second", pod=world.pod2)
            self.assertEqual(del2.returncode, 0, del2.stdout + del2.stderr)
            self.assertEqual(world.links(world.pod2), ["lo"])

    def test_ipv4_only_host(self):
        config = load_config("macvlan_ipam_index")
        with self.attachment(config, "e2e-v4", cmdline=HOST_V4_ONLY):
            result = self.add(config, "e2e-v4", cmdline=HOST_V4_ONLY)
            self.assert_result_addresses(result, "1.0.0", ["4.14.159.117/26"])
            self.assert_pod_configured("4.14.159.117/26", None)
            self.delete(config, "e2e-v4", cmdline=HOST_V4_ONLY)

    def pod_routes(self, family, dst):
        out = sh(self.world.ip, "-j", family, "-n", self.world.pod, "route",
                 "show", dst)
        return [(r.get("dst"), r.get("gateway"), r.get("dev"))
                for r in json.loads(out.stdout)]

    def test_extra_routes_reach_the_pod(self):
        # M-Lab's ask (k8s-support #167): the cluster's service range through
        # the pod's gateway, beside the default route; 0.3.1 as M-Lab runs.
        for version in ("0.3.1", "1.0.0"):
            with self.subTest(version=version):
                config = load_config("macvlan_ipam_index")
                config["cniVersion"] = version
                config["ipam"]["routes"] = [
                    {"dst": "10.96.0.0/12"},
                    {"dst": "fd00:10:96::/112", "gw": GW6}]
                container = "e2e-routes-" + version.replace(".", "")
                with self.attachment(config, container):
                    result = self.add(config, container)
                    self.assert_pod_configured(*want_addresses(5))
                    self.assertEqual(self.pod_routes("-4", "10.96.0.0/12"),
                                     [("10.96.0.0/12", GW4, IFNAME)])
                    self.assertEqual(
                        self.pod_routes("-6", "fd00:10:96::/112"),
                        [("fd00:10:96::/112", GW6, IFNAME)])
                    checked = dict(config, prevResult=result)
                    run = self.world.macvlan("CHECK", checked, container)
                    if version in CHECK_VERSIONS:
                        self.assertEqual(run.returncode, 0,
                                         run.stdout + run.stderr)
                    self.delete(config, container)

    def test_zz_root_namespace_untouched(self):
        # Last (unittest runs tests in name order). Read only: no veth or
        # macvlan link appeared in the root namespace while the others ran.
        self.assertEqual(root_virtual_links(self.world.ip) -
                         self.root_links_before, set())


if __name__ == "__main__":
    unittest.main()
