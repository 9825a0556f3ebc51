#!/usr/bin/env bash
# Builds bench/relacy/rounds.cpp against a Relacy checkout, for the side-by-side measurement
# of issue 13 (README, "Performance"). Relacy is header-only and never a dependency of weft.
#   bench/relacy/build.sh RELACY_DIR [OUTPUT]   (OUTPUT: build/relacy_rounds)
# Get Relacy with: git clone https://github.com/dvyukov/relacy RELACY_DIR  (measured at 9f25438)
set -euo pipefail
if [ $# -lt 1 ] || [ ! -f "$1/relacy/relacy_std.hpp" ]; then
  echo "usage: $0 RELACY_DIR [OUTPUT]: RELACY_DIR must be a checkout of github.com/dvyukov/relacy" >&2
  echo "(it holds relacy/relacy_std.hpp)" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
out="${2:-$here/../../build/relacy_rounds}"
# -w: Relacy's headers warn under modern compilers; weft's own code is not compiled here.
g++ -O2 -std=c++17 -w -I"$1" "$here/rounds.cpp" -o "$out"
echo "built $out; run it beside build/bench/weft_bench_explore --benchmark_filter=relacy"
