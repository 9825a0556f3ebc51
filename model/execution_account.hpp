#pragma once
// What one finished execution adds to an exploration: its share of the statistics, and, when
// it failed, what the report is built from. Shared by the exhaustive loop, the first-schedule
// execution, the sampling search and the split dfs search.
#include <cstdint>
#include <functional>
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

/// What one finished execution adds to the statistics: kept by the sampling search until its
/// round is added up, and by a split dfs unit that may be cut back to the budget.
struct ExecutionRecord {
  std::uint64_t steps = 0;
  std::uint64_t final_state = 0;  // meaningful when has_final_state
  std::uint32_t max_enabled = 0;
  bool pruned = false;
  bool conflict = false;
  bool has_final_state = false;  // Options::count_final_states and not pruned
};

/// The record of the execution `ex` just ran (judged by `judge`, ended as `info` says);
/// `hasher` hashes its final state (its scratch space only: nothing is recorded in it).
inline ExecutionRecord record_of(const sim::Execution& ex, const detect::ExecutionJudge& judge,
                                 const std::optional<sim::FailureInfo>& info, const Options& o, FinalStates& hasher) {
  ExecutionRecord r{ex.steps(), 0, ex.max_enabled(), ex.pruned(), judge.had_conflict(), false};
  if (o.count_final_states && !r.pruned) {
    r.final_state = hasher.hash(ex.events(), info ? std::optional<FailureKind>(info->kind) : std::nullopt);
    r.has_final_state = true;
  }
  return r;
}

/// Adds one execution's record to `stats` and its final state (if any) to `finals`.
inline void add(Stats& stats, FinalStates& finals, const ExecutionRecord& r) {
  ++stats.executions;
  stats.steps += r.steps;
  if (r.pruned) ++stats.pruned;
  if (r.conflict) ++stats.executions_with_conflicts;
  if (r.max_enabled > stats.max_enabled_threads) stats.max_enabled_threads = r.max_enabled;
  if (r.has_final_state) finals.insert(r.final_state);
}

/// Adds the execution counts of part of a search (`part`: executions, steps, pruned,
/// conflicts, max enabled threads) to `into`.
inline void add(Stats& into, const Stats& part) {
  into.executions += part.executions;
  into.steps += part.steps;
  into.pruned += part.pruned;
  into.executions_with_conflicts += part.executions_with_conflicts;
  if (part.max_enabled_threads > into.max_enabled_threads) into.max_enabled_threads = part.max_enabled_threads;
}

/// The failure `f`, found as execution `number` of the whole search.
inline void renumber(FoundFailure& f, std::uint64_t number) {
  f.schedule.execution = number;
  f.failure.execution = number;
  f.failure.schedule = encode_schedule(f.schedule);
}

/// Adds the execution `ex` just ran (judged by `judge`, ended as `info` says) to `stats`
/// and, with Options::count_final_states, its final state to `finals`.
inline void account(Stats& stats, const sim::Execution& ex, const detect::ExecutionJudge& judge, FinalStates& finals,
                    const std::optional<sim::FailureInfo>& info, const Options& o) {
  add(stats, finals, record_of(ex, judge, info, o, finals));
}

/// What a failing execution just run in `ex` as number `number` leaves for the report. If it
/// ran without recording its events (Execution::run), it is run again in `ex` from its
/// decisions, recording, and judged by `judge`: the report is built from that run, or says
/// the program is nondeterministic when it does not fail the same way again
/// (docs/exploration.md, "Recording"). Only an unresponsive thread is not run again (the
/// watchdog would wait again): its report has no trace table, and its details say how to get one.
FoundFailure found_in(const sim::FailureInfo& info, sim::Execution& ex, const Options& o, std::uint64_t seed,
                      std::uint64_t number, const std::function<void()>& body, detect::ExecutionJudge& judge);

}  // namespace weft::model
