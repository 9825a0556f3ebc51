#pragma once
// The search behind weft::outcomes (docs/outcomes.md): explore() that does not stop at a
// failure, recording every execution's final state instead. Clock-free: elapsed time comes
// from the caller.
#include <functional>
#include <string_view>

#include <weft/options.hpp>
#include <weft/outcomes.hpp>

#include "model/progress.hpp"
#include "model/search_host.hpp"

namespace weft::model {

/// Runs the executions explore_body would run with `options` (environment already applied;
/// one worker, so a sampling strategy's executions are those of one job) and records each
/// one that ran to its end in the histogram, failing or not; stops when a dfs/dpor search is
/// complete, at options.max_executions or at options.time_budget_seconds. Throws UsageError
/// for options explore_body refuses and for a shard other than 0 of 1.
Outcomes search_outcomes(const Options& options, const std::function<void()>& body, const ElapsedFn& elapsed,
                         const ProgressOutput& progress = {});

/// Replays `schedule` once and returns its outcome (count 1, share 1). UsageError when it
/// does not decode.
Outcome replay_outcome_body(std::string_view schedule, const Options& options, const std::function<void()>& body);

}  // namespace weft::model
