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
t "list names the detector scenarios" "grep -q '^benign_flag_race ' $tmp/list && grep -q '^lock_order_inversion ' $tmp/list"

"$weft" run lost_update --max-executions 100 >"$tmp/lu" 2>&1; rc=$?
t "lost_update is found within 100 executions (exit 1)" "[ $rc -eq 1 ]"
t "the report has the interleaving table with both threads" "grep -q 'T1 Thread-1' $tmp/lu && grep -q 'T2 Thread-2' $tmp/lu && grep -q 'switch' $tmp/lu"
schedule=$(grep -o 'weft1:[^ ]*' "$tmp/lu" | head -n 1)
t "a schedule string is printed" "[ -n '$schedule' ]"
t "the last lines say after how many executions, and what ran" "grep -q '^found after [0-9]* execution(s) (surw, seed 24301; [0-9]* steps' $tmp/lu"
t "with both detectors on (the default) the lost update is reported as a data race" "grep -Eq '^FAILURE: data race: T[12] \\(Thread-[12]\\) (read|wrote) Shared#1 at counters.cpp:[0-9]* and T[12] \\(Thread-[12]\\) (read|wrote) it' $tmp/lu"
"$weft" run lost_update --races=0 >"$tmp/lu0" 2>&1; rc=$?
t "--races=0: the search goes on to the failed check (exit 1)" "[ $rc -eq 1 ] && grep -q '^FAILURE: check failed: lost update' $tmp/lu0 && ! grep -q 'data race' $tmp/lu0"
"$weft" run lost_update --shared-points sync_only --strategy dpor >"$tmp/lus" 2>&1; rc=$?
t "--shared-points sync_only: the lost update is a data race, and what ran says so" "[ $rc -eq 1 ] && grep -q '^FAILURE: data race' $tmp/lus && grep -q 'Shared points sync_only' $tmp/lus"
"$weft" run lost_update --shared-points sync_only --json >"$tmp/lus.json" 2>/dev/null; rc=$?
t "--shared-points sync_only --json: the setting and the accesses made without a point are in the document" "[ $rc -eq 1 ] && grep -q '\"shared_points\": *\"sync_only\"' $tmp/lus.json && grep -q '\"point\": *false' $tmp/lus.json"
"$weft" run lost_update --shared-points sync_only --races=0 >/dev/null 2>"$tmp/lus0"; rc=$?
t "--shared-points sync_only with --races=0 exits 2 and says why" "[ $rc -eq 2 ] && grep -q 'detect_races' $tmp/lus0"
"$weft" run lost_update --shared-points sync_only --backend os >/dev/null 2>"$tmp/luso"; rc=$?
t "--shared-points with --backend os exits 2: real threads are not scheduled" "[ $rc -eq 2 ] && grep -q 'does not apply to --backend os' $tmp/luso"
WEFT_SHARED_POINTS=sync_only "$weft" run lost_update --shared-points every_access --races=0 >"$tmp/lus.env" 2>"$tmp/lus.env.err"; rc=$?
t "WEFT_SHARED_POINTS overrides --shared-points, with a warning (and then needs the race detector)" "[ $rc -eq 2 ] && grep -q 'warning: WEFT_SHARED_POINTS=sync_only overrides --shared-points' $tmp/lus.env.err && grep -q 'detect_races' $tmp/lus.env.err"
"$weft" run lost_update --shared-points sometimes >/dev/null 2>"$tmp/lusb"; rc=$?
t "a bad --shared-points exits 2 naming the settings" "[ $rc -eq 2 ] && grep -q 'every_access or sync_only' $tmp/lusb"

"$weft" replay lost_update "$schedule" >"$tmp/replay" 2>&1; rc=$?
t "replay shows the failure again (exit 1)" "[ $rc -eq 1 ]"
# The tables of the run and the replay are identical.
sed -n '/^step/,/^$/p' "$tmp/lu" >"$tmp/lu.table"
sed -n '/^step/,/^$/p' "$tmp/replay" >"$tmp/replay.table"
t "replay prints the identical interleaving" "[ -s $tmp/lu.table ] && cmp -s $tmp/lu.table $tmp/replay.table"

# replay --continue (docs/replay.md): on the same program it is the strict replay, nothing to
# note; on an edited one (locked_counter is lost_update with the fix) it goes on and says how.
"$weft" replay lost_update "$schedule" --continue >"$tmp/cont" 2>&1; rc=$?
sed -n '/^step/,/^$/p' "$tmp/cont" >"$tmp/cont.table"
t "replay --continue of the unchanged program: the same failure and table, no note" "[ $rc -eq 1 ] && cmp -s $tmp/lu.table $tmp/cont.table && ! grep -q '^replay --continue:' $tmp/cont"
"$weft" replay locked_counter "$schedule" >"$tmp/strict.edit" 2>&1; rc=$?
t "strict replay on the edited program stops: diverged at step N" "[ $rc -eq 1 ] && grep -q '^FAILURE: replay diverged: diverged at step [0-9]' $tmp/strict.edit"
"$weft" replay locked_counter "$schedule" --continue >"$tmp/cont.edit" 2>&1; rc=$?
t "replay --continue on it runs to the end, says how the schedule applied, and the fix holds (exit 0)" "[ $rc -eq 0 ] && grep -q '^replay --continue: ' $tmp/cont.edit && grep -q '^ok: the schedule ran locked_counter' $tmp/cont.edit"

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
t "the largest seed runs, and the summary names it" "[ $rc -eq 0 ] && grep -q '(surw, seed 18446744073709551615;' $tmp/seedmax"
"$weft" run locked_counter --seed 0x10 --max-executions 2 >"$tmp/seedhex" 2>&1; rc=$?
t "a 0x seed is hexadecimal" "[ $rc -eq 0 ] && grep -q '(surw, seed 16;' $tmp/seedhex"

# The summary states what ran, WEFT_* variables included.
WEFT_STRATEGY=dfs "$weft" run locked_counter >"$tmp/env.dfs" 2>&1; rc=$?
t "WEFT_STRATEGY=dfs: the summary says dfs, not random" "[ $rc -eq 0 ] && grep -q 'passed [0-9]* executions (dfs;' $tmp/env.dfs && ! grep -q random $tmp/env.dfs"
WEFT_SEED=9 "$weft" run locked_counter --seed 4 --max-executions 2 >"$tmp/env.seed" 2>"$tmp/env.seed.err"; rc=$?
t "WEFT_SEED overrides --seed: the summary says seed 9, with a warning" "[ $rc -eq 0 ] && grep -q '(surw, seed 9;' $tmp/env.seed && grep -q 'warning: WEFT_SEED=9 overrides --seed' $tmp/env.seed.err"

# Flags that would not change the run are refused, not ignored.
refused() {  # description grep-pattern args...
  local what="$1" pattern="$2"; shift 2
  "$weft" run "$@" >"$tmp/na.out" 2>"$tmp/na.err"; rc=$?
  t "$what is refused (exit 2, one line)" "[ $rc -eq 2 ] && [ \$(wc -l <$tmp/na.err) -eq 1 ] && grep -q -- '$pattern' $tmp/na.err && [ ! -s $tmp/na.out ]"
}
refused "--preemption-bound with random" "--preemption-bound applies only to the dfs strategy" locked_counter --preemption-bound 2
refused "--pct-depth with dfs" "--pct-depth applies only to the pct strategy" locked_counter --strategy dfs --pct-depth 2
refused "--dpor-tree-mb with dfs" "--dpor-tree-mb applies only to the dpor strategy" locked_counter --strategy dfs --dpor-tree-mb 8
refused "--dpor-tree-mb with a bad size" "dpor-tree-mb" locked_counter --strategy dpor --dpor-tree-mb lots
refused "--seed with dfs" "--seed does not apply to --strategy dfs" locked_counter --strategy dfs --seed 3
WEFT_STRATEGY=dpor "$weft" run locked_counter --seed 3 >/dev/null 2>"$tmp/na.env"; rc=$?
t "--seed with WEFT_STRATEGY=dpor is refused, naming the variable" "[ $rc -eq 2 ] && grep -q 'WEFT_STRATEGY=dpor' $tmp/na.env"
refused "--strategy with --backend os" "--strategy does not apply to --backend os" locked_counter --backend os --strategy dfs
refused "--seed with --backend os" "--seed does not apply to --backend os" locked_counter --backend os --seed 1

# --estimate prints only the estimated size of the dfs/dpor search, close to the real one.
"$weft" run locked_counter --strategy dfs --estimate >"$tmp/est.out" 2>"$tmp/est.err"; rc=$?
t "--estimate prints one line: the dfs estimate, its spread and probes (exit 0)" "[ $rc -eq 0 ] && [ \$(wc -l <$tmp/est.out) -eq 1 ] && grep -Eqx 'dfs: about [0-9,]+ executions \(±(<1|[0-9]+)%, 1,000 probes\)' $tmp/est.out && [ ! -s $tmp/est.err ]"
estimated=$(grep -o 'about [0-9,]*' "$tmp/est.out" | tr -dc 0-9)
"$weft" run locked_counter --strategy dfs >"$tmp/est.real" 2>&1
real=$(grep -o 'passed [0-9]* executions' "$tmp/est.real" | tr -dc 0-9)
t "  within a factor of 2 of the executions dfs runs (${estimated:-?} vs ${real:-?})" "[ -n '$estimated' ] && [ -n '$real' ] && [ \$((2 * ${estimated:-0})) -ge ${real:-1} ] && [ \$((2 * ${real:-0})) -ge ${estimated:-1} ]"
"$weft" run locked_counter --strategy dpor --estimate --estimate-probes 50 --seed 7 >"$tmp/est.a" 2>&1
"$weft" run locked_counter --strategy dpor --estimate --estimate-probes 50 --seed 7 >"$tmp/est.b" 2>&1; rc=$?
t "--estimate with dpor counts traces, takes --seed and --estimate-probes, and repeats itself" "[ $rc -eq 0 ] && grep -Eq '^dpor: about [0-9,]+ traces \(.*50 probes' $tmp/est.a && cmp -s $tmp/est.a $tmp/est.b"
# --jobs: the same report and schedule string with one worker and with two; --shard: a part.
for j in 1 2; do "$weft" run condition_if_not_while --strategy random --jobs $j >"$tmp/jobs$j" 2>&1; done
t "--jobs 1 and --jobs 2 print the same report (condition_if_not_while, random)" "grep -q '^FAILURE' $tmp/jobs1 && sed '/ steps, [0-9.]* s)/d' $tmp/jobs1 >$tmp/j1 && sed '/ steps, [0-9.]* s)/d' $tmp/jobs2 >$tmp/j2 && cmp -s $tmp/j1 $tmp/j2"
"$weft" run locked_counter --strategy random --shard 1/4 --max-executions 100 >"$tmp/shard" 2>&1; rc=$?
t "--shard 1/4 runs a quarter of the executions and says which shard" "[ $rc -eq 0 ] && grep -q 'passed 25 executions (random, seed 24301, shard 1/4' $tmp/shard"
refused "--jobs 0" "0. is not a number of jobs: use 1 to 1024, or auto" lost_update --jobs 0
refused "--shard 4/4" "4/4. is not a shard: use i/n" lost_update --shard 4/4
refused "--jobs on real threads" "--jobs does not apply to --backend os" locked_counter --backend os --jobs 2
refused "--estimate with a sampler" "--estimate estimates the size of an exhaustive search, and surw (the default) is a sampler" locked_counter --estimate
refused "--estimate-probes without --estimate" "--estimate-probes applies only with --estimate" locked_counter --strategy dfs --estimate-probes 10
refused "--max-executions with --estimate" "--max-executions does not change an estimate" locked_counter --strategy dfs --estimate --max-executions 5
bad_number --estimate-probes 0 "1 to 18446744073709551615"
"$weft" run --help >"$tmp/run.help" 2>&1
t "weft run --help describes --estimate and --estimate-probes" "grep -q -- '--estimate ' $tmp/run.help && grep -q -- '--estimate-probes' $tmp/run.help"

"$weft" bogus >"$tmp/cmd.out" 2>"$tmp/cmd.err"; rc=$?
t "an unknown command exits 2, naming it and the commands" "[ $rc -eq 2 ] && [ \$(wc -l <$tmp/cmd.err) -eq 1 ] && grep -q \"unknown command 'bogus'; the commands are list, run, replay\" $tmp/cmd.err"
"$weft" >/dev/null 2>"$tmp/cmd.none"; rc=$?
t "no command exits 2, listing the commands" "[ $rc -eq 2 ] && grep -q 'list, run, replay' $tmp/cmd.none"
"$weft" --version >"$tmp/version" 2>&1; rc=$?
t "--version prints the version (exit 0)" "[ $rc -eq 0 ] && grep -qx 'weft [0-9]*\.[0-9]*\.[0-9]*' $tmp/version"

# The README's schedule strings of lost_update (on the lines that replay it: `weft replay
# lost_update ...` and the WEFT_REPLAY example) replay the lost update; they go stale when the
# engine's choices change: regenerate them with `weft run lost_update`. The README's other
# tokens belong to its rapidcheck example, a program of its own.
readme="$(dirname "$0")/../../README.md"
tokens=$(grep -E 'replay lost_update|WEFT_REPLAY=' "$readme" | grep -o 'weft1:[A-Za-z0-9_-]\+' | sort -u)
t "README.md has a schedule string" "[ -n '$tokens' ]"
for token in $tokens; do
  "$weft" replay lost_update "$token" >"$tmp/readme.out" 2>&1; rc=$?
  t "README's $token replays lost_update to its failure: a data race, and the lost update" "[ $rc -eq 1 ] && grep -q '^FAILURE: data race' $tmp/readme.out && grep -q 'failed as well: check failed: lost update' $tmp/readme.out"
  "$weft" replay lost_update "$token" --races=0 >"$tmp/readme.out" 2>&1; rc=$?
  t "  and with replay --races=0, to the lost update alone" "[ $rc -eq 1 ] && grep -q '^FAILURE: check failed: lost update' $tmp/readme.out"
done

# The detectors' switches: --races=0|1 and --lock-order=0|1 on run and replay, WEFT_RACES and
# WEFT_LOCK_ORDER over them (with a warning), anything else refused in one line.
bad_switch() {  # args...
  "$weft" "$@" >"$tmp/sw.out" 2>"$tmp/sw.err"; rc=$?
  t "$* is refused in one line (exit 2, nothing run)" "[ $rc -eq 2 ] && [ \$(wc -l <$tmp/sw.err) -eq 1 ] && grep -q \"is not a switch: use 1 (on) or 0 (off)\" $tmp/sw.err && [ ! -s $tmp/sw.out ]"
}
bad_switch run lost_update --races=2
bad_switch run lost_update --races=yes
bad_switch run lock_order_deadlock --lock-order=maybe
bad_switch replay lost_update weft1:AO29AQAEFQIABSUCJgJK-LGc --races=-1
"$weft" run lost_update --races=off >"$tmp/sw.off" 2>&1; rc=$?
t "--races also takes the spellings WEFT_RACES takes (off)" "[ $rc -eq 1 ] && grep -q '^FAILURE: check failed' $tmp/sw.off"
"$weft" run lost_update --races 2 >/dev/null 2>"$tmp/sw.err"
t "  naming the flag and the value" "grep -qxF \"weft: --races: '2' is not a switch: use 1 (on) or 0 (off)\" $tmp/sw.err"
refused "--races with --backend os" "--races does not apply to --backend os" locked_counter --backend os --races=0
refused "--lock-order with --backend os" "--lock-order does not apply to --backend os" locked_counter --backend os --lock-order=1
WEFT_RACES=1 "$weft" run lost_update --races=0 >"$tmp/sw.env" 2>"$tmp/sw.env.err"; rc=$?
t "WEFT_RACES=1 overrides --races=0, with a warning" "[ $rc -eq 1 ] && grep -q '^FAILURE: data race' $tmp/sw.env && grep -q 'warning: WEFT_RACES=1 overrides --races' $tmp/sw.env.err"
WEFT_LOCK_ORDER=0 "$weft" run lock_order_inversion --lock-order=1 --strategy dfs >"$tmp/sw.env" 2>"$tmp/sw.env.err"; rc=$?
t "WEFT_LOCK_ORDER=0 overrides --lock-order=1, with a warning" "[ $rc -eq 0 ] && grep -q 'search complete' $tmp/sw.env && grep -q 'warning: WEFT_LOCK_ORDER=0 overrides --lock-order' $tmp/sw.env.err"
WEFT_RACES=maybe "$weft" run lost_update >/dev/null 2>"$tmp/sw.bad"; rc=$?
t "a bad WEFT_RACES exits 2 naming it" "[ $rc -eq 2 ] && [ \$(wc -l <$tmp/sw.bad) -eq 1 ] && grep -q 'WEFT_RACES' $tmp/sw.bad"
"$weft" run --help >"$tmp/sw.help"
t "run --help documents --races and --lock-order" "grep -q -- '--races 0|1' $tmp/sw.help && grep -q -- '--lock-order 0|1' $tmp/sw.help"

# --surw-selective=0|1 picks surw's walk: parsed like the detector switches, named in the
# summary, refused where it would not change the run, overridden by WEFT_SURW_SELECTIVE.
"$weft" run locked_counter --strategy surw --surw-selective=0 --max-executions 2 >"$tmp/ss.0" 2>&1; rc=$?
t "--surw-selective=0: the summary says the non-selective walk ran" "[ $rc -eq 0 ] && grep -q '(surw, non-selective, seed 24301;' $tmp/ss.0"
"$weft" run locked_counter --strategy surw --surw-selective=on --max-executions 2 >"$tmp/ss.1" 2>&1; rc=$?
t "--surw-selective=on: the selective walk (the default)" "[ $rc -eq 0 ] && grep -q '(surw, seed 24301;' $tmp/ss.1"
bad_switch run locked_counter --strategy surw --surw-selective=2
"$weft" run locked_counter --strategy surw --surw-selective maybe >/dev/null 2>"$tmp/sw.err"
t "  naming the flag and the value" "grep -qxF \"weft: --surw-selective: 'maybe' is not a switch: use 1 (on) or 0 (off)\" $tmp/sw.err"
refused "--surw-selective with random" "--surw-selective applies only to the surw strategy, not to --strategy random: drop it, or run with --strategy surw" locked_counter --strategy random --surw-selective=0
refused "--surw-selective with pos" "--surw-selective applies only to the surw strategy, not to --strategy pos" locked_counter --strategy pos --surw-selective=1
refused "--surw-selective with --backend os" "--surw-selective does not apply to --backend os" locked_counter --backend os --surw-selective=0
WEFT_STRATEGY=surw "$weft" run locked_counter --surw-selective=0 --max-executions 2 >"$tmp/ss.env" 2>&1; rc=$?
t "--surw-selective with WEFT_STRATEGY=surw is taken" "[ $rc -eq 0 ] && grep -q '(surw, non-selective, seed' $tmp/ss.env"
WEFT_SURW_SELECTIVE=1 "$weft" run locked_counter --strategy surw --surw-selective=0 --max-executions 2 >"$tmp/ss.env" 2>"$tmp/ss.env.err"; rc=$?
t "WEFT_SURW_SELECTIVE=1 overrides --surw-selective=0, with a warning" "[ $rc -eq 0 ] && grep -q '(surw, seed' $tmp/ss.env && grep -q 'warning: WEFT_SURW_SELECTIVE=1 overrides --surw-selective' $tmp/ss.env.err"
"$weft" run --help >"$tmp/ss.help"
t "run --help documents --surw-selective" "grep -q -- '--surw-selective 0|1' $tmp/ss.help"

# --shrink=0|1 (Options::shrink, docs/shrinking.md): on by default, the report says what the
# failure was shrunk from and its table shows the shrunk execution; 0 reports the execution as
# found, with no shrink line. Parsed like the detector switches; WEFT_SHRINK overrides it.
"$weft" run lost_update --races=0 >"$tmp/sh.1" 2>&1; rc=$?
t "shrinking is on by default: lost_update --races=0 says what it was shrunk from" "[ $rc -eq 1 ] && grep -q '^shrunk from [0-9]* preemptions\? / [0-9]* steps to 1 preemption / [0-9]* steps (' $tmp/sh.1"
t "  and its table has that one preempting switch" "[ \$(grep -c '^------ switch T[0-9]* -> T[0-9]*: preempted' $tmp/sh.1) -eq 1 ]"
"$weft" run lost_update --races=0 --shrink=0 >"$tmp/sh.0" 2>&1; rc=$?
t "--shrink=0: the same failure, reported as found, with no shrink line" "[ $rc -eq 1 ] && grep -q '^FAILURE: check failed: lost update' $tmp/sh.0 && ! grep -q 'shrunk' $tmp/sh.0"
sh0_schedule=$(grep -o 'weft1:[^ ]*' "$tmp/sh.0" | head -n 1)
"$weft" replay lost_update "$sh0_schedule" --races=0 >"$tmp/sh.0.replay" 2>&1; rc=$?
t "  its schedule replays to the failure" "[ -n '$sh0_schedule' ] && [ $rc -eq 1 ] && grep -q '^FAILURE: check failed: lost update' $tmp/sh.0.replay"
"$weft" run lost_update --races=0 --shrink=off >"$tmp/sh.off" 2>&1; rc=$?
t "--shrink also takes the spellings WEFT_SHRINK takes (off)" "[ $rc -eq 1 ] && ! grep -q 'shrunk' $tmp/sh.off"
bad_switch run lost_update --shrink=maybe
"$weft" run lost_update --shrink maybe >/dev/null 2>"$tmp/sw.err"
t "  naming the flag and the value" "grep -qxF \"weft: --shrink: 'maybe' is not a switch: use 1 (on) or 0 (off)\" $tmp/sw.err"
refused "--shrink with --backend os" "--shrink does not apply to --backend os" locked_counter --backend os --shrink=0
WEFT_SHRINK=0 "$weft" run lost_update --races=0 --shrink=1 >"$tmp/sh.env" 2>"$tmp/sh.env.err"; rc=$?
t "WEFT_SHRINK=0 overrides --shrink=1, with a warning" "[ $rc -eq 1 ] && ! grep -q 'shrunk' $tmp/sh.env && grep -q 'warning: WEFT_SHRINK=0 overrides --shrink' $tmp/sh.env.err"
"$weft" run --help >"$tmp/sh.help"
t "run --help documents --shrink" "grep -q -- '--shrink 0|1' $tmp/sh.help"

# torn_pair runs under its own strategy, surw, which finds the torn pair; random misses it in
# the default budget; --surw-selective and --strategy apply to it as to any scenario.
"$weft" list | grep -q '^torn_pair .* -> fails'; t "list names torn_pair, a failing scenario" "[ $? -eq 0 ]"
"$weft" run torn_pair >"$tmp/tp" 2>&1; rc=$?
t "torn_pair: its own strategy, surw, finds the torn pair (a failed check, no race report)" "[ $rc -eq 1 ] && grep -q '^FAILURE: check failed: torn pair: the checker read (a, b) = (' $tmp/tp && grep -q '^found after [0-9]* execution(s) (surw, seed 24301;' $tmp/tp"
tp_schedule=$(grep -o 'weft1:[^ ]*' "$tmp/tp" | head -n 1)
"$weft" replay torn_pair "$tp_schedule" >"$tmp/tp.replay" 2>&1; rc=$?
t "  its schedule replays to the torn pair" "[ $rc -eq 1 ] && grep -q '^FAILURE: check failed: torn pair' $tmp/tp.replay"
"$weft" run torn_pair --surw-selective=0 >"$tmp/tp.urw" 2>&1; rc=$?
t "  so does surw's non-selective walk" "[ $rc -eq 1 ] && grep -q '^FAILURE: check failed: torn pair' $tmp/tp.urw && grep -q '(surw, non-selective, seed 24301;' $tmp/tp.urw"
"$weft" run torn_pair --strategy random >"$tmp/tp.random" 2>&1; rc=$?
t "  --strategy random passes the default 1,000 executions: it misses the torn pair" "[ $rc -eq 0 ] && grep -q 'passed 1000 executions (random, seed 24301;' $tmp/tp.random"
WEFT_STRATEGY=random "$weft" run torn_pair >"$tmp/tp.env" 2>&1; rc=$?
t "  so does WEFT_STRATEGY=random, which overrides the scenario's strategy too" "[ $rc -eq 0 ] && grep -q '(random, seed 24301;' $tmp/tp.env"
refused "--surw-selective on torn_pair with --strategy random" "not to --strategy random" torn_pair --strategy random --surw-selective=0
refused "--pct-depth on torn_pair" "--pct-depth applies only to the pct strategy, not to surw (torn_pair.s own strategy)" torn_pair --pct-depth 2
"$weft" run torn_pair --explain >"$tmp/tp.explain" 2>&1
t "torn_pair --explain says which strategies find it and why random misses it" "grep -q 'random walk' $tmp/tp.explain && grep -q 'surw' $tmp/tp.explain && grep -q 'benign_race' $tmp/tp.explain"

# The two detector scenarios. benign_flag_race: a race tagged weft::benign_race is not
# reported, and the program is proved correct. lock_order_inversion: no explored schedule
# deadlocks under when_idle, yet the inversion is reported in the first execution.
for strat in dfs dpor; do
  "$weft" run benign_flag_race --strategy $strat >"$tmp/bf" 2>&1; rc=$?
  t "benign_flag_race: a complete $strat search passes, the tagged race unreported" "[ $rc -eq 0 ] && grep -q 'search complete' $tmp/bf"
done
for strat in random pct dfs dpor; do
  "$weft" run lock_order_inversion --strategy $strat >"$tmp/loi" 2>&1; rc=$?
  t "lock_order_inversion --strategy $strat reports the inversion in execution 1" "[ $rc -eq 1 ] && grep -q '^FAILURE: lock-order inversion: T1 (forward) and T2 (backward) take Lock#1 and Lock#2' $tmp/loi && grep -q 'found after 1 execution' $tmp/loi && grep -q 'This execution did not deadlock' $tmp/loi"
done
t "  naming both acquisitions of each thread" "[ \$(grep -c 'holds Lock#[0-9] (taken at deadlocks.cpp:[0-9]*, step [0-9]*) and takes Lock#[0-9] at deadlocks.cpp:[0-9]*' $tmp/loi) -eq 2 ]"
loi_schedule=$(grep -o 'weft1:[^ ]*' "$tmp/loi" | head -n 1)
"$weft" replay lock_order_inversion "$loi_schedule" >"$tmp/loi.replay" 2>&1; rc=$?
t "  its schedule replays to the inversion" "[ $rc -eq 1 ] && grep -q '^FAILURE: lock-order inversion' $tmp/loi.replay"
"$weft" replay lock_order_inversion "$loi_schedule" --lock-order=0 >"$tmp/loi.replay0" 2>&1; rc=$?
t "  and, with --lock-order=0, runs to completion (that execution did not deadlock)" "[ $rc -eq 0 ] && grep -q 'ran lock_order_inversion to completion' $tmp/loi.replay0"
"$weft" run lock_order_inversion --strategy dfs --lock-order=0 >"$tmp/loi0" 2>&1; rc=$?
t "lock_order_inversion --lock-order=0: no schedule deadlocks under when_idle (complete dfs)" "[ $rc -eq 0 ] && grep -q 'search complete' $tmp/loi0"
"$weft" run lock_order_inversion --strategy dfs --lock-order=0 --timeouts explore >"$tmp/loi0x" 2>&1; rc=$?
t "  but with --timeouts explore the deadlock itself is reached" "[ $rc -eq 1 ] && grep -q '^FAILURE: deadlock' $tmp/loi0x"

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
for name in locked_counter condition_while benign_flag_race; do
  "$weft" run $name --strategy dpor >"$tmp/dp.$name" 2>&1; rc=$?
  t "dpor proves $name: complete search, no failure" "[ $rc -eq 0 ] && grep -q 'search complete' $tmp/dp.$name"
done
for name in lost_update lock_order_deadlock lock_order_inversion condition_if_not_while lost_wakeup; do
  "$weft" run $name --strategy dpor >"$tmp/dp.$name" 2>&1; rc=$?
  s=$(grep -o 'weft1:[^ ]*' "$tmp/dp.$name" | head -n 1)
  t "dpor finds the failure in $name and prints its schedule" "[ $rc -eq 1 ] && [ -n '$s' ]"
  "$weft" replay $name "$s" >/dev/null 2>&1; rc=$?
  t "  which replays to the failure" "[ $rc -eq 1 ]"
done
"$weft" run lost_update --strategy dpor --preemption-bound 1 >/dev/null 2>"$tmp/dp.pb"; rc=$?
t "dpor with a preemption bound exits 2 naming dfs" "[ $rc -eq 2 ] && grep -q 'strategy dfs' $tmp/dp.pb"
# --dpor-tree-mb 0: source-DPOR from the start, still a complete search.
"$weft" run locked_counter --strategy dpor --dpor-tree-mb 0 >"$tmp/dp.src" 2>&1; rc=$?
t "dpor --dpor-tree-mb 0 still proves locked_counter" "[ $rc -eq 0 ] && grep -q 'search complete' $tmp/dp.src"
WEFT_DPOR_TREE_MB=-3 "$weft" run locked_counter --strategy dpor >/dev/null 2>"$tmp/dp.tmb"; rc=$?
t "a bad WEFT_DPOR_TREE_MB exits 2 naming it" "[ $rc -eq 2 ] && [ \$(wc -l <$tmp/dp.tmb) -eq 1 ] && grep -q 'WEFT_DPOR_TREE_MB' $tmp/dp.tmb"

"$weft" run lock_order_deadlock >"$tmp/dl" 2>&1; rc=$?
t "lock_order_deadlock reports a deadlock" "[ $rc -eq 1 ] && grep -q 'FAILURE: deadlock' $tmp/dl"
t "naming both threads and both locks" "grep -q 'forward' $tmp/dl && grep -q 'backward' $tmp/dl && [ \$(grep -o 'Lock#[0-9]*' $tmp/dl | sort -u | wc -l) -eq 2 ]"
t "and both source lines" "[ \$(grep -o 'deadlocks.cpp:[0-9]*' $tmp/dl | sort -u | wc -l) -ge 2 ]"
# dfs's first execution runs 'forward' to the end before 'backward' starts: no deadlock, but
# the lock-order detector reports the inversion there; without it dfs reaches the deadlock.
"$weft" run lock_order_deadlock --strategy dfs >"$tmp/dl.dfs" 2>&1; rc=$?
t "lock_order_deadlock --strategy dfs: a lock-order inversion in execution 1, which did not deadlock" "[ $rc -eq 1 ] && grep -q '^FAILURE: lock-order inversion' $tmp/dl.dfs && grep -q 'found after 1 execution' $tmp/dl.dfs"
"$weft" run lock_order_deadlock --strategy dfs --lock-order=0 >"$tmp/dl.dfs0" 2>&1; rc=$?
t "  with --lock-order=0, the deadlock itself" "[ $rc -eq 1 ] && grep -q '^FAILURE: deadlock' $tmp/dl.dfs0"

"$weft" run lost_update --backend os --max-executions 20 >"$tmp/os1" 2>&1; rc=$?
t "lost_update runs on real threads" "[ $rc -eq 0 -o $rc -eq 1 ] && grep -q 'real threads' $tmp/os1"
"$weft" run locked_counter --backend os --max-executions 50 >"$tmp/os2" 2>&1; rc=$?
t "locked_counter passes on real threads" "[ $rc -eq 0 ]"
"$weft" run lock_order_deadlock --backend os >/dev/null 2>&1; rc=$?
t "a scenario that would hang on real threads is refused (exit 2)" "[ $rc -eq 2 ]"

# Timeouts as choices: sleep_as_sync's check holds under the default policy, fails when a
# timeout may fire while other threads can still run, and replays from its string. Its race
# (a sleep orders nothing) is reported in every execution, so these run with --races=0.
"$weft" run sleep_as_sync --strategy dfs >"$tmp/ts.race" 2>&1; rc=$?
t "sleep_as_sync: the race detector reports the unordered write and read in execution 1" "[ $rc -eq 1 ] && grep -q '^FAILURE: data race: T1 (worker) wrote Shared#1 at timing.cpp:[0-9]* and T2 (reader) read it' $tmp/ts.race && grep -q 'found after 1 execution' $tmp/ts.race"
for strat in dfs random; do
  "$weft" run sleep_as_sync --races=0 --timeouts explore --strategy $strat >"$tmp/ts.$strat" 2>&1; rc=$?
  t "sleep_as_sync --races=0 fails with --timeouts explore --strategy $strat" "[ $rc -eq 1 ] && grep -q 'FAILURE: check failed' $tmp/ts.$strat"
done
"$weft" run sleep_as_sync --races=0 --timeouts when_idle --strategy dfs >"$tmp/ts.idle" 2>&1; rc=$?
t "sleep_as_sync --races=0 passes every interleaving with --timeouts when_idle" "[ $rc -eq 0 ] && grep -q 'search complete' $tmp/ts.idle"
ts_schedule=$(grep -o 'weft1:[^ ]*' "$tmp/ts.dfs" | head -n 1)
"$weft" replay sleep_as_sync "$ts_schedule" --races=0 >"$tmp/ts.replay" 2>&1; rc=$?
t "its schedule replays the failure without --timeouts (the string carries the policy)" "[ -n '$ts_schedule' ] && [ $rc -eq 1 ] && grep -q 'FAILURE: check failed' $tmp/ts.replay"
WEFT_TIMEOUTS=explore "$weft" run sleep_as_sync --races=0 --strategy dfs >"$tmp/ts.env" 2>&1; rc=$?
t "WEFT_TIMEOUTS=explore does the same" "[ $rc -eq 1 ] && grep -q 'FAILURE: check failed' $tmp/ts.env"
"$weft" run sleep_as_sync --timeouts sometimes >/dev/null 2>"$tmp/ts.bad"; rc=$?
t "a bad --timeouts value exits 2 with one line naming the choices" "[ $rc -eq 2 ] && [ \$(wc -l <$tmp/ts.bad) -eq 1 ] && grep -q 'when_idle or explore' $tmp/ts.bad"
WEFT_TIMEOUTS=sometimes "$weft" run sleep_as_sync >/dev/null 2>"$tmp/ts.env"; rc=$?
t "a bad WEFT_TIMEOUTS exits 2 with one line naming the variable" "[ $rc -eq 2 ] && [ \$(wc -l <$tmp/ts.env) -eq 1 ] && grep -q 'WEFT_TIMEOUTS' $tmp/ts.env"

# Every summary ends with what a plain run shows (both detectors on): "-> passes", "-> fails"
# (a failed check), "-> deadlock", "-> data race" or "-> lock-order inversion", then
# optionally more words or a note in parentheses. The run must show exactly that.
for s in $(cut -d' ' -f1 "$tmp/list"); do
  outcome=$(grep -- "^$s " "$tmp/list" | sed -e 's/^.* -> //')
  case "$outcome" in
    passes*) want="" ;;
    fails*) want="check failed" ;;
    deadlock*) want="deadlock" ;;
    "data race"*) want="data race" ;;
    "lock-order inversion"*) want="lock-order inversion" ;;
    *) t "scenario $s's summary ends with a known outcome (not '$outcome')" "false"; continue ;;
  esac
  "$weft" run "$s" --max-executions 300 >"$tmp/s.out" 2>&1; rc=$?
  if [ -z "$want" ]; then
    t "scenario $s behaves as its summary says (passes)" "[ $rc -eq 0 ]"
  else
    t "scenario $s behaves as its summary says ($want)" "[ $rc -eq 1 ] && grep -q '^FAILURE: $want' $tmp/s.out"
  fi
done

# weft explain: the outcome histogram (docs/outcomes.md); each printed schedule replays.
"$weft" explain lost_update --strategy dpor >"$tmp/ex" 2>&1; rc=$?
t "explain lost_update under dpor: 2 outcomes of 2 traces each (exit 1: some failed)" "[ $rc -eq 1 ] && grep -q 'ok: Shared#1 == 2' $tmp/ex && grep -q 'check failed: Shared#1 == 1' $tmp/ex && grep -q 'counts are per Mazurkiewicz trace' $tmp/ex"
ex_schedule=$(grep 'check failed: Shared#1 == 1' "$tmp/ex" | grep -o 'weft1:[^ ]*')
"$weft" replay lost_update "$ex_schedule" --races=0 >"$tmp/exr" 2>&1; rc=$?
t "the lost update's schedule replays to the failed check" "[ $rc -eq 1 ] && grep -q '^FAILURE: check failed: lost update' $tmp/exr"
"$weft" explain no_such_scenario >/dev/null 2>"$tmp/exu"; rc=$?
t "explain on an unknown scenario exits 2 with one line naming it" "[ $rc -eq 2 ] && [ \$(wc -l <$tmp/exu) -eq 1 ] && grep -q \"unknown scenario 'no_such_scenario'\" $tmp/exu"

echo "cli: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
