#include "model/explorer.hpp"

#include <algorithm>
#include <span>
#include <string>
#include <thread>

#include <weft/errors.hpp>

#include "detect/coverage.hpp"
#include "detect/execution_judge.hpp"
#include "model/execution_account.hpp"
#include "model/failure_builder.hpp"
#include "model/final_states.hpp"
#include "model/dpor_strategy.hpp"
#include "model/guided_strategy.hpp"
#include "model/judged_run.hpp"
#include "model/replay_strategy.hpp"
#include "model/schedule_shrinker.hpp"
#include "model/strategy_factory.hpp"
#include "model/schedule_codec.hpp"
#include "model/parallel_dpor_search.hpp"
#include "model/sampling_search.hpp"
#include "model/split_dfs_search.hpp"
#include "model/search_estimator.hpp"
#include "sim/execution.hpp"

namespace weft::model {

namespace {

void validate(const Options& o) {
  if (o.max_executions == 0) throw UsageError("Options::max_executions is 0: nothing would run; use 1 or more");
  if (o.max_steps == 0) throw UsageError("Options::max_steps is 0: use 1 or more (default 100000)");
  if (o.stack_size < 16 * 1024)
    throw UsageError("Options::stack_size is below 16 KiB: fibers need room for their frames");
  if (o.time_budget_seconds < 0) throw UsageError("Options::time_budget_seconds is negative; use 0 for none");
  if (!(o.watchdog_seconds >= 0))
    throw UsageError("Options::watchdog_seconds must be a number of seconds >= 0; use 0 to turn the watchdog off");
  if (o.preemption_bound < -1) throw UsageError("Options::preemption_bound must be -1 (none) or 0 and up");
  if (o.jobs > kMaxJobs)
    throw UsageError("Options::jobs is " + std::to_string(o.jobs) + ": use 1 to " + std::to_string(kMaxJobs) +
                     ", or 0 for one per hardware thread");
  if (o.shard_count == 0 || o.shard_index >= o.shard_count)
    throw UsageError("Options::shard_index " + std::to_string(o.shard_index) + " of shard_count " +
                     std::to_string(o.shard_count) + ": the index is 0-based and below the count (0 of 1: unsharded)");
  if (o.shared_points == SharedPoints::sync_only && !o.detect_races)
    throw UsageError("Options::shared_points is sync_only with detect_races off: Shared accesses would then be "
                     "neither scheduling points nor checked for races; turn detect_races on (WEFT_RACES=1), or use "
                     "every_access");
  if (o.shrink && o.shrink_executions == 0)
    throw UsageError("Options::shrink_executions is 0 with shrink on: use 1 or more, or shrink = false");
}

// The decisions of Options::first_schedule (none when it is empty).
std::vector<sim::Decision> first_schedule_decisions(const Options& o) {
  if (o.first_schedule.empty()) return {};
  try {
    return decode_schedule(o.first_schedule).decisions;
  } catch (const UsageError& e) {
    throw UsageError(std::string("Options::first_schedule: ") + e.what());
  }
}

// Runs the failing execution again from its decisions; the failure is reported only if it
// recurs with identical events (docs/exploration.md, the determinism self-check).
void verify(Failure& f, const Schedule& schedule, const std::vector<TraceEvent>& first, const Options& o,
            const std::function<void()>& body) {
  // Replaying would spin for the watchdog's time again; found_in's replay found a difference already.
  if (f.kind == FailureKind::unresponsive || f.kind == FailureKind::nondeterminism) return;
  sim::Execution again(config_of(o));
  ReplayStrategy replay(schedule.decisions);
  replay.begin_execution(0);
  detect::ExecutionJudge judge(judge_options(o));
  const std::optional<sim::FailureInfo> second = run_judged(again, body, replay, judge);
  std::optional<std::string> diff = first_difference(first, again.events());
  if (!diff && (!second || second->kind != f.kind || second->message != f.message))
    diff = "the replay ended differently: " + (second ? std::string(to_string(second->kind)) + ": " + second->message
                                                      : std::string("it passed"));
  if (diff) mark_nondeterministic(f, *diff);
}

// The failure `found` shrunk (docs/shrinking.md), with `ex` as the scratch execution: the
// failure of the smallest execution found, built from a replay of it, which `ex` then holds,
// or the unshrunk failure itself when nothing smaller was found, with Failure::shrink saying
// what it was shrunk from; nullopt when the search could not reproduce the failure.
std::optional<Failure> shrink_failure(const FoundFailure& found, sim::Execution& ex, const Options& o,
                                      const std::function<void()>& body) {
  const sim::FailureInfo& info = found.info;
  const Schedule& schedule = found.schedule;
  const Failure& unshrunk = found.failure;
  // Not shrunk: an unresponsive thread (each candidate would wait for the watchdog again), and
  // an uncaught exception or misuse, which may have ended in std::terminate on a fiber, whose
  // exception object cannot be freed: every candidate would leak one (docs/shrinking.md).
  if (info.kind == FailureKind::unresponsive || info.kind == FailureKind::uncaught_exception ||
      info.kind == FailureKind::misuse)
    return std::nullopt;
  if (schedule.decisions.empty()) {  // no scheduling choice was made: nothing to shrink, say so
    Failure same = unshrunk;
    const std::uint32_t preemptions = count_preemptions(found.events);
    same.shrink = Failure::Shrink{preemptions, found.steps, preemptions, found.steps, 0};
    return same;
  }
  detect::ExecutionJudge judge(judge_options(o));
  const RunFn run = [&](sim::Execution& e, sim::Strategy& s) { return run_judged(e, body, s, judge); };
  const std::optional<ShrinkResult> shrunk = shrink_schedule(schedule.decisions, info, o.shrink_executions, ex, run);
  if (!shrunk) return std::nullopt;
  const Failure::Shrink counts{shrunk->preemptions_before, shrunk->steps_before, shrunk->preemptions, shrunk->steps,
                               shrunk->candidates};
  if (shrunk->decisions == schedule.decisions) {  // nothing smaller: the failure already reported
    Failure same = unshrunk;
    same.shrink = counts;
    return same;
  }
  ReplayStrategy replay(shrunk->decisions);
  replay.begin_execution(0);
  const std::optional<sim::FailureInfo> again = run_judged(ex, body, replay, judge);
  if (!again || !same_failure(*again, info)) return std::nullopt;
  Failure f = build_failure(*again, ex, schedule.with_decisions(ex.decisions()));
  f.shrink = counts;
  return f;
}

// How many of the numbers 0 .. max_executions - 1 are this shard's (those equal to its
// index modulo the number of shards).
std::uint64_t shard_share(const Options& o) {
  if (o.shard_index >= o.max_executions) return 0;
  return (o.max_executions - o.shard_index + o.shard_count - 1) / o.shard_count;
}

unsigned resolved_jobs(const Options& o) {
  if (o.jobs != 0) return o.jobs;
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : std::min(n, kMaxJobs);
}

// The estimated number of non-pruned executions of the dfs/dpor search `o` (docs/estimation.md),
// for the progress line's ETA, from kProgressProbes probes. Whatever weft::sometimes records
// during the probes is discarded: they are not executions of the search.
double estimate_for_progress(const Options& o, const std::function<void()>& body) {
  constexpr std::uint64_t kProgressProbes = 200;
  const detect::CoverageScope discarded;
  try {
    return estimate_search_size(o, body, kProgressProbes).size;
  } catch (const UsageError&) {  // a search the estimator does not cover: no ETA, nothing else changes
    return 0;
  }
}

// The failure as reported: checked by a replay, then shrunk and checked again.
Failure finish_failure(const FoundFailure& found, sim::Execution& ex, const Options& o,
                       const std::function<void()>& body) {
  Failure failure = found.failure;
  if (o.verify_replay) verify(failure, found.schedule, found.events, o, body);
  // Shrink a failure that replays (the check above); the shrunk one is checked again.
  if (!o.shrink || failure.kind == FailureKind::nondeterminism) return failure;
  std::optional<Failure> shrunk = shrink_failure(found, ex, o, body);
  if (!shrunk) return failure;
  const bool smaller = shrunk->schedule != failure.schedule;
  failure = std::move(*shrunk);
  const Schedule replayed = found.schedule.with_decisions(ex.decisions());
  if (smaller && o.verify_replay) verify(failure, replayed, ex.events(), o, body);
  return failure;
}

}  // namespace

namespace {

// One call of explore_body: what its executions share on the calling thread.
struct Run {
  Run(const Options& options, const std::function<void()>& b, const ElapsedFn& clock, const ProgressOutput& progress)
      : o(options),
        body(b),
        elapsed(clock),
        seed(o.seed.value_or(kDefaultSeed)),
        ex(config_of(o)),
        exploration(make_exploration(o, seed)),
        line(o.progress, progress, to_string(o.strategy), exploration->exhaustive()),
        judge(judge_options(o)),
        planned(o.max_executions) {
    stats.exhaustive = exploration->exhaustive();
    stats.strategy = o.strategy;
    stats.seed = seed;
    stats.timeouts = o.timeouts;
    stats.shared_points = o.shared_points;
    stats.surw_selective = o.strategy != Strategy::surw || o.surw_selective;
    stats.shard_index = o.shard_index;
    stats.shard_count = o.shard_count;
  }

  // Options::first_schedule, as execution 0.
  void run_guided(const std::vector<sim::Decision>& first) {
    GuidedStrategy guide(first);
    guide.begin_execution(0);
    const std::optional<sim::FailureInfo> info = run_judged(ex, body, guide, judge);
    account(stats, ex, judge, finals, info, o);
    if (info) found = found_in(*info, ex, o, seed, 0, body, judge);
  }

  // dfs on one job, or dpor on one worker: the whole tree, numbered from `first`.
  void run_exhaustive(std::uint64_t first) {
    sim::Strategy& strategy = exploration->strategy();
    const bool records = search_records_events(o, strategy);
    bool estimated = false;
    for (std::uint64_t i = first; i < o.max_executions; ++i) {
      strategy.begin_execution(i - first);
      const std::optional<sim::FailureInfo> info = run_judged(ex, body, strategy, judge, records);
      account(stats, ex, judge, finals, info, o);
      show_progress(estimated, true, stats, exploration->depth());
      if (info) {
        found = found_in(*info, ex, o, seed, i, body, judge);
        break;
      }
      if (exploration->complete()) {
        stats.complete = true;
        break;
      }
      if (o.time_budget_seconds > 0 && elapsed() >= o.time_budget_seconds) {
        stats.budget_exhausted = stats.time_budget_exhausted = true;
        break;
      }
    }
  }

  // dfs on several jobs, or one shard of it (model/split_dfs_search.hpp), numbered from `first`.
  void run_split(std::uint64_t first, detect::CoverageRecorder& coverage, const WorkerSetup& setup) {
    const std::uint64_t budget = o.shard_count > 1 ? shard_share(o) : o.max_executions - first;
    planned = o.shard_count > 1 ? budget : o.max_executions;
    const DfsSplitPlan plan{seed, first, budget, resolved_jobs(o)};
    bool estimated = false;
    // A shard's progress is not the whole tree's: no estimate of the whole tree's size then.
    const std::function<void(const Stats&)> each = [&](const Stats& now) {
      show_progress(estimated, o.shard_count == 1, now, 0);
    };
    DfsSplitOutcome outcome = run_split_dfs(o, plan, body, ex, stats, finals, coverage, elapsed, setup, each);
    found = std::move(outcome.failure);
    stats.jobs = outcome.jobs;
    sampled_last = std::move(outcome.last_events);
  }

  // dpor with helpers exploring its subtrees ahead (model/parallel_dpor_search.hpp),
  // numbered from `first`.
  void run_dpor_on_jobs(std::uint64_t first, detect::CoverageRecorder& coverage, const WorkerSetup& setup) {
    auto& dpor = dynamic_cast<DporStrategy&>(exploration->strategy());
    const DporRunPlan plan{seed, first, o.max_executions - first, resolved_jobs(o)};
    bool estimated = false;
    const std::function<void(const Stats&)> each = [&](const Stats& now) {
      show_progress(estimated, true, now, dpor.depth());
    };
    DporRunOutcome outcome = run_parallel_dpor(o, plan, body, ex, dpor, stats, finals, coverage, elapsed, setup, each);
    found = std::move(outcome.failure);
    stats.jobs = outcome.jobs;
    sampled_last = std::move(outcome.last_events);
  }

  // Whether dpor runs with helpers: on several jobs, for a search its budget will not end soon
  // (a search the budget ends runs the first executions of the tree, which lie on few paths).
  bool dpor_on_jobs(std::uint64_t first) const {
    constexpr std::uint64_t kHelpersFrom = std::uint64_t{1} << 20;  // executions of budget
    return o.strategy == Strategy::dpor && o.shard_index == 0 && resolved_jobs(o) > 1 &&
           o.max_executions - first >= kHelpersFrom;
  }

  // Whether the dfs search is split into units: sharded, or on several jobs when it may run
  // long enough to repay cutting the tree (the result is the same either way).
  bool split_dfs(std::uint64_t first) const {
    constexpr std::uint64_t kSplitFrom = 256;  // executions of budget
    if (o.strategy != Strategy::dfs) return false;
    return o.shard_count > 1 || (resolved_jobs(o) > 1 && o.max_executions - first >= kSplitFrom);
  }

  // random, pct, pos, surw: Options::jobs workers (model/sampling_search.hpp), numbered from
  // `first`.
  void run_sampled(std::uint64_t first, detect::CoverageRecorder& coverage, const WorkerSetup& setup) {
    planned = shard_share(o);
    const SamplingPlan plan{seed, first, o.max_executions - first, resolved_jobs(o), ex.outside_objects() == 0};
    SamplingOutcome outcome = run_sampling(o, plan, body, stats, finals, coverage, line, elapsed, setup);
    found = std::move(outcome.failure);
    stats.jobs = outcome.jobs;
    sampled_last = std::move(outcome.last_events);
  }

  // The progress line after an execution (`now`: the statistics so far), with an estimate of
  // the search's size once it has lasted a while, when `whole_tree` (it searches all of it).
  void show_progress(bool& estimated, bool whole_tree, const Stats& now, std::size_t depth) {
    if (!line.enabled()) return;
    // dpor's switch to source-DPOR shows as it happens, not only in the summary: the line's
    // rate drops then. `now` is this run's `stats` on both dpor paths.
    if (dpor != nullptr) stats.dpor_source_from = dpor->switched_at();
    const double t = elapsed();
    if (!estimated && whole_tree && t >= ProgressLine::kFirstAfter) {  // a search that lasts: how long?
      estimated = true;
      line.set_estimate(estimate_for_progress(o, body));
    }
    line.update(t, now, depth);
  }

  // The events of the highest-numbered execution (for the coverage verdict): a worker's, or
  // else the last one `ex` ran (the first schedule, or the exhaustive loop's last).
  std::span<const TraceEvent> last_events() const {
    if (!sampled_last.empty()) return sampled_last;
    return ex.events();
  }

  const Options& o;
  const std::function<void()>& body;
  const ElapsedFn& elapsed;
  const std::uint64_t seed;
  sim::Execution ex;
  const std::unique_ptr<Exploration> exploration;
  const DporStrategy* dpor = dynamic_cast<const DporStrategy*>(&exploration->strategy());  // nullptr: not dpor
  ProgressLine line;
  detect::ExecutionJudge judge;
  Stats stats;
  FinalStates finals;
  std::optional<FoundFailure> found;
  std::vector<TraceEvent> sampled_last;  // the workers' highest-numbered execution's events
  // The executions the search was given: Options::max_executions, or less for a shard of a
  // sampling or split dfs search (run_sampled, run_split).
  std::uint64_t planned;
};

}  // namespace

void validate_options(const Options& o) { validate(o); }

Result explore_body(const Options& o, const std::function<void()>& body, const ElapsedFn& elapsed,
                    const ProgressOutput& progress, const WorkerSetup& setup) {
  validate(o);
  Run run(o, body, elapsed, progress);
  detect::CoverageScope coverage;  // weft::sometimes/reachable on this exploration's threads record here
  // Options::first_schedule: execution 0 (shard 0's) follows it as far as it applies; the
  // strategy's own executions follow, numbered from 0 for it.
  const std::vector<sim::Decision> first = first_schedule_decisions(o);
  const std::uint64_t guided = o.first_schedule.empty() ? 0 : 1;
  if (guided > 0 && o.shard_index == 0) run.run_guided(first);
  if (!run.found && run.split_dfs(guided)) {
    run.run_split(guided, coverage.recorder(), setup);
  } else if (!run.found && run.dpor_on_jobs(guided)) {
    run.run_dpor_on_jobs(guided, coverage.recorder(), setup);
  } else if (!run.found && run.stats.exhaustive && o.shard_index == 0) {
    run.run_exhaustive(guided);
  }
  if (!run.found && !run.stats.exhaustive) run.run_sampled(guided, coverage.recorder(), setup);
  Stats& stats = run.stats;
  if (run.dpor != nullptr) stats.dpor_source_from = run.dpor->switched_at();
  std::optional<Failure> failure;
  if (run.found) failure = finish_failure(*run.found, run.ex, o, body);
  if (!failure && !stats.complete && !stats.time_budget_exhausted && stats.executions == run.planned)
    stats.budget_exhausted = true;
  // Coverage labels are a verdict on the whole search; a shard sees only its part of it, and
  // would report a label that another shard satisfied (docs/parallel.md).
  if (!failure && o.shard_count == 1) failure = detect::coverage_verdict(coverage.recorder(), run.last_events(), stats);
  stats.elapsed_seconds = elapsed();
  if (o.count_final_states) stats.distinct_final_states = run.finals.count();
  run.line.finish(stats.elapsed_seconds, stats, run.exploration->depth());
  return Result(std::move(failure), stats);
}

}  // namespace weft::model
