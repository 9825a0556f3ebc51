#pragma once
// A sampling search (random, pct, pos, surw) run by several workers (Options::jobs), over this
// shard's executions (Options::shard_index of shard_count); docs/parallel.md.
//
// Executions are numbered as with one job, and each sampling strategy makes execution i from
// its seed and i alone, plus, for a learning strategy, the lessons of the rounds before i's
// (model/execution_rounds.hpp). Every worker has its own copy of the strategy, its own
// Execution and detectors, and takes the next number of the round from a shared counter; at
// the end of a round the search folds the round's statistics and lessons in execution order,
// and stops at the round in which some execution failed, reporting the failure with the
// lowest number. So the executions, the statistics and the failure do not depend on the number
// of jobs, nor on which worker ran what.
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include <weft/options.hpp>
#include <weft/result.hpp>

#include "detect/coverage.hpp"
#include "model/final_states.hpp"
#include "model/progress.hpp"
#include "model/schedule_codec.hpp"
#include "model/search_host.hpp"
#include "sim/execution.hpp"

namespace weft::model {

/// The failing execution with the lowest number, as the worker that ran it saw it.
struct FoundFailure {
  sim::FailureInfo info;
  Failure failure;                  // build_failure's report, with its schedule string
  Schedule schedule;
  std::vector<TraceEvent> events;   // the failing execution's events (for the replay check)
  std::uint32_t steps = 0;
};

/// What the search returns besides the statistics it adds to.
struct SamplingOutcome {
  std::optional<FoundFailure> failure;
  std::vector<TraceEvent> last_events;  // the highest-numbered execution's events (coverage)
  unsigned jobs = 1;                    // workers that ran executions
};

/// Where the search starts and what it may use.
struct SamplingPlan {
  std::uint64_t seed = 0;
  std::uint64_t first_number = 0;  // schedule-string number of the strategy's execution 0
  std::uint64_t executions = 0;    // the strategy's executions, over all shards
  unsigned jobs = 1;               // resolved: 1 or more
  bool parallel_ok = true;         // false: one job whatever `jobs` says (outside objects seen)
};

/// Runs the search and adds to `stats` (executions, steps, pruned, conflicts, max enabled
/// threads, budget flags) and, with Options::count_final_states, to `finals`; coverage labels
/// recorded on worker threads are merged into `coverage`. Draws `line` from the calling
/// thread. Rethrows what a worker threw (UsageError, bad_alloc) once every worker stopped.
SamplingOutcome run_sampling(const Options& o, const SamplingPlan& plan, const std::function<void()>& body,
                             Stats& stats, FinalStates& finals, detect::CoverageRecorder& coverage, ProgressLine& line,
                             const ElapsedFn& elapsed, const WorkerSetup& setup);

}  // namespace weft::model
