#!/usr/bin/env python3
"""Writes index2ip/link_order.txt: the plugin's functions and static data in
the order a run first uses them, for lld's --symbol-ordering-file.

  bazel build -c opt //index2ip:plugin //bench:step_trace
  python3 bench/link_order.py                 # rewrites index2ip/link_order.txt
  python3 bench/link_order.py --check         # exit 1 if it would change

Why: on this VM a page fault costs about 12 us, as much as tens of thousands
of instructions, and a plugin run is mostly start-up. Linked in archive
order, the code one ADD executes was spread over 24 of the 64 KiB windows
the kernel maps per text fault, and its data over as many pages as it
touches objects; laid out in order of use both fit in far fewer
(bench/README.md has the numbers).

How: each command //bench:compare times (ADD, CHECK, DEL, VERSION, with
plugin_inputs.py's inputs) runs once under //bench:step_trace, which
single-steps it on this CPU and prints every instruction address in order,
and once under valgrind's lackey, which prints every data address it loads
or stores. Each address is mapped to the symbol containing it (`nm -S` of
the binary), and every name the binary has at that address (aliases such as
memcpy/__new_memcpy) is written in order of first use: functions first, then
data, each with ADD's first and then what only CHECK, DEL or VERSION reach.
Names are symbol-table names, mangled, because lld matches those.

The output depends only on the binary and the inputs; since the order of
first use does not depend on the layout, running this on a plugin linked
with the file gives the file back (--check). lld ignores names a later
build no longer has (--no-warn-symbol-ordering), so a stale file costs
speed, not correctness; //index2ip:link_order_test says when it has gone
stale. Needs valgrind; run from the workspace root.
"""

import argparse
import bisect
import collections
import os
import subprocess
import sys
import tempfile

import plugin_inputs

COMMANDS = ["ADD", "CHECK", "DEL", "VERSION"]
OUTPUT = "index2ip/link_order.txt"
# nm's symbol types: functions (i: ifunc resolvers), and objects in .data,
# .bss, .rodata (V/v: weak objects, u: unique globals).
CODE = "TtWwi"
DATA = "DdBbRrVvu"


def symbols(binary, types):
  """Sorted [(start, end, [names])] of the binary's symbols of nm `types`."""
  out = subprocess.run(["nm", "-S", "--defined-only", binary],
                       stdout=subprocess.PIPE, check=True,
                       universal_newlines=True).stdout
  by_start = {}
  for line in out.splitlines():
    parts = line.split()
    if len(parts) != 4 or parts[2] not in types:
      continue
    start, size = int(parts[0], 16), int(parts[1], 16)
    if size == 0:
      continue
    entry = by_start.setdefault(start, [start + size, []])
    entry[0] = max(entry[0], start + size)
    entry[1].append(parts[3])
  # lld applies a name to every symbol that has it, and local clones such as
  # basic_string::_M_construct<char const*> [clone .isra.0] exist in many
  # objects: naming one would pull the whole .text of every object that has
  # such a clone (absl's cord.cc, 30 KiB) into the hot region. Names the
  # binary has more than once are left out.
  count = collections.Counter(n for _, names in by_start.values()
                              for n in set(names))
  return sorted((s, e, sorted(n for n in set(names) if count[n] == 1))
                for s, (e, names) in by_start.items())


def run(argv, command, root):
  """The stdout of `argv` on `command`'s inputs; exits if it fails."""
  proc = subprocess.run(
      argv, input=plugin_inputs.stdin(command, root).encode(),
      env=plugin_inputs.env(command, root), stdout=subprocess.PIPE,
      stderr=subprocess.PIPE)
  if proc.returncode != 0:
    sys.exit("link_order: %s on %s exited %d:\n%s" % (
        " ".join(argv), command, proc.returncode, proc.stderr.decode()))
  return proc.stdout.decode()


def executed(tracer, binary, command, root):
  """Instruction addresses in the order one run of `command` executes them,
  on this CPU."""
  for line in run([tracer, binary], command, root).splitlines():
    yield int(line, 16)


def accessed(binary, command, root):
  """Data addresses in the order one run of `command` loads or stores them,
  under valgrind's lackey. Which static data a run touches does not depend
  on the CPU the way glibc's choice of functions does, so valgrind's own CPU
  is good enough here."""
  with tempfile.NamedTemporaryFile() as log:
    run(["valgrind", "--tool=lackey", "--trace-mem=yes",
         "--log-file=" + log.name, binary], command, root)
    with open(log.name) as f:
      for line in f:
        # " L addr,size", " S addr,size", " M addr,size"; "I" is code.
        if line[:1] == " " and line[1:2] in "LSM":
          yield int(line[3:].split(",")[0], 16)


def in_order(table, addresses, seen, names):
  """Appends to `names` the names of each symbol of `table` that
  `addresses` reach, the first time one does."""
  starts = [s for s, _, _ in table]
  for address in addresses:
    i = bisect.bisect_right(starts, address) - 1
    if i < 0 or address >= table[i][1] or i in seen:
      continue
    seen.add(i)
    names.extend(table[i][2])


def order(tracer, binary, root):
  code = symbols(binary, CODE)
  data = symbols(binary, DATA)
  names = []
  seen_code, seen_data = set(), set()
  for command in COMMANDS:
    in_order(code, executed(tracer, binary, command, root), seen_code, names)
  for command in COMMANDS:
    in_order(data, accessed(binary, command, root), seen_data, names)
  return names


def main():
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--plugin", default="bazel-bin/index2ip/plugin")
  parser.add_argument("--tracer", default="bazel-bin/bench/step_trace")
  parser.add_argument("--check", action="store_true",
                      help="compare with %s instead of writing it" % OUTPUT)
  args = parser.parse_args()
  root = os.getcwd()
  if not os.path.exists(os.path.join(root, "testdata/cmdlines")):
    sys.exit("link_order: run from the workspace root")
  text = "".join(n + "\n" for n in order(args.tracer, args.plugin, root))
  path = os.path.join(root, OUTPUT)
  if args.check:
    with open(path) as f:
      if f.read() != text:
        sys.exit("link_order: %s is stale; run python3 bench/link_order.py"
                 % OUTPUT)
    return
  with open(path, "w") as f:
    f.write(text)
  print("link_order: wrote %d names to %s" % (text.count("\n"), OUTPUT))


if __name__ == "__main__":
  main()
