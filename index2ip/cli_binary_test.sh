#!/bin/bash
# The built plugin binary as people run it: --version, --help, preview with
# a real --cmdline-file, usage errors, and the terminal check on a real
# pseudo-terminal. The same cases in process: cli_test.cc.
set -uo pipefail

plugin="index2ip/plugin"
cmdline_file="testdata/cmdlines/mlab4_lga0t.txt"
failures=0
checks=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# run ARGS...: runs the plugin with an empty environment and stdin from
# /dev/null; sets $out, $err, $rc.
run() {
  local errfile
  errfile=$(mktemp)
  out=$(env -i "$plugin" "$@" </dev/null 2>"$errfile")
  rc=$?
  err=$(cat "$errfile")
  rm -f "$errfile"
  checks=$((checks + 1))
}

# The stamped version: one token, never empty (tools/workspace_status.sh).
run --version
[[ $rc -eq 0 && "$out" =~ ^"CNI index2ip plugin version "[A-Za-z0-9._+/-]+$ ]] ||
  fail "--version: exit $rc: $out"
version=${out#CNI index2ip plugin version }

run --help
[[ $rc -eq 0 && "$out" == "CNI index2ip plugin version $version; CNI protocol versions supported: 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0"$'\n'* ]] ||
  fail "--help: exit $rc: $out"
[[ "$out" == *"index2ip preview --all"* && -z "$err" ]] || fail "--help: $out $err"

# preview reads the file itself (process_io's ReadFileBounded).
run preview --index 5 --cmdline-file "$cmdline_file"
want="$(cat testdata/golden/add_1.1.0.json)
IPv4 4.14.159.117/26 gw 4.14.159.65 (host .112 + 5)
IPv6 2001:1900:2100:2d::117/64 gw 2001:1900:2100:2d::1 (host ::112 + 5)"
[[ $rc -eq 0 && "$out" == "$want" && -z "$err" ]] ||
  fail "preview --index 5: exit $rc: $out $err"

run preview --all --cmdline-file "$cmdline_file"
[[ $rc -eq 0 && $(printf '%s\n' "$out" | grep -c '^[0-9]* *4[.]14[.]159[.]') -eq 14 ]] ||
  fail "preview --all: exit $rc: $out $err"

run preview --index 5 --cmdline-file /nonexistent/cmdline
[[ $rc -eq 1 && "$out" == *'"code":5,'* && "$out" == *"No such file or directory"* ]] ||
  fail "preview of a missing file: exit $rc: $out"

run preview --index 15 --cmdline-file "$cmdline_file"
[[ $rc -eq 1 && "$out" == *'"code":101,'* && "$err" == "index2ip preview: error 101: "* ]] ||
  fail "preview --index 15: exit $rc: $out $err"

run preview --index five
[[ $rc -eq 2 && -z "$out" && "$err" == "index2ip: --index must be a whole number"* ]] ||
  fail "preview --index five: exit $rc: $out $err"

run frobnicate
[[ $rc -eq 2 && "$err" == *"Usage:"* ]] || fail "frobnicate: exit $rc: $err"

# No arguments, no CNI_COMMAND, stdin not a terminal: ADD with the warning,
# as upstream (here error 4: the runtime's variables are missing).
run
[[ $rc -eq 1 && "$out" == *'"code":4,'* && "$err" == *"running ADD"* ]] ||
  fail "no arguments from /dev/null: exit $rc: $out $err"

# A closed stdout fails the preview as it fails ADD.
env -i "$plugin" preview --index 5 --cmdline-file "$cmdline_file" >&- 2>/dev/null
rc=$?
checks=$((checks + 1))
[[ $rc -eq 1 ]] || fail "preview with stdout closed exited $rc, want 1"

# No arguments, no CNI_COMMAND, stdin a terminal: the about text. script(1)
# gives the plugin a pseudo-terminal.
if script -qec true /dev/null >/dev/null 2>&1; then
  out=$(env -i TERM=dumb script -qec "$plugin" /dev/null </dev/null 2>&1)
  rc=$?
  checks=$((checks + 1))
  [[ $rc -eq 0 && "$out" == "CNI index2ip plugin version $version; "* ]] ||
    fail "no arguments at a terminal: exit $rc: $out"
else
  echo "note: no pseudo-terminal here (script(1) failed); terminal case left to cli_test"
fi

echo "$checks checks, $failures failures"
[[ $failures -eq 0 ]]
