#pragma once
// Judges each execution the exploration runs, whatever its interleaving: data races,
// lock-order inversions, and the evidence that something concurrent happened at all
// (docs/detectors.md). Reads the committed events only, after the execution ended, so it
// never changes what is explored or the schedule strings.
#include <cstdint>
#include <optional>
#include <vector>

#include "detect/happens_before.hpp"
#include "detect/lock_order.hpp"
#include "detect/lockset_filter.hpp"
#include "detect/race_detector.hpp"
#include "sim/execution.hpp"

namespace weft::detect {

/// Which judgements are made (the vacuity evidence is always gathered).
struct JudgeOptions {
  bool races = true;
  bool lock_order = true;
};

class ExecutionJudge {
 public:
  explicit ExecutionJudge(JudgeOptions options) : options_(options) {}

  /// Judges `ex`'s last run, which ended with `outcome` (nullopt: it passed). Replaces the
  /// outcome with a data race when there is one (a race comes first: it is the cause the
  /// later failure shows; the original failure is kept in the details), or, for an
  /// execution that passed, with a lock-order inversion. Executions that were pruned or
  /// whose replay diverged are not judged.
  void judge(const sim::Execution& ex, std::optional<sim::FailureInfo>& outcome);

  /// Whether the last judged execution had two dependent operations (model/dependency.hpp;
  /// thread start, exit and join aside) from different threads: Execution::had_conflict, or
  /// true when a race was found, false when it was not judged.
  bool had_conflict() const { return conflict_; }

 private:
  sim::FailureInfo race_report(const sim::Execution& ex, const Race& race) const;
  sim::FailureInfo inversion_report(const sim::Execution& ex, const std::vector<LockEdge>& cycle) const;

  JudgeOptions options_;
  LocksetFilter locksets_;  // proves most lock-guarded executions race-free without clocks
  HappensBefore hb_;
  RaceDetector races_;
  LockOrder lock_order_;
  bool conflict_ = false;
};

}  // namespace weft::detect
