"""//bench:compare: what one plugin invocation costs, as a container runtime
pays it: a process started, fed a config on stdin, waited for.

  bazel run -c opt //bench:compare                 # 300 runs each
  bazel run -c opt //bench:compare -- --runs=1000 --callgrind=off
  bazel run -c opt //bench:compare -- --also=/tmp/before   # and another build

Programs (the table's rows, each with ADD, CHECK, DEL and VERSION):
  floor       //bench:floor: reads stdin, writes a fixed result
  floorclaim  //bench:floor_claim: the floor of a plugin that keeps claims
  index2ip    //index2ip:plugin, its claims store fresh
  fullstore   the plugin, its store holding 22 other claims (a node of
              M-Lab's: indices 1-12 but its own, both families)
  noclaims    the plugin with ipam.claims false
  also-N      --also builds, fresh and full (also-N-full)
  static      Debian's /usr/lib/cni/static fed the same addresses
with the inputs of plugin_inputs.py (the testdata config, the CNI variables,
PROC_CMDLINE_FOR_TESTING). Each program has a claims store of its own, on
tmpfs as /run is on the nodes.

Each run is timed by //bench:spawner from posix_spawn to wait4 (spawner.c
says why a separate process); the programs take turns run by run (ABCABC...,
the order rotated each round), so drift on a shared machine falls on all of
them alike and cancels in the ratios, which are computed within one run.
Before a timed ADD an untimed DEL, before a timed DEL an untimed ADD, so that
every ADD claims and every DEL releases. Where valgrind is installed, each
program and command also runs once under callgrind for its instructions.

Not a test: it asserts nothing about time. It exits 1 when a program fails,
since timings of failures mean nothing.
"""

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time

from bazel_tools.tools.python.runfiles import runfiles as bazel_runfiles

import plugin_inputs

COMMANDS = ["ADD", "CHECK", "DEL", "VERSION"]
PREPARE = {"ADD": "DEL", "DEL": "ADD"}
RUNFILES = bazel_runfiles.Create()


def runfile(path):
    return RUNFILES.Rlocation("index2ip/" + path)


class Program:
    def __init__(self, name, path, description, stdin, store=None):
        self.name, self.path, self.description = name, path, description
        self.stdin = stdin  # command -> file
        self.store = store  # its claims store, or None
        self.run_path = path


class Spawner:
    """A running //bench:spawner (see its protocol in spawner.c)."""

    def __init__(self, path):
        self.proc = subprocess.Popen([path], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE)

    def run(self, program, stdin_file, env):
        fields = [program, stdin_file] + ["%s=%s" % kv for kv in env.items()]
        self.proc.stdin.write(b"".join(f.encode() + b"\0" for f in fields) + b"\0")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline().decode()
        parts = line.split()
        if len(parts) != 5:
            sys.exit("compare: the spawner could not start %s: %s" % (program, line))
        status, ns, rss, faults, own = (int(p) for p in parts)
        return status, ns / 1e6, rss, faults, own

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def percentile(values, p):
    """Nearest rank."""
    values = sorted(values)
    return values[max(1, -(-len(values) * p // 100)) - 1]


def run_captured(argv, stdin_file, env):
    with open(stdin_file, "rb") as f:
        return subprocess.run(argv, stdin=f, capture_output=True, env=env)


def addresses(result):
    return sorted((ip["address"], ip.get("gateway", "")) for ip in result.get("ips", []))


def describe(pairs):
    return ", ".join("%s gw %s" % p for p in pairs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--callgrind", choices=["auto", "off"], default="auto")
    parser.add_argument("--static", default="/usr/lib/cni/static",
                        help="the reference plugin, or none")
    parser.add_argument("--also", action="append", default=[],
                        help="another build of the plugin (repeatable)")
    parser.add_argument("--copy", choices=["cp", "write", "off"], default="cp",
                        help="run copies made by cp(1) as a node installs the "
                        "plugin, written in one write(2), or the files in place")
    args = parser.parse_args()
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1, --warmup at least 0")
    started = time.time()

    root = os.path.dirname(runfile("testdata/cmdlines/mlab4_lga0t.txt"))
    root = os.path.dirname(os.path.dirname(root))
    base = os.environ.get("TEST_TMPDIR") or (
        "/dev/shm" if os.access("/dev/shm", os.W_OK) else tempfile.gettempdir())
    scratch = tempfile.mkdtemp(prefix="index2ip-bench-", dir=base)
    try:
        return measure(args, root, scratch, started)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def measure(args, root, scratch, started):
    def write(name, text):
        path = os.path.join(scratch, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    config = json.loads(plugin_inputs.stdin("ADD", root))
    golden = json.loads(plugin_inputs.stdin("CHECK", root))["prevResult"]

    def inputs(name, conf):
        return {"ADD": write(name + ".add.json", json.dumps(conf)),
                "CHECK": write(name + ".check.json",
                               json.dumps(dict(conf, prevResult=golden))),
                "DEL": write(name + ".del.json", json.dumps(conf)),
                "VERSION": write("version.json", '{"cniVersion":"1.0.0"}')}

    def with_ipam(**ipam):
        return dict(config, ipam=dict(config["ipam"], **ipam))

    def store(name):
        return os.path.join(scratch, "store-" + name)

    plugin = runfile("index2ip/plugin")
    programs = [
        Program("floor", runfile("bench/floor"),
                "//bench:floor, static C: reads stdin, writes a fixed result",
                inputs("plain", config)),
        Program("floorclaim", runfile("bench/floor_claim"),
                "//bench:floor_claim, static C: the floor, and ADD publishes "
                "two claim files under a flock (DEL removes them)",
                inputs("plain", config), store("floorclaim")),
    ]
    builds = [("index2ip", plugin, "//index2ip:plugin")] + [
        ("also-%d" % (i + 1), path, "another build, --also")
        for i, path in enumerate(args.also)]
    own = config["ipam"]["index"]
    for name, path, what in builds:
        full = store(name + "-full")
        programs.append(Program(name, path, what, inputs("plain", config), store(name)))
        # A store as full as an M-Lab node's: the other eleven of indices
        # 1-12 claimed by other pods, both families.
        for k in [k for k in range(1, 13) if k != own]:
            other = write("fill.json", json.dumps(with_ipam(index=k, dataDir=full)))
            env = dict(plugin_inputs.env("ADD", root), CNI_CONTAINERID="other%d" % k)
            run = run_captured([path], other, env)
            if run.returncode != 0:
                sys.exit("compare: filling %s failed: %s" % (full, run.stdout + run.stderr))
        programs.append(Program(
            "fullstore" if name == "index2ip" else name + "-full", path,
            "%s, its store holding 22 other claims (indices 1-12 but %d, both "
            "families)" % (what, own), inputs(name + "-full", with_ipam(dataDir=full))))
        if name == "index2ip":
            programs.append(Program("noclaims", plugin, "//index2ip:plugin with "
                                    "ipam.claims false (no claims store)",
                                    inputs("noclaims", with_ipam(claims=False))))

    def env_of(program, command):
        env = plugin_inputs.env(command, root)
        env["INDEX2IP_DATA_DIR_FOR_TESTING"] = program.store or store("unused")
        return env

    # The plugin's ADD result, which the static config reproduces.
    add = run_captured([plugin], programs[2].stdin["ADD"], env_of(programs[2], "ADD"))
    if add.returncode != 0:
        sys.exit("compare: %s ADD failed: %s" % (plugin, add.stdout + add.stderr))
    result = json.loads(add.stdout)
    notes = []
    if result != golden:
        notes.append("warning: the plugin's ADD output differs from %s"
                      % plugin_inputs.PREV_RESULT)
    run_captured([plugin], programs[2].stdin["DEL"], env_of(programs[2], "DEL"))
    if args.static != "none" and os.access(args.static, os.X_OK):
        static = dict(config, ipam={"type": "static", "addresses": [
            {"address": ip["address"], "gateway": ip["gateway"]} for ip in result["ips"]],
            "routes": result.get("routes", []), "dns": result.get("dns", {})})
        p = Program("static", args.static, "", inputs("static", static))
        run = run_captured([p.path], p.stdin["ADD"], env_of(p, "ADD"))
        got = addresses(json.loads(run.stdout)) if run.returncode == 0 else None
        if got != addresses(result):
            notes.append("static left out: its ADD returned %s" % (
                describe(got) if got else run.stdout + run.stderr))
        else:
            version = subprocess.run(
                ["dpkg-query", "-W", "-f=${Version}", "containernetworking-plugins"],
                capture_output=True, text=True).stdout
            p.description = "Go reference IPAM plugin%s; same addresses as " \
                "index2ip's ADD: %s" % (", containernetworking-plugins " + version
                                        if version else "", describe(got))
            programs.append(p)
    elif args.static != "none":
        notes.append("static left out: %s is not installed" % args.static)

    # How a binary sits in the page cache changes what it costs to start
    # (README.md here): every program runs from a copy made the same way,
    # by default with cp, as the DaemonSet in deploy/ installs the plugin.
    for p in programs:
        if args.copy == "off":
            continue
        p.run_path = os.path.join(scratch, "bin." + p.name)
        if args.copy == "cp":
            subprocess.run(["/bin/cp", p.path, p.run_path], check=True)
        else:
            with open(p.path, "rb") as f:
                data = f.read()
            with open(p.run_path, "wb") as f:
                f.write(data)
            os.chmod(p.run_path, 0o755)

    # Every program must succeed on every command before any timing counts.
    for p in programs:
        for command in COMMANDS:
            run = run_captured([p.run_path], p.stdin[command], env_of(p, command))
            if run.returncode != 0:
                sys.exit("compare: %s %s failed: %s%s" % (p.name, command,
                                                          run.stdout, run.stderr))

    spawner = Spawner(runfile("bench/spawner"))
    cells = {(p.name, c): {"ms": [], "rss": [], "faults": [], "failed": 0}
             for p in programs for c in COMMANDS}
    spawner_rss, first_failure = 0, None
    for command in COMMANDS:
        prepare = PREPARE.get(command)
        for rnd in range(-args.warmup, args.runs):
            offset = (rnd + args.warmup) % len(programs)
            for k in range(len(programs)):
                p = programs[(k + offset) % len(programs)]
                if prepare:
                    if spawner.run(p.run_path, p.stdin[prepare], env_of(p, prepare))[0]:
                        sys.exit("compare: %s %s before %s failed" % (p.name, prepare, command))
                status, ms, rss, faults, own_rss = spawner.run(
                    p.run_path, p.stdin[command], env_of(p, command))
                if rnd < 0:
                    continue
                cell = cells[(p.name, command)]
                if status != 0:
                    cell["failed"] += 1
                    first_failure = first_failure or "%s %s: status %d" % (p.name, command, status)
                    continue
                cell["ms"].append(ms)
                cell["rss"].append(rss)
                cell["faults"].append(faults)
                spawner_rss = max(spawner_rss, own_rss)
    spawner.close()

    valgrind = shutil.which("valgrind") if args.callgrind == "auto" else None
    for p in programs if valgrind else []:
        for command in COMMANDS:
            out = os.path.join(scratch, "callgrind.out")
            # Go's runtime under valgrind 3.19: no rdtscp, no async preemption.
            env = dict(env_of(p, command), GODEBUG="cpu.rdtscp=off,asyncpreemptoff=1")
            for _ in range(3):
                run = run_captured([valgrind, "--tool=callgrind", "-q",
                                    "--callgrind-out-file=" + out, p.run_path],
                                   p.stdin[command], env)
                if run.returncode == 0:
                    break
            totals = re.findall(rb"^(?:totals|summary): *(\d+)",
                                open(out, "rb").read() if os.path.exists(out) else b"",
                                re.M)
            if run.returncode == 0 and totals:
                cells[(p.name, command)]["ir"] = int(totals[0])
            else:
                notes.append("callgrind failed on %s %s" % (p.name, command))

    report(args, programs, cells, spawner_rss, valgrind, notes, started)
    failures = sum(c["failed"] for c in cells.values())
    if failures:
        print("FAILED: %d timed runs exited non-zero; first: %s" % (failures, first_failure))
        return 1
    return 0


def report(args, programs, cells, spawner_rss, valgrind, notes, started):
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    copies = {"cp": "each program run from a copy made by cp just before the runs (--copy=cp)",
              "write": "each program run from a copy written in one write just before "
                       "the runs (--copy=write)",
              "off": "each program run in place (--copy=off)"}[args.copy]
    print("index2ip //bench:compare")
    print("date:     %s, for %d s" % (time.strftime("%Y-%m-%d %H:%M:%S UTC",
                                                    time.gmtime(started)),
                                      time.time() - started))
    print("machine:  nproc %d, %s, Linux %s" % (os.cpu_count(), cpu, platform.release()))
    print("runs:     %d timed per program and command, after %d untimed; programs "
          "take turns run by run (order rotated each round)" % (args.runs, args.warmup))
    print("timing:   posix_spawn to wait4, stdin from a file, stdout and stderr to /dev/null")
    print("files:    " + copies)
    print("programs:")
    for p in programs:
        print("  %-9s %s\n            %s" % (p.name, p.path, p.description))
    print()
    names = [p.name for p in programs]
    print("| program | command | p50 ms | p90 ms | p50 / floor | p50 / static | "
          "peak RSS KiB | page faults | instructions |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for command in COMMANDS:
        def p50(name):
            cell = cells.get((name, command))
            return percentile(cell["ms"], 50) if cell and cell["ms"] else None
        floor, static = p50("floor"), p50("static") if "static" in names else None
        for name in names:
            cell = cells[(name, command)]
            if not cell["ms"]:
                print("| %s | %s | failed | | | | | | |" % (name, command))
                continue
            mid = percentile(cell["ms"], 50)
            ratio = lambda b: "%.2f" % (mid / b) if b else "—"  # noqa: E731
            ir = "{:,}".format(cell["ir"]) if "ir" in cell else "—"
            print("| %s | %s | %.3f | %.3f | %s | %s | %d | %d | %s |" % (
                name, command, mid, percentile(cell["ms"], 90), ratio(floor),
                ratio(static), percentile(cell["rss"], 50),
                percentile(cell["faults"], 50), ir))
    print()
    print("p50 / floor and p50 / static: ratios of p50s from this run.")
    print("peak RSS: median over runs of wait4's ru_maxrss, in KiB. A child's figure "
          "cannot fall below what the spawner had mapped when it started it (its "
          "peak: %d KiB VmHWM), so the floor's is an upper bound." % spawner_rss)
    print("page faults: median over runs of wait4's ru_minflt; each is a trip into "
          "the kernel that costs far more than an instruction.")
    print("instructions: Ir of one run under valgrind --tool=callgrind, all threads%s."
          % (" (Go's runtime with GODEBUG=cpu.rdtscp=off,asyncpreemptoff=1)" if valgrind
             else " (not measured: valgrind not found or --callgrind=off)"))
    for note in notes:
        print(note)


if __name__ == "__main__":
    sys.exit(main())
