// What a failing execution of a search leaves for its report (model/execution_account.hpp),
// including the recording replay of an execution that kept no events.
#include <string>
#include <vector>

#include "model/execution_account.hpp"
#include "model/judged_run.hpp"
#include "model/replay_strategy.hpp"

namespace weft::model {

namespace {
// Appended to an unresponsive thread's details when its execution kept no events.
constexpr const char* kNoTraceNote =
    "\nThis execution ran without recording its events (nothing in this search reads them), and an "
    "unresponsive thread is not run again to record them, as the watchdog would wait again: replay the "
    "schedule string for the trace (weft::replay or WEFT_REPLAY record every event).";
}  // namespace

FoundFailure found_in(const sim::FailureInfo& info, sim::Execution& ex, const Options& o, std::uint64_t seed,
                      std::uint64_t number, const std::function<void()>& body, detect::ExecutionJudge& judge) {
  const Schedule schedule = schedule_of(o, seed, number, ex.decisions());
  const auto found_as = [&](const sim::FailureInfo& i) {  // the report of the run now in `ex`
    return FoundFailure{i, build_failure(i, ex, schedule), schedule, ex.events(), ex.steps()};
  };
  if (ex.recorded() || info.kind == FailureKind::unresponsive) {
    FoundFailure found = found_as(info);
    if (!ex.recorded()) found.failure.details += kNoTraceNote;
    return found;
  }
  // The same decisions again, recording: steps and decisions are what the first run had, if the
  // program is deterministic, and the report is this run's.
  const std::uint32_t steps = ex.steps();
  ReplayStrategy replay(schedule.decisions);
  replay.begin_execution(0);
  const std::optional<sim::FailureInfo> again = run_judged(ex, body, replay, judge);
  // A strategy's own divergence keeps its message: the replay can only say it ran out of
  // decisions at the same point.
  if (again && again->kind == info.kind && ex.steps() == steps)
    return found_as(info.kind == FailureKind::replay_diverged ? info : *again);
  FoundFailure found = found_as(info);
  const std::string how = again ? "it failed with " + std::string(to_string(again->kind)) + " after " +
                                      std::to_string(ex.steps()) + " steps instead of " + std::to_string(steps)
                                : "it passed";
  mark_nondeterministic(found.failure, "the replay that records the trace ended differently: " + how);
  return found;
}

}  // namespace weft::model
