#!/bin/bash
# Formats the tree: clang-format (.clang-format, Google style) for every
# tracked C, C++ and .proto file, buildifier (tools/buildifier, pinned) for
# every BUILD, WORKSPACE and .bzl file.
#
#   tools/format.sh           rewrites the files in place
#   tools/format.sh --check   changes nothing; lists what is not formatted
#                             and fails (.ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."

check=0
[[ "${1:-}" == "--check" ]] && check=1

mapfile -t cpp < <(git ls-files '*.cc' '*.h' '*.c' '*.proto')
mapfile -t starlark < <(git ls-files |
  grep -E '(^|/)(BUILD(\.bazel)?|WORKSPACE)$|\.bzl$|\.BUILD$')

if ((check == 0)); then
  clang-format -i "${cpp[@]}"
  tools/buildifier -lint=off "${starlark[@]}"
  exit 0
fi

status=0
unformatted=()
for f in "${cpp[@]}"; do
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || unformatted+=("$f")
done
if ((${#unformatted[@]} > 0)); then
  echo "FAIL: not clang-formatted (run tools/format.sh): ${unformatted[*]}"
  status=1
fi
if ! out=$(tools/buildifier -mode=check -lint=off "${starlark[@]}" 2>&1); then
  echo "FAIL: not buildifier-formatted (run tools/format.sh):"
  echo "$out"
  status=1
fi
((status == 0)) && echo "PASS: ${#cpp[@]} C/C++/proto and ${#starlark[@]} Starlark files formatted"
exit $status
