#!/bin/bash
# //bench:compare runs end to end: three runs per program and command, no
# valgrind. Checks that the table is printed with a row per program and
# command and that every ratio is a finite number. Asserts nothing about
# time: the machine may be busy.
set -uo pipefail

out=$(bench/compare --runs=3 --warmup=0 --callgrind=off 2>&1)
rc=$?
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

[[ $rc -eq 0 ]] || fail "compare exited $rc"
[[ "$out" == *"| program | command | p50 ms |"* ]] || fail "no table header"
for program in floor floorclaim index2ip fullstore noclaims; do
  for command in ADD CHECK DEL VERSION; do
    row=$(grep -E "^\| $program \| $command \|" <<<"$out")
    if [[ -z "$row" ]]; then
      fail "no row for $program $command"
      continue
    fi
    # Columns: program, command, p50, p90, p50/floor, p50/static, RSS,
    # page faults, Ir.
    ratio=$(awk -F'|' '{gsub(/ /, "", $6); print $6}' <<<"$row")
    [[ "$ratio" =~ ^[0-9]+\.[0-9]+$ ]] ||
      fail "$program $command: p50/floor is '$ratio', not a finite number"
  done
done
if [[ -x /usr/lib/cni/static ]]; then
  grep -qE '^\| static \| ADD \|' <<<"$out" ||
    fail "static is installed but has no row"
fi
grep -E '^\| ' <<<"$out" | grep -qiwE 'nan|-?inf' &&
  fail "a number is not finite"

if ((failures > 0)); then
  echo "$out" >&2
  echo "$failures checks failed" >&2
  exit 1
fi
echo "compare printed the table; all ratios finite"
