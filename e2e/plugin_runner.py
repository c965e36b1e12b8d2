"""Runs the built index2ip binary the way a main plugin does, and measures it.

The conformance, hostile-input and parallel-load suites share this: each
invocation gets exactly the environment it is given (like `env -i`), and its
stdin is fed from a thread, so a plugin that stops reading early (as index2ip
does past its 1 MiB cap) does not block the test. With meter=True the plugin
runs under //bench:spawner --exec, which reports its peak resident set size
and CPU time (see bench/spawner.c for why Python cannot measure that itself).

Example:
    env = base_env("ADD", read_cmdline("mlab4_lga0t"))
    run = run_plugin(env, b'{"cniVersion":"1.0.0",...}', meter=True)
    assert run.exit_code == 0
    result = parse_json_strict(run.stdout)
"""

import ipaddress
import json
import os
import signal
import subprocess
import tempfile
import threading
import time

import cni_schema

from bazel_tools.tools.python.runfiles import runfiles as bazel_runfiles

WORKSPACE = "index2ip"
_RUNFILES = bazel_runfiles.Create()


def runfile(path):
    """The absolute path of `path` (workspace-relative) in the runfiles tree,
    through Bazel's own runfiles library."""
    return _RUNFILES.Rlocation(WORKSPACE + "/" + path)


# The plugin under test: the built one, or another build named by
# INDEX2IP_PLUGIN_UNDER_TEST (to show that a regression test fails on the
# build before its fix).
PLUGIN = os.environ.get("INDEX2IP_PLUGIN_UNDER_TEST") or runfile(
    "index2ip/plugin")
DATA_DIR = os.path.join(os.environ.get("TEST_TMPDIR", tempfile.gettempdir()),
                        "claims")
# //bench:spawner's one-shot mode: a child's own peak RSS and CPU time.
RUSAGE_EXEC = runfile("bench/spawner")

# Every cniVersion the plugin speaks, oldest first.
# The spec's own list of versions (cni_schema.py); the conformance test
# asserts the plugin's VERSION answer equals it.
VERSIONS = cni_schema.KNOWN_VERSIONS


def read_cmdline(name):
    """The kernel command line testdata/cmdlines/<name>.txt, without newline."""
    path = runfile("testdata/cmdlines/%s.txt" % name)
    with open(path, encoding="utf-8") as f:
        return f.read().strip("\n")


def stored_claims(data_dir):
    """The claims in store `data_dir` (claims/claims.h), as `index2ip claims
    --json` prints them, sorted by address; [] when there is no store. A
    store that cannot be read (torn, damaged) fails the caller's test."""
    run = subprocess.run([PLUGIN, "claims", "--data-dir", data_dir, "--json"],
                         capture_output=True, timeout=10, env={})
    if run.stdout.startswith(b"no claims store"):
        return []
    assert run.returncode == 0, run
    return sorted(json.loads(run.stdout).get("claims", []),
                  key=lambda c: c["address"])


def base_env(command, cmdline, **extra):
    """The environment a runtime gives a plugin for `command`.

    Every variable the spec defines is set; `extra` adds or, with the value
    None, removes variables.
    """
    env = {
        "CNI_COMMAND": command,
        "CNI_CONTAINERID": "ctr0",
        "CNI_NETNS": "/var/run/netns/pod0",
        "CNI_IFNAME": "net1",
        "CNI_PATH": "/opt/cni/bin",
        "PROC_CMDLINE_FOR_TESTING": cmdline,
        # The claims store: the test's own, never /run/index2ip.
        "INDEX2IP_DATA_DIR_FOR_TESTING": DATA_DIR,
    }
    for key, value in extra.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


class Run:
    """What one invocation did."""

    def __init__(self):
        # The exit status; -N when signal N ended it (128 + N when metered).
        self.exit_code = None
        self.stdout = b""
        self.stderr = b""
        self.wall_seconds = 0.0
        self.max_rss_kib = None  # peak resident set (KiB), when metered
        self.cpu_seconds = None  # user + system CPU time, when metered
        self.timed_out = False

    def describe(self):
        return "exit %s in %.3f s, %s KiB peak; stdout %r; stderr %r" % (
            self.exit_code,
            self.wall_seconds,
            self.max_rss_kib,
            self.stdout[:300],
            self.stderr[:300],
        )


def _feed(pipe, data):
    try:
        if data:
            pipe.write(data)
    except BrokenPipeError:
        pass  # the plugin stopped reading; that is its right
    finally:
        try:
            pipe.close()
        except BrokenPipeError:
            pass


def _drain(pipe, sink):
    sink.append(pipe.read())
    pipe.close()


def start_plugin(env, stdin_fd=None, meter=False):
    """Starts the plugin with `env`; stdin is a pipe unless `stdin_fd`.

    With `meter`, the plugin runs under //bench:spawner --exec; finish_plugin reads its
    report. The child leads a process group of its own, so a timeout kills
    the plugin too.
    """
    argv = [PLUGIN]
    report = None
    if meter:
        fd, report = tempfile.mkstemp(prefix="rusage.",
                                      dir=os.environ.get("TEST_TMPDIR"))
        os.close(fd)
        argv = [RUSAGE_EXEC, "--exec", report, PLUGIN]
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE if stdin_fd is None else stdin_fd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        close_fds=True,
        start_new_session=True,
    )
    proc.rusage_report = report
    return proc


def finish_plugin(proc, stdin=b"", timeout=10.0, started=None):
    """Feeds `stdin` to a started plugin, collects its output and reaps it.

    A child still running after `timeout` seconds is killed (and reported as
    timed out). Returns a Run.
    """
    run = Run()
    if started is None:
        started = time.monotonic()
    out, err = [], []
    threads = [
        threading.Thread(target=_drain, args=(proc.stdout, out)),
        threading.Thread(target=_drain, args=(proc.stderr, err)),
    ]
    if proc.stdin is not None:
        threads.append(threading.Thread(target=_feed, args=(proc.stdin, stdin)))
    for t in threads:
        t.start()

    def kill():
        run.timed_out = True
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    timer = threading.Timer(timeout, kill)
    timer.start()
    try:
        proc.wait()
    finally:
        timer.cancel()
    run.wall_seconds = time.monotonic() - started
    for t in threads:
        t.join()
    run.exit_code = proc.returncode
    run.stdout = out[0]
    run.stderr = err[0]
    if proc.rusage_report is not None:
        with open(proc.rusage_report, encoding="ascii") as f:
            fields = f.read().split()
        os.unlink(proc.rusage_report)
        if len(fields) == 3:
            run.max_rss_kib = int(fields[0])
            run.cpu_seconds = (int(fields[1]) + int(fields[2])) / 1e6
    return run


def run_plugin(env, stdin=b"", timeout=10.0, stdin_fd=None, meter=False):
    """Runs the plugin once: `env` exactly, `stdin` (bytes) on its stdin."""
    if isinstance(stdin, str):
        stdin = stdin.encode("utf-8")
    started = time.monotonic()
    proc = start_plugin(env, stdin_fd, meter)
    return finish_plugin(proc, stdin, timeout, started)


class JsonError(ValueError):
    pass


def _no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise JsonError("duplicate key in object: %r" % keys)
    return dict(pairs)


def _no_constant(name):
    raise JsonError("%s is not JSON" % name)


def parse_json_strict(data):
    """Parses `data` (bytes) as exactly one RFC 8259 JSON text.

    Stricter than json.loads: the bytes must be UTF-8, an object must not
    repeat a key, and NaN/Infinity are refused. Raises JsonError (or
    UnicodeDecodeError, a ValueError) otherwise.
    """
    text = data.decode("utf-8")
    try:
        return json.loads(
            text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant
        )
    except json.JSONDecodeError as e:
        raise JsonError(str(e)) from e


def compact(obj):
    """`obj` as compact JSON text."""
    return json.dumps(obj, separators=(",", ":"))


def result_addresses(result, version):
    """The addresses and routes of an ADD result of any version's shape.

    Returns ({ip_interface: gateway ip_address}, sorted [(dst, gw)]).
    """
    ips, routes = {}, []
    if version in ("0.1.0", "0.2.0"):
        blocks = [result[k] for k in ("ip4", "ip6") if k in result]
        for block in blocks:
            ips[ipaddress.ip_interface(block["ip"])] = ipaddress.ip_address(
                block["gateway"])
            routes += [(r["dst"], r.get("gw")) for r in block.get("routes", [])]
    else:
        for ip in result["ips"]:
            ips[ipaddress.ip_interface(ip["address"])] = ipaddress.ip_address(
                ip["gateway"])
        routes = [(r["dst"], r.get("gw")) for r in result.get("routes", [])]
    return ips, sorted(routes)
