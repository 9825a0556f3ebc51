#include "model/schedule_shrinker.hpp"

#include <algorithm>

#include "model/guided_strategy.hpp"

namespace weft::model {

namespace {

struct Candidate {
  std::vector<sim::Decision> decisions;
  std::vector<ThreadId> running;
  std::vector<bool> preempted;
  std::uint32_t preemptions = 0, steps = 0;
};

// Runs `plan`; the execution it became if it fails the same way as `target`.
std::optional<Candidate> try_plan(const std::vector<sim::Decision>& plan, const sim::FailureInfo& target,
                                  sim::Execution& ex, const RunFn& run) {
  GuidedStrategy guided(plan);
  guided.begin_execution(0);
  const std::optional<sim::FailureInfo> info = run(ex, guided);
  if (!info || !same_failure(*info, target)) return std::nullopt;
  return Candidate{ex.decisions(), guided.running(), guided.preempted(), count_preemptions(ex.events()), ex.steps()};
}

bool smaller(const Candidate& a, const Candidate& b) {
  return a.preemptions < b.preemptions || (a.preemptions == b.preemptions && a.steps < b.steps);
}

}  // namespace

bool same_failure(const sim::FailureInfo& a, const sim::FailureInfo& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case FailureKind::deadlock:
    case FailureKind::data_race:
    case FailureKind::lock_order_inversion: return true;
    default: return a.message == b.message;
  }
}

std::uint32_t count_preemptions(const std::vector<TraceEvent>& events) {
  return static_cast<std::uint32_t>(
      std::count_if(events.begin(), events.end(), [](const TraceEvent& e) { return e.reason == SwitchReason::preempted; }));
}

std::optional<ShrinkResult> shrink_schedule(const std::vector<sim::Decision>& decisions, const sim::FailureInfo& failure,
                                            std::uint64_t budget, sim::Execution& ex, const RunFn& run) {
  std::optional<Candidate> best = try_plan(decisions, failure, ex, run);
  if (!best) return std::nullopt;
  ShrinkResult result;
  result.preemptions_before = best->preemptions;
  result.steps_before = best->steps;
  result.candidates = 1;
  bool improved = true;
  while (improved && best->preemptions > 0) {
    improved = false;
    for (std::size_t i = 0; i < best->preempted.size() && !improved; ++i) {
      if (!best->preempted[i]) continue;
      // Let the running thread continue at decision i: first keeping the rest of the plan
      // (delay the switch), then dropping it (no preemption after i).
      std::vector<sim::Decision> plan = best->decisions;
      plan[i] = sim::Decision{best->running[i], OpKind::yield, kNoObject, false};
      for (int variant = 0; variant < 2 && !improved; ++variant) {
        if (variant == 1) plan.resize(i + 1);
        if (result.candidates >= budget) break;
        ++result.candidates;
        std::optional<Candidate> c = try_plan(plan, failure, ex, run);
        if (c && smaller(*c, *best)) {
          best = std::move(c);
          improved = true;
        }
      }
    }
    if (result.candidates >= budget) break;
  }
  result.decisions = std::move(best->decisions);
  result.preemptions = best->preemptions;
  result.steps = best->steps;
  return result;
}

}  // namespace weft::model
