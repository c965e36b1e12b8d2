#!/usr/bin/env python3
"""Times builds of the plugin against each other, as //bench:compare times
the plugin against the floor: for trying a change before keeping it.

  bazel build -c opt //bench:spawner //bench:floor //index2ip:plugin
  cp bazel-bin/index2ip/plugin /tmp/before      # then change, rebuild
  python3 bench/ab.py bazel-bin/bench/floor /tmp/before bazel-bin/index2ip/plugin
  python3 bench/ab.py --runs=500 --command=VERSION A B
  python3 bench/ab.py F P P@claims=false      # one build, two configs

A program written PATH@claims=false runs PATH with "claims": false added to
the config's ipam section: the cost of the claims store, in one run.

Each program is copied afresh, by default with cp (as //bench:compare
does, and with the same --copy choices: how a binary's file sits in the page
cache changes what it costs to start, see bench/README.md), and runs --runs times (after --warmup untimed runs) through //bench:spawner
with the inputs of plugin_inputs.py, the programs taking turns and the order
rotating each round, so drift falls on all of them alike. Prints, per program: p50 and p90 in ms, p50 as a multiple of the first
program's, and the median page faults and peak RSS (KiB). Nothing is
asserted; on a shared machine, read the ratios. Run from the workspace root.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

import plugin_inputs


class Spawner:
  """//bench:spawner and its protocol (see spawner.c)."""

  def __init__(self, path):
    self.proc = subprocess.Popen([path], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE)

  def run(self, program, stdin_file, env):
    fields = [program, stdin_file] + ["%s=%s" % kv for kv in env.items()]
    self.proc.stdin.write(b"".join(f.encode() + b"\0" for f in fields) + b"\0")
    self.proc.stdin.flush()
    reply = self.proc.stdout.readline().decode().split()
    if len(reply) != 5 or reply[0] != "0":
      sys.exit("ab: %s failed: %s" % (program, " ".join(reply) or "no reply"))
    return int(reply[1]) / 1e6, int(reply[2]), int(reply[3])


def percentile(values, p):
  values = sorted(values)
  return values[max(0, -(-len(values) * p // 100) - 1)]


def main():
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("programs", nargs="+")
  parser.add_argument("--runs", type=int, default=300)
  parser.add_argument("--warmup", type=int, default=10)
  parser.add_argument("--command", default="ADD",
                      choices=["ADD", "CHECK", "DEL", "VERSION"])
  parser.add_argument("--spawner", default="bazel-bin/bench/spawner")
  parser.add_argument("--copy", default="cp", choices=["cp", "write", "off"])
  args = parser.parse_args()
  root = os.getcwd()
  if not os.path.exists(os.path.join(root, "testdata/cmdlines")):
    sys.exit("ab: run from the workspace root")
  env = plugin_inputs.env(args.command, root)
  spawner = Spawner(args.spawner)
  with tempfile.TemporaryDirectory() as tmp:
    stdin_file = os.path.join(tmp, "stdin.json")
    with open(stdin_file, "w") as f:
      f.write(plugin_inputs.stdin(args.command, root))
    # Each program's stdin: the common one, or its variant's.
    stdin_of = {}
    programs = []
    for i, spec in enumerate(args.programs):
      p, _, variant = spec.partition("@")
      own_stdin = stdin_file
      if variant:
        if variant != "claims=false":
          sys.exit("ab: unknown variant %r (claims=false is the one)" % variant)
        conf = json.loads(plugin_inputs.stdin(args.command, root))
        conf.setdefault("ipam", {})["claims"] = False
        own_stdin = os.path.join(tmp, "stdin.%d.json" % i)
        with open(own_stdin, "w") as f:
          f.write(json.dumps(conf, separators=(",", ":")))
      if args.copy == "off":
        programs.append(os.path.abspath(p))
        stdin_of[programs[-1]] = own_stdin
        continue
      programs.append(os.path.join(tmp, "%d.%s" % (i, os.path.basename(p))))
      if args.copy == "cp":
        subprocess.run(["cp", p, programs[-1]], check=True)
      else:
        with open(p, "rb") as src, open(programs[-1], "wb") as dst:
          dst.write(src.read())
        os.chmod(programs[-1], 0o755)
      stdin_of[programs[-1]] = own_stdin
    samples = {p: [] for p in programs}
    for _ in range(args.warmup):
      for p in programs:
        spawner.run(p, stdin_of[p], env)
    for i in range(args.runs):
      k = i % len(programs)
      for p in programs[k:] + programs[:k]:
        samples[p].append(spawner.run(p, stdin_of[p], env))

  base = statistics.median(s[0] for s in samples[programs[0]])
  print("%s, %d runs each, --copy=%s\n" % (args.command, args.runs,
                                            args.copy))
  print("| program | p50 ms | p90 ms | p50 / first | page faults | "
        "peak RSS KiB |\n|---|---:|---:|---:|---:|---:|")
  for p, arg in zip(programs, args.programs):
    ms = [s[0] for s in samples[p]]
    p50 = statistics.median(ms)
    print("| %s | %.3f | %.3f | %.3f | %g | %g |" % (
        arg, p50, percentile(ms, 90), p50 / base,
        statistics.median(s[2] for s in samples[p]),
        statistics.median(s[1] for s in samples[p])))


if __name__ == "__main__":
  main()
