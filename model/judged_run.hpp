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
/// (docs/exploration.md, "Recording"): the strategy reads them, a detector judges them, final
/// states are hashed from them, or a declared coverage label (WEFT_REACHABLE) needs the
/// functions the last execution ran. Asked once per search: the last test takes a lock.
inline bool search_records_events(const Options& o, const sim::Strategy& strategy) {
  return strategy.reads_events() || o.detect_races || o.detect_lock_order || o.count_final_states ||
         detect::any_label_declared();
}

/// Runs `body` once in `ex` under `strategy`: what it ran into, or what the detectors found.
/// `record_events` as Execution::run's (false only from search_records_events).
inline std::optional<sim::FailureInfo> run_judged(sim::Execution& ex, const std::function<void()>& body,
                                                  sim::Strategy& strategy, detect::ExecutionJudge& judge,
                                                  bool record_events = true) {
  std::optional<sim::FailureInfo> info = ex.run(body, strategy, record_events);
  judge.judge(ex, info);
  return info;
}

}  // namespace weft::model
