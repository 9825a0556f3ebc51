#include "model/outcome_search.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <weft/errors.hpp>

#include "detect/coverage.hpp"
#include "detect/execution_judge.hpp"
#include "model/execution_rounds.hpp"
#include "model/explorer.hpp"
#include "model/judged_run.hpp"
#include "model/outcome_tally.hpp"
#include "model/replay_strategy.hpp"
#include "model/schedule_codec.hpp"
#include "model/strategy_factory.hpp"
#include "sim/execution.hpp"

namespace weft::model {

namespace {

// A learning strategy's lessons, applied at the round boundaries the sampling search uses
// (model/execution_rounds.hpp), so execution i is the one explore() runs as number i.
class Rounds {
 public:
  explicit Rounds(Learner* learner) : learner_(learner) {
    if (learner_ != nullptr) learner_->defer_lessons(true);
  }
  // Before execution i: teach the round that just ended.
  void before(std::uint64_t i) {
    if (learner_ == nullptr || i != end_) return;
    for (const Lesson& l : lessons_) learner_->learn(l);
    lessons_.clear();
    end_ = next_round(i);
  }
  // After an execution: keep its lesson for the end of its round.
  void after() {
    if (learner_ != nullptr) learner_->take_lesson(lessons_.emplace_back());
  }

 private:
  Learner* learner_;
  std::vector<Lesson> lessons_;
  std::uint64_t end_ = next_round(0);
};

Stats initial_stats(const Options& o, std::uint64_t seed, bool exhaustive) {
  Stats s;
  s.exhaustive = exhaustive;
  s.strategy = o.strategy;
  s.seed = seed;
  s.timeouts = o.timeouts;
  s.shared_points = o.shared_points;
  s.surw_selective = o.strategy != Strategy::surw || o.surw_selective;
  return s;
}

void account(Stats& stats, const sim::Execution& ex, const detect::ExecutionJudge& judge) {
  ++stats.executions;
  if (ex.max_enabled() > stats.max_enabled_threads) stats.max_enabled_threads = ex.max_enabled();
  if (judge.had_conflict()) ++stats.executions_with_conflicts;
  stats.steps += ex.steps();
  if (ex.pruned()) ++stats.pruned;
}

OutcomeUnit unit_of(const Stats& stats) {
  if (!stats.complete) return OutcomeUnit::execution;
  return stats.strategy == Strategy::dpor ? OutcomeUnit::trace : OutcomeUnit::interleaving;
}

}  // namespace

Outcomes search_outcomes(const Options& o, const std::function<void()>& body, const ElapsedFn& elapsed,
                         const ProgressOutput& progress) {
  validate_options(o);
  if (o.shard_count != 1)
    throw UsageError("weft::outcomes runs the whole search: a histogram of shard " + std::to_string(o.shard_index) +
                     " of " + std::to_string(o.shard_count) + " would count only part of it; unset WEFT_SHARD");
  const std::uint64_t seed = o.seed.value_or(kDefaultSeed);
  sim::Execution ex(config_of(o));
  const std::unique_ptr<Exploration> exploration = make_exploration(o, seed);
  detect::ExecutionJudge judge(judge_options(o));
  const detect::CoverageScope coverage;  // weft::sometimes records here; no verdict is drawn
  ProgressLine line(o.progress, progress, to_string(o.strategy), exploration->exhaustive());
  Stats stats = initial_stats(o, seed, exploration->exhaustive());
  Rounds rounds(exploration->learner());
  OutcomeTally tally;
  sim::Strategy& strategy = exploration->strategy();
  for (std::uint64_t i = 0; i < o.max_executions; ++i) {
    rounds.before(i);
    strategy.begin_execution(i);
    const std::optional<sim::FailureInfo> ended = ex.run(body, strategy);
    std::optional<sim::FailureInfo> judged = ended;
    judge.judge_recorded(ex, judged);
    account(stats, ex, judge);
    rounds.after();
    if (!ex.pruned()) tally.add(ex, ended, judged, schedule_of(o, seed, i, ex.decisions()));
    if (line.enabled()) line.update(elapsed(), stats, exploration->depth());
    if (exploration->complete()) {
      stats.complete = true;
      break;
    }
    if (o.time_budget_seconds > 0 && elapsed() >= o.time_budget_seconds) {
      stats.budget_exhausted = stats.time_budget_exhausted = true;
      break;
    }
  }
  if (!stats.complete && stats.executions == o.max_executions) stats.budget_exhausted = true;
  stats.elapsed_seconds = elapsed();
  line.finish(stats.elapsed_seconds, stats, exploration->depth());
  Outcomes out;
  out.outcomes = tally.outcomes();
  out.stats = stats;
  out.unit = unit_of(stats);
  return out;
}

Outcome replay_outcome_body(std::string_view text, const Options& o, const std::function<void()>& body) {
  const Schedule schedule = decode_schedule(text);
  sim::ExecutionConfig config = config_of(o);
  config.timeouts = schedule.timeouts;  // the policies it was recorded under
  config.shared_points = schedule.shared_points;
  sim::Execution ex(config);
  ReplayStrategy replay(schedule.decisions);
  replay.begin_execution(0);
  detect::ExecutionJudge judge(judge_options(o));
  const detect::CoverageScope coverage;
  std::optional<sim::FailureInfo> ended = ex.run(body, replay);
  if (!ended && replay.unused() > 0)
    ended = sim::FailureInfo{FailureKind::replay_diverged,
                             "diverged: the program ended but the schedule has " + std::to_string(replay.unused()) +
                                 " more choices",
                             {}, 0, {}, {}, {}};
  std::optional<sim::FailureInfo> judged = ended;
  judge.judge_recorded(ex, judged);
  OutcomeTally tally;
  tally.add(ex, ended, judged, schedule);
  Outcome out = tally.outcomes().front();
  out.schedule = std::string(text);
  return out;
}

}  // namespace weft::model
