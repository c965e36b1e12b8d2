#!/bin/bash
# Builds `-c opt //index2ip:plugin` twice, from two copies of the workspace in
# different directories with fresh output bases, and checks that the two
# binaries are bit-identical. Run by .ci/run; takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bazel_bin="${BAZEL_REAL:-/usr/bin/bazel-4}"

work=$(mktemp -d /tmp/index2ip-repro.XXXXXX)
cleanup() {
  for d in a b; do
    [[ -d "$work/out-$d" ]] && "$bazel_bin" --output_base="$work/out-$d" shutdown >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

declare -A sums
for d in a b; do
  mkdir -p "$work/src-$d/tree-$d"
  # The tracked files only, as a clean checkout has them.
  git -C "$root" ls-files -z | (cd "$root" && xargs -0 cp -P --parents -t "$work/src-$d/tree-$d")
  (cd "$work/src-$d/tree-$d" &&
    "$bazel_bin" --output_base="$work/out-$d" build -c opt //index2ip:plugin >"$work/log-$d" 2>&1) ||
    { cat "$work/log-$d" >&2; echo "build $d failed" >&2; exit 1; }
  sums[$d]=$(sha256sum "$work/out-$d/execroot/index2ip/bazel-out/k8-opt/bin/index2ip/plugin" | cut -d' ' -f1)
  echo "build $d ($work/src-$d/tree-$d): ${sums[$d]}"
done

# What the bytes depend on, with Debian's full revisions (the pins in
# WORKSPACE name upstream versions only).
echo "built with: $(dpkg-query -W -f='${Package} ${Version}, ' gcc-12 g++-12 \
  libc6-dev binutils libabsl-dev libre2-dev libprotobuf-dev rapidjson-dev |
  sed 's/, $//')"

if [[ "${sums[a]}" != "${sums[b]}" ]]; then
  echo "FAIL: the two builds differ" >&2
  exit 1
fi
echo "PASS: reproducible, sha256 ${sums[a]}"
