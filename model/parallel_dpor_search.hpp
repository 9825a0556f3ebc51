#pragma once
// A dpor search on several workers (Options::jobs): docs/parallel.md.
//
// The search itself — its decision stack, sleep sets and wake-up trees — stays on the calling
// thread and moves exactly as with one job. When a worker has nothing to do, a search posts
// one of its branches still to explore (model/dpor_job.hpp): a worker explores that branch's
// whole subtree as a search of its own, keeping the reversals it finds for the states above
// and the statistics of its executions. When the owner reaches the branch, it adopts that
// result if what the job assumed still holds (the same sleep set, no reversal inserted below
// the branch meanwhile), else explores the subtree itself. A worker waiting for a job runs
// other posted jobs meanwhile, and a job's search posts branches of its own subtree the same
// way, so work spreads as in work stealing (the thief takes the shallowest branch). Every
// execution is the one the one-job search runs, with the same number, so the traces visited,
// the statistics, the failure and its schedule string do not depend on the number of jobs.
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include <weft/options.hpp>
#include <weft/result.hpp>

#include "detect/coverage.hpp"
#include "model/dpor_strategy.hpp"
#include "model/final_states.hpp"
#include "model/sampling_search.hpp"
#include "model/search_host.hpp"
#include "sim/execution.hpp"

namespace weft::model {

/// Where the search starts and what it may use.
struct DporRunPlan {
  std::uint64_t seed = 0;
  std::uint64_t first_number = 0;  // schedule-string number of the search's execution 0
  std::uint64_t executions = 0;    // budget
  unsigned jobs = 1;               // resolved: 1 or more
};

/// What the search returns besides what it adds to.
struct DporRunOutcome {
  std::optional<FoundFailure> failure;
  std::vector<TraceEvent> last_events;  // the last execution's events when a helper ran it
  unsigned jobs = 1;                    // workers that ran executions
};

/// Runs the dpor search `strategy` (fresh) of `body` to its end, the budget, the time budget or
/// its first failure, adding to `stats` (executions, steps, conflicts, max enabled threads,
/// complete, the time-budget flags), `finals` and `coverage`. `ex` is the calling thread's
/// execution; `each` (may be empty) is called on the calling thread after every execution.
/// Stays on one job when execution 0 uses an object constructed outside the body. Rethrows
/// what a helper threw once every helper stopped.
DporRunOutcome run_parallel_dpor(const Options& o, const DporRunPlan& plan, const std::function<void()>& body,
                                 sim::Execution& ex, DporStrategy& strategy, Stats& stats, FinalStates& finals,
                                 detect::CoverageRecorder& coverage, const ElapsedFn& elapsed,
                                 const WorkerSetup& setup, const std::function<void(const Stats&)>& each);

}  // namespace weft::model
