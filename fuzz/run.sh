#!/usr/bin/env bash
# Builds the libFuzzer targets in build-fuzz (clang >= 15, -DWEFT_FUZZ=ON) and runs each for a
# bounded time. Usage: fuzz/run.sh [SECONDS per target, default 60] [target...]
#
# Each target starts from its seed corpus fuzz/corpus/<target>/ (every crash ever found is kept
# there, so it is replayed first on every run) plus the inputs earlier runs found, kept in
# build-fuzz/corpus/<target>/. A finding (crash, sanitizer report, leak, timeout) is saved to
# build-fuzz/findings/<target>/ and the script exits 1 after running the other targets.
# Prints per target the executions run and the coverage reached (libFuzzer's final cov:/ft:).
# WEFT_FUZZ_BUILD_JOBS sets the build's parallelism (default: every core).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(schedule_decoder_fuzz environment_fuzz cli_args_fuzz)
dir=build-fuzz

# std::source_location needs clang 15 or newer with libstdc++.
cxx=""
for c in clang++ clang++-19 clang++-18 clang++-17 clang++-16 clang++-15; do
  command -v "$c" >/dev/null 2>&1 || continue
  major=$("$c" -dumpversion | cut -d. -f1)
  if [ "$major" -ge 15 ]; then cxx="$c"; break; fi
done
[ -n "$cxx" ] || { echo "fuzz: needs clang++ 15 or newer (with libclang-rt-<version>-dev for libFuzzer)" >&2; exit 2; }

echo "== building the fuzz targets in $dir with $cxx"
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$dir" -DCMAKE_CXX_COMPILER="$cxx" "${launcher[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DWEFT_FUZZ=ON -DWEFT_BUILD_TESTS=OFF -DWEFT_BUILD_BENCH=OFF -DWEFT_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$dir" -j"${WEFT_FUZZ_BUILD_JOBS:-$(nproc 2>/dev/null || echo 2)}" --target "${targets[@]}" >/dev/null

declare -A extra=(
  [environment_fuzz]="-dict=fuzz/environment.dict"
  [cli_args_fuzz]="-dict=fuzz/cli_args.dict -close_fd_mask=3"  # the CLI's own output is not the fuzzer's
)
failed=()
for t in "${targets[@]}"; do
  mkdir -p "$dir/corpus/$t" "$dir/findings/$t"
  log="$dir/fuzz-$t.log"
  echo "== fuzzing $t for ${seconds}s (log: $log)"
  set +e
  # shellcheck disable=SC2086  # extra flags split on purpose
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$dir/fuzz/$t" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$dir/findings/$t/" ${extra[$t]:-} "$dir/corpus/$t" "fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  set -e
  final=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  cov=$(grep -o 'cov: [0-9]*' <<<"$final" | grep -o '[0-9]*' || true)
  ft=$(grep -o 'ft: [0-9]*' <<<"$final" | grep -o '[0-9]*' || true)
  echo "   $t: ${runs:-?} executions, cov ${cov:-?} edges, ft ${ft:-?} features; exit $rc"
  if [ "$rc" -ne 0 ]; then
    failed+=("$t")
    echo "   FINDING in $t: the last lines of $log:"
    tail -n 30 "$log" | sed 's/^/   | /'
    echo "   saved inputs: $(ls "$dir/findings/$t" | sed "s|^|$dir/findings/$t/|" | tr '\n' ' ')"
    echo "   reproduce with: $dir/fuzz/$t <input>; fix it, then keep the input in fuzz/corpus/$t/ and add a test"
  fi
done
if [ ${#failed[@]} -ne 0 ]; then echo "fuzz: findings in ${failed[*]}" >&2; exit 1; fi
echo "fuzz: no findings"
