#pragma once
// A dfs search cut into subtrees (model/dfs_units.hpp) that several workers (Options::jobs)
// explore at once, or of which this shard (Options::shard_index of shard_count) explores its
// own: docs/parallel.md.
//
// The units, listed in order, are the whole search in its own order, so the result does not
// depend on the number of jobs: unit results are added up in unit order, an execution's
// number is the number of executions in the units before its own plus its place in its unit,
// and the failure reported is the first in that order. Workers take units from a shared
// counter and stop taking them past the first failing unit or once the units before them
// already fill the budget (Options::max_executions); a unit that the budget cuts short is run
// again, alone, to exactly the budget.
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include <weft/options.hpp>
#include <weft/result.hpp>

#include "detect/coverage.hpp"
#include "model/final_states.hpp"
#include "model/sampling_search.hpp"
#include "model/search_host.hpp"
#include "sim/execution.hpp"

namespace weft::model {

/// Where the search starts and what it may use.
struct DfsSplitPlan {
  std::uint64_t seed = 0;
  std::uint64_t first_number = 0;  // schedule-string number of the search's execution 0
  std::uint64_t executions = 0;    // budget of this search (this shard's, when sharded)
  unsigned jobs = 1;               // resolved: 1 or more
  // Tests: a unit never learns how many executions the units before it ran, so it may run
  // the whole budget and be cut back to it (as happens when those units are still running).
  bool room_unknown = false;
};

/// What the search returns besides the statistics it adds to.
struct DfsSplitOutcome {
  std::optional<FoundFailure> failure;
  std::vector<TraceEvent> last_events;  // the last counted execution's events (coverage)
  unsigned jobs = 1;                    // workers that ran units
  std::uint64_t units = 0;              // units of this shard
};

/// Runs this shard's units of the dfs search of `body` and adds to `stats` (executions, steps,
/// conflicts, max enabled threads, complete, budget flags), `finals` and `coverage`. `ex` is
/// the calling thread's execution (it enumerates the units and runs units as worker 0);
/// `each` (may be empty) is called after executions with the statistics so far, by the worker
/// that ran them, never by two at once. Falls back to one job when an execution uses an object constructed outside the
/// body. Rethrows what a worker threw once every worker stopped.
DfsSplitOutcome run_split_dfs(const Options& o, const DfsSplitPlan& plan, const std::function<void()>& body,
                              sim::Execution& ex, Stats& stats, FinalStates& finals,
                              detect::CoverageRecorder& coverage, const ElapsedFn& elapsed, const WorkerSetup& setup,
                              const std::function<void(const Stats&)>& each);

}  // namespace weft::model
