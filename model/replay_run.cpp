// weft::replay and WEFT_REPLAY: one execution along a schedule string, strict or continuing
// past a divergence (Options::replay_mode; docs/replay.md).
#include <memory>
#include <optional>
#include <string>

#include "detect/execution_judge.hpp"
#include "model/continuing_replay.hpp"
#include "model/explorer.hpp"
#include "model/failure_builder.hpp"
#include "model/judged_run.hpp"
#include "model/replay_strategy.hpp"
#include "model/schedule_codec.hpp"
#include "model/surw_strategy.hpp"
#include "sim/execution.hpp"

namespace weft::model {

namespace {

// Strict: the first mismatch ends the execution as FailureKind::replay_diverged.
std::optional<sim::FailureInfo> run_strict(sim::Execution& ex, const std::function<void()>& body,
                                           const Schedule& schedule, detect::ExecutionJudge& judge) {
  ReplayStrategy replay(schedule.decisions);
  replay.begin_execution(0);
  std::optional<sim::FailureInfo> info = run_judged(ex, body, replay, judge);
  if (!info && replay.unused() > 0) {
    info = sim::FailureInfo{FailureKind::replay_diverged,
                            "diverged: the program ended but the schedule has " + std::to_string(replay.unused()) +
                                " more choices; the program changed since the schedule was recorded",
                            {}, 0, {}, {}, {}};
  }
  return info;
}

// The execution's given thread names and object names now, for matching `names`.
CurrentNames current_names(sim::Execution& ex) {
  return CurrentNames{
      [&ex](ThreadId t) {
        const std::string& name = ex.thread(t).name;
        return is_given_thread_name(name) ? name : std::string();
      },
      [&ex](ObjectId id) { return given_object_name(ex.object_label(id)); }};
}

// Continuing: follows the schedule as far as it applies (matching threads and objects by
// name when `names` is given), then surw (Options::seed, else the schedule's seed) finishes
// the execution.
std::optional<sim::FailureInfo> run_continuing(sim::Execution& ex, const std::function<void()>& body,
                                               const Schedule& schedule, const Options& o,
                                               const RecordedNames* names, detect::ExecutionJudge& judge,
                                               std::string& note) {
  const std::uint64_t seed = o.seed.value_or(schedule.seed);
  ContinuingReplay replay(schedule.decisions, std::make_unique<SurwStrategy>(seed, true),
                          "surw (seed " + std::to_string(seed) + ")", names,
                          names != nullptr ? current_names(ex) : CurrentNames{});
  replay.begin_execution(0);
  std::optional<sim::FailureInfo> info = run_judged(ex, body, replay, judge);
  note = replay.note();
  return info;
}

}  // namespace

Result replay_body(std::string_view text, const Options& o, const std::function<void()>& body,
                   const ElapsedFn& elapsed, const RecordedNames* names) {
  const Schedule schedule = decode_schedule(text);
  sim::ExecutionConfig config = config_of(o);
  config.timeouts = schedule.timeouts;  // the policies it was recorded under, whatever `o` says
  config.shared_points = schedule.shared_points;
  sim::Execution ex(config);
  detect::JudgeOptions judged = judge_options(o);
  // Under sync_only the race detector stands in for the Shared accesses' scheduling points.
  if (schedule.shared_points == SharedPoints::sync_only) judged.races = true;
  detect::ExecutionJudge judge(judged);
  const bool strict = o.replay_mode == ReplayMode::strict;
  Stats stats;
  std::optional<sim::FailureInfo> info = strict ? run_strict(ex, body, schedule, judge)
                                                 : run_continuing(ex, body, schedule, o, names, judge, stats.replay_note);
  stats.executions = 1;
  stats.strategy = Strategy::replay;
  stats.seed = schedule.seed;
  stats.timeouts = schedule.timeouts;
  stats.shared_points = schedule.shared_points;
  stats.steps = ex.steps();
  stats.max_enabled_threads = ex.max_enabled();
  stats.executions_with_conflicts = judge.had_conflict() ? 1 : 0;
  std::optional<Failure> failure;
  // The failure's schedule is the execution that ran: after a continuing replay, the string
  // that replays it strictly on the program as it is now.
  if (info)
    failure = build_failure(*info, ex, schedule.with_decisions(ex.decisions()));
  if (failure && info->kind == FailureKind::replay_diverged) failure->schedule = std::string(text);
  stats.elapsed_seconds = elapsed();
  return Result(std::move(failure), stats);
}

}  // namespace weft::model
