"""Parallel load: 200 concurrent ADDs, each with its own answer, all right.

The plugin keeps no state, so many pods starting at once on one node must
not change any answer. 200 plugin processes are started first, and all of
them are alive (each blocked reading its stdin) before any gets its config;
then every config is written and every answer read. Each invocation has its
own (host command line, index, index source, cniVersion), over eight host
lines: M-Lab's /26, other prefix lengths, the kernel's ip= and epoxy.ip=
forms, IPv4-only hosts, and IPv6 last groups that exercise the
decimal-as-hex rule. The expected addresses are computed here, independently
of the plugin's code. A second round runs the same 200 in reverse order and
must print byte-identical results.
"""

import ipaddress
import random
import time
import sys
import unittest

# Python resolves the script's symlink in the runfiles tree and imports the
# helpers from the source directory: keep __pycache__ out of it.
sys.dont_write_bytecode = True

import cni_schema
import plugin_runner as pr

CONCURRENCY = 200


class Host:
    """A host command line and what the plugin must derive from it."""

    def __init__(self, cmdline, v4, gw4, v6=None, gw6=None):
        self.cmdline = cmdline
        self.v4 = ipaddress.ip_interface(v4)
        self.gw4 = ipaddress.ip_address(gw4)
        self.v6 = ipaddress.ip_interface(v6) if v6 else None
        self.gw6 = ipaddress.ip_address(gw6) if gw6 else None

    def pod_v4(self, index):
        """Host address + index, inside the subnet, not network/broadcast."""
        net = self.v4.network
        addr = self.v4.ip + index
        if addr not in net or addr in (net.network_address,
                                       net.broadcast_address):
            return None
        return ipaddress.ip_interface("%s/%d" % (addr, net.prefixlen))

    def pod_v6(self, index):
        """The last group's hex digits read as decimal, plus index, written
        back as hex digits (docs/reference.md, "The address math")."""
        group = int(self.v6.ip) & 0xFFFF
        total = int("%x" % group) + index  # raises if the group has a-f
        if total > 0xFFFF or int(str(total), 16) > 0xFFFF:
            return None
        addr = ipaddress.ip_address((int(self.v6.ip) & ~0xFFFF) |
                                    int(str(total), 16))
        return ipaddress.ip_interface(
            "%s/%d" % (addr, self.v6.network.prefixlen))

    def reserved(self, pod):
        """Whether `pod` is the host's own address or its gateway (the
        nameservers here are outside every subnet): docs/reference.md "Reserved
        addresses"."""
        return pod is not None and pod.ip in (self.v4.ip, self.gw4,
                                              getattr(self.v6, "ip", None),
                                              self.gw6)

    def valid_indices(self, limit=400):
        return [i for i in range(1, limit + 1)
                if self.pod_v4(i) and not self.reserved(self.pod_v4(i)) and
                (self.v6 is None or (self.pod_v6(i) and
                                     not self.reserved(self.pod_v6(i))))]


def epoxy(v4, gw4, v6=None, gw6=None):
    line = "BOOT_IMAGE=/vmlinuz epoxy.ipv4=%s,%s,8.8.8.8,8.8.4.4" % (v4, gw4)
    if v6:
        line += (" epoxy.ipv6=%s,%s,2001:4860:4860::8888,2001:4860:4860::8844"
                 % (v6, gw6))
    return Host(line + " net.ifnames=0", v4, gw4, v6, gw6)


HOSTS = [
    Host(pr.read_cmdline("mlab4_lga0t"), "4.14.159.112/26", "4.14.159.65",
         "2001:1900:2100:2d::112/64", "2001:1900:2100:2d::1"),
    epoxy("198.51.100.10/24", "198.51.100.1", "2001:db8:100::10/64",
          "2001:db8:100::1"),
    epoxy("203.0.113.70/26", "203.0.113.65"),
    Host("ip=192.0.2.100::192.0.2.1:255.255.255.0:h:eth0:off:8.8.8.8:8.8.4.4",
         "192.0.2.100/24", "192.0.2.1"),
    Host("epoxy.ip=100.64.3.200::100.64.0.1:255.192.0.0:h:eth0::1.1.1.1:"
         "1.0.0.1", "100.64.3.200/10", "100.64.0.1"),
    epoxy("10.20.30.9/16", "10.20.0.1", "fd00:1::9/64", "fd00:1::1"),
    epoxy("4.14.159.129/29", "4.14.159.134"),
    epoxy("172.16.5.100/22", "172.16.4.1", "2001:db8::8990/64", "2001:db8::1"),
]

SOURCES = ("ipam.index", "args.cni.index", "pod name")


def job(k, host, index):
    """The k-th invocation: (env, stdin, version, host, index)."""
    version = pr.VERSIONS[k % len(pr.VERSIONS)]
    source = SOURCES[k % len(SOURCES)]
    conf = {"cniVersion": version, "name": "load-net", "type": "macvlan",
            "master": "eth0", "ipam": {"type": "index2ip"}}
    env = {"CNI_CONTAINERID": "load-%03d" % k, "CNI_IFNAME": "net%d" % (k % 8),
           "CNI_NETNS": "/var/run/netns/load-%03d" % k}
    if source == "ipam.index":
        conf["ipam"]["index"] = index
    elif source == "args.cni.index":
        conf["args"] = {"cni": {"index": index}}
    else:
        env["CNI_ARGS"] = ("IgnoreUnknown=1;K8S_POD_NAMESPACE=default;"
                           "K8S_POD_NAME=ndt-index%d-%05d-x" % (index, k))
    return (pr.base_env("ADD", host.cmdline, **env),
            pr.compact(conf).encode(), version, host, index)


def jobs():
    """CONCURRENCY distinct (host, index) pairs, spread over every host."""
    rng = random.Random(4)  # issue 4; any fixed seed
    per_host = [rng.sample(h.valid_indices(), len(h.valid_indices()))
                for h in HOSTS]
    out, k = [], 0
    while len(out) < CONCURRENCY:
        h = k % len(HOSTS)
        if per_host[h]:
            out.append(job(len(out), HOSTS[h], per_host[h].pop()))
        k += 1
    return out


def run_concurrently(work):
    """Starts every invocation, then feeds them all; returns their Runs."""
    procs = [pr.start_plugin(env) for env, *_ in work]
    try:
        # Each plugin blocks reading stdin: all are alive at once now.
        alive = sum(1 for p in procs if p.poll() is None)
        started = time.monotonic()
        for p, (_, stdin, *_rest) in zip(procs, work):
            p.stdin.write(stdin)
            p.stdin.close()
        runs = []
        for p in procs:
            run = pr.Run()
            run.stdout = p.stdout.read()
            run.stderr = p.stderr.read()
            run.exit_code = p.wait(timeout=60)
            p.stdout.close()
            p.stderr.close()
            runs.append(run)
        return alive, time.monotonic() - started, runs
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()


class ParallelLoad(unittest.TestCase):

    def test_jobs_are_distinct(self):
        work = jobs()
        self.assertEqual(len(work), CONCURRENCY)
        keys = {(w[3].cmdline, w[4]) for w in work}
        self.assertEqual(len(keys), CONCURRENCY)
        self.assertEqual({w[3].cmdline for w in work},
                         {h.cmdline for h in HOSTS})

    def test_200_concurrent_adds_all_right(self):
        work = jobs()
        alive, seconds, runs = run_concurrently(work)
        print("%d plugin processes alive at once; all answered in %.2f s"
              % (alive, seconds))
        self.assertEqual(alive, CONCURRENCY)
        for (env, stdin, version, host, index), run in zip(work, runs):
            with self.subTest(container=env["CNI_CONTAINERID"], index=index,
                              version=version, cmdline=host.cmdline[:40]):
                self.assertEqual(run.exit_code, 0, run.describe())
                self.assertEqual(run.stderr, b"", run.describe())
                result = pr.parse_json_strict(run.stdout)
                self.assertEqual(cni_schema.check_ipam_result(result, version),
                                 [])
                want = {host.pod_v4(index): host.gw4}
                routes = [("0.0.0.0/0", str(host.gw4))]
                if host.v6 is not None:
                    want[host.pod_v6(index)] = host.gw6
                    routes.append(("::/0", str(host.gw6)))
                ips, got_routes = pr.result_addresses(result, version)
                self.assertEqual(ips, want, run.describe())
                self.assertEqual(got_routes, sorted(routes))

        # Again, in the other order: byte for byte the same answers.
        _, _, again = run_concurrently(work[::-1])
        self.assertEqual([r.stdout for r in again[::-1]],
                         [r.stdout for r in runs])


if __name__ == "__main__":
    unittest.main()
