#pragma once
// One execution as the exploration runs it: under the options' execution settings, judged by
// the detectors (docs/detectors.md) afterwards.
#include <functional>
#include <optional>
#include <vector>

#include <weft/options.hpp>

#include "detect/coverage.hpp"
#include "detect/execution_judge.hpp"
#include "model/schedule_codec.hpp"
#include "sim/execution.hpp"

namespace weft::model {

/// The execution settings `o` asks for.
inline sim::ExecutionConfig config_of(const Options& o) {
  return sim::ExecutionConfig{o.stack_size, o.max_steps, o.timeouts, o.watchdog_seconds, false, o.shared_points};
}

/// The schedule of execution `number` of a search under `o`, seeded `seed`, that made
/// `decisions`: with the options' policies, so that a replay runs it as it ran.
inline Schedule schedule_of(const Options& o, std::uint64_t seed, std::uint64_t number,
                            std::vector<sim::Decision> decisions) {
  return Schedule{o.strategy, seed, number, std::move(decisions), o.timeouts, o.shared_points};
}

/// The detectors `o` turns on.
inline detect::JudgeOptions judge_options(const Options& o) {
  return detect::JudgeOptions{o.detect_races, o.detect_lock_order};
}

/// Whether the executions of a search under `o` and `strategy` must record their events
/// (docs/exploration.md, "Recording"): the strategy reads them, final states are hashed from
/// them, or a declared coverage label (WEFT_REACHABLE) needs the functions the last execution
/// ran. The detectors need not: they screen a run that records nothing and have it run again,
/// recording, when they cannot clear it (run_judged). Asked once per search: the last test
/// takes a lock.
inline bool search_records_events(const Options& o, const sim::Strategy& strategy) {
  return strategy.reads_events() || o.count_final_states || detect::any_label_declared();
}

/// After `judge` could not clear the screened run now in `ex`, which ended with `first`: the
/// same decisions run again recording, and that run judged; `ex` then holds it. If the program
/// does not repeat the run (steps or outcome differ), a nondeterminism failure that says how.
std::optional<sim::FailureInfo> rerun_recording(sim::Execution& ex, const std::function<void()>& body,
                                                detect::ExecutionJudge& judge,
                                                std::optional<sim::FailureInfo> first);

/// Runs `body` once in `ex` under `strategy`: what it ran into, or what the detectors found.
/// `record_events` as Execution::run's (false only from search_records_events); a run that
/// records nothing keeps what `judge` and `strategy` read in short form and, when that cannot clear it, runs again
/// recording (docs/detectors.md, "Screening"), unless the judge prefers recording from the
/// start.
inline std::optional<sim::FailureInfo> run_judged(sim::Execution& ex, const std::function<void()>& body,
                                                  sim::Strategy& strategy, detect::ExecutionJudge& judge,
                                                  bool record_events = true) {
  const bool record = record_events || judge.prefers_recording();
  std::optional<sim::FailureInfo> info =
      ex.run(body, strategy, record, judge.compact_ops() | strategy.compact_ops());
  if (judge.judge(ex, info)) return info;
  return rerun_recording(ex, body, judge, std::move(info));
}

}  // namespace weft::model
