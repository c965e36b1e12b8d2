#!/bin/bash
# Checks that the WORKSPACE's Debian version pins are enforced, for a library
# (libre2-dev) and for the toolchain (libc6-dev, whose static libc is linked
# into the plugin): in a copy of the tree whose pin names another version,
# Bazel must stop with a message that names the package. Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bazel_bin="${BAZEL_REAL:-/usr/bin/bazel-4}"

work=$(mktemp -d /tmp/index2ip-pin.XXXXXX)
cleanup() {
  "$bazel_bin" --output_base="$work/out" shutdown >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# check PACKAGE PIN: the build of a tree whose PACKAGE pin is 19990101 stops.
check() {
  local package=$1 pin=$2
  rm -rf "$work/tree"
  mkdir -p "$work/tree"
  git -C "$root" ls-files -z | (cd "$root" && xargs -0 cp -P --parents -t "$work/tree")
  sed -i "s/\"$package\": \"$pin\"/\"$package\": \"19990101\"/" "$work/tree/WORKSPACE"
  grep -q "\"$package\": \"19990101\"" "$work/tree/WORKSPACE" ||
    { echo "FAIL: could not change the $package pin in the copied WORKSPACE" >&2; exit 1; }
  if (cd "$work/tree" && "$bazel_bin" --output_base="$work/out" build --nobuild //index2ip:plugin) >"$work/log" 2>&1; then
    echo "FAIL: the build went on with a mismatched $package pin" >&2
    exit 1
  fi
  if ! grep -q "Debian package '$package' is version .* but this workspace is built and tested against 19990101" "$work/log"; then
    echo "FAIL: the build failed, but not with the version message:" >&2
    cat "$work/log" >&2
    exit 1
  fi
  echo "PASS: a mismatched $package stops the build with: $(grep -o "Debian package '$package'[^*]*\*" "$work/log" | head -1)"
}

check libre2-dev 20220601
check libc6-dev 2.36-
