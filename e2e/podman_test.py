"""Debian's podman (4.3.1, CNI backend) runs containers on an index2ip network.

podman calls CNI plugins itself: libcni, with
CNI_ARGS=IgnoreUnknown=1;K8S_POD_NAME=<container name>, and `--ip` as IP=.
This test runs real containers with Debian's podman, runc and macvlan, and a
busybox-static root filesystem it builds (no image is pulled), inside network
namespaces it creates:

  a "host" namespace with eth0, a veth into a "wire" namespace, as the
  macvlan master; podman runs under `nsenter --net=` into it (not `ip netns
  exec`, which remounts /sys and hides the cgroup mounts).

Every podman setting is per invocation (CONTAINERS_CONF, --root, --runroot
under TEST_TMPDIR): nothing is written to /etc. crun refuses this machine's
hybrid cgroups, so the runtime is runc. The `podman container cleanup` that
runs DEL gets a scrubbed environment, so everything DEL needs is in the
network config (dataDir, logFile).

Cases: ADD for each cniVersion podman's libcni and macvlan 1.1.1 speak; the
index from ipam.index, from the container name and from --ip; the address
inside the container; teardown (DEL through cleanup, the claims released);
an out-of-range index reported through podman; nothing left behind.
Needs root.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.dont_write_bytecode = True

import netns
import plugin_runner as pr
from netns import Cannot, sh

PODMAN = "/usr/bin/podman"
MACVLAN = "/usr/lib/cni/macvlan"
BUSYBOX = "/bin/busybox"
HOST = pr.read_cmdline("mlab4_lga0t")
# libcni in podman 4.3.1 and macvlan 1.1.1 speak up to 1.0.0.
VERSIONS = ("0.3.1", "0.4.0", "1.0.0")


class PodmanTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if os.geteuid() != 0:
            raise Cannot("not root: podman and network namespaces need root; "
                         "exclude this test with --test_tag_filters=-e2e")
        for path in (PODMAN, MACVLAN, BUSYBOX, "/usr/bin/nsenter"):
            if not os.access(path, os.X_OK):
                raise Cannot("%s is missing: tools/bazel installs podman, runc, "
                             "busybox-static and containernetworking-plugins"
                             % path)
        # Short, in /tmp: conmon's attach socket lives under --runroot, and
        # a unix socket path has 108 bytes at most (TEST_TMPDIR is longer).
        cls.dir = tempfile.mkdtemp(prefix="i2ip-pm-", dir="/tmp")
        cls.created = []
        # podman makes each container's namespace under /run/netns (as any
        # runtime does) and removes it at cleanup: none may stay.
        cls.netns_before = set(os.listdir("/run/netns")) if os.path.isdir(
            "/run/netns") else set()
        cls.host, cls.wire = netns.host_and_wire("pm")
        cls.created = [cls.host, cls.wire]
        for sub in ("root", "runroot", "net", "plugins", "rootfs/bin", "tmp",
                    "claims"):
            os.makedirs(os.path.join(cls.dir, sub))
        shutil.copy(BUSYBOX, os.path.join(cls.dir, "rootfs/bin/busybox"))
        shutil.copy(MACVLAN, os.path.join(cls.dir, "plugins/macvlan"))
        shutil.copy(pr.PLUGIN, os.path.join(cls.dir, "plugins/index2ip"))
        cls.claims = os.path.join(cls.dir, "claims")
        cls.log = os.path.join(cls.dir, "calls.log")
        cls.conf = os.path.join(cls.dir, "containers.conf")
        with open(cls.conf, "w") as f:
            f.write('[network]\nnetwork_backend = "cni"\n'
                    'cni_plugin_dirs = ["%s/plugins"]\n'
                    'network_config_dir = "%s/net"\n'
                    '[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\n'
                    'events_logger = "file"\ntmp_dir = "%s/tmp"\n'
                    % (cls.dir, cls.dir, cls.dir))

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "dir", None):
            cls.podman("rm", "-a", "-f", check=False)
        netns.delete(*getattr(cls, "created", []))
        if getattr(cls, "dir", None):
            shutil.rmtree(cls.dir, ignore_errors=True)

    @classmethod
    def podman(cls, *args, check=True):
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
               "CONTAINERS_CONF": cls.conf,
               "PROC_CMDLINE_FOR_TESTING": HOST}
        return sh("nsenter", "--net=/run/netns/" + cls.host, PODMAN,
                  "--root", os.path.join(cls.dir, "root"),
                  "--runroot", os.path.join(cls.dir, "runroot"), *args,
                  check=check, env=env)

    def network(self, name, version, **ipam):
        ipam = dict({"type": "index2ip", "dataDir": self.claims,
                     "logFile": self.log}, **ipam)
        conf = {"cniVersion": version, "name": name, "plugins": [
            {"type": "macvlan", "master": "eth0", "mode": "bridge",
             "ipam": ipam}]}
        with open(os.path.join(self.dir, "net", name + ".conflist"), "w") as f:
            json.dump(conf, f)
        return name

    def run_container(self, network, name, *extra, check=True):
        """Runs `ip addr` in a container on `network`; its output."""
        return self.podman(
            "run", "--rm", "--ulimit", "nofile=1024:1024", "--ulimit",
            "nproc=1024:1024", "--network", network, "--name", name, *extra,
            "--rootfs", os.path.join(self.dir, "rootfs"),
            "/bin/busybox", "ip", "-o", "addr", check=check)

    def new_namespaces(self):
        return set(os.listdir("/run/netns")) - self.netns_before - {
            self.host, self.wire}

    def assert_left_nothing(self):
        # The cleanup that runs DEL and removes the container's namespace
        # runs after `podman run --rm` returns: wait for it, bounded.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (
                pr.stored_claims(self.claims) or self.new_namespaces()):
            time.sleep(0.1)
        self.assertEqual(pr.stored_claims(self.claims), [], "claims left behind")
        links = json.loads(sh("ip", "-j", "-n", self.host, "link").stdout)
        self.assertEqual(sorted(l["ifname"] for l in links), ["eth0", "lo"])
        self.assertEqual(self.podman("ps", "-a", "-q").stdout.strip(), "")
        self.assertEqual(self.new_namespaces(), set(), "namespaces left behind")

    def test_every_version_and_index_source(self):
        cases = [
            ("ipam.index", {"index": 3}, "plain-box", (), 115),
            ("container name", {}, "ndt-index5-box", (), 117),
            ("--ip", {}, "plain-box", ("--ip", "4.14.159.120"), 120),
        ]
        for version in VERSIONS:
            for source, ipam, name, extra, octet in cases:
                with self.subTest(version=version, source=source):
                    net = self.network("i2ip-%s" % version.replace(".", ""),
                                       version, **ipam)
                    out = self.run_container(net, name, *extra).stdout
                    self.assertIn("inet 4.14.159.%d/26" % octet, out)
                    self.assertIn("inet6 2001:1900:2100:2d::%d/64" % octet, out)
                    self.assert_left_nothing()
        # Every call was ADD then DEL, with the index's source named.
        with open(self.log) as f:
            entries = [json.loads(line) for line in f]
        sources = {e.get("indexSource") for e in entries if e["command"] == "ADD"}
        self.assertEqual(sources, {"ipam.index", "CNI_ARGS K8S_POD_NAME",
                                   "CNI_ARGS IP"})
        self.assertEqual(sum(e["command"] == "DEL" for e in entries),
                         sum(e["command"] == "ADD" for e in entries))

    def test_out_of_range_index_is_reported_through_podman(self):
        net = self.network("i2ip-range", "1.0.0")
        run = self.run_container(net, "ndt-index99-box", check=False)
        self.assertNotEqual(run.returncode, 0, run.stdout)
        self.assertIn("index out of range", run.stderr)
        self.assertIn("valid indices on this host are 1..14", run.stderr)
        self.assert_left_nothing()


if __name__ == "__main__":
    unittest.main()
