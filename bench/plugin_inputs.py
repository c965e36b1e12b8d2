"""The inputs //bench:compare gives the plugin, for the scripts that run it
by hand under valgrind (profile.py, link_order.py): the same stdin and CNI
variables per command, so their profiles describe the runs compare times.
Paths are relative to the workspace root, `root`.
"""

import json
import os
import tempfile

CONFIG = "testdata/configs/macvlan_ipam_index.json"
PREV_RESULT = "testdata/golden/add_1.0.0.json"
CMDLINE = "testdata/cmdlines/mlab4_lga0t.txt"


def stdin(command, root):
  """The config on stdin: CHECK adds prevResult, VERSION sends only the
  version, as libcni does."""
  with open(os.path.join(root, CONFIG)) as f:
    config = f.read()
  if command == "CHECK":
    with open(os.path.join(root, PREV_RESULT)) as f:
      prev = json.load(f)
    c = json.loads(config)
    c["prevResult"] = prev
    return json.dumps(c, separators=(",", ":"))
  if command == "VERSION":
    return '{"cniVersion":"1.0.0"}'
  return config


# On tmpfs, as /run is on the nodes this runs on (where fsync costs nothing
# like a disk's), when the machine has one.
DATA_DIR = os.path.join("/dev/shm" if os.path.isdir("/dev/shm")
                        else tempfile.gettempdir(), "index2ip-bench-claims")


def env(command, root):
  """The whole environment of a run: the CNI variables and the host's
  command line, nothing else."""
  with open(os.path.join(root, CMDLINE)) as f:
    cmdline = f.read().strip()
  return {
      "CNI_COMMAND": command,
      "CNI_CONTAINERID": "bench0",
      "CNI_NETNS": "/var/run/netns/bench",
      "CNI_IFNAME": "net1",
      "CNI_PATH": "/opt/cni/bin",
      "PROC_CMDLINE_FOR_TESTING": cmdline,
      # A store of the bench's own: ADD claims and refreshes, DEL releases.
      "INDEX2IP_DATA_DIR_FOR_TESTING": DATA_DIR,
  }
