"""Every example in deploy/ runs: the CNI config each one gives the plugin
is extracted the way its consumer builds it, and the built plugin binary is
run on it (ADD, then CHECK with ADD's result, then DEL) on the M-Lab host in
testdata/cmdlines/mlab4_lga0t.txt, asserting the exact addresses.

  network-attachment-definition.yaml  multus hands spec.config to macvlan,
                                      which hands it to index2ip
  pod-example.yaml                    multus merges the annotation's
                                      cni-args into that config as args.cni
                                      (multus pkg/types/conf.go,
                                      injectCNIArgs)
  10-index2ip.conflist                libcni gives each plugin entry the
                                      list's name and cniVersion
                                      (libcni api.go, buildOneConfig)
  daemonset.yaml                      its install script, run against a
                                      temporary directory

The YAML is read with yaml_subset, which fails loudly, with the line, on
anything outside the small subset the examples use; the JSON inside is read
with duplicate keys rejected.
"""

import copy
import glob
import json
import os
import stat
import subprocess
import tempfile
import unittest

import yaml

PLUGIN = os.path.abspath("index2ip/plugin")
CMDLINE_FILE = "testdata/cmdlines/mlab4_lga0t.txt"
DEPLOY = "deploy"
DATA_DIR = os.path.join(os.environ.get("TEST_TMPDIR", tempfile.gettempdir()),
                        "claims")

# Every example file, and the test method that runs it. A new example with
# no test fails test_every_example_is_tested.
EXAMPLES = {
    "10-index2ip.conflist": "test_conflist",
    "mlab-index7.conflist": "test_mlab_chain",
    "daemonset.yaml": "test_daemonset_installs_the_plugin",
    "network-attachment-definition.yaml": "test_network_attachment_definition",
    "pod-example.yaml": "test_pod_example_cni_args",
}


def _strict_object(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"duplicate JSON key {key!r}")
        seen[key] = value
    return seen


def load_json(text, where):
    try:
        return json.loads(text, object_pairs_hook=_strict_object)
    except ValueError as e:
        raise AssertionError(f"{where}: not strict JSON: {e}") from e


def load_yaml(name):
    path = os.path.join(DEPLOY, name)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        # PyYAML's safe loader reads YAML as Kubernetes's tools do (YAML 1.1
        # scalars included), so what the test sees is what kubectl applies.
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise AssertionError(f"{path}: {e}") from e


def get(node, *path):
    """node[path[0]][path[1]]..., failing with the path when it is not there."""
    for i, key in enumerate(path):
        if isinstance(key, int):
            ok = isinstance(node, list) and key < len(node)
        else:
            ok = isinstance(node, dict) and key in node
        if not ok:
            raise AssertionError(
                f"the example has no {'.'.join(str(p) for p in path[: i + 1])}; "
                "did its structure change? update deploy/examples_test.py with it")
        node = node[key]
    return node


def expected_result(version, last_octet):
    """The 1.x result ADD returns on the M-Lab host for index last_octet-112."""
    v4 = f"4.14.159.{last_octet}/26"
    v6 = f"2001:1900:2100:2d::{last_octet}/64"
    return {
        "cniVersion": version,
        "ips": [
            {"address": v4, "gateway": "4.14.159.65"},
            {"address": v6, "gateway": "2001:1900:2100:2d::1"},
        ],
        "routes": [
            {"dst": "0.0.0.0/0", "gw": "4.14.159.65"},
            {"dst": "::/0", "gw": "2001:1900:2100:2d::1"},
        ],
        "dns": {"nameservers": ["8.8.8.8", "8.8.4.4", "2001:4860:4860::8888",
                                "2001:4860:4860::8844"]},
    }


def run_plugin(command, config, pod_name, ifname="net1"):
    """Runs the plugin as a main plugin would: config on stdin, CNI_* set."""
    with open(CMDLINE_FILE, encoding="utf-8") as f:
        cmdline = f.read()
    env = {
        "CNI_COMMAND": command,
        "CNI_CONTAINERID": "3f1c9a0e7b2d",
        "CNI_NETNS": "/var/run/netns/cni-3f1c9a0e",
        "CNI_IFNAME": ifname,
        "CNI_PATH": "/opt/cni/bin",
        # What the kubelet passes (and multus passes on).
        "CNI_ARGS": ("IgnoreUnknown=1;K8S_POD_NAMESPACE=default;"
                     f"K8S_POD_NAME={pod_name};"
                     "K8S_POD_INFRA_CONTAINER_ID=3f1c9a0e7b2d"),
        "PROC_CMDLINE_FOR_TESTING": cmdline,
        # The claims store: this test's own, never /run/index2ip.
        "INDEX2IP_DATA_DIR_FOR_TESTING": DATA_DIR,
    }
    return subprocess.run([PLUGIN], input=json.dumps(config).encode(), env=env,
                          capture_output=True, check=False, timeout=60)


class ExamplesTest(unittest.TestCase):
    def assert_add_check_del(self, config, pod_name, want, ifname="net1"):
        """ADD gives `want`; CHECK with it as prevResult and DEL succeed."""
        add = run_plugin("ADD", config, pod_name, ifname)
        self.assertEqual(add.returncode, 0, add.stdout + add.stderr)
        self.assertEqual(add.stderr, b"")
        self.assertEqual(load_json(add.stdout, "ADD's result"), want)
        checked = copy.deepcopy(config)
        checked["prevResult"] = want
        check = run_plugin("CHECK", checked, pod_name, ifname)
        self.assertEqual((check.returncode, check.stdout), (0, b""), check.stderr)
        delete = run_plugin("DEL", checked, pod_name, ifname)
        self.assertEqual((delete.returncode, delete.stdout), (0, b""), delete.stderr)
        return add

    def nad_config(self):
        nad = load_yaml("network-attachment-definition.yaml")
        self.assertEqual(get(nad, "apiVersion"), "k8s.cni.cncf.io/v1")
        self.assertEqual(get(nad, "kind"), "NetworkAttachmentDefinition")
        config = load_json(get(nad, "spec", "config"), "the NAD's spec.config")
        return nad, config

    def test_every_example_is_tested(self):
        found = sorted(os.path.basename(p) for p in glob.glob(os.path.join(DEPLOY, "*"))
                       if p.endswith((".yaml", ".conflist", ".conf", ".json")))
        self.assertEqual(found, sorted(EXAMPLES))
        for method in EXAMPLES.values():
            self.assertTrue(hasattr(self, method), method)

    def test_network_attachment_definition(self):
        nad, config = self.nad_config()
        self.assertEqual(get(config, "type"), "macvlan")
        self.assertEqual(get(config, "ipam", "type"), "index2ip")
        self.assertEqual(get(config, "name"), get(nad, "metadata", "name"))
        # No ipam.index: the pod chooses, here through its name.
        self.assertNotIn("index", config["ipam"])
        self.assert_add_check_del(config, "ndt-index12-abcde",
                                  expected_result("1.0.0", 124))
        # maxIndex 12 bounds the pod's choice: 13 would be the next machine's.
        self.assertEqual(get(config, "ipam", "maxIndex"), 12)
        self.assert_add_check_del(config, "ndt-index12-abcde",
                                  expected_result("1.0.0", 124))
        past = run_plugin("ADD", config, "ndt-index13-abcde")
        self.assertEqual(past.returncode, 1, past.stdout)
        error = load_json(past.stdout, "ADD's error")
        self.assertEqual(error["code"], 101)
        self.assertIn("ipam.maxIndex 12", error["details"])
        # preview --config reads the same config and tells the same story.
        preview = subprocess.run(
            [PLUGIN, "preview", "--config", "-", "--all", "--cmdline-file",
             CMDLINE_FILE], input=json.dumps(config).encode(),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
        self.assertEqual(preview.returncode, 0, preview.stderr)
        self.assertIn(b"12 valid indices (1..12); ipam.maxIndex 12 ends the list",
                      preview.stdout)
        # A pod that says nothing gets error 7 naming where to set an index.
        add = run_plugin("ADD", config, "plain-pod")
        self.assertEqual(add.returncode, 1)
        error = load_json(add.stdout, "ADD's error")
        self.assertEqual((error["code"], error["msg"]), (7, "no index"))

    def test_pod_example_cni_args(self):
        nad, config = self.nad_config()
        pod = load_yaml("pod-example.yaml")
        self.assertEqual(get(pod, "kind"), "Pod")
        pod_name = get(pod, "metadata", "name")
        networks = load_json(
            get(pod, "metadata", "annotations", "k8s.v1.cni.cncf.io/networks"),
            "the pod's k8s.v1.cni.cncf.io/networks annotation")
        selected = [n for n in networks
                    if n.get("name") == get(nad, "metadata", "name")
                    and n.get("namespace", "default") == get(nad, "metadata", "namespace")]
        self.assertEqual(len(selected), 1, networks)
        element = selected[0]
        cni_args = get(element, "cni-args")

        # multus's injectCNIArgs: cni-args become (or merge into) args.cni.
        delegate = copy.deepcopy(config)
        delegate.setdefault("args", {}).setdefault("cni", {}).update(cni_args)
        self.assertEqual(delegate["args"], {"cni": {"index": 7}})
        self.assert_add_check_del(delegate, pod_name, expected_result("1.0.0", 119),
                                  ifname=get(element, "interface"))

        # The index really comes from cni-args: without them ADD finds none
        # (the pod's name has no index<N> in it).
        add = run_plugin("ADD", config, pod_name)
        self.assertEqual(add.returncode, 1, add.stdout)
        self.assertEqual(load_json(add.stdout, "ADD's error")["msg"], "no index")

        # An operator's ipam.index wins over the pod's cni-args.
        pinned = copy.deepcopy(delegate)
        pinned["ipam"]["index"] = 3
        self.assert_add_check_del(pinned, pod_name, expected_result("1.0.0", 115))

    def test_conflist(self):
        with open(os.path.join(DEPLOY, "10-index2ip.conflist"), encoding="utf-8") as f:
            conflist = load_json(f.read(), "10-index2ip.conflist")
        entries = [p for p in get(conflist, "plugins")
                   if isinstance(p.get("ipam"), dict) and p["ipam"].get("type") == "index2ip"]
        self.assertEqual(len(entries), 1, "one plugin entry with ipam type index2ip")
        # libcni's buildOneConfig: the entry plus the list's name and version.
        config = copy.deepcopy(entries[0])
        config["name"] = get(conflist, "name")
        config["cniVersion"] = get(conflist, "cniVersion")
        add = self.assert_add_check_del(config, "any-pod", expected_result("1.0.0", 117))
        # The same bytes as the golden result for ipam.index 5.
        with open("testdata/golden/add_1.0.0.json", "rb") as f:
            self.assertEqual(add.stdout, f.read())

    def test_mlab_chain(self):
        # M-Lab's shape: one network per index 1..12 at cniVersion 0.3.1, a
        # first plugin that runs the ipam section, then chained ipvlan.
        # Neither netctl nor ipvlan runs here (no such package, no ipvlan in
        # this kernel), so index2ip gets the config the first plugin hands
        # it: its own entry with the list's name and cniVersion injected, as
        # libcni's buildOneConfig does.
        with open(os.path.join(DEPLOY, "mlab-index7.conflist"), encoding="utf-8") as f:
            conflist = load_json(f.read(), "mlab-index7.conflist")
        self.assertEqual(get(conflist, "cniVersion"), "0.3.1")
        first = get(conflist, "plugins")[0]
        self.assertEqual(get(first, "ipam", "type"), "index2ip")
        self.assertEqual(get(first, "ipam", "maxIndex"), 12)
        self.assertEqual(get(conflist, "plugins")[1]["type"], "ipvlan")
        config = copy.deepcopy(first)
        config["name"] = get(conflist, "name")
        config["cniVersion"] = get(conflist, "cniVersion")
        # 0.3.1 has no CHECK: ADD, then DEL, as the runtime would.
        add = run_plugin("ADD", config, "ndt-abcde")
        self.assertEqual(add.returncode, 0, add.stdout + add.stderr)
        want = expected_result("0.3.1", 119)
        for ip, family in zip(want["ips"], ("4", "6")):
            ip["version"] = family
        self.assertEqual(load_json(add.stdout, "ADD's result"), want)
        delete = run_plugin("DEL", config, "ndt-abcde")
        self.assertEqual((delete.returncode, delete.stdout), (0, b""),
                         delete.stderr)
        # preview --config reads the conflist itself the same way.
        preview = subprocess.run(
            [PLUGIN, "preview", "--config",
             os.path.join(DEPLOY, "mlab-index7.conflist"), "--cmdline-file",
             CMDLINE_FILE], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            check=False)
        self.assertEqual(preview.returncode, 0, preview.stderr)
        self.assertEqual(preview.stdout.splitlines()[0], add.stdout.strip())

    def test_daemonset_installs_the_plugin(self):
        ds = load_yaml("daemonset.yaml")
        self.assertEqual(get(ds, "kind"), "DaemonSet")
        spec = get(ds, "spec", "template", "spec")
        (install,) = [c for c in get(spec, "initContainers") if c.get("name") == "install"]
        env = {e["name"]: e["value"] for e in get(install, "env")}
        # The script writes where the node's /opt/cni/bin is mounted.
        volumes = {v["name"]: v for v in get(spec, "volumes")}
        mounts = [m for m in get(install, "volumeMounts")
                  if get(volumes, m["name"], "hostPath", "path") == "/opt/cni/bin"]
        self.assertEqual([m["mountPath"] for m in mounts], [env["CNI_BIN_DIR"]])

        command = get(install, "command")
        with tempfile.TemporaryDirectory() as bin_dir:
            run_env = dict(os.environ, PLUGIN=PLUGIN, CNI_BIN_DIR=bin_dir)
            result = subprocess.run(command, env=run_env, capture_output=True,
                                    check=False, timeout=60)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertRegex(result.stdout.decode(),
                             r"^CNI index2ip plugin version [A-Za-z0-9._+/-]+\n$")
            # Runtimes look the plugin up by its ipam type.
            _, config = self.nad_config()
            installed = os.path.join(bin_dir, get(config, "ipam", "type"))
            self.assertEqual(os.listdir(bin_dir), ["index2ip"])
            self.assertTrue(os.stat(installed).st_mode & stat.S_IXUSR)
            with open(installed, "rb") as a, open(PLUGIN, "rb") as b:
                self.assertTrue(a.read() == b.read(), "the installed file differs")


if __name__ == "__main__":
    unittest.main()
