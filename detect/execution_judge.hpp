#pragma once
// Judges each execution the exploration runs, whatever its interleaving: data races,
// lock-order inversions, and the evidence that something concurrent happened at all
// (docs/detectors.md). Reads the committed events only, after the execution ended, so it
// never changes what is explored or the schedule strings.
#include <cstdint>
#include <optional>
#include <vector>

#include "detect/happens_before.hpp"
#include "detect/lock_cycle_screen.hpp"
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
  ///
  /// A run that kept no events is judged from the short forms it kept (compact_ops(),
  /// docs/detectors.md, "Screening"): cleared when their locksets prove it race-free and no
  /// user lock was taken while another was held in orders that could close a cycle
  /// (detect/lock_cycle_screen.hpp). Otherwise the answer is false and `outcome`
  /// is left alone: run the execution again, recording, and judge that run.
  [[nodiscard]] bool judge(const sim::Execution& ex, std::optional<sim::FailureInfo>& outcome);

  /// judge() for a run that recorded its events, which it always judges.
  void judge_recorded(const sim::Execution& ex, std::optional<sim::FailureInfo>& outcome);

  /// Whether this judge's runs had better record their events than be screened: when the
  /// screen sent a quarter of them (and at least 8) to be run again, as a program that
  /// races, or nests its locks in both orders, in most executions does. Either way the verdicts are the same.
  bool prefers_recording() const { return rerun_ >= 8 && rerun_ * 4 >= screened_; }

  /// The operations whose short forms a run that keeps no events must keep for judge()
  /// (Execution::run's compact_ops): the lockset filter's, whose lock operations the lock-order
  /// screen reads too; none when neither detector is on.
  std::uint32_t compact_ops() const { return options_.races || options_.lock_order ? LocksetFilter::kOps : 0; }

  /// Whether the last judged execution had two dependent operations (model/dependency.hpp;
  /// thread start, exit and join aside) from different threads: Execution::had_conflict, or
  /// true when a race was found, false when it was not judged.
  bool had_conflict() const { return conflict_; }

 private:
  // Whether the lockset filter proves the run now in `ex`, which kept short forms, race-free.
  bool screened_race_free(const sim::Execution& ex);
  sim::FailureInfo race_report(const sim::Execution& ex, const Race& race) const;
  sim::FailureInfo inversion_report(const sim::Execution& ex, const std::vector<LockEdge>& cycle) const;

  JudgeOptions options_;
  LocksetFilter locksets_;  // proves most lock-guarded executions race-free without clocks
  LockCycleScreen lock_cycles_;  // clears most nested locking in a run that kept short forms
  HappensBefore hb_;
  RaceDetector races_;
  LockOrder lock_order_;
  bool conflict_ = false;
  std::uint64_t screened_ = 0;  // runs judged from the screen
  std::uint64_t rerun_ = 0;     // ... of which it could not clear
};

}  // namespace weft::detect
