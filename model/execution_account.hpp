#pragma once
// What one finished execution adds to an exploration: its share of the statistics, and, when
// it failed, what the report is built from. Shared by the exhaustive loop, the split dfs
// search and the first-schedule execution (the sampling search folds its own records).
#include <cstdint>
#include <optional>

#include <weft/options.hpp>
#include <weft/result.hpp>

#include "detect/execution_judge.hpp"
#include "model/failure_builder.hpp"
#include "model/final_states.hpp"
#include "model/sampling_search.hpp"
#include "model/schedule_codec.hpp"
#include "sim/execution.hpp"

namespace weft::model {

/// Adds the execution `ex` just ran (judged by `judge`, ended as `info` says) to `stats`
/// and, with Options::count_final_states, its final state to `finals`.
inline void account(Stats& stats, const sim::Execution& ex, const detect::ExecutionJudge& judge, FinalStates& finals,
                    const std::optional<sim::FailureInfo>& info, const Options& o) {
  ++stats.executions;
  if (ex.max_enabled() > stats.max_enabled_threads) stats.max_enabled_threads = ex.max_enabled();
  if (judge.had_conflict()) ++stats.executions_with_conflicts;
  stats.steps += ex.steps();
  if (ex.pruned()) ++stats.pruned;
  if (o.count_final_states && !ex.pruned())
    finals.add(ex.events(), info ? std::optional<FailureKind>(info->kind) : std::nullopt);
}

/// What a failing execution just run in `ex` as number `number` leaves for the report.
inline FoundFailure found_in(const sim::FailureInfo& info, const sim::Execution& ex, const Options& o,
                             std::uint64_t seed, std::uint64_t number) {
  const Schedule schedule{o.strategy, seed, number, ex.decisions(), o.timeouts};
  return FoundFailure{info, build_failure(info, ex, schedule), schedule, ex.events(), ex.steps()};
}

}  // namespace weft::model
