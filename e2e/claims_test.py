"""The claims store under the real binary: races and crashes.

- 200 ADDs of one index from 200 distinct live owners, started at once:
  exactly one wins, the other 199 get error 103, and the store holds one
  claim. Each owner's namespace is this test's own (/proc/self/ns/net, which
  each plugin process stats as its own namespace): alive throughout.
- The same against one pre-seeded stale claim (its namespace recorded as
  one that no process holds): exactly one ADD takes it over.
- Crashes: ADD, DEL and GC killed with SIGKILL at random points, 150 times;
  afterwards the store file reads whole (no torn or half-written one), no
  address is claimed twice and no attachment holds more than its two, and
  the lock is free.
- An upgrade: a store of format 1 (one file per address, as index2ip wrote
  before claims.pb) with a live claim in it is carried over by the first
  ADD, which still refuses the live claim's address to another container.

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
from testdata import claims_wire

HOST = pr.read_cmdline("mlab4_lga0t")
RACERS = 200


def config(index=5, version="1.1.0", **extra):
    obj = {"cniVersion": version, "name": "claims-net", "type": "macvlan",
           "ipam": {"type": "index2ip", "index": index}}
    obj.update(extra)
    return pr.compact(obj).encode()


def boot_id():
    with open("/proc/sys/kernel/random/boot_id") as f:
        return f.read().strip()


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

    def addresses(self):
        return [c["address"] for c in pr.stored_claims(self.dir)]

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
        self.assertEqual(self.addresses(),
                         ["2001:1900:2100:2d::117", "4.14.159.117"])
        with open(log, encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.assertEqual(len(lines), RACERS)
        entries = [json.loads(line) for line in lines]
        self.assertEqual(sorted(e.get("code", 0) for e in entries),
                         [0] + [103] * (RACERS - 1))

    def test_one_of_200_racers_takes_over_a_stale_claim(self):
        stale = {"address": "4.14.159.117", "containerID": "gone",
                 "ifname": "net1", "network": "claims-net",
                 "netns": "/run/netns/gone-for-good",
                 # A namespace no process or mount holds.
                 "netnsId": "1:1", "since": 1}
        with open(os.path.join(self.dir, "claims.pb"), "wb") as f:
            f.write(claims_wire.store(boot_id(), [stale]))
        codes = self.race(RACERS)
        self.assertEqual(codes.count(0), 1, codes)
        self.assertEqual(codes.count(103), RACERS - 1, codes)
        holders = {c["address"]: c["containerID"]
                   for c in pr.stored_claims(self.dir)}
        self.assertTrue(holders["4.14.159.117"].startswith("racer-"), holders)
        self.assertEqual(holders["4.14.159.117"],
                         holders["2001:1900:2100:2d::117"])

    def test_an_upgrade_carries_format_1_claims_over(self):
        # As index2ip wrote them before claims.pb: a file per address and
        # its holder's entry; the holder is this test, alive throughout.
        ns = os.stat("/proc/self/ns/net")
        old = {"format": 1, "containerID": "before-upgrade", "ifname": "net1",
               "network": "claims-net", "netns": "/proc/self/ns/net",
               "netnsId": "%d:%d" % (ns.st_dev, ns.st_ino),
               "bootId": boot_id(), "since": 1600000000}
        for address in ("4.14.159.117", "2001:1900:2100:2d::117"):
            text = json.dumps(dict(old, address=address))
            for name in (address, ".own.0123456789abcdef." + address):
                with open(os.path.join(self.dir, name), "w") as f:
                    f.write(text)
        # Another container, the same index: refused, nothing written yet.
        refused = pr.run_plugin(self.env("ADD", "after-upgrade"), config(5),
                                timeout=10)
        self.assertEqual(json.loads(refused.stdout)["code"], 103,
                         refused.describe())
        self.assertIn(b"before-upgrade", refused.stdout)
        # Another index: claimed, and the format-1 files carried over.
        run = pr.run_plugin(self.env("ADD", "after-upgrade"), config(6),
                            timeout=10)
        self.assertEqual(run.exit_code, 0, run.describe())
        self.assertIn(b"carried over 2 claim", run.stderr)
        self.assertEqual(os.listdir(self.dir), ["claims.pb"])
        holders = {c["address"]: c["containerID"]
                   for c in pr.stored_claims(self.dir)}
        self.assertEqual(holders, {
            "4.14.159.117": "before-upgrade",
            "2001:1900:2100:2d::117": "before-upgrade",
            "4.14.159.118": "after-upgrade",
            "2001:1900:2100:2d::118": "after-upgrade"})

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
        # The lock is free: the next ADD runs.
        run = pr.run_plugin(self.env("ADD", "after"), config(9), timeout=10)
        self.assertEqual(run.exit_code, 0, run.describe())
        # The store reads whole (a torn file would not parse), with no
        # address twice and no attachment holding more than its two.
        leftovers = set(os.listdir(self.dir)) - {"claims.pb",
                                                 "claims.pb.tmp"}
        self.assertEqual(leftovers, set())
        claims = pr.stored_claims(self.dir)
        addresses = [c["address"] for c in claims]
        self.assertEqual(len(addresses), len(set(addresses)), addresses)
        owners = {}
        for c in claims:
            owners.setdefault((c["containerID"], c["ifname"]), []).append(
                c["address"])
        for owner, names in owners.items():
            self.assertLessEqual(len(names), 2, (owner, names))
        self.assertIn(("after", "net1"), owners)


if __name__ == "__main__":
    unittest.main()
