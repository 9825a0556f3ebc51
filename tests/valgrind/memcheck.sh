#!/usr/bin/env bash
# valgrind's memcheck over small explorations, failing ones included (threads abandoned,
# stacks reused): fiber stacks are registered with valgrind, so it must report 0 errors.
# usage: memcheck.sh WEFT_BINARY
set -uo pipefail
weft="$1"
status=0
for args in "lost_update --max-executions 50" "lock_order_deadlock --max-executions 50" \
            "forgotten_task_done --max-executions 20" "pool_map --max-executions 20" \
            "locked_counter --strategy dpor"; do
  out=$(valgrind --tool=memcheck --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
        -q "$weft" run $args 2>&1)
  rc=$?
  if [ "$rc" -eq 99 ] || grep -q '^==[0-9]*==' <<<"$out"; then
    echo "FAIL memcheck: weft run $args (exit $rc)"
    grep '^==[0-9]*==' <<<"$out" | head -40
    status=1
  elif [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
    echo "FAIL weft run $args exited $rc under valgrind"
    status=1
  else
    echo "ok   memcheck: weft run $args: 0 errors (exit $rc)"
  fi
done
exit $status
