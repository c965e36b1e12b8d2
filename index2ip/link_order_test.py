#!/usr/bin/env python3
"""//index2ip:link_order_test: that the plugin is laid out in the order of
link_order.txt, and that the file still names the plugin's own code.

Layout: the functions link_order.txt names are the ones a run executes, so
linked in its order they share a span at the start of .text a fraction of
its size; linked in archive order (as gold or an lld without the file does)
they run from our objects at one end to glibc at the other. Freshness: when
functions of ours are renamed or removed, their names stop matching and the
new code lands outside that span; the fix is to run bench/link_order.py
(see its header).

  link_order_test.py PLUGIN LINK_ORDER [--unordered]

--unordered (sanitized builds, which keep the toolchain's linker) checks
only freshness.
"""

import subprocess
import sys

# The hot names must fit in this share of .text: about 16% in a -c opt
# build, about 50% or more when the file is not applied.
MAX_HOT_SHARE = 0.25
# Share of link_order.txt's names of our code the binary must still have.
MIN_OURS_PRESENT = 0.95


def code_symbols(binary):
  """{name: (address, size)} of the binary's sized code symbols."""
  out = subprocess.run(["nm", "-S", "--defined-only", binary],
                       stdout=subprocess.PIPE, check=True,
                       universal_newlines=True).stdout
  symbols = {}
  for line in out.splitlines():
    parts = line.split()
    if len(parts) == 4 and parts[2] in "TtWwi":
      symbols[parts[3]] = (int(parts[0], 16), int(parts[1], 16))
  return symbols


def text_size(binary):
  out = subprocess.run(["readelf", "-SW", binary], stdout=subprocess.PIPE,
                       check=True, universal_newlines=True).stdout
  for line in out.splitlines():
    parts = line.replace("[ ", "[").split()
    if len(parts) > 5 and parts[1] == ".text":
      return int(parts[5], 16)
  sys.exit("no .text section in " + binary)


def main():
  binary, order_file = sys.argv[1], sys.argv[2]
  ordered = "--unordered" not in sys.argv[3:]
  with open(order_file) as f:
    names = [line.strip() for line in f if line.strip()]
  failures = []
  if len(names) != len(set(names)):
    failures.append("%s names a symbol twice" % order_file)
  if "main" not in names or "_start" not in names:
    failures.append("%s does not name main and _start" % order_file)

  symbols = code_symbols(binary)
  ours = [n for n in names if n.startswith("_ZN8index2ip") and "." not in n]
  present = [n for n in ours if n in symbols]
  share = len(present) / len(ours) if ours else 0.0
  print("our functions named in %s: %d, in the binary: %d (%.0f%%)" % (
      order_file, len(ours), len(present), 100 * share))
  if share < MIN_OURS_PRESENT:
    missing = sorted(set(ours) - set(present))
    failures.append(
        "only %.0f%% of the index2ip functions %s names are in the plugin "
        "(at least %.0f%% expected), e.g. %s: run bench/link_order.py" % (
            100 * share, order_file, 100 * MIN_OURS_PRESENT, missing[:3]))

  if ordered:
    hot = [symbols[n] for n in names if n in symbols]
    start = min(a for a, _ in hot)
    end = max(a + s for a, s in hot)
    size = text_size(binary)
    hot_share = (end - start) / size
    print("the %d functions named span %d of .text's %d bytes (%.1f%%)" % (
        len(hot), end - start, size, 100 * hot_share))
    if hot_share > MAX_HOT_SHARE:
      failures.append(
          "the functions %s names span %.1f%% of .text (at most %.0f%% "
          "expected): the plugin was not linked in that order" % (
              order_file, 100 * hot_share, 100 * MAX_HOT_SHARE))

  for failure in failures:
    print("FAIL: " + failure)
  sys.exit(1 if failures else 0)


if __name__ == "__main__":
  main()
