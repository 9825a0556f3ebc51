#pragma once
// The outcome histogram of a program (docs/outcomes.md): every distinct final state an
// exploration reached, how often, and one schedule string that reaches it, as jcstress prints
// its outcome table.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "options.hpp"
#include "result.hpp"
#include "trace.hpp"

namespace weft {

/// One object of a final state: a Shared/Atomic written in the execution and the value its
/// last write left (Stats::distinct_final_states says which writes and which types count).
struct OutcomeValue {
  ObjectId object = kNoObject;  // its id in the execution's events
  std::string label;            // the trace's label for it ("Shared#1", or its given name)
  std::int64_t value = 0;
};

/// What a detector (docs/detectors.md) reported on executions that reached an outcome: a
/// data race or a lock-order inversion. It annotates the outcome and never replaces it.
struct OutcomeFinding {
  FailureKind kind = FailureKind::data_race;
  std::string message;      // the first such execution's report line
  std::uint64_t count = 0;  // executions of this outcome with this finding
};

/// One distinct final state: how the execution ended (ok, or the failure kind the program
/// itself ran into, before any detector's judgement) plus the final value of every
/// Shared/Atomic written in it: the notion Stats::distinct_final_states counts, compared
/// exactly here (not by hash).
struct Outcome {
  std::optional<FailureKind> failure;  // nullopt: the execution ended ok
  std::string message;                 // the first execution's failure message; empty when ok
  std::vector<OutcomeValue> values;    // ascending ObjectId
  std::uint64_t count = 0;             // executions that ended in it (pruned ones never count)
  double share = 0;                    // count / Outcomes::total()
  std::string schedule;                // weft1:... of the first execution that reached it
  std::uint64_t first_execution = 0;   // that execution's number
  std::vector<OutcomeFinding> findings;  // in order of first occurrence

  bool ok() const noexcept { return !failure.has_value(); }
  /// Same ending and same values (counts, schedules and findings aside).
  bool same_state(const Outcome& other) const;
  /// One line: "ok: Shared#1 == 2", "check failed: Shared#1 == 1", "deadlock: (nothing
  /// written)".
  std::string text() const;
};

/// How an outcome's count is to be read.
enum class OutcomeUnit : std::uint8_t {
  execution,    // a sampled or unfinished search: executions, as the strategy drew them
  interleaving, // a complete dfs search: each distinct interleaving once
  trace,        // a complete dpor search: each Mazurkiewicz trace (class of equivalent
                // interleavings) once
};
constexpr std::string_view to_string(OutcomeUnit u) noexcept {
  switch (u) {
    case OutcomeUnit::execution: return "execution";
    case OutcomeUnit::interleaving: return "interleaving";
    case OutcomeUnit::trace: return "trace";
  }
  return "?";
}

/// The histogram: outcomes in order of first occurrence (the execution that first reached
/// each), so the same options and body give the same histogram.
struct Outcomes {
  std::vector<Outcome> outcomes;
  Stats stats;  // of the exploration that produced them (executions, pruned, complete, ...)
  /// What a count is: per trace or per interleaving only when a dpor or dfs search was
  /// complete (stats.complete); else per execution.
  OutcomeUnit unit = OutcomeUnit::execution;

  /// True when the counts are per trace (complete dpor) or per interleaving (complete dfs).
  bool exhaustive_counts() const noexcept { return unit != OutcomeUnit::execution; }
  /// Executions counted: the sum of the counts (stats.executions minus pruned ones).
  std::uint64_t total() const noexcept;
  /// One sentence saying what the counts are, e.g. "counts are per Mazurkiewicz trace: the
  /// dpor search was complete, each class of equivalent interleavings ran once".
  std::string counting() const;
  /// The table: one row per outcome (count, share, outcome, findings), then each outcome's
  /// schedule string, then counting().
  std::string table() const;
};

/// Explores `body` as explore() does (same options, WEFT_* variables, strategies and
/// executions) but does not stop at a failure: every execution that ran to its end is
/// recorded as an outcome and the search goes on, until a dfs/dpor search is complete,
/// max_executions ran, or the time budget passed. The detectors still judge each execution;
/// their findings annotate outcomes. Runs on the calling thread (Options::jobs is not used;
/// a sampling search draws the same executions as explore() with one job), ignores
/// Options::first_schedule, shrink and verify_replay, and throws UsageError for bad options,
/// for a shard other than 0 of 1 (a histogram of part of a search would mislead) and when
/// WEFT_REPLAY is set. Must not be called from inside a simulation.
Outcomes outcomes(const Options& options, const std::function<void()>& body);

/// Runs `body` once along `schedule` (a string from Outcome::schedule or Failure::schedule)
/// and returns its outcome (count 1, share 1), as outcomes() would record it: the check that
/// a printed schedule reaches its outcome. A schedule the program no longer follows ends as
/// FailureKind::replay_diverged. Throws UsageError when `schedule` does not decode.
Outcome replay_outcome(std::string_view schedule, const std::function<void()>& body, const Options& options = {});

}  // namespace weft
