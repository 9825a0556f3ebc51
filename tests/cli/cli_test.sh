#!/usr/bin/env bash
# End-to-end checks of the weft CLI, as a user drives it. Usage: cli_test.sh path/to/weft
set -u
weft="$1"
fails=0
passes=0
t() { if eval "$2"; then echo "ok   $1"; passes=$((passes + 1)); else echo "FAIL $1"; fails=$((fails + 1)); fi; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$weft" list >"$tmp/list"; t "list exits 0" "[ $? -eq 0 ]"
t "list names the three core scenarios" "grep -q '^lost_update ' $tmp/list && grep -q '^locked_counter ' $tmp/list && grep -q '^lock_order_deadlock ' $tmp/list"

"$weft" run lost_update --max-executions 100 >"$tmp/lu" 2>&1; rc=$?
t "lost_update is found within 100 executions (exit 1)" "[ $rc -eq 1 ]"
t "the report has the interleaving table with both threads" "grep -q 'T1 Thread-1' $tmp/lu && grep -q 'T2 Thread-2' $tmp/lu && grep -q 'switch' $tmp/lu"
schedule=$(grep -o 'weft1:[^ ]*' "$tmp/lu" | head -n 1)
t "a schedule string is printed" "[ -n '$schedule' ]"

"$weft" replay lost_update "$schedule" >"$tmp/replay" 2>&1; rc=$?
t "replay shows the failure again (exit 1)" "[ $rc -eq 1 ]"
# The tables of the run and the replay are identical.
sed -n '/^step/,/^$/p' "$tmp/lu" >"$tmp/lu.table"
sed -n '/^step/,/^$/p' "$tmp/replay" >"$tmp/replay.table"
t "replay prints the identical interleaving" "[ -s $tmp/lu.table ] && cmp -s $tmp/lu.table $tmp/replay.table"

corrupt="${schedule%?}A"; [ "$corrupt" = "$schedule" ] && corrupt="${schedule%?}B"
"$weft" replay lost_update "$corrupt" >"$tmp/bad.out" 2>"$tmp/bad.err"; rc=$?
t "a corrupted schedule exits 2" "[ $rc -eq 2 ]"
t "with a one-line reason on stderr" "[ \$(wc -l <$tmp/bad.err) -eq 1 ] && grep -q 'weft:' $tmp/bad.err"

"$weft" run no_such_scenario >/dev/null 2>"$tmp/unknown"; rc=$?
t "an unknown scenario exits 2 with one line" "[ $rc -eq 2 ] && [ \$(wc -l <$tmp/unknown) -eq 1 ]"
"$weft" run lost_update --max-executions banana >/dev/null 2>"$tmp/flag"; rc=$?
t "a bad flag value exits 2 with one line" "[ $rc -eq 2 ] && [ \$(wc -l <$tmp/flag) -eq 1 ]"
# Bad numbers: one short line, exit 2, naming the flag, the value and what is accepted.
bad_number() {  # flag value expected-range
  "$weft" run locked_counter "$1" "$2" >"$tmp/num.out" 2>"$tmp/num.err"; rc=$?
  t "$1 '$2' is refused in one short line (exit 2, nothing run)" "[ $rc -eq 2 ] && [ \$(wc -l <$tmp/num.err) -eq 1 ] && [ \$(wc -c <$tmp/num.err) -lt 120 ] && [ ! -s $tmp/num.out ]"
  t "  saying: weft: $1: '$2' is not a number from $3" "grep -qxF \"weft: $1: '$2' is not a number from $3\" $tmp/num.err"
}
bad_number --seed -1 "0 to 18446744073709551615"
bad_number --seed 18446744073709551616 "0 to 18446744073709551615"
bad_number --seed '' "0 to 18446744073709551615"
bad_number --seed 12abc "0 to 18446744073709551615"
bad_number --max-executions -5 "1 to 18446744073709551615"
bad_number --max-executions abc "1 to 18446744073709551615"
bad_number --max-executions 0 "1 to 18446744073709551615"
bad_number --preemption-bound -2 "-1 to 1000"
bad_number --pct-depth x "1 to 1000"
"$weft" run locked_counter --seed 18446744073709551615 --max-executions 2 >"$tmp/seedmax" 2>&1; rc=$?
t "the largest seed runs, and the summary names it" "[ $rc -eq 0 ] && grep -q '(random, seed 18446744073709551615;' $tmp/seedmax"
"$weft" run locked_counter --seed 0x10 --max-executions 2 >"$tmp/seedhex" 2>&1; rc=$?
t "a 0x seed is hexadecimal" "[ $rc -eq 0 ] && grep -q '(random, seed 16;' $tmp/seedhex"

# The summary states what ran, WEFT_* variables included.
WEFT_STRATEGY=dfs "$weft" run locked_counter >"$tmp/env.dfs" 2>&1; rc=$?
t "WEFT_STRATEGY=dfs: the summary says dfs, not random" "[ $rc -eq 0 ] && grep -q 'passed [0-9]* executions (dfs;' $tmp/env.dfs && ! grep -q random $tmp/env.dfs"
WEFT_SEED=9 "$weft" run locked_counter --seed 4 --max-executions 2 >"$tmp/env.seed" 2>"$tmp/env.seed.err"; rc=$?
t "WEFT_SEED overrides --seed: the summary says seed 9, with a warning" "[ $rc -eq 0 ] && grep -q '(random, seed 9;' $tmp/env.seed && grep -q 'warning: WEFT_SEED=9 overrides --seed' $tmp/env.seed.err"

# Flags that would not change the run are refused, not ignored.
refused() {  # description grep-pattern args...
  local what="$1" pattern="$2"; shift 2
  "$weft" run "$@" >"$tmp/na.out" 2>"$tmp/na.err"; rc=$?
  t "$what is refused (exit 2, one line)" "[ $rc -eq 2 ] && [ \$(wc -l <$tmp/na.err) -eq 1 ] && grep -q -- '$pattern' $tmp/na.err && [ ! -s $tmp/na.out ]"
}
refused "--preemption-bound with random" "--preemption-bound applies only to the dfs strategy" locked_counter --preemption-bound 2
refused "--pct-depth with dfs" "--pct-depth applies only to the pct strategy" locked_counter --strategy dfs --pct-depth 2
refused "--seed with dfs" "--seed does not apply to --strategy dfs" locked_counter --strategy dfs --seed 3
WEFT_STRATEGY=dpor "$weft" run locked_counter --seed 3 >/dev/null 2>"$tmp/na.env"; rc=$?
t "--seed with WEFT_STRATEGY=dpor is refused, naming the variable" "[ $rc -eq 2 ] && grep -q 'WEFT_STRATEGY=dpor' $tmp/na.env"
refused "--strategy with --backend os" "--strategy does not apply to --backend os" locked_counter --backend os --strategy dfs
refused "--seed with --backend os" "--seed does not apply to --backend os" locked_counter --backend os --seed 1

"$weft" bogus >"$tmp/cmd.out" 2>"$tmp/cmd.err"; rc=$?
t "an unknown command exits 2, naming it and the commands" "[ $rc -eq 2 ] && [ \$(wc -l <$tmp/cmd.err) -eq 1 ] && grep -q \"unknown command 'bogus'; the commands are list, run, replay\" $tmp/cmd.err"
"$weft" >/dev/null 2>"$tmp/cmd.none"; rc=$?
t "no command exits 2, listing the commands" "[ $rc -eq 2 ] && grep -q 'list, run, replay' $tmp/cmd.none"
"$weft" --version >"$tmp/version" 2>&1; rc=$?
t "--version prints the version (exit 0)" "[ $rc -eq 0 ] && grep -qx 'weft [0-9]*\.[0-9]*\.[0-9]*' $tmp/version"

# The README's schedule strings replay the lost update (they go stale when the engine's
# choices change: regenerate them with `weft run lost_update`).
readme="$(dirname "$0")/../../README.md"
tokens=$(grep -o 'weft1:[A-Za-z0-9_-]\+' "$readme" | sort -u)
t "README.md has a schedule string" "[ -n '$tokens' ]"
for token in $tokens; do
  "$weft" replay lost_update "$token" >"$tmp/readme.out" 2>&1; rc=$?
  t "README's $token replays lost_update to its failure" "[ $rc -eq 1 ] && grep -q 'FAILURE: check failed: lost update' $tmp/readme.out"
done

"$weft" --help >/dev/null; t "--help exits 0" "[ $? -eq 0 ]"
"$weft" run --help >/dev/null; t "run --help exits 0" "[ $? -eq 0 ]"

"$weft" run locked_counter --max-executions 10000 >"$tmp/lc" 2>&1; rc=$?
t "locked_counter passes 10000 executions" "[ $rc -eq 0 ] && grep -q 'passed 10000 executions' $tmp/lc"

"$weft" run locked_counter --strategy dfs --final-states >"$tmp/fs" 2>&1; rc=$?
t "--final-states counts them (locked_counter: 1, search complete)" "[ $rc -eq 0 ] && grep -q 'search complete.*; 1 distinct final state$' $tmp/fs"
WEFT_PROGRESS=always "$weft" run seed_locked_increments --strategy dfs --time-budget 1.2 >"$tmp/tb" 2>"$tmp/tb.err"; rc=$?
t "--time-budget stops a long dfs and says it is not complete" "[ $rc -eq 0 ] && grep -q 'stopped at the time budget.*the search is not complete' $tmp/tb"
t "WEFT_PROGRESS=always draws the progress line on stderr" "grep -q 'weft: dfs  [0-9,]* executions  ([0-9,]*/s)  depth [0-9]*' $tmp/tb.err"
"$weft" run locked_counter --time-budget -1 >/dev/null 2>"$tmp/tb.bad"; rc=$?
t "a bad --time-budget exits 2 with one line" "[ $rc -eq 2 ] && [ \$(wc -l <$tmp/tb.bad) -eq 1 ] && grep -q 'time-budget' $tmp/tb.bad"
WEFT_PROGRESS=sometimes "$weft" run locked_counter >/dev/null 2>"$tmp/pg.bad"; rc=$?
t "a bad WEFT_PROGRESS exits 2 naming it" "[ $rc -eq 2 ] && [ \$(wc -l <$tmp/pg.bad) -eq 1 ] && grep -q 'WEFT_PROGRESS' $tmp/pg.bad"
WEFT_TIME_BUDGET=soon "$weft" run locked_counter >/dev/null 2>"$tmp/tbe.bad"; rc=$?
t "a bad WEFT_TIME_BUDGET exits 2 naming it" "[ $rc -eq 2 ] && [ \$(wc -l <$tmp/tbe.bad) -eq 1 ] && grep -q 'WEFT_TIME_BUDGET' $tmp/tbe.bad"

# dpor proves the correct programs correct (a complete search) and finds every bug, with a
# schedule string that replays it.
for name in locked_counter condition_while; do
  "$weft" run $name --strategy dpor >"$tmp/dp.$name" 2>&1; rc=$?
  t "dpor proves $name: complete search, no failure" "[ $rc -eq 0 ] && grep -q 'search complete' $tmp/dp.$name"
done
for name in lost_update lock_order_deadlock condition_if_not_while lost_wakeup; do
  "$weft" run $name --strategy dpor >"$tmp/dp.$name" 2>&1; rc=$?
  s=$(grep -o 'weft1:[^ ]*' "$tmp/dp.$name" | head -n 1)
  t "dpor finds the failure in $name and prints its schedule" "[ $rc -eq 1 ] && [ -n '$s' ]"
  "$weft" replay $name "$s" >/dev/null 2>&1; rc=$?
  t "  which replays to the failure" "[ $rc -eq 1 ]"
done
"$weft" run lost_update --strategy dpor --preemption-bound 1 >/dev/null 2>"$tmp/dp.pb"; rc=$?
t "dpor with a preemption bound exits 2 naming dfs" "[ $rc -eq 2 ] && grep -q 'strategy dfs' $tmp/dp.pb"

"$weft" run lock_order_deadlock >"$tmp/dl" 2>&1; rc=$?
t "lock_order_deadlock reports a deadlock" "[ $rc -eq 1 ] && grep -q 'FAILURE: deadlock' $tmp/dl"
t "naming both threads and both locks" "grep -q 'forward' $tmp/dl && grep -q 'backward' $tmp/dl && [ \$(grep -o 'Lock#[0-9]*' $tmp/dl | sort -u | wc -l) -eq 2 ]"
t "and both source lines" "[ \$(grep -o 'deadlocks.cpp:[0-9]*' $tmp/dl | sort -u | wc -l) -ge 2 ]"

"$weft" run lost_update --backend os --max-executions 20 >"$tmp/os1" 2>&1; rc=$?
t "lost_update runs on real threads" "[ $rc -eq 0 -o $rc -eq 1 ] && grep -q 'real threads' $tmp/os1"
"$weft" run locked_counter --backend os --max-executions 50 >"$tmp/os2" 2>&1; rc=$?
t "locked_counter passes on real threads" "[ $rc -eq 0 ]"
"$weft" run lock_order_deadlock --backend os >/dev/null 2>&1; rc=$?
t "a scenario that would hang on real threads is refused (exit 2)" "[ $rc -eq 2 ]"

# Timeouts as choices: sleep_as_sync passes by default (the summary loop below checks that),
# fails when a timeout may fire while other threads can still run, and replays from its string.
for strat in dfs random; do
  "$weft" run sleep_as_sync --timeouts explore --strategy $strat >"$tmp/ts.$strat" 2>&1; rc=$?
  t "sleep_as_sync fails with --timeouts explore --strategy $strat" "[ $rc -eq 1 ] && grep -q 'FAILURE: check failed' $tmp/ts.$strat"
done
"$weft" run sleep_as_sync --timeouts when_idle --strategy dfs >"$tmp/ts.idle" 2>&1; rc=$?
t "sleep_as_sync passes every interleaving with --timeouts when_idle" "[ $rc -eq 0 ] && grep -q 'search complete' $tmp/ts.idle"
ts_schedule=$(grep -o 'weft1:[^ ]*' "$tmp/ts.dfs" | head -n 1)
"$weft" replay sleep_as_sync "$ts_schedule" >"$tmp/ts.replay" 2>&1; rc=$?
t "its schedule replays the failure without --timeouts (the string carries the policy)" "[ -n '$ts_schedule' ] && [ $rc -eq 1 ] && grep -q 'FAILURE: check failed' $tmp/ts.replay"
WEFT_TIMEOUTS=explore "$weft" run sleep_as_sync --strategy dfs >/dev/null 2>&1; rc=$?
t "WEFT_TIMEOUTS=explore does the same" "[ $rc -eq 1 ]"
"$weft" run sleep_as_sync --timeouts sometimes >/dev/null 2>"$tmp/ts.bad"; rc=$?
t "a bad --timeouts value exits 2 with one line naming the choices" "[ $rc -eq 2 ] && [ \$(wc -l <$tmp/ts.bad) -eq 1 ] && grep -q 'when_idle or explore' $tmp/ts.bad"
WEFT_TIMEOUTS=sometimes "$weft" run sleep_as_sync >/dev/null 2>"$tmp/ts.env"; rc=$?
t "a bad WEFT_TIMEOUTS exits 2 with one line naming the variable" "[ $rc -eq 2 ] && [ \$(wc -l <$tmp/ts.env) -eq 1 ] && grep -q 'WEFT_TIMEOUTS' $tmp/ts.env"

for s in $(cut -d' ' -f1 "$tmp/list"); do
  "$weft" run "$s" --max-executions 300 >"$tmp/s.out" 2>&1; rc=$?
  expect=0; grep -q -- "^$s .*-> \(fails\|deadlock\)" "$tmp/list" && expect=1
  t "scenario $s behaves as its summary says (exit $expect)" "[ $rc -eq $expect ]"
done

echo "cli: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
