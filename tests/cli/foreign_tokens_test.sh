#!/usr/bin/env bash
# Every scenario replays every failing scenario's schedule string: a foreign string must end
# as a report (exit 1: diverged or failed) or a pass (exit 0), never as a crash (134, 139), a
# hang (124: killed after 20 s) or a refusal of the string (2).
# Usage: foreign_tokens_test.sh path/to/weft [parallel jobs, default 2]
set -u
weft="$1"
jobs="${2:-2}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

"$weft" list >"$tmp/list" || { echo "FAIL weft list exited $?"; exit 1; }
cut -d' ' -f1 "$tmp/list" >"$tmp/names"

# The failing scenarios (their summary says "-> fails", "-> deadlock", "-> data race" or
# "-> lock-order inversion", or "fails with --timeouts explore": a string that carries that
# policy) and their strings.
: >"$tmp/tokens"
while read -r s flags; do
  timeout -k 5 60 "$weft" run "$s" $flags >"$tmp/run.out" 2>&1; rc=$?
  token=$(grep -o 'weft1:[A-Za-z0-9_-]\+' "$tmp/run.out" | head -n 1)
  if [ $rc -ne 1 ] || [ -z "$token" ]; then
    echo "FAIL weft run $s $flags: exit $rc (expected 1 with a schedule string)"
    fails=$((fails + 1))
    continue
  fi
  echo "$s $token" >>"$tmp/tokens"
done < <(grep -- ' -> \(fails\|deadlock\|data race\|lock-order inversion\)' "$tmp/list" | cut -d' ' -f1
         grep -F -- 'fails with --timeouts explore)' "$tmp/list" | cut -d' ' -f1 | sed 's/$/ --timeouts explore/')

# One line per pair: "<scenario> <string> <scenario the string came from>".
while read -r from token; do
  while read -r name; do echo "$name $token $from"; done <"$tmp/names"
done <"$tmp/tokens" >"$tmp/pairs"

xargs -P "$jobs" -L 1 bash -c 'exec 2>/dev/null; timeout -k 5 20 "$0" replay "$1" "$2" >/dev/null 2>&1; echo "$? $1 $3"' "$weft" \
  <"$tmp/pairs" >"$tmp/results"

bad=$(awk '$1 != 0 && $1 != 1' "$tmp/results" | sort -k3,3 -k2,2)
pairs=$(wc -l <"$tmp/pairs")
ran=$(wc -l <"$tmp/results")
if [ "$ran" -ne "$pairs" ]; then
  echo "FAIL only $ran of $pairs replays reported an exit status"
  fails=$((fails + 1))
fi
if [ -n "$bad" ]; then
  echo "FAIL $(echo "$bad" | wc -l) of $pairs replays neither passed nor failed (exit scenario token-from):"
  echo "$bad" | sed 's/^/  /'
  fails=$((fails + 1))
fi
echo "foreign tokens: $(wc -l <"$tmp/tokens") failing scenarios' strings x $(wc -l <"$tmp/names") scenarios," \
  "$pairs replays, $(awk '$1 == 0' "$tmp/results" | wc -l) passed, $(awk '$1 == 1' "$tmp/results" | wc -l) failed"
[ "$fails" -eq 0 ]
