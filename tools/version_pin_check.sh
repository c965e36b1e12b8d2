#!/bin/bash
# Checks that the WORKSPACE's Debian version pins are enforced: in a copy of
# the tree whose libre2-dev pin names another version, Bazel must stop with a
# message that names the package. Run by .ci/run.
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

mkdir -p "$work/tree"
git -C "$root" ls-files -z | (cd "$root" && xargs -0 cp -P --parents -t "$work/tree")
sed -i 's/"libre2-dev": "20220601"/"libre2-dev": "19990101"/' "$work/tree/WORKSPACE"
grep -q '"libre2-dev": "19990101"' "$work/tree/WORKSPACE" ||
  { echo "FAIL: could not change the pin in the copied WORKSPACE" >&2; exit 1; }

if (cd "$work/tree" && "$bazel_bin" --output_base="$work/out" build --nobuild //index2ip:plugin) >"$work/log" 2>&1; then
  echo "FAIL: the build went on with a mismatched libre2-dev pin" >&2
  exit 1
fi
if ! grep -q "Debian package 'libre2-dev' is version .* but this workspace is built and tested against 19990101" "$work/log"; then
  echo "FAIL: the build failed, but not with the version message:" >&2
  cat "$work/log" >&2
  exit 1
fi
echo "PASS: a mismatched libre2-dev stops the build with: $(grep -o "Debian package 'libre2-dev'[^.]*" "$work/log" | head -1)"
