"""The claims store under the real binary: races and crashes.

- 200 ADDs of one index from 200 distinct live owners, started at once:
  exactly one wins, the other 199 get error 103, and the store holds one
  claim. Each owner's namespace is this test's own (/proc/self/ns/net, which
  each plugin process stats as its own namespace): alive throughout.
- The same against one pre-seeded stale claim (its namespace recorded as
  one that no process holds): exactly one ADD takes it over.
- Crashes: ADD, DEL and GC killed with SIGKILL at random points, 150 times;
  afterwards every claim in the store reads whole (no torn or half-written
  one) and has its holder's index entry, no temporary file or entry without
  its claim survives the next ADD, and the lock is free.

Every loop is bounded in count and time; the store is under TEST_TMPDIR.
"""

import json
import os
import random
import signal
import subprocess
import sys
import time
import unittest

sys.dont_write_bytecode = True

import plugin_runner as pr

HOST = pr.read_cmdline("mlab4_lga0t")
RACERS = 200


def config(index=5, version="1.1.0", **extra):
    obj = {"cniVersion": version, "name": "claims-net", "type": "macvlan",
           "ipam": {"type": "index2ip", "index": index}}
    obj.update(extra)
    return pr.compact(obj).encode()


def owner_key(container, ifname):
    """index2ip/claim_files.h's OwnerKey: FNV-1a, 64 bits, in hex."""
    h = 0xcbf29ce484222325
    for b in container.encode() + b"\0" + ifname.encode():
        h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
    return "%016x" % h


class ClaimsTest(unittest.TestCase):

    def setUp(self):
        self.dir = os.path.join(os.environ.get("TEST_TMPDIR", "/tmp"),
                                "claims-%s-%d" % (self._testMethodName,
                                                  os.getpid()))
        os.makedirs(self.dir, mode=0o700, exist_ok=True)

    def env(self, command, container, netns="/proc/self/ns/net"):
        return pr.base_env(command, HOST, CNI_CONTAINERID=container,
                           CNI_NETNS=netns,
                           INDEX2IP_DATA_DIR_FOR_TESTING=self.dir)

    def claims(self):
        return sorted(n for n in os.listdir(self.dir) if not n.startswith("."))

    def race(self, count, stdin=None):
        procs = []
        for k in range(count):
            procs.append(subprocess.Popen(
                [pr.PLUGIN], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, env=self.env("ADD", "racer-%03d" % k)))
        for p in procs:
            p.stdin.write(stdin or config())
            p.stdin.close()
        codes = []
        deadline = time.monotonic() + 120
        for p in procs:
            out = p.stdout.read()
            p.wait(timeout=max(1, deadline - time.monotonic()))
            codes.append(0 if p.returncode == 0 else json.loads(out)["code"])
            p.stdout.close()
            p.stderr.close()
        return codes

    def test_one_of_200_racers_wins(self):
        # Every racer also logs to one ipam.logFile: one append per line, so
        # 200 concurrent writers leave 200 whole lines.
        log = os.path.join(self.dir, "..", "racers-%d.log" % os.getpid())
        stdin = pr.compact({"cniVersion": "1.1.0", "name": "claims-net",
                            "type": "macvlan",
                            "ipam": {"type": "index2ip", "index": 5,
                                     "logFile": os.path.abspath(log)}}).encode()
        codes = self.race(RACERS, stdin)
        self.assertEqual(codes.count(0), 1, codes)
        self.assertEqual(codes.count(103), RACERS - 1, codes)
        self.assertEqual(self.claims(),
                         ["2001:1900:2100:2d::117", "4.14.159.117"])
        with open(log, encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.assertEqual(len(lines), RACERS)
        entries = [json.loads(line) for line in lines]
        self.assertEqual(sorted(e.get("code", 0) for e in entries),
                         [0] + [103] * (RACERS - 1))

    def test_one_of_200_racers_takes_over_a_stale_claim(self):
        with open("/proc/sys/kernel/random/boot_id") as f:
            boot = f.read().strip()
        stale = {"format": 1, "address": "4.14.159.117", "containerID": "gone",
                 "ifname": "net1", "network": "claims-net",
                 "netns": "/run/netns/gone-for-good",
                 # A namespace no process or mount holds.
                 "netnsId": "1:1", "bootId": boot, "since": 1}
        with open(os.path.join(self.dir, "4.14.159.117"), "w") as f:
            json.dump(stale, f)
        codes = self.race(RACERS)
        self.assertEqual(codes.count(0), 1, codes)
        self.assertEqual(codes.count(103), RACERS - 1, codes)
        with open(os.path.join(self.dir, "4.14.159.117")) as f:
            holder = json.load(f)
        self.assertTrue(holder["containerID"].startswith("racer-"), holder)

    def test_kills_at_random_points_leave_the_store_whole(self):
        rng = random.Random(13)
        gc = pr.compact({
            "cniVersion": "1.1.0", "name": "claims-net",
            "cni.dev/valid-attachments": [{"containerID": "c1",
                                           "ifname": "net1"}]}).encode()
        started = time.monotonic()
        for i in range(150):
            self.assertLess(time.monotonic() - started, 120, "bounded in time")
            command = rng.choice(["ADD", "ADD", "DEL", "GC"])
            container = "c%d" % rng.randrange(4)
            stdin = gc if command == "GC" else config(rng.randrange(1, 4))
            p = subprocess.Popen([pr.PLUGIN], stdin=subprocess.PIPE,
                                 stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL,
                                 env=self.env(command, container))
            p.stdin.write(stdin)
            p.stdin.close()
            time.sleep(rng.random() * 0.004)
            try:
                p.send_signal(signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait(timeout=10)
        # The lock is free, and the next ADD sweeps any temporary file.
        run = pr.run_plugin(self.env("ADD", "after"), config(9), timeout=10)
        self.assertEqual(run.exit_code, 0, run.describe())
        leftovers = [n for n in os.listdir(self.dir) if n.startswith(".tmp.")]
        self.assertEqual(leftovers, [])
        entries = [n for n in os.listdir(self.dir) if n.startswith(".own.")]
        owners = {}
        for name in self.claims():
            with open(os.path.join(self.dir, name)) as f:
                claim = json.load(f)  # whole: a torn file would not parse
            self.assertEqual(claim["address"], name)
            self.assertEqual(claim["format"], 1)
            owners.setdefault((claim["containerID"], claim["ifname"]), []).append(name)
            # Its holder's index entry exists, or its DEL would miss it.
            self.assertIn(".own.%s.%s" % (owner_key(claim["containerID"],
                                                    claim["ifname"]), name),
                          entries)
        # And no entry outlives its claim (the ADD above swept them).
        for entry in entries:
            self.assertIn(entry.split(".", 3)[3], self.claims(), entry)
        # Each owner holds at most its two addresses (one per family).
        for owner, names in owners.items():
            self.assertLessEqual(len(names), 2, (owner, names))


if __name__ == "__main__":
    unittest.main()
