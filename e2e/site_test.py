"""A whole M-Lab site in network namespaces: four machines, one /26, 48 pods.

The site, built in namespaces this test creates and removes:

  switch   a Linux bridge, br0
  router   the gateway: 4.14.159.65/26 and 2001:1900:2100:2d::1/64 on a veth
           into the bridge
  mlab1-4  at the siteinfo offsets .73, .86, .99 and .112 of 4.14.159.64/26
           (::73 ... ::112 in IPv6), each with a veth eth0 into the bridge, its
           own kernel command line and its own claims dataDir

On each machine, M-Lab's network shape: one network per index 1..12, each
with maxIndex 12, through Debian's macvlan on eth0, and a pod (a namespace,
accept_dad=0 before ADD) on each: 48 pods. Checks:

  - the 96 addresses are distinct, and none is a host's, the gateway's or a
    nameserver's;
  - every pod pings the router and a pod on another machine, both families;
  - the bound holds both ways: a 13th network {index 13, maxIndex 12} is an
    invalid config (7); a pod choosing 13 (cni-args) on a network without a
    fixed index is refused (101) with the bound named;
  - a second pod for one index on one machine is refused (103), and the
    first keeps working;
  - DEL of every pod leaves no interface and no claim behind, and no
    namespace is left after the test;
  - negative controls, so the checks can fail: with claims: false the
    duplicate gets through, and without maxIndex index 13 gets through, onto
    mlab2's host address.

All traffic stays inside these namespaces. Loops are bounded; cleanup runs on
failure too. Needs root.
"""

import ipaddress
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import unittest

sys.dont_write_bytecode = True

import plugin_runner as pr

MACVLAN = "/usr/lib/cni/macvlan"
BUSYBOX = "/bin/busybox"
PREFIX4 = "4.14.159."
PREFIX6 = "2001:1900:2100:2d::"
GW4, GW6 = PREFIX4 + "65", PREFIX6 + "1"
NAMESERVERS = {"8.8.8.8", "8.8.4.4", "2001:4860:4860::8888",
               "2001:4860:4860::8844"}
MACHINES = {m: (m - 1) * 13 + 9 + 64 for m in range(1, 5)}  # .73 .86 .99 .112
INDICES = range(1, 13)
TIMEOUT = 60


def sh(*argv, check=True, stdin=None, env=None):
    run = subprocess.run(argv, input=stdin, capture_output=True, env=env,
                         timeout=TIMEOUT, check=False)
    if check and run.returncode != 0:
        raise AssertionError("%s exited %d: %s%s" % (
            " ".join(argv[:6]), run.returncode, run.stdout.decode(),
            run.stderr.decode()))
    return run


def cmdline(m):
    h = MACHINES[m]
    return ("epoxy.ipv4=%s%d/26,%s,8.8.8.8,8.8.4.4 "
            "epoxy.ipv6=%s%d/64,%s,2001:4860:4860::8888,2001:4860:4860::8844"
            % (PREFIX4, h, GW4, PREFIX6, h, GW6))


class Site:
    def __init__(self):
        self.tag = secrets.token_hex(2)
        self.namespaces = []
        self.dir = os.path.join(os.environ.get("TEST_TMPDIR", "/tmp"),
                                "site-" + self.tag)
        self.cni_path = os.path.join(self.dir, "bin")

    def ns(self, name):
        return "s%s-%s" % (self.tag, name)

    def add_ns(self, name):
        full = self.ns(name)
        sh("ip", "netns", "add", full)
        self.namespaces.append(full)
        sh("ip", "-n", full, "link", "set", "lo", "up")
        # IPv6 addresses usable at once: nothing else is on this wire.
        sh("ip", "netns", "exec", full, "/bin/sh", "-c",
           "echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad && "
           "echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad")
        return full

    def build(self):
        os.makedirs(self.cni_path)
        shutil.copy(pr.PLUGIN, os.path.join(self.cni_path, "index2ip"))
        switch = self.add_ns("switch")
        sh("ip", "-n", switch, "link", "add", "br0", "type", "bridge")
        sh("ip", "-n", switch, "link", "set", "br0", "up")
        for name, port in [("router", "r0")] + [("mlab%d" % m, "m%d" % m)
                                                for m in MACHINES]:
            full = self.add_ns(name)
            sh("ip", "netns", "exec", full, "ip", "link", "add", "eth0", "type",
               "veth", "peer", "name", port, "netns", switch)
            sh("ip", "-n", switch, "link", "set", port, "master", "br0")
            sh("ip", "-n", switch, "link", "set", port, "up")
            sh("ip", "-n", full, "link", "set", "eth0", "up")
        router = self.ns("router")
        sh("ip", "-n", router, "addr", "add", GW4 + "/26", "dev", "eth0")
        sh("ip", "-n", router, "addr", "add", GW6 + "/64", "dev", "eth0")
        for m, h in MACHINES.items():
            sh("ip", "-n", self.ns("mlab%d" % m), "addr", "add",
               "%s%d/26" % (PREFIX4, h), "dev", "eth0")

    def cleanup(self):
        while self.namespaces:
            subprocess.run(["ip", "netns", "del", self.namespaces.pop()],
                           capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)

    def data_dir(self, m):
        return os.path.join(self.dir, "claims-mlab%d" % m)

    def network(self, m, name, **ipam):
        ipam = dict({"type": "index2ip", "dataDir": self.data_dir(m)}, **ipam)
        return {"cniVersion": "1.0.0", "name": name, "type": "macvlan",
                "master": "eth0", "mode": "bridge", "ipam": ipam}

    def cni(self, command, m, config, container, pod):
        """Runs macvlan on machine m for `pod`; returns CompletedProcess."""
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
               "CNI_COMMAND": command, "CNI_CONTAINERID": container,
               "CNI_NETNS": "/var/run/netns/" + pod, "CNI_IFNAME": "net1",
               "CNI_PATH": self.cni_path,
               "PROC_CMDLINE_FOR_TESTING": cmdline(m)}
        return sh("ip", "netns", "exec", self.ns("mlab%d" % m), MACVLAN,
                  stdin=pr.compact(config).encode(), env=env, check=False)

    def ping(self, pod, address):
        return sh("ip", "netns", "exec", pod, BUSYBOX, "ping", "-c", "1", "-W",
                  "2", address, check=False).returncode == 0

    def links(self, ns):
        out = sh("ip", "-j", "-n", ns, "link", "show").stdout
        return sorted(l["ifname"] for l in json.loads(out))


class SiteTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if os.geteuid() != 0:
            raise AssertionError(
                "not root: the site is network namespaces, which need root; "
                "exclude this test with --test_tag_filters=-e2e")
        for path in (MACVLAN, BUSYBOX):
            if not os.access(path, os.X_OK):
                raise AssertionError("%s is missing (tools/bazel installs it)"
                                     % path)
        cls.site = Site()
        try:
            cls.site.build()
        except BaseException:
            cls.site.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.site.cleanup()
        left = [n for n in os.listdir("/run/netns")
                if n.startswith("s%s-" % cls.site.tag)]
        assert not left, left

    def add(self, m, config, container, pod):
        run = self.site.cni("ADD", m, config, container, pod)
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        return json.loads(run.stdout)

    def error_of(self, run):
        self.assertNotEqual(run.returncode, 0, run.stdout)
        return json.loads(run.stdout)

    def test_a_whole_site(self):
        site = self.site
        started = time.monotonic()
        pods = {}  # (m, i) -> (pod namespace, container, config, addresses)
        try:
            for m in MACHINES:
                for i in INDICES:
                    pod = site.add_ns("p%d-%d" % (m, i))
                    config = site.network(m, "index%d" % i, index=i,
                                          maxIndex=12)
                    container = "m%d-i%d" % (m, i)
                    result = self.add(m, config, container, pod)
                    addrs = [ipaddress.ip_interface(ip["address"])
                             for ip in result["ips"]]
                    pods[(m, i)] = (pod, container, config, addrs)

            # Distinct, and nobody's.
            every = [a.ip for (_, _, _, addrs) in pods.values() for a in addrs]
            self.assertEqual(len(every), 96)
            self.assertEqual(len(set(every)), 96)
            taken = {ipaddress.ip_address(x) for x in NAMESERVERS | {GW4, GW6}}
            for h in MACHINES.values():
                taken.add(ipaddress.ip_address("%s%d" % (PREFIX4, h)))
                taken.add(ipaddress.ip_address("%s%d" % (PREFIX6, h)))
            self.assertEqual(set(every) & taken, set())

            # Reachable: the router, and a pod on the next machine.
            for (m, i), (pod, _, _, addrs) in pods.items():
                self.assertLess(time.monotonic() - started, 600, "bounded")
                other = pods[((m % 4) + 1, i)][3]
                for target in (GW4, GW6, str(other[0].ip), str(other[1].ip)):
                    self.assertTrue(site.ping(pod, target),
                                    "%s cannot reach %s" % (pod, target))

            # The bound, both ways.
            spare = site.add_ns("spare")
            bad = site.network(1, "index13", index=13, maxIndex=12)
            err = self.error_of(site.cni("ADD", 1, bad, "m1-i13", spare))
            self.assertEqual(err["code"], 7)
            self.assertIn("above ipam.maxIndex 12", err["details"])
            site.cni("DEL", 1, bad, "m1-i13", spare)
            self.assertEqual(site.links(spare), ["lo"])
            open_net = dict(site.network(1, "ndt", maxIndex=12),
                            args={"cni": {"index": 13}})
            err = self.error_of(site.cni("ADD", 1, open_net, "m1-pick13", spare))
            self.assertEqual(err["code"], 101)
            self.assertIn("ipam.maxIndex 12", err["details"])
            site.cni("DEL", 1, open_net, "m1-pick13", spare)

            # A second pod for one index on one machine: 103; the first
            # keeps working.
            first_pod, _, config3, _ = pods[(2, 3)]
            err = self.error_of(site.cni("ADD", 2, config3, "m2-i3-again", spare))
            self.assertEqual(err["code"], 103)
            self.assertIn("container 'm2-i3'", err["details"])
            site.cni("DEL", 2, config3, "m2-i3-again", spare)
            self.assertEqual(site.links(spare), ["lo"])
            self.assertTrue(site.ping(first_pod, GW4))
            self.assertTrue(site.ping(first_pod, GW6))

            # Negative controls: each rule off lets its case through.
            stateless = dict(config3, ipam=dict(config3["ipam"], claims=False))
            through = self.add(2, stateless, "m2-i3-stateless", spare)
            self.assertEqual(through["ips"][0]["address"], PREFIX4 + "89/26")
            site.cni("DEL", 2, stateless, "m2-i3-stateless", spare)
            unbounded = dict(site.network(1, "ndt"), args={"cni": {"index": 13}})
            onto = self.add(1, unbounded, "m1-unbounded", spare)
            # mlab1's index 13 is mlab2's host address: what maxIndex stops.
            self.assertEqual(onto["ips"][0]["address"], PREFIX4 + "86/26")
            site.cni("DEL", 1, unbounded, "m1-unbounded", spare)
        finally:
            # DEL of every pod: no interface, no claim left.
            for (m, i), (pod, container, config, _) in pods.items():
                run = site.cni("DEL", m, config, container, pod)
                self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
                self.assertEqual(site.links(pod), ["lo"])
        for m in MACHINES:
            self.assertEqual(pr.stored_claims(site.data_dir(m)), [],
                             "claims left on mlab%d" % m)


if __name__ == "__main__":
    unittest.main()
