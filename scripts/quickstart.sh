#!/usr/bin/env bash
# The README's two commands:
#   scripts/quickstart.sh demo   install what is missing, build, run the flagship demo
#   scripts/quickstart.sh test   install what is missing, build, run the whole test suite
#                                (normal build, then ASan+UBSan, then the real-thread tests
#                                under TSan, then 60 s of each libFuzzer target: fuzz/run.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake make libboost-context-dev catch2 librapidcheck-dev libbenchmark-dev
          libcli11-dev nlohmann-json3-dev valgrind clang-16 libclang-rt-16-dev  # clang >= 15 + libFuzzer: fuzz/run.sh
          chromium)  # headless, for the report.html_chromium test (tests/html/)
jobs=$(nproc 2>/dev/null || echo 2)

install_missing() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "== installing: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
}

build() {  # build DIR [cmake args...] [-- target...]  (no targets: all of them)
  local dir="$1"; shift
  local args=() targets=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do args+=("$1"); shift; done
  [ $# -gt 0 ] && shift && targets=(--target "$@")
  echo "== building $dir"
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${args[@]}" >/dev/null
  cmake --build "$dir" -j"$jobs" "${targets[@]}"
}

demo() {
  build build
  local weft=build/bin/weft out schedule
  echo
  echo "== weft run lost_update   (two threads, counter += 1 each, no lock)"
  set +e
  out=$("$weft" run lost_update --explain); local rc=$?
  set -e
  echo "$out"
  [ "$rc" -eq 1 ] || { echo "demo: expected the lost update to be found (exit 1), got $rc"; exit 1; }
  schedule=$(grep -o 'weft1:[^ ]*' <<<"$out" | head -n 1)
  echo
  echo "== weft replay lost_update $schedule"
  set +e
  "$weft" replay lost_update "$schedule"; rc=$?
  set -e
  [ "$rc" -eq 1 ] || { echo "demo: expected the replay to fail the same way (exit 1), got $rc"; exit 1; }
  echo
  echo "== a corrupted schedule string is refused (exit 2):"
  set +e
  "$weft" replay lost_update "${schedule%??}xx"; rc=$?
  set -e
  [ "$rc" -eq 2 ] || { echo "demo: expected exit 2 for a corrupted string, got $rc"; exit 1; }
  echo
  echo "demo: the lost update was found, replayed identically, and a bad string was refused."
}

run_tests() {  # run_tests DIR [ctest args...]
  local dir="$1"; shift
  echo "== testing $dir"
  ctest --test-dir "$dir" --output-on-failure -j"$jobs" "$@"
}

tests() {
  build build
  run_tests build
  build build-asan -DWEFT_SANITIZE=address,undefined -DWEFT_BUILD_BENCH=OFF
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 run_tests build-asan
  # TSan checks the real-thread backend: every test that runs real threads (the lock_tests
  # ports run each body on real threads too). The simulator's long searches are left to
  # the two builds above, except the tests of parallel workers (Options::jobs), whose
  # coordination TSan must see (for dfs, one small search: the split dfs tests run thousands
  # of executions, which TSan's fiber bookkeeping makes take minutes and gigabytes). All of
  # these tests are in weft_tests, so that is the one program built.
  build build-tsan -DWEFT_SANITIZE=thread -DWEFT_BUILD_BENCH=OFF -- weft_tests
  TSAN_OPTIONS=halt_on_error=1 run_tests build-tsan -R '^(real threads|lock_tests|Timer|Local|queue|pool|future|parallel workers)'
  fuzz/run.sh 60  # docs/fuzzing.md: the schedule decoder, WEFT_* parsing and the CLI, 60 s each
}

case "${1:-}" in
  demo) install_missing; demo ;;
  test) install_missing; tests ;;
  *) echo "usage: scripts/quickstart.sh demo|test" >&2; exit 2 ;;
esac
