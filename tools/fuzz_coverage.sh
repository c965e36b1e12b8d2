#!/bin/bash
# The fuzzers' line coverage: what the seed corpora and regressions reach.
# Run through `tools/fuzz.sh --coverage [FUZZER...]`.
#
# Builds the fuzz targets with --config=fuzzcov (clang, -fprofile-instr-generate
# -fcoverage-mapping, no sanitizers, fuzz/standalone_main.cc as main), runs
# each once over testdata/fuzz/<name>/ and testdata/fuzz/regressions/<name>/,
# merges the profiles (llvm-profdata-14) and writes, in fuzz-out/coverage/:
#   html/index.html  llvm-cov-14's report, every line of every file;
#   lines.tsv        file, lines, lines missed, percent;
#   lines.md         the same as a Markdown table, as fuzz/README.md keeps it.
# Files under kTargeted must reach 90% of their lines; the last line is
# "N passed, M failed" over those files, and the exit status says the same.
set -uo pipefail
cd "$(dirname "$0")/.."

names=("$@")
out=fuzz-out/coverage
rm -rf "$out"
mkdir -p "$out/profiles"

targets=()
for name in "${names[@]}"; do targets+=("//fuzz:$name"); done
echo "== building ${#targets[@]} fuzzers with --config=fuzzcov"
if ! tools/bazel build --config=fuzzcov "${targets[@]}" >"$out/build.log" 2>&1; then
  cat "$out/build.log" >&2
  echo "tools/fuzz_coverage.sh: the coverage build failed"
  echo "0 passed, 1 failed"
  exit 1
fi
bin=$(tools/bazel info --config=fuzzcov bazel-bin 2>/dev/null)/fuzz

objects=()
for name in "${names[@]}"; do
  inputs=("testdata/fuzz/$name")
  [[ -d "testdata/fuzz/regressions/$name" ]] &&
    inputs+=("testdata/fuzz/regressions/$name")
  echo "== replaying $(find "${inputs[@]}" -type f | wc -l) inputs through $name"
  if ! LLVM_PROFILE_FILE="$out/profiles/$name.profraw" \
      "$bin/$name" "${inputs[@]}" >"$out/$name.log" 2>&1; then
    tail -5 "$out/$name.log" >&2
    echo "tools/fuzz_coverage.sh: $name failed on its corpus"
    echo "0 passed, 1 failed"
    exit 1
  fi
  if ((${#objects[@]} == 0)); then objects+=("$bin/$name"); else objects+=(-object "$bin/$name"); fi
done

llvm-profdata-14 merge -sparse "$out"/profiles/*.profraw -o "$out/merged.profdata"
# Our code only: not the generated protobuf code, the tests, the fuzz
# targets themselves or anything from external/.
ignore='(^|/)(external|fuzz|bazel-out)/|_test\.cc$|\.pb\.(h|cc)$|/usr/|protobuf_json\.h$'
llvm-cov-14 show "${objects[@]}" -instr-profile="$out/merged.profdata" \
  -ignore-filename-regex="$ignore" -format=html -output-dir="$out/html" \
  -show-line-counts-or-regions
llvm-cov-14 export "${objects[@]}" -instr-profile="$out/merged.profdata" \
  -ignore-filename-regex="$ignore" -summary-only >"$out/summary.json"

python3 - "$out" <<'PY'
import json, re, sys
out = sys.argv[1]
# The parsers of untrusted text, the quoting rule and the address math: 90%
# of their lines.
TARGETED = re.compile(r"^(base/(quote|utf8)\.|cni/|json/|netutil/|claims/format\."
                      r"|index2ip/ipam/(host_config|index_source|requested_address)\.)")
data = json.load(open(out + "/summary.json"))
rows = []
for f in data["data"][0]["files"]:
    name = re.sub(r"^(/proc/self/cwd/|.*?/execroot/index2ip/)", "", f["filename"])
    lines = f["summary"]["lines"]
    rows.append((name, lines["count"], lines["count"] - lines["covered"],
                 lines["percent"]))
rows.sort()
passed = failed = 0
with open(out + "/lines.tsv", "w") as tsv, open(out + "/lines.md", "w") as md:
    tsv.write("file\tlines\tmissed\tpercent\ttarget\n")
    md.write("| file | lines | missed | covered | target |\n|---|---:|---:|---:|---|\n")
    for name, count, missed, pct in rows:
        # A header of macros only has no lines to cover.
        target = "90%" if TARGETED.match(name) and count > 0 else "-"
        if target != "-":
            if pct >= 90.0:
                passed += 1
            else:
                failed += 1
                target = "90% (below)"
        tsv.write("%s\t%d\t%d\t%.1f\t%s\n" % (name, count, missed, pct, target))
        md.write("| `%s` | %d | %d | %.1f%% | %s |\n" % (name, count, missed, pct, target))
print(open(out + "/lines.md").read())
print("report: %s/html/index.html" % out)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
