#!/bin/bash
# Continuous fuzzing: builds every fuzz target with --config=fuzz (clang,
# libFuzzer, ASan + UBSan) and runs each for a while on a working copy of its
# seed corpus.
#
#   tools/fuzz.sh                      # each fuzzer 60 s, one at a time
#   tools/fuzz.sh 600 --jobs 2         # 10 minutes each, two at a time
#   tools/fuzz.sh 300 --merge          # and merge new coverage into testdata/
#   tools/fuzz.sh 20 plugin_fuzzer     # only the fuzzers named
#   tools/fuzz.sh --coverage           # line coverage of the corpora (no fuzzing)
#
# Each fuzzer reads testdata/fuzz/<name>/ and testdata/fuzz/regressions/<name>/
# and writes what it finds to fuzz-out/<name>/corpus/ (the working copy); the
# seed corpus is changed only by --merge (libFuzzer -merge=1: the inputs of
# the working copy that add coverage are copied into testdata/fuzz/<name>/).
# Crashes, leaks, timeouts and OOMs go to fuzz-out/<name>/artifacts/; the
# script names them, and a fuzzer that found one fails the run. Turn one into
# a regression test by moving it to testdata/fuzz/regressions/<name>/ under a
# descriptive name (fuzz/README.md).
#
# The last line is "N passed, M failed" (a fuzzer that ran clean passes);
# fuzz-out/summary.tsv has each fuzzer's executions, coverage and corpus size.
#
# --coverage builds the fuzzers with clang's source-based coverage
# (--config=fuzzcov), replays each one's seed corpus and regressions once,
# and writes fuzz-out/coverage/: index.html (llvm-cov's report, per file and
# line), lines.md (a per-file line-coverage table) and lines.tsv. The parsers
# and the address math must reach 90% of their lines; the line
# "N passed, M failed" counts those files.
set -uo pipefail
cd "$(dirname "$0")/.."

usage() {
  echo "usage: tools/fuzz.sh [SECONDS] [--merge] [--jobs N] [--coverage] [FUZZER...]" >&2
  exit 2
}

seconds=60
coverage=0
merge=0
jobs=1
names=()
while (($# > 0)); do
  case $1 in
    --merge) merge=1 ;;
    --coverage) coverage=1 ;;
    --jobs) shift; [[ ${1:-} =~ ^[1-9][0-9]*$ ]] || usage; jobs=$1 ;;
    -h | --help) usage ;;
    [0-9]*) [[ $1 =~ ^[0-9]+$ ]] || usage; seconds=$1 ;;
    *_fuzzer) names+=("$1") ;;
    *) usage ;;
  esac
  shift
done
if ((${#names[@]} == 0)); then
  for src in fuzz/*_fuzzer.cc; do
    names+=("$(basename "$src" .cc)")
  done
fi

targets=()
for name in "${names[@]}"; do
  [[ -f "fuzz/$name.cc" ]] || { echo "tools/fuzz.sh: no fuzz/$name.cc" >&2; exit 2; }
  targets+=("//fuzz:$name")
done

if ((coverage)); then
  exec tools/fuzz_coverage.sh "${names[@]}"
fi

echo "== building ${#targets[@]} fuzzers with --config=fuzz"
build_log=$(mktemp)
if ! tools/bazel build --config=fuzz "${targets[@]}" >"$build_log" 2>&1; then
  # gold's "Cannot export local symbol" warnings about ASan internals are noise.
  grep -v "Cannot export local symbol" "$build_log" >&2
  rm -f "$build_log"
  echo "tools/fuzz.sh: the fuzz build failed"
  echo "0 passed, ${#names[@]} failed"
  exit 1
fi
rm -f "$build_log"
bin=$(tools/bazel info --config=fuzz bazel-bin 2>/dev/null)/fuzz

out=fuzz-out
mkdir -p "$out"

# run NAME: one fuzzer for $seconds; its log in fuzz-out/NAME.log.
run() {
  local name=$1
  local dir=$out/$name
  mkdir -p "$dir/corpus" "$dir/artifacts"
  local inputs=("$dir/corpus" "testdata/fuzz/$name")
  [[ -d "testdata/fuzz/regressions/$name" ]] &&
    inputs+=("testdata/fuzz/regressions/$name")
  local dict=()
  [[ -f "fuzz/$name.dict" ]] && dict=("-dict=fuzz/$name.dict")
  # -timeout: one input taking 25 s (OSS-Fuzz's limit) is a hang for a parser
  # of a few KiB; less fails spuriously on a loaded 2-core machine.
  # -rss_limit_mb: libFuzzer's default (2 GiB), stated. Leak checking is
  # libFuzzer's default with ASan. UBSan aborts (-fno-sanitize-recover).
  "$bin/$name" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "${dict[@]}" \
    "${inputs[@]}" >"$out/$name.log" 2>&1
  echo $? >"$dir/exit_code"
  if ((merge)); then
    "$bin/$name" -merge=1 "${dict[@]}" "testdata/fuzz/$name" "$dir/corpus" \
      >"$out/$name.merge.log" 2>&1
    echo $? >"$dir/merge_exit_code"
  fi
}

echo "== running ${#names[@]} fuzzers, ${seconds}s each, $jobs at a time"
running=0
for name in "${names[@]}"; do
  rm -rf "${out:?}/$name/artifacts"
  run "$name" &
  running=$((running + 1))
  if ((running >= jobs)); then
    wait -n
    running=$((running - 1))
  fi
done
wait

passed=0
failed=0
printf 'fuzzer\texit\texecs\tcov\tft\tcorpus_files\tcorpus_bytes\tpeak_rss_mb\n' >"$out/summary.tsv"
for name in "${names[@]}"; do
  dir=$out/$name
  log=$out/$name.log
  code=$(cat "$dir/exit_code" 2>/dev/null || echo "?")
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  # The last status line: "#N  DONE  cov: C ft: F corp: K/SIZE ...".
  status=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$status")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$status")
  corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p' <<<"$status")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$code" "${execs:-?}" \
    "${cov:-?}" "${ft:-?}" "${corp%%/*}" "${corp#*/}" "${rss:-?}" >>"$out/summary.tsv"
  artifacts=("$dir"/artifacts/*)
  [[ -e "${artifacts[0]}" ]] || artifacts=()
  if [[ "$code" == 0 && ${#artifacts[@]} -eq 0 ]]; then
    echo "PASSED $name: ${execs:-?} executions, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}"
    passed=$((passed + 1))
  else
    echo "FAILED $name (exit $code), log $log"
    grep -E 'ERROR: libFuzzer|FUZZ CHECK FAILED|runtime error|SUMMARY:' "$log" | head -5 | cut -c1-300
    for a in "${artifacts[@]}"; do
      echo "  input: $a   (reproduce: $bin/$name $a)"
    done
    failed=$((failed + 1))
  fi
  if ((merge)); then
    if [[ "$(cat "$dir/merge_exit_code" 2>/dev/null)" == 0 ]]; then
      echo "  merged into testdata/fuzz/$name/: $(sed -n 's/.*MERGE-OUTER: \([0-9]* new files\).*/\1/p' "$out/$name.merge.log" | tail -1)"
    else
      echo "  merge failed, log $out/$name.merge.log"
      failed=$((failed + 1))
    fi
  fi
done
echo "summary: $out/summary.tsv"
echo "$passed passed, $failed failed"
((failed == 0))
