#!/bin/bash
# Runs the built plugin binary as a subprocess, as a main plugin would: the
# config on stdin, CNI variables in the environment. Covers every command
# and every cniVersion, and that the binary is static.
set -uo pipefail

plugin="index2ip/plugin"
testdata="testdata"
failures=0
checks=0
# The claims store of every run: this test's own, never /run.
data_dir="${TEST_TMPDIR:-$(mktemp -d)}/claims"

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# run COMMAND CONFIG [VAR=VALUE...]: sets $out, $err, $rc.
run() {
  local command=$1 config=$2
  shift 2
  local errfile
  errfile=$(mktemp)
  out=$(printf '%s' "$config" | env -i \
    CNI_COMMAND="$command" CNI_CONTAINERID=ctr0 CNI_NETNS=/var/run/netns/p \
    CNI_IFNAME=net1 CNI_PATH=/opt/cni/bin \
    INDEX2IP_DATA_DIR_FOR_TESTING="$data_dir" \
    PROC_CMDLINE_FOR_TESTING="$(cat "$testdata/cmdlines/mlab4_lga0t.txt")" \
    "$@" "$plugin" 2>"$errfile")
  rc=$?
  err=$(cat "$errfile")
  rm -f "$errfile"
  checks=$((checks + 1))
}

config_for() {
  sed "s/\"1.0.0\"/\"$1\"/" "$testdata/configs/macvlan_ipam_index.json"
}

versions="0.1.0 0.2.0 0.3.0 0.3.1 0.4.0 1.0.0 1.1.0"

# The binary a node image ships must not need a dynamic loader. A sanitized
# build (--config=asan) cannot be static; BUILD passes --allow-dynamic then.
if [[ "${1:-}" != "--allow-dynamic" ]]; then
  ldd_out=$(ldd "$plugin" 2>&1)
  checks=$((checks + 1))
  [[ "$ldd_out" == *"not a dynamic executable"* ]] ||
    fail "plugin is dynamically linked: $ldd_out"
fi

for v in $versions; do
  # ADD: byte-for-byte the golden result, exit 0, nothing on stderr.
  run ADD "$(config_for "$v")"
  [[ $rc -eq 0 ]] || fail "ADD $v exit $rc: $out $err"
  [[ "$out"$'\n' == "$(cat "$testdata/golden/add_$v.json")"$'\n' ]] ||
    fail "ADD $v output differs from golden: $out"
  [[ -z "$err" ]] || fail "ADD $v wrote to stderr: $err"
  add_result=$out

  # CHECK with the ADD result as prevResult (CHECK exists from 0.4.0).
  prev_config=$(config_for "$v" | sed '$ d')",\"prevResult\": $add_result}"
  run CHECK "$prev_config"
  case $v in
    0.4.0 | 1.*)
      [[ $rc -eq 0 && -z "$out" ]] || fail "CHECK $v: exit $rc: $out" ;;
    *)
      [[ $rc -eq 1 && "$out" == *'"code":1'* ]] ||
        fail "CHECK $v should be refused with code 1: exit $rc: $out" ;;
  esac

  # DEL: silent success, twice.
  for i in 1 2; do
    run DEL "$(config_for "$v")"
    [[ $rc -eq 0 && -z "$out" ]] || fail "DEL $v #$i: exit $rc: $out"
  done

  # VERSION echoes the requested version.
  run VERSION "{\"cniVersion\":\"$v\"}"
  [[ $rc -eq 0 && "$out" == "{\"cniVersion\":\"$v\",\"supportedVersions\":"* ]] ||
    fail "VERSION $v: exit $rc: $out"

  # STATUS and GC exist from 1.1.0.
  for cmd in STATUS GC; do
    run "$cmd" "$(config_for "$v")"
    if [[ $v == 1.1.0 ]]; then
      [[ $rc -eq 0 && -z "$out" ]] || fail "$cmd $v: exit $rc: $out"
    else
      [[ $rc -eq 1 && "$out" == *'"code":1'* ]] ||
        fail "$cmd $v should be refused with code 1: exit $rc: $out"
    fi
  done
done

# VERSION without input: the newest version.
run VERSION ""
[[ $rc -eq 0 && "$out"$'\n' == "$(cat "$testdata/golden/version.json")"$'\n' ]] ||
  fail "VERSION without input: $out"

# Errors: an error object on stdout, one line on stderr, exit 1.
run ADD '{"cniVersion":"1.0.0","name":"n","ipam":{"index":15}}'
[[ $rc -eq 1 && "$out" == '{"cniVersion":"1.0.0","code":101,"msg":"index out of range",'* ]] ||
  fail "out-of-range ADD: exit $rc: $out"
[[ $(printf '%s\n' "$err" | wc -l) -eq 1 && "$err" == "index2ip: ADD "* ]] ||
  fail "out-of-range ADD stderr: $err"

run ADD "$(config_for 1.0.0)" CNI_IFNAME=
[[ $rc -eq 1 && "$out" == *'"code":4'* && "$out" == *CNI_IFNAME* ]] ||
  fail "missing CNI_IFNAME: exit $rc: $out"

# Upstream compatibility: an unknown command runs ADD, with a warning.
run bogus "$(config_for 0.3.1)"
[[ $rc -eq 0 && "$out" == *'"4.14.159.117/26"'* && "$err" == *"running ADD"* ]] ||
  fail "unknown command: exit $rc: $out $err"

# The pod-name rule, end to end.
run ADD '{"cniVersion":"1.0.0","name":"n"}' \
  CNI_ARGS="IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=ndt-index12-111234-aa3b1"
[[ $rc -eq 0 && "$out" == *'"4.14.159.124/26"'* && "$out" == *'"2001:1900:2100:2d::124/64"'* ]] ||
  fail "pod name index: exit $rc: $out"

# A closed stdout is a failed ADD, not a silent success (upstream dropped
# the write error).
printf '%s' "$(config_for 1.0.0)" | env -i CNI_COMMAND=ADD CNI_CONTAINERID=c \
  CNI_NETNS=/x CNI_IFNAME=eth0 \
  PROC_CMDLINE_FOR_TESTING="$(cat "$testdata/cmdlines/mlab4_lga0t.txt")" \
  "$plugin" >&- 2>/dev/null
rc=$?
checks=$((checks + 1))
[[ $rc -eq 1 ]] || fail "ADD with stdout closed exited $rc, want 1"

# Reserved addresses: the router's own address is never a pod's.
run ADD '{"cniVersion":"0.3.1","name":"n","ipam":{"index":5}}' \
  PROC_CMDLINE_FOR_TESTING="epoxy.ipv4=10.0.0.1/29,10.0.0.6,8.8.8.8,8.8.4.4"
[[ $rc -eq 1 && "$out" == *'"code":101,"msg":"address reserved"'* &&
   "$out" == *"10.0.0.6 is the gateway (epoxy.ipv4)"* ]] ||
  fail "gateway index: exit $rc: $out"

# maxIndex bounds what the pod chooses; an operator's index above it is a
# contradiction in the config.
run ADD '{"cniVersion":"0.3.1","name":"n","ipam":{"maxIndex":12}}' \
  CNI_ARGS="IgnoreUnknown=1;K8S_POD_NAME=ndt-index13-abc"
[[ $rc -eq 1 && "$out" == *'"code":101'* && "$out" == *"ipam.maxIndex 12"* ]] ||
  fail "pod index past maxIndex: exit $rc: $out"
run ADD '{"cniVersion":"0.3.1","name":"n","ipam":{"maxIndex":12}}' \
  CNI_ARGS="IgnoreUnknown=1;K8S_POD_NAME=ndt-index12-abc"
[[ $rc -eq 0 && "$out" == *"4.14.159.124/26"* ]] ||
  fail "pod index at maxIndex: exit $rc: $out"
run ADD '{"cniVersion":"0.3.1","name":"n","ipam":{"index":13,"maxIndex":12}}'
[[ $rc -eq 1 && "$out" == *'"code":7'* ]] ||
  fail "ipam.index past maxIndex: exit $rc: $out"

echo "$checks checks, $failures failures"
[[ $failures -eq 0 ]]
