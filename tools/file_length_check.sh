#!/bin/bash
# No library file over 400 lines (the developers' guide, "How we write
# code"): every .cc, .h and .c outside tests, fuzz targets and
# benchmarks (tracked ones in a git checkout, else all). Prints
# the files over the bound and fails when there is one. Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
limit=400
over=0
while IFS= read -r f; do
  n=$(wc -l <"$f")
  if ((n > limit)); then
    echo "FAIL: $f has $n lines (at most $limit; split it by concern)"
    over=1
  fi
done < <(
  if git rev-parse --git-dir >/dev/null 2>&1; then
    git ls-files '*.cc' '*.h' '*.c'
  else
    find . -path ./bazel-\* -prune -o -type f \( -name '*.cc' -o -name '*.h' -o -name '*.c' \) -printf '%P\n'
  fi | grep -vE '(_test\.cc$|^fuzz/|^bench/|^testdata/|^fuzz-out/)')
if ((over)); then exit 1; fi
echo "PASS: every library file is at most $limit lines"
