// The recording run of an execution the detectors' screen could not clear (docs/detectors.md,
// "Screening").
#include <string>
#include <vector>

#include "model/judged_run.hpp"
#include "model/replay_strategy.hpp"

namespace weft::model {

namespace {
std::string ending(const std::optional<sim::FailureInfo>& outcome, std::uint32_t steps) {
  return (outcome ? "failed with " + std::string(to_string(outcome->kind)) : std::string("passed")) + " after " +
         std::to_string(steps) + " steps";
}
}  // namespace

std::optional<sim::FailureInfo> rerun_recording(sim::Execution& ex, const std::function<void()>& body,
                                                detect::ExecutionJudge& judge,
                                                std::optional<sim::FailureInfo> first) {
  const std::uint32_t steps = ex.steps();
  const std::vector<sim::Decision> decisions = ex.decisions();  // the run below clears ex's
  ReplayStrategy replay(decisions);
  replay.begin_execution(0);
  std::optional<sim::FailureInfo> again = ex.run(body, replay, true);
  const bool same = again.has_value() == first.has_value() && (!again || again->kind == first->kind) &&
                    ex.steps() == steps;
  if (!same) {
    sim::FailureInfo f;
    f.kind = FailureKind::nondeterminism;
    f.message = "an execution did not repeat when it was run again from its own decisions to record its events for "
                "the race and lock-order detectors (the first run " + ending(first, steps) + ", the second " +
                ending(again, ex.steps()) +
                "): the program depends on something weft does not control — real time, real randomness, "
                "thread-unsafe state outside weft primitives, or iteration over pointer-keyed containers";
    if (first) {
      f.where = first->where;
      f.details = "first run: " + std::string(to_string(first->kind)) + ": " + first->message;
    }
    return f;
  }
  judge.judge_recorded(ex, again);
  return again;
}

}  // namespace weft::model
