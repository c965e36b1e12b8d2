#!/bin/bash
# Bazel's --workspace_status_command (set in .bazelrc, so it runs for every
# build): prints the version stamped into the plugin binary as
#
#   STABLE_INDEX2IP_VERSION <version>
#
# <version> is `git describe --tags --always --dirty --abbrev=12` when the
# workspace is the top of a git checkout ("v0.1.0-3-g4fa9db1c2e7f-dirty",
# or the commit's 12-digit hash before the first tag); else the first line
# of a VERSION file at the workspace root (a source tarball); else "unknown".
#
# It is a STABLE_ key: Bazel reruns the actions that read it when it
# changes, and only //index2ip:build_version_cc reads it. It is a function
# of the commit alone (a fixed --abbrev, no time, host or user), so two
# clean checkouts of one commit build bit-identical binaries
# (tools/reproducible_build_check.sh). Characters outside [A-Za-z0-9._+/-]
# become '_'. This script never fails: a failing status command fails every
# build.
set -uo pipefail
cd "$(dirname "$0")/.." 2>/dev/null || { echo "STABLE_INDEX2IP_VERSION unknown"; exit 0; }

version=""
# Only this workspace's own checkout: a copy inside another repository must
# not take that repository's commit.
top=$(git rev-parse --show-toplevel 2>/dev/null || true)
if [[ -n "$top" && "$top" -ef . ]]; then
  version=$(git describe --tags --always --abbrev=12 2>/dev/null || true)
  # What --dirty would add, without taking the index lock that `git describe
  # --dirty` takes to refresh it: Bazel runs this on every build, and a held
  # lock would fail a `git add` someone runs at that moment.
  if [[ -n "$version" ]] &&
    [[ -n "$(GIT_OPTIONAL_LOCKS=0 git status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
    version="$version-dirty"
  fi
fi
if [[ -z "$version" && -f VERSION ]]; then
  version=$(head -n 1 VERSION)
fi
version=$(printf '%s' "$version" | tr -c 'A-Za-z0-9._+/-' '_' | cut -c 1-128)
echo "STABLE_INDEX2IP_VERSION ${version:-unknown}"
