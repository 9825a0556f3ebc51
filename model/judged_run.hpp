#pragma once
// One execution as the exploration runs it: under the options' execution settings, judged by
// the detectors (docs/detectors.md) afterwards.
#include <functional>
#include <optional>

#include <weft/options.hpp>

#include "detect/execution_judge.hpp"
#include "sim/execution.hpp"

namespace weft::model {

/// The execution settings `o` asks for.
inline sim::ExecutionConfig config_of(const Options& o) {
  return sim::ExecutionConfig{o.stack_size, o.max_steps, o.timeouts, o.watchdog_seconds, false};
}

/// The detectors `o` turns on.
inline detect::JudgeOptions judge_options(const Options& o) {
  return detect::JudgeOptions{o.detect_races, o.detect_lock_order};
}

/// Runs `body` once in `ex` under `strategy`: what it ran into, or what the detectors found.
inline std::optional<sim::FailureInfo> run_judged(sim::Execution& ex, const std::function<void()>& body,
                                                  sim::Strategy& strategy, detect::ExecutionJudge& judge) {
  std::optional<sim::FailureInfo> info = ex.run(body, strategy);
  judge.judge(ex, info);
  return info;
}

}  // namespace weft::model
