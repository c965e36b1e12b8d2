"""A site's plan, checked with preview before a rollout: no namespaces, no
root.

M-Lab's siteinfo places machines on a site's subnet: on a /26, machine m at
offset (m-1)*13+9 with 12 experiment addresses after it (mlab1 .73, mlab2
.86, mlab3 .99, mlab4 .112 of 4.14.159.64/26); on a /28, one machine at
offset 3 with 11. For every machine, `index2ip preview --config - --all` on
the site's network (one NetworkAttachmentDefinition for all machines) must
show no address that another machine uses as its host or pod address. The
negative control: the same check with a maxIndex one too large finds the
clash, so the check can fail.
"""

import ipaddress
import re
import subprocess
import sys
import unittest

sys.dont_write_bytecode = True

import plugin_runner as pr


def site(subnet, offsets, per_machine, gateway_offset=1):
    """[(name, host address, cmdline)] for the machines of a site."""
    net = ipaddress.ip_network(subnet)
    gw = net.network_address + gateway_offset
    out = []
    for m, offset in enumerate(offsets, start=1):
        host = net.network_address + offset
        last = int(str(host).split(".")[-1])
        v6 = "2001:db8:%x::%d" % (int(net.network_address) & 0xffff, last)
        cmdline = ("epoxy.ipv4=%s/%d,%s,8.8.8.8,8.8.4.4 "
                   "epoxy.ipv6=%s/64,2001:db8:%x::1,2001:4860:4860::8888,"
                   "2001:4860:4860::8844" % (
                       host, net.prefixlen, gw, v6,
                       int(net.network_address) & 0xffff))
        out.append(("mlab%d" % m, host, cmdline, per_machine))
    return out


MLAB_26 = site("4.14.159.64/26", [(m - 1) * 13 + 9 for m in range(1, 5)], 12)
MLAB_28 = site("4.14.160.0/28", [3], 11)


def preview(cmdline, max_index):
    config = pr.compact({"cniVersion": "1.0.0", "name": "ndt",
                         "type": "macvlan", "master": "eth0",
                         "ipam": {"type": "index2ip", "maxIndex": max_index}})
    run = subprocess.run([pr.PLUGIN, "preview", "--config", "-", "--all",
                          "--cmdline", cmdline], input=config.encode(),
                         capture_output=True, timeout=60, check=False)
    if run.returncode != 0:
        raise AssertionError(run.stderr.decode())
    return run.stdout.decode()


def usable_addresses(table):
    """The IPv4 and IPv6 addresses of the rows ADD accepts (no note)."""
    out = set()
    for line in table.splitlines():
        cells = line.split()
        if not cells or not cells[0].isdigit() or len(cells) != 3:
            continue  # a header, a summary, or a row ADD refuses
        for cell in cells[1:]:
            out.add(ipaddress.ip_interface(cell).ip)
    return out


def clashes(machines, max_index):
    """Addresses one machine's pods may get that another machine uses."""
    found = []
    for name, host, cmdline, per_machine in machines:
        mine = usable_addresses(preview(cmdline, max_index))
        for other, other_host, _, other_count in machines:
            if other == name:
                continue
            theirs = {other_host + k for k in range(0, other_count + 1)}
            for a in sorted(x for x in mine if x.version == 4):
                if a in theirs:
                    found.append("%s's pod address %s is %s's" % (name, a, other))
    return found


class SitePlan(unittest.TestCase):

    def test_a_26_site_with_max_index_12_has_no_clash(self):
        self.assertEqual(clashes(MLAB_26, 12), [])
        # And every machine keeps its 12 addresses.
        for _, _, cmdline, per_machine in MLAB_26:
            self.assertRegex(preview(cmdline, 12),
                             r"\n%d valid indices \(1\.\.%d\)" % (per_machine,
                                                                  per_machine))

    def test_a_28_site_with_max_index_11_has_no_clash(self):
        self.assertEqual(clashes(MLAB_28, 11), [])
        self.assertIn("\n11 valid indices (1..11)", preview(MLAB_28[0][2], 11))

    def test_a_wrong_max_index_is_caught_before_a_rollout(self):
        # The negative control: maxIndex 13 lets mlab1's index 13 be .86,
        # mlab2's host address; the check sees it.
        found = clashes(MLAB_26, 13)
        self.assertIn("mlab1's pod address 4.14.159.86 is mlab2's", found)


if __name__ == "__main__":
    unittest.main()
