#!/usr/bin/env bash
# Compares two commands on a busy machine: runs them in turns (A, B, A, B, ...), reads one
# figure from each run's output, and prints every pair, each side's median and in how many
# pairs B's figure was the smaller. The development machine is shared: its speed changes from
# one minute to the next (the same search took 1.3 s and 2.1 s a minute apart), so only runs
# taken side by side compare, and a median of pairs says more than any single run.
#
#   bench/paired.sh [-n ROUNDS] -p PATTERN -a 'COMMAND A' -b 'COMMAND B'
#
# PATTERN is a sed -E regular expression with one group, the figure (smaller is better), found
# in the command's standard output or error. Example, one dpor search with one and two jobs:
#   bench/paired.sh -n 10 -p 'traces; ([0-9.]+) s' \
#     -a 'WEFT_JOBS=1 build/bench/weft_bench_dpor lastzero 15' \
#     -b 'WEFT_JOBS=2 build/bench/weft_bench_dpor lastzero 15'
set -euo pipefail

usage() {
  echo "usage: $0 [-n ROUNDS] -p PATTERN -a 'COMMAND A' -b 'COMMAND B'   (see the comment at its top)" >&2
  exit 2
}

rounds=10 pattern="" cmd_a="" cmd_b=""
while getopts "n:p:a:b:h" opt; do
  case "$opt" in
    n) rounds=$OPTARG ;;
    p) pattern=$OPTARG ;;
    a) cmd_a=$OPTARG ;;
    b) cmd_b=$OPTARG ;;
    *) usage ;;
  esac
done
[[ -n "$pattern" && -n "$cmd_a" && -n "$cmd_b" ]] || usage
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "$0: -n takes a whole number above 0, not '$rounds'" >&2; exit 2; }

# The figure PATTERN's group captures in the output of `bash -c "$1"`; exits when it is absent.
figure() {
  local out value
  out=$(bash -c "$1" 2>&1) || { echo "$0: this command failed: $1" >&2; echo "$out" | tail -5 >&2; exit 1; }
  value=$(printf '%s\n' "$out" | sed -nE "s/.*${pattern//\//\\/}.*/\\1/p" | head -1)  # a / in PATTERN escaped
  if [[ -z "$value" ]]; then
    echo "$0: no figure matching '$pattern' in the output of: $1" >&2
    echo "$out" | tail -5 >&2
    exit 1
  fi
  echo "$value"
}

a_values=() b_values=()
for ((k = 1; k <= rounds; ++k)); do
  a=$(figure "$cmd_a")
  b=$(figure "$cmd_b")
  a_values+=("$a")
  b_values+=("$b")
  echo "pair $k: A $a  B $b"
done

for ((k = 0; k < rounds; ++k)); do echo "${a_values[k]} ${b_values[k]}"; done | awk -v n="$rounds" '
  { a[NR] = $1; b[NR] = $2; if ($2 < $1) wins++ }
  function median(v, m,   i, j, t) {
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
  }
  END {
    ma = median(a, n); mb = median(b, n)
    printf "median A %g, median B %g (B/A %.3f); B smaller in %d of %d pairs\n", ma, mb, mb / ma, wins, n
  }'
