#!/usr/bin/env python3
"""Where one plugin run's instructions go, by phase, under callgrind.

  bazel build -c opt //index2ip:plugin
  python3 bench/profile.py                     # ADD, as //bench:compare runs it
  python3 bench/profile.py --command=VERSION --top=40 --keep=/tmp/add.out

Runs the plugin once under `valgrind --tool=callgrind --separate-callers=N`
with the inputs //bench:compare uses (testdata config, CNI_* variables,
PROC_CMDLINE_FOR_TESTING from testdata/cmdlines/mlab4_lga0t.txt), then
charges every instruction to one phase. With --separate-callers callgrind
keeps each function's cost apart per call chain, so each instruction is
charged to the nearest function on its own chain that names a phase (malloc
called from descriptor building counts as descriptor building); nothing is
estimated. Chains deeper than N callers that name no phase land in "other".

Prints: the phases, the static initialisers by translation unit, and the
functions with the largest inclusive cost. Run from the workspace root.
"""

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile

import plugin_inputs

# Phase of a function, by its name; the nearest match on a call chain wins.
PHASES = [
    ("protobuf: descriptors registered at start-up",
     r"AddDescriptorsRunner|DescriptorPool::InternalAddGeneratedFile|"
     r"EncodedDescriptorDatabase::Add\("),
    ("protobuf: descriptor pool built on first use",
     r"internal::AssignDescriptors|DescriptorPool::|DescriptorBuilder::|"
     r"EncodedDescriptorDatabase::Find|::GetMetadata\(\)"),
    ("protobuf: JSON parsing (JsonStringToMessage)",
     r"util::JsonStringToMessage|util::JsonToBinaryStream"),
    ("protobuf: JSON printing (MessageToJsonString)",
     r"util::MessageToJsonString|util::BinaryToJsonStream"),
    ("RE2: compiling patterns", r"re2::RE2::Init|re2::RE2::RE2\("),
    ("RE2: matching", r"re2::RE2::(Partial|Full)MatchN|re2::RE2::DoMatch"),
    ("libstdc++ start-up: iostreams, locale",
     r"std::ios_base::Init::Init|std::locale::"),
    ("exit: atexit handlers, static destructors",
     r"^exit$|__run_exit_handlers|_IO_cleanup"),
    ("our code (index2ip::, main)", r"index2ip::|^main$"),
    ("other static initialisers (default instances, atexit registration)",
     r"^_GLOBAL__sub_I"),
    ("libc start-up (TLS, tunables, CPU features, IRELATIVE relocs)",
     r"__libc_start_main|__libc_init_first|__libc_setup_tls|^_dl_|"
     r"__tunables_init|init_cacheinfo|handle_intel|intel_check_word|"
     r"__libc_early_init|_dl_relocate_static_pie|init_cpu_features|"
     r"apply_irel|__libc_init_secure|_IO_init"),
]
OTHER = "other (below main, or a chain deeper than --separate-callers)"

COMPILED = [(name, re.compile(pattern)) for name, pattern in PHASES]

# glibc's malloc and libstdc++'s operator new/delete, by self cost.
ALLOCATOR = re.compile(
    r"^(malloc|free|calloc|realloc|_int_malloc|_int_free|_int_realloc|"
    r"malloc_consolidate|unlink_chunk.*|sysmalloc|tcache_.*|alloc_perturb|"
    r"operator new.*|operator delete.*)$")


def run_callgrind(plugin, command, root, out_file, depth):
  proc = subprocess.run(
      ["valgrind", "--tool=callgrind", "-q",
       "--separate-callers=%d" % depth,
       "--callgrind-out-file=" + out_file, plugin],
      input=plugin_inputs.stdin(command, root).encode(),
      env=plugin_inputs.env(command, root),
      stdout=subprocess.PIPE, stderr=subprocess.PIPE)
  if proc.returncode != 0:
    sys.exit("profile: %s %s exited %d under valgrind:\n%s%s" % (
        plugin, command, proc.returncode, proc.stdout.decode(),
        proc.stderr.decode()))


def self_costs(path):
  """{function-with-context name: self Ir} from a callgrind output file."""
  names = {}
  costs = collections.Counter()
  fn = None
  after_calls = False
  total = None
  define = re.compile(r"^\((\d+)\)(?: (.*))?$")

  def resolve(spec):
    m = define.match(spec)
    if not m:
      return spec
    if m.group(2) is not None:
      names[m.group(1)] = m.group(2)
    return names[m.group(1)]

  with open(path, errors="replace") as f:
    for line in f:
      line = line.rstrip("\n")
      if not line:
        continue
      if line.startswith("fn="):
        fn = resolve(line[3:])
        after_calls = False
      elif line.startswith("cfn="):
        resolve(line[4:])
      elif line.startswith("calls="):
        after_calls = True
      elif line.startswith("totals:") or line.startswith("summary:"):
        total = int(line.split()[1])
      elif line[0].isdigit() or line[0] in "+-*":
        if after_calls:  # the inclusive cost of the call just named
          after_calls = False
          continue
        parts = line.split()
        if len(parts) >= 2 and fn is not None:
          costs[fn] += int(parts[1])
  return costs, total


def chain(name):
  """A context name, innermost first, without recursion markers ('2)."""
  return [p for p in name.split("'") if p and not p.isdigit()]


def phase(frames):
  for frame in frames:
    for name, pattern in COMPILED:
      if pattern.search(frame):
        return name
  return OTHER


def print_large(costs, total):
  """The table rows of `costs` down to a thousandth of `total`."""
  for name, ir in costs.most_common():
    if ir * 1000 < total:
      break
    print("| `%s` | %s | %.1f%% |" % (name, format(ir, ","),
                                      100.0 * ir / total))


def main():
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--plugin", default="bazel-bin/index2ip/plugin")
  parser.add_argument("--command", default="ADD",
                      choices=["ADD", "CHECK", "DEL", "VERSION"])
  parser.add_argument("--top", type=int, default=25,
                      help="functions listed by inclusive cost")
  parser.add_argument("--depth", type=int, default=100,
                      help="callgrind --separate-callers")
  parser.add_argument("--keep", help="also keep the callgrind output here")
  args = parser.parse_args()

  if shutil.which("valgrind") is None:
    sys.exit("profile: valgrind is not installed")
  root = os.getcwd()
  if not os.path.exists(os.path.join(root, "testdata/cmdlines")):
    sys.exit("profile: run from the workspace root")
  with tempfile.TemporaryDirectory() as tmp:
    out = args.keep or os.path.join(tmp, "callgrind.out")
    run_callgrind(args.plugin, args.command, root, out, args.depth)
    costs, total = self_costs(out)

  counted = sum(costs.values())
  total = total or counted
  by_phase = collections.Counter()
  inclusive = collections.Counter()
  initialisers = collections.Counter()
  first_use = collections.Counter()
  allocator = 0
  for name, ir in costs.items():
    frames = chain(name)
    by_phase[phase(frames)] += ir
    for frame in set(frames):
      inclusive[frame] += ir
    outer = [f for f in frames if f.startswith("_GLOBAL__sub_I")]
    if outer:
      initialisers[outer[-1]] += ir
    # Descriptor building on first use, by the call that asked for it
    # (the caller of the outermost AssignDescriptors).
    assigns = [i for i, f in enumerate(frames)
               if "internal::AssignDescriptors(" in f]
    if assigns and assigns[-1] + 1 < len(frames):
      first_use[frames[assigns[-1] + 1]] += ir
    if frames and ALLOCATOR.search(frames[0]):
      allocator += ir

  print("%s %s: %s instructions (Ir) under callgrind\n" % (
      args.plugin, args.command, format(total, ",")))
  print("| phase | Ir | share |\n|---|---:|---:|")
  for name, ir in by_phase.most_common():
    print("| %s | %s | %.1f%% |" % (name, format(ir, ","), 100.0 * ir / total))
  print("\nstatic initialisers, by translation unit (inclusive):\n")
  print("| initialiser | Ir | share |\n|---|---:|---:|")
  print_large(initialisers, total)
  print("\ndescriptors built on first use, by the call that needed them:\n")
  if not first_use:
    print("(none)")
  else:
    print("| first use | Ir | share |\n|---|---:|---:|")
  print_large(first_use, total)
  print("\nthe allocator's own instructions (malloc, free, new, delete), "
        "across all phases: %s (%.1f%%)" % (format(allocator, ","),
                                            100.0 * allocator / total))
  print("\nlargest inclusive costs:\n")
  print("| function | Ir | share |\n|---|---:|---:|")
  for name, ir in inclusive.most_common(args.top):
    shown = name if len(name) <= 110 else name[:107] + "..."
    print("| `%s` | %s | %.1f%% |" % (shown, format(ir, ","),
                                      100.0 * ir / total))


if __name__ == "__main__":
  main()
