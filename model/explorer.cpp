#include "model/explorer.hpp"

#include <weft/errors.hpp>

#include "detect/coverage.hpp"
#include "detect/execution_judge.hpp"
#include "model/failure_builder.hpp"
#include "model/final_states.hpp"
#include "model/guided_strategy.hpp"
#include "model/replay_strategy.hpp"
#include "model/schedule_shrinker.hpp"
#include "model/strategy_factory.hpp"
#include "model/schedule_codec.hpp"
#include "sim/execution.hpp"

namespace weft::model {

namespace {

sim::ExecutionConfig config_of(const Options& o) {
  return sim::ExecutionConfig{o.stack_size, o.max_steps, o.timeouts, o.watchdog_seconds};
}

detect::JudgeOptions judge_options(const Options& o) { return detect::JudgeOptions{o.detect_races, o.detect_lock_order}; }

// One execution, judged by the detectors (docs/detectors.md): what it ran into, or what they
// found in it.
std::optional<sim::FailureInfo> run_judged(sim::Execution& ex, const std::function<void()>& body,
                                           sim::Strategy& strategy, detect::ExecutionJudge& judge) {
  std::optional<sim::FailureInfo> info = ex.run(body, strategy);
  judge.judge(ex, info);
  return info;
}

void validate(const Options& o) {
  if (o.max_executions == 0) throw UsageError("Options::max_executions is 0: nothing would run; use 1 or more");
  if (o.max_steps == 0) throw UsageError("Options::max_steps is 0: use 1 or more (default 100000)");
  if (o.stack_size < 16 * 1024)
    throw UsageError("Options::stack_size is below 16 KiB: fibers need room for their frames");
  if (o.time_budget_seconds < 0) throw UsageError("Options::time_budget_seconds is negative; use 0 for none");
  if (!(o.watchdog_seconds >= 0))
    throw UsageError("Options::watchdog_seconds must be a number of seconds >= 0; use 0 to turn the watchdog off");
  if (o.preemption_bound < -1) throw UsageError("Options::preemption_bound must be -1 (none) or 0 and up");
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
  if (f.kind == FailureKind::unresponsive) return;  // replaying would spin for the watchdog's time again
  sim::Execution again(config_of(o));
  ReplayStrategy replay(schedule.decisions);
  replay.begin_execution(0);
  detect::ExecutionJudge judge(judge_options(o));
  const std::optional<sim::FailureInfo> second = run_judged(again, body, replay, judge);
  std::optional<std::string> diff = first_difference(first, again.events());
  if (!diff && (!second || second->kind != f.kind || second->message != f.message))
    diff = "the replay ended differently: " + (second ? std::string(to_string(second->kind)) + ": " + second->message
                                                      : std::string("it passed"));
  if (!diff) return;
  f.details = "original failure: " + std::string(to_string(f.kind)) + ": " + f.message + "\n" + f.details;
  f.kind = FailureKind::nondeterminism;
  f.message = "the failing execution did not replay identically (" + *diff +
              "): the program depends on something weft does not control — real time, real randomness, "
              "thread-unsafe state outside weft primitives, or iteration over pointer-keyed containers";
}

// The failure `info` of the execution just run in `ex` as `schedule`, shrunk (docs/shrinking.md):
// the failure of the smallest execution found, built from a replay of it, which `ex` then
// holds, or `unshrunk` itself when nothing smaller was found, with Failure::shrink saying what
// it was shrunk from; nullopt when the search could not reproduce the failure.
std::optional<Failure> shrink_failure(const sim::FailureInfo& info, sim::Execution& ex, const Schedule& schedule,
                                      const Failure& unshrunk, const Options& o, const std::function<void()>& body) {
  // Not shrunk: an unresponsive thread (each candidate would wait for the watchdog again), and
  // an uncaught exception or misuse, which may have ended in std::terminate on a fiber, whose
  // exception object cannot be freed: every candidate would leak one (docs/shrinking.md).
  if (info.kind == FailureKind::unresponsive || info.kind == FailureKind::uncaught_exception ||
      info.kind == FailureKind::misuse)
    return std::nullopt;
  if (schedule.decisions.empty()) {  // no scheduling choice was made: nothing to shrink, say so
    Failure same = unshrunk;
    const std::uint32_t preemptions = count_preemptions(ex.events());
    same.shrink = Failure::Shrink{preemptions, ex.steps(), preemptions, ex.steps(), 0};
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
  Failure f = build_failure(*again, ex, Schedule{schedule.strategy, schedule.seed, schedule.execution, ex.decisions(),
                                                 schedule.timeouts});
  f.shrink = counts;
  return f;
}

}  // namespace

Result explore_body(const Options& o, const std::function<void()>& body, const ElapsedFn& elapsed,
                    const ProgressOutput& progress) {
  validate(o);
  const std::uint64_t seed = o.seed.value_or(kDefaultSeed);
  sim::Execution ex(config_of(o));
  const std::unique_ptr<Exploration> exploration = make_exploration(o, seed);
  sim::Strategy& strategy = exploration->strategy();
  Stats stats;
  stats.exhaustive = exploration->exhaustive();
  stats.strategy = o.strategy;
  stats.seed = seed;
  stats.timeouts = o.timeouts;
  stats.surw_selective = o.strategy != Strategy::surw || o.surw_selective;
  ProgressLine line(o.progress, progress, to_string(o.strategy), stats.exhaustive);
  FinalStates finals;
  detect::ExecutionJudge judge(judge_options(o));
  std::optional<Failure> failure;
  detect::CoverageScope coverage;  // weft::sometimes/reachable on this exploration's threads record here
  // Options::first_schedule: execution 0 follows it as far as it applies; the strategy's own
  // executions follow, numbered from 0 for it.
  const std::vector<sim::Decision> first = first_schedule_decisions(o);
  const std::uint64_t guided = o.first_schedule.empty() ? 0 : 1;
  GuidedStrategy guide(first);
  for (std::uint64_t i = 0; i < o.max_executions; ++i) {
    sim::Strategy& current = i < guided ? static_cast<sim::Strategy&>(guide) : strategy;
    current.begin_execution(i - (i < guided ? 0 : guided));
    const std::optional<sim::FailureInfo> info = run_judged(ex, body, current, judge);
    ++stats.executions;
    if (ex.max_enabled() > stats.max_enabled_threads) stats.max_enabled_threads = ex.max_enabled();
    if (judge.had_conflict()) ++stats.executions_with_conflicts;
    stats.steps += ex.steps();
    if (ex.pruned()) ++stats.pruned;
    if (o.count_final_states && !ex.pruned())
      finals.add(ex.events(), info ? std::optional<FailureKind>(info->kind) : std::nullopt);
    if (line.enabled()) line.update(elapsed(), stats, exploration->depth());
    if (info) {
      const Schedule schedule{o.strategy, seed, i, ex.decisions(), o.timeouts};
      failure = build_failure(*info, ex, schedule);
      if (o.verify_replay) verify(*failure, schedule, ex.events(), o, body);
      // Shrink a failure that replays (the check above); the shrunk one is checked again.
      if (o.shrink && failure->kind != FailureKind::nondeterminism) {
        if (std::optional<Failure> shrunk = shrink_failure(*info, ex, schedule, *failure, o, body)) {
          const bool smaller = shrunk->schedule != failure->schedule;
          failure = std::move(shrunk);
          const Schedule replayed{o.strategy, seed, i, ex.decisions(), o.timeouts};
          if (smaller && o.verify_replay) verify(*failure, replayed, ex.events(), o, body);
        }
      }
      break;
    }
    if (i >= guided && exploration->complete()) {
      stats.complete = true;
      break;
    }
    if (o.time_budget_seconds > 0 && elapsed() >= o.time_budget_seconds) {
      stats.budget_exhausted = stats.time_budget_exhausted = true;
      break;
    }
  }
  if (!failure && !stats.complete && stats.executions == o.max_executions) stats.budget_exhausted = true;
  if (!failure) failure = detect::coverage_verdict(coverage.recorder(), ex.events(), stats);
  stats.elapsed_seconds = elapsed();
  if (o.count_final_states) stats.distinct_final_states = finals.count();
  line.finish(stats.elapsed_seconds, stats, exploration->depth());
  return Result(std::move(failure), stats);
}

Result replay_body(std::string_view text, const Options& o, const std::function<void()>& body,
                   const ElapsedFn& elapsed) {
  const Schedule schedule = decode_schedule(text);
  sim::ExecutionConfig config = config_of(o);
  config.timeouts = schedule.timeouts;  // the policy it was recorded under, whatever `o` says
  sim::Execution ex(config);
  ReplayStrategy replay(schedule.decisions);
  replay.begin_execution(0);
  detect::ExecutionJudge judge(judge_options(o));
  std::optional<sim::FailureInfo> info = run_judged(ex, body, replay, judge);
  if (!info && replay.unused() > 0) {
    info = sim::FailureInfo{FailureKind::replay_diverged,
                            "diverged: the program ended but the schedule has " + std::to_string(replay.unused()) +
                                " more choices; the program changed since the schedule was recorded",
                            {}, 0, {}, {}};
  }
  Stats stats;
  stats.executions = 1;
  stats.strategy = Strategy::replay;
  stats.seed = schedule.seed;
  stats.timeouts = schedule.timeouts;
  stats.steps = ex.steps();
  stats.max_enabled_threads = ex.max_enabled();
  stats.executions_with_conflicts = judge.had_conflict() ? 1 : 0;
  std::optional<Failure> failure;
  if (info)
    failure = build_failure(
        *info, ex, Schedule{schedule.strategy, schedule.seed, schedule.execution, ex.decisions(), schedule.timeouts});
  if (failure && info->kind == FailureKind::replay_diverged) failure->schedule = std::string(text);
  stats.elapsed_seconds = elapsed();
  return Result(std::move(failure), stats);
}

}  // namespace weft::model
