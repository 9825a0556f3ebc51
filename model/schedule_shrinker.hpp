#pragma once
// Schedule shrinking: from a failing execution's decisions, search for a failing execution
// of the same failure with fewer preemptions, then fewer steps (docs/shrinking.md).
//
// The search is greedy and replay-checked, in the spirit of Jalbert & Sen's trace
// simplification ("A Trace Simplification Technique for Effective Debugging of Concurrent
// Programs", FSE 2010) and of delta debugging: for each preemption of the best execution so
// far (a point where the running thread could have continued but another was chosen), run a
// candidate that lets the running thread continue there and then follows the rest of the
// recorded decisions as far as they still apply ("delay the switch"); if that does not fail
// the same way, a candidate that continues without any further preemption ("drop the tail").
// A candidate is accepted when it fails the same way with fewer preemptions, or as many and
// fewer steps; the search restarts from it. Every accepted schedule is a real execution, so
// the result always replays. The budget is a number of candidate executions, not time, so
// the outcome is deterministic.
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include <weft/result.hpp>

#include "sim/decision.hpp"
#include "sim/execution.hpp"

namespace weft::model {

/// Runs one execution of the body in `ex` under `strategy` and says how it failed (nullopt:
/// it passed); the detectors' verdicts included.
using RunFn = std::function<std::optional<sim::FailureInfo>(sim::Execution& ex, sim::Strategy& strategy)>;

/// What the shrinker found.
struct ShrinkResult {
  std::vector<sim::Decision> decisions;  // of the smallest failing execution found
  std::uint32_t preemptions_before = 0, steps_before = 0;
  std::uint32_t preemptions = 0, steps = 0;
  std::uint32_t candidates = 0;  // candidate executions run
};

/// Shrinks the failing execution recorded as `decisions`, whose failure is `failure`, running
/// at most `budget` candidate executions in `ex` (which it leaves in an unspecified state).
/// nullopt when the recorded decisions do not reproduce the failure (a nondeterministic
/// program: the caller's replay check reports that). Otherwise the smallest execution found,
/// possibly the original one (then preemptions == preemptions_before and steps ==
/// steps_before).
std::optional<ShrinkResult> shrink_schedule(const std::vector<sim::Decision>& decisions, const sim::FailureInfo& failure,
                                            std::uint64_t budget, sim::Execution& ex, const RunFn& run);

/// Whether two failures are "the same" for shrinking: the same kind, and for a failed check,
/// an exception or any kind other than a deadlock, data race or lock-order inversion, the
/// same message (those three name their threads and objects in an order the interleaving
/// decides, so their kind is what must stay).
bool same_failure(const sim::FailureInfo& a, const sim::FailureInfo& b);

/// Number of preempting switches in an execution's events (SwitchReason::preempted).
std::uint32_t count_preemptions(const std::vector<TraceEvent>& events);

}  // namespace weft::model
