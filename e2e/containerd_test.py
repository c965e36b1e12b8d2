"""Debian's containerd 1.6 (its CRI plugin) runs pod sandboxes on an index2ip
network, driven through CRI as the kubelet drives it.

M-Lab's nodes run containerd; the kubelet talks CRI to it, and its CRI
plugin calls the CNI chain through go-cni and libcni. This test does the
same with its own containerd, started with its root, state, socket and
config under a temporary directory, inside a network namespace of its own:

  a "host" namespace with eth0 (a veth into a "wire" namespace) as the
  macvlan master; containerd runs under `nsenter --net=` into it, its pod
  namespaces under its state directory (netns_mounts_under_state_dir), so
  nothing is added to /run/netns.

The sandbox image is built here from busybox-static (an OCI archive whose
process is `busybox sleep`) and imported with ctr; nothing is pulled. The
CRI client is this directory's own: cri.proto holds the few runtime.v1
messages the test needs, with the API's field numbers, sent with Debian's
python3-grpcio (Debian has no crictl).

The network is M-Lab's shape at cniVersion 0.3.1 (macvlan where M-Lab has
ipvlan: this kernel has none), maxIndex 12. Cases: a pod named
ndt-index7-... gets host+7 in both families, as PodSandboxStatus reports and
as the pod's namespace shows; a fixed ipam.index wins over the name; a second
pod for that index fails with the claim's "address in use" and leaves
nothing behind while the first keeps its address; containerd restarted under
a running pod keeps the pod and its claims; stop and remove release the
claims (twice is harmless); 12 pods at once get 12 distinct addresses; and
nothing is left (sandboxes, namespaces, libcni's cache, claims, processes,
mounts). Needs root.
"""

import concurrent.futures
import hashlib
import io
import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import unittest

sys.dont_write_bytecode = True

import grpc

import cri_pb2 as cri
import netns
import plugin_runner as pr
from netns import Cannot, sh

CONTAINERD = "/usr/bin/containerd"
CTR = "/usr/bin/ctr"
SHIM = "/usr/bin/containerd-shim-runc-v2"
RUNC = "/usr/bin/runc"
MACVLAN = "/usr/lib/cni/macvlan"
# containerd's CRI brings up each sandbox's lo with the loopback plugin.
LOOPBACK = "/usr/lib/cni/loopback"
BUSYBOX = "/bin/busybox"
HOST = pr.read_cmdline("mlab4_lga0t")
IMAGE = "docker.io/index2ip-test/sandbox:1"
NETWORK = "index2ip-ctrd"
LIBCNI_CACHE = "/var/lib/cni/results"


def want(index):
    return ("4.14.159.%d" % (112 + index), "2001:1900:2100:2d::%d" % (112 + index))


def oci_archive(path):
    """An OCI image archive whose one layer is busybox-static and whose
    process sleeps: the pod's sandbox, as the pause image is."""
    layer_io = io.BytesIO()
    with tarfile.open(fileobj=layer_io, mode="w", format=tarfile.PAX_FORMAT) as t:
        d = tarfile.TarInfo("bin")
        d.type, d.mode = tarfile.DIRTYPE, 0o755
        t.addfile(d)
        t.add(BUSYBOX, arcname="bin/busybox")
    layer = layer_io.getvalue()

    def digest(data):
        return "sha256:" + hashlib.sha256(data).hexdigest()

    arch = {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(),
                                                       platform.machine())
    config = json.dumps({
        "architecture": arch, "os": "linux",
        "config": {"Entrypoint": ["/bin/busybox", "sleep", "2147483647"]},
        "rootfs": {"type": "layers", "diff_ids": [digest(layer)]},
    }).encode()
    manifest = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": digest(config), "size": len(config)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar",
                    "digest": digest(layer), "size": len(layer)}],
    }).encode()
    index = json.dumps({
        "schemaVersion": 2,
        "manifests": [{
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": digest(manifest), "size": len(manifest),
            "annotations": {"io.containerd.image.name": IMAGE,
                            "org.opencontainers.image.ref.name": "1"}}],
    }).encode()
    with tarfile.open(path, "w") as t:
        for name, data in [("oci-layout", b'{"imageLayoutVersion":"1.0.0"}'),
                           ("index.json", index)] + [
                ("blobs/sha256/" + digest(b)[7:], b)
                for b in (layer, config, manifest)]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))


class Cri:
    """The CRI calls the test makes, as the kubelet makes them."""

    def __init__(self, socket):
        self.channel = grpc.insecure_channel("unix://" + socket)

    def call(self, method, request, response, timeout=60):
        rpc = self.channel.unary_unary(
            "/runtime.v1.RuntimeService/" + method,
            request_serializer=lambda m: m.SerializeToString(),
            response_deserializer=response.FromString)
        return rpc(request, timeout=timeout)

    def version(self):
        return self.call("Version", cri.VersionRequest(version="v1"),
                         cri.VersionResponse)

    def run(self, name):
        config = cri.PodSandboxConfig(
            metadata=cri.PodSandboxMetadata(name=name, uid=secrets.token_hex(8),
                                            namespace="default"),
            hostname=name[:63],
            linux=cri.LinuxPodSandboxConfig(
                security_context=cri.LinuxSandboxSecurityContext(
                    namespace_options=cri.NamespaceOption(
                        network=cri.POD, pid=cri.CONTAINER, ipc=cri.POD))))
        return self.call("RunPodSandbox", cri.RunPodSandboxRequest(config=config),
                         cri.RunPodSandboxResponse, timeout=90).pod_sandbox_id

    def status(self, sandbox):
        return self.call("PodSandboxStatus", cri.PodSandboxStatusRequest(
            pod_sandbox_id=sandbox, verbose=True), cri.PodSandboxStatusResponse)

    def stop(self, sandbox):
        self.call("StopPodSandbox", cri.StopPodSandboxRequest(
            pod_sandbox_id=sandbox), cri.StopPodSandboxResponse)

    def remove(self, sandbox):
        self.call("RemovePodSandbox", cri.RemovePodSandboxRequest(
            pod_sandbox_id=sandbox), cri.RemovePodSandboxResponse)

    def list(self):
        return list(self.call("ListPodSandbox", cri.ListPodSandboxRequest(),
                              cri.ListPodSandboxResponse).items)

    def close(self):
        self.channel.close()


class ContainerdTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if os.geteuid() != 0:
            raise Cannot("not root: containerd and network namespaces need "
                         "root; exclude this test with --test_tag_filters=-e2e")
        for path in (CONTAINERD, CTR, SHIM, RUNC, MACVLAN, LOOPBACK, BUSYBOX,
                     "/usr/bin/nsenter"):
            if not os.access(path, os.X_OK):
                raise Cannot("%s is missing: tools/bazel installs containerd, "
                             "runc, busybox-static and "
                             "containernetworking-plugins" % path)
        # Short, in /tmp: the sockets live here, and a unix socket path has
        # 108 bytes at most (TEST_TMPDIR is longer).
        cls.dir = tempfile.mkdtemp(prefix="i2ip-ctr-", dir="/tmp")
        cls.socket = os.path.join(cls.dir, "c.sock")
        cls.created = []
        cls.proc = None
        cls.cri = None
        cls.cache_before = cls.cache_entries()
        cls.host, cls.wire = netns.host_and_wire("ctr")
        cls.created = [cls.host, cls.wire]
        for sub in ("root", "state", "bin", "net.d", "opt", "claims"):
            os.makedirs(os.path.join(cls.dir, sub))
        shutil.copy(MACVLAN, os.path.join(cls.dir, "bin/macvlan"))
        shutil.copy(LOOPBACK, os.path.join(cls.dir, "bin/loopback"))
        shutil.copy(pr.PLUGIN, os.path.join(cls.dir, "bin/index2ip"))
        cls.claims = os.path.join(cls.dir, "claims")
        cls.log = os.path.join(cls.dir, "calls.log")
        cls.write_network()
        with open(os.path.join(cls.dir, "config.toml"), "w") as f:
            f.write(cls.config_toml())
        cls.start()
        image = os.path.join(cls.dir, "sandbox.tar")
        oci_archive(image)
        sh(CTR, "--address", cls.socket, "--namespace", "k8s.io", "images",
           "import", "--snapshotter", "native", image)

    @classmethod
    def config_toml(cls):
        d = cls.dir
        return f"""version = 2
root = "{d}/root"
state = "{d}/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs",
                    "io.containerd.snapshotter.v1.btrfs",
                    "io.containerd.snapshotter.v1.devmapper",
                    "io.containerd.snapshotter.v1.zfs"]
[grpc]
  address = "{d}/c.sock"
[ttrpc]
  address = "{d}/c.sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "{d}/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "{IMAGE}"
  disable_apparmor = true
  # A sandbox asks for oom_score_adj -998, which this machine refuses even
  # to root (runc then fails "can't get final child's PID"); restricted, it
  # is held to containerd's own, as in a nested or unprivileged node.
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "native"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "{d}/bin"
    conf_dir = "{d}/net.d"
    max_conf_num = 1
"""

    @classmethod
    def write_network(cls, **ipam):
        """M-Lab's shape: one network, 0.3.1, maxIndex 12; replaced whole."""
        ipam = dict({"type": "index2ip", "maxIndex": 12, "dataDir": cls.claims,
                     "logFile": cls.log}, **ipam)
        conf = {"cniVersion": "0.3.1", "name": NETWORK, "plugins": [
            {"type": "macvlan", "master": "eth0", "mode": "bridge",
             "ipam": ipam}]}
        path = os.path.join(cls.dir, "net.d", "10-index2ip.conflist")
        with open(path + ".tmp", "w") as f:
            json.dump(conf, f)
        os.rename(path + ".tmp", path)

    @classmethod
    def start(cls):
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
               # libcni hands the plugins containerd's own environment.
               "PROC_CMDLINE_FOR_TESTING": HOST}
        cls.containerd_log = open(os.path.join(cls.dir, "containerd.log"), "ab")
        cls.proc = subprocess.Popen(
            ["nsenter", "--net=/run/netns/" + cls.host, CONTAINERD, "--config",
             os.path.join(cls.dir, "config.toml")],
            stdout=cls.containerd_log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 30
        while True:
            try:
                cls.cri = Cri(cls.socket)
                cls.cri.version()
                return
            except grpc.RpcError as e:
                cls.cri.close()
                if time.monotonic() > deadline or cls.proc.poll() is not None:
                    raise AssertionError("containerd did not answer CRI: %s; %s"
                                         % (e, cls.tail_log()))
                time.sleep(0.2)

    @classmethod
    def stop_containerd(cls):
        if cls.cri:
            cls.cri.close()
            cls.cri = None
        if cls.proc and cls.proc.poll() is None:
            cls.proc.send_signal(signal.SIGTERM)
            try:
                cls.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                cls.proc.kill()
                cls.proc.wait(timeout=10)
        cls.proc = None
        cls.containerd_log.close()

    @classmethod
    def tail_log(cls):
        try:
            with open(os.path.join(cls.dir, "containerd.log"), "rb") as f:
                return f.read()[-3000:].decode(errors="replace")
        except OSError:
            return ""

    @classmethod
    def tearDownClass(cls):
        if cls.cri:
            for sandbox in cls.cri.list():
                for call in (cls.cri.stop, cls.cri.remove):
                    try:
                        call(sandbox.id)
                    except grpc.RpcError:
                        pass
        cls.stop_containerd()
        for pid in cls.our_processes():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for mount in reversed(cls.our_mounts()):
            subprocess.run(["umount", "-l", mount], capture_output=True)
        netns.delete(*getattr(cls, "created", []))
        if getattr(cls, "dir", None):
            shutil.rmtree(cls.dir, ignore_errors=True)

    @classmethod
    def our_processes(cls):
        """Processes whose command line names this test's directory (shims,
        sandboxes' sleepers are reaped with their shims)."""
        out = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open("/proc/%s/cmdline" % pid, "rb") as f:
                    cmdline = f.read()
            except OSError:
                continue
            if cls.dir.encode() in cmdline and int(pid) != os.getpid():
                out.append(int(pid))
        return out

    @classmethod
    def our_mounts(cls):
        with open("/proc/self/mountinfo") as f:
            points = [line.split()[4] for line in f]
        return [p for p in points if p.startswith(cls.dir)]

    @classmethod
    def cache_entries(cls):
        try:
            return {n for n in os.listdir(LIBCNI_CACHE) if NETWORK in n}
        except FileNotFoundError:
            return set()

    # ---- helpers ----

    def addresses(self, sandbox):
        """What CRI reports, and what the pod's namespace holds."""
        status = self.cri.status(sandbox)
        self.assertEqual(status.status.state, cri.SANDBOX_READY)
        network = status.status.network
        reported = {network.ip} | {p.ip for p in network.additional_ips}
        netns = json.loads(status.info["info"])["runtimeSpec"]["linux"][
            "namespaces"]
        path = [n["path"] for n in netns if n["type"] == "network"][0]
        out = sh("nsenter", "--net=" + path, "ip", "-j", "addr", "show",
                 "eth0").stdout
        seen = {a["local"] for link in json.loads(out)
                for a in link["addr_info"] if a.get("scope") == "global"}
        return reported, seen

    def assert_pod_has(self, sandbox, index):
        reported, seen = self.addresses(sandbox)
        self.assertEqual(reported, set(want(index)))
        self.assertEqual(seen, set(want(index)))

    def claimed(self):
        return sorted((c["address"], c["containerID"])
                      for c in pr.stored_claims(self.claims))

    def release(self, sandbox):
        for _ in range(2):  # twice is harmless
            self.cri.stop(sandbox)
        for _ in range(2):
            self.cri.remove(sandbox)

    def sandbox_namespaces(self):
        netns_dir = os.path.join(self.dir, "state",
                                 "io.containerd.grpc.v1.cri", "netns")
        try:
            return set(os.listdir(netns_dir))
        except FileNotFoundError:
            return set()

    def assert_left_nothing(self):
        self.assertEqual(self.cri.list(), [])
        self.assertEqual(self.claimed(), [], "claims left behind")
        self.assertEqual(self.sandbox_namespaces(), set(),
                         "network namespaces left behind")
        self.assertEqual(self.cache_entries() - self.cache_before, set(),
                         "libcni cache entries left behind")
        links = json.loads(sh("ip", "-j", "-n", self.host, "link").stdout)
        self.assertEqual(sorted(l["ifname"] for l in links), ["eth0", "lo"])

    # ---- the cases, in order (unittest runs them by name) ----

    def test_1_pod_name_gives_the_index(self):
        sandbox = self.cri.run("ndt-index7-abcde")
        self.assert_pod_has(sandbox, 7)
        self.assertEqual([a for a, _ in self.claimed()], sorted(want(7)))
        self.release(sandbox)
        self.assert_left_nothing()

    def test_2_twelve_pods_at_once(self):
        names = ["ndt-index%d-%s" % (k, secrets.token_hex(3))
                 for k in range(1, 13)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
            sandboxes = list(pool.map(self.cri.run, names))
        try:
            seen = set()
            for k, sandbox in enumerate(sandboxes, start=1):
                reported, inside = self.addresses(sandbox)
                self.assertEqual(reported, set(want(k)), names[k - 1])
                self.assertEqual(inside, reported)
                seen |= reported
            self.assertEqual(len(seen), 24)
            self.assertEqual(len(self.claimed()), 24)
        finally:
            with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
                list(pool.map(self.release, sandboxes))
        self.assert_left_nothing()

    def test_3_fixed_index_claims_and_restart(self):
        # A fixed ipam.index wins over the pod's name. containerd reads its
        # CNI config once it changes; restarting it makes that certain.
        self.stop_containerd()
        self.write_network(index=3)
        try:
            self.start()
            first = self.cri.run("ndt-index7-first")
            self.assert_pod_has(first, 3)
            held = self.claimed()
            self.assertEqual([a for a, _ in held], sorted(want(3)))

            # A second pod for index 3: the claim's error, through CRI, and
            # nothing of it stays; the first keeps its address.
            with self.assertRaises(grpc.RpcError) as refused:
                self.cri.run("second-pod")
            self.assertIn("address in use", refused.exception.details())
            self.assertEqual([s.id for s in self.cri.list()], [first])
            self.assertEqual(self.claimed(), held)
            self.assertEqual(len(self.sandbox_namespaces()), 1)
            self.assert_pod_has(first, 3)

            # containerd restarted under the running pod: the pod, its
            # address and its claims stay, and the index is still refused.
            self.stop_containerd()
            self.start()
            self.assert_pod_has(first, 3)
            self.assertEqual(self.claimed(), held)
            with self.assertRaises(grpc.RpcError) as again:
                self.cri.run("third-pod")
            self.assertIn("address in use", again.exception.details())

            self.release(first)
            self.assert_left_nothing()
        finally:
            self.stop_containerd()
            self.write_network()
            self.start()

    def test_4_every_call_logged(self):
        with open(self.log) as f:
            entries = [json.loads(line) for line in f]
        adds = [e for e in entries if e["command"] == "ADD"]
        self.assertGreaterEqual(len(adds), 1 + 12 + 3)
        self.assertEqual({e.get("indexSource") for e in adds if "code" not in e},
                         {"CNI_ARGS K8S_POD_NAME", "ipam.index"})
        self.assertEqual({e.get("code") for e in adds if "code" in e}, {103})

    def test_9_nothing_left(self):
        self.assert_left_nothing()
        self.assertEqual(
            sorted(p for p in self.our_processes() if p != self.proc.pid
                   and os.path.basename(os.readlink("/proc/%d/exe" % p))
                   != "containerd"), [], "processes left behind")
        self.assertEqual(
            [m for m in self.our_mounts() if "/state/" in m or "/root/" in m],
            [], "mounts left behind")


if __name__ == "__main__":
    unittest.main()
