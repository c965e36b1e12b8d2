"""What the tests that run a container runtime (podman_test, containerd_test)
share: running a command, and the pair of network namespaces they run it in.

  a "host" namespace with eth0, a veth into a "wire" namespace: eth0 is the
  macvlan master, and the runtime runs under `nsenter --net=` into the host
  namespace (not `ip netns exec`, which remounts /sys and hides the cgroup
  mounts).

    host, wire = netns.host_and_wire("pm")   # i2ip-pmhost-<tag>, i2ip-pmwire-<tag>
    ...
    netns.delete(host, wire)
"""

import os
import secrets
import subprocess

TIMEOUT = 120


class Cannot(Exception):
    """The machine cannot run the test (not root, a binary missing)."""


def sh(*argv, check=True, **kwargs):
    """Runs argv, text in and out; an AssertionError naming it when it fails
    and `check`."""
    run = subprocess.run(argv, capture_output=True, text=True, check=False,
                         timeout=TIMEOUT, **kwargs)
    if check and run.returncode != 0:
        raise AssertionError("%s exited %d: %s%s" % (
            " ".join(argv[:4]), run.returncode, run.stdout, run.stderr))
    return run


def host_and_wire(kind):
    """Makes the two namespaces, named after `kind` and a tag of this run,
    with eth0 and lo up in each; returns (host, wire)."""
    tag = "%d-%s" % (os.getpid(), secrets.token_hex(3))
    host, wire = "i2ip-%shost-%s" % (kind, tag), "i2ip-%swire-%s" % (kind, tag)
    made = []
    try:
        for ns in (host, wire):
            sh("ip", "netns", "add", ns)
            made.append(ns)
        sh("ip", "netns", "exec", host, "ip", "link", "add", "eth0", "type",
           "veth", "peer", "name", "eth0", "netns", wire)
        for ns in (host, wire):
            sh("ip", "-n", ns, "link", "set", "lo", "up")
            sh("ip", "-n", ns, "link", "set", "eth0", "up")
    except BaseException:
        delete(*made)
        raise
    return host, wire


def delete(*namespaces):
    """Removes the namespaces, quietly: for teardown."""
    for ns in reversed(namespaces):
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)
