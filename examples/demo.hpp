#pragma once
// What both example demos share: how they explore a version, and the verdict line they end
// with, whose exit status is 0 exactly when the buggy version failed a check and the fixed one
// passed (completely, under dpor).
#include <cstdio>

#include <weft/explore.hpp>
#include <weft/result.hpp>

namespace weft::examples {

/// Explores `body` with dpor and a budget far above what a complete search of the demos needs.
/// WEFT_* variables still apply (README.md, "Strategies"), so the replay line of a report works:
/// WEFT_REPLAY=weft1:... replays it (and the other version then diverges).
inline Result explore_demo(void (*body)()) {
  Options o;
  o.strategy = Strategy::dpor;
  o.max_executions = 1000000;
  return explore(o, body);
}

/// Prints "buggy: <bug> found in ... s; correct: every interleaving passed in ... s" and returns
/// the demo's exit status. With dpor (the demos' default) passing means the search was
/// complete; a sampling strategy chosen with WEFT_STRATEGY can only pass its budget.
inline int demo_verdict(const char* bug, const Result& buggy, const Result& correct) {
  const bool bug_found = !buggy.ok() && buggy.failure().kind == FailureKind::check_failed;
  const bool fix_proved = correct.ok() && (correct.stats().complete || !correct.stats().exhaustive);
  std::printf("buggy: %s%s in %.3f s; correct: %s in %.3f s\n", bug_found ? bug : "BUG NOT FOUND",
              bug_found ? " found" : "", buggy.stats().elapsed_seconds,
              !fix_proved                ? "FAILED OR INCOMPLETE"
              : correct.stats().complete ? "every interleaving passed"
                                         : "passed (not exhaustive)",
              correct.stats().elapsed_seconds);
  return bug_found && fix_proved ? 0 : 1;
}

}  // namespace weft::examples
