#pragma once
// What explore() and replay() return: ok, or a failure with everything needed to see and
// reproduce it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "deadlock.hpp"
#include "options.hpp"
#include "trace.hpp"

namespace weft {

/// How an execution failed: failures are values, never exceptions thrown at the caller.
enum class FailureKind : std::uint8_t {
  check_failed,        // weft::check(false, ...)
  uncaught_exception,  // an exception escaped a thread's run() or the main body
  deadlock,            // no thread can run and no timer is pending
  misuse,              // an API contract violation (release unlocked Lock, join self, ...)
  step_limit,          // more than Options::max_steps steps: a livelock or a very long run
  replay_diverged,     // replay: the program no longer makes the recorded choices
  nondeterminism,      // the failure did not replay identically: the program reads real
                       // time, real randomness or uninstrumented shared state
  stack_overflow,      // a simulated thread overflowed its stack (Options::stack_size)
  unresponsive,        // a thread ran Options::watchdog_seconds without reaching a weft operation
  data_race,           // two accesses to one Shared<T>, one a write, from different threads,
                       // not ordered by any synchronisation (Options::detect_races)
  lock_order_inversion,  // locks taken in conflicting orders by concurrent threads: a deadlock
                         // some schedule can reach (Options::detect_lock_order)
  never_reached,       // a weft::sometimes / weft::reachable label no execution satisfied
};
constexpr std::string_view to_string(FailureKind k) noexcept {
  switch (k) {
    case FailureKind::check_failed: return "check failed";
    case FailureKind::uncaught_exception: return "uncaught exception";
    case FailureKind::deadlock: return "deadlock";
    case FailureKind::misuse: return "misuse";
    case FailureKind::step_limit: return "step limit exceeded";
    case FailureKind::replay_diverged: return "replay diverged";
    case FailureKind::nondeterminism: return "nondeterminism";
    case FailureKind::stack_overflow: return "stack overflow";
    case FailureKind::unresponsive: return "unresponsive thread";
    case FailureKind::data_race: return "data race";
    case FailureKind::lock_order_inversion: return "lock-order inversion";
    case FailureKind::never_reached: return "never reached";
  }
  return "?";
}

/// A failing execution.
struct Failure {
  FailureKind kind{};
  std::string message;                 // one line
  std::string details;                 // e.g. the deadlock's wait-for description
  ThreadId thread = kNoThread;         // the thread that failed (deadlock: the last to run)
  std::string thread_name;
  std::string file;                    // source location of the failing call
  std::uint32_t line = 0;
  std::string function;
  std::string schedule;                // weft1:... — pass to weft::replay or WEFT_REPLAY
  std::uint64_t seed = 0;
  std::uint64_t execution = 0;         // index of the failing execution
  Trace trace;                         // every committed operation, in order
  /// Steps (indexes into trace.events) the report marks: a data race's two accesses, a
  /// lock-order inversion's acquisitions. Ascending; empty for most failures.
  std::vector<std::uint32_t> marked_steps;
  /// FailureKind::deadlock: who waited for what, and the cycle (message and details are its
  /// text); empty for every other kind.
  std::optional<DeadlockGraph> deadlock;
  /// With Options::shrink: the failing execution first found, and the one reported, in
  /// preempting switches and steps, and how many candidate executions the search ran.
  struct Shrink {
    std::uint32_t preemptions_before = 0, steps_before = 0;
    std::uint32_t preemptions = 0, steps = 0;
    std::uint32_t candidates = 0;
  };
  std::optional<Shrink> shrink;
  /// The table of report() has a row per step, as recorded, rather than one per user-level
  /// call (Options::trace_internals; docs/exploration.md, "User-level rows").
  bool trace_internals = false;

  /// The full human-readable report: summary, interleaving table, schedule string.
  std::string report() const;
};

/// Counters of one exploration.
struct Stats {
  std::uint64_t executions = 0;
  std::uint64_t pruned = 0;            // executions an exhaustive strategy abandoned as redundant
  std::uint64_t steps = 0;             // scheduling steps over all executions
  double elapsed_seconds = 0;          // wall time of the whole exploration
  bool complete = false;               // exhaustive strategies: the whole space was covered
  bool budget_exhausted = false;       // stopped at max_executions or the time budget
  bool time_budget_exhausted = false;  // budget_exhausted by Options::time_budget_seconds
  bool exhaustive = false;             // the strategy (dfs, dpor) can cover its whole space
  /// With Options::count_final_states, the number of distinct final states over the
  /// executions that ran to their end (pruned ones are not counted); 0 when not counted.
  /// The final state of an execution is (1) how it ended: ok, or its FailureKind, and
  /// (2) for every Shared/Atomic object written in it (shared write, atomic store or
  /// read-modify-write; identified by its ObjectId in the execution's events), the value
  /// after its last such write. An atomic read-modify-write records the value it left, so
  /// a failed compare_exchange counts with the unchanged value it saw. Objects never
  /// written keep their initial value and do not take part; nor do objects whose type the
  /// trace cannot show (only integral and enum values are recorded). States are compared
  /// by a 64-bit FNV-1a hash of that canonical list (collisions are ignored).
  std::uint64_t distinct_final_states = 0;
  /// Vacuity evidence over the whole exploration. The most threads that could run at one
  /// scheduling point (1: no scheduling choice ever existed), and how many executions had
  /// two dependent operations (model/dependency.hpp: same object, one a write; thread start,
  /// exit and join not counted) from different threads.
  std::uint32_t max_enabled_threads = 0;
  std::uint64_t executions_with_conflicts = 0;
  /// True when nothing concurrent was tested: executions ran, but no scheduling point ever
  /// had two runnable threads, or no two threads ever touched the same object in a
  /// conflicting way. summary() then warns.
  bool vacuous() const noexcept {
    return executions > 0 && (max_enabled_threads < 2 || executions_with_conflicts == 0);
  }
  /// dpor on a shard other than 0: it ran nothing, because dpor is not split into shards:
  /// shard 0 runs the whole search (docs/parallel.md, "Shards"). The shard still passes.
  bool left_to_shard_0() const noexcept { return strategy == Strategy::dpor && shard_index != 0; }
  /// What ran, after the WEFT_* variables were applied: the strategy (Strategy::replay for
  /// replay() and WEFT_REPLAY), its seed (the sampling strategies random, pct, pos and surw
  /// draw from it, dfs and dpor do not use it; a replay: the seed recorded in the schedule
  /// string), the timeout policy, which Shared accesses were scheduling points, and for surw
  /// which walk (Options::surw_selective; true for the other strategies).
  Strategy strategy = Strategy::surw;
  std::uint64_t seed = kDefaultSeed;
  TimeoutPolicy timeouts = TimeoutPolicy::when_idle;
  SharedPoints shared_points = SharedPoints::every_access;
  bool surw_selective = true;
  /// dpor only: the execution (1 = the search's first) during which its wake-up trees reached
  /// Options::dpor_tree_mb and it switched to source-DPOR's insertions: every trace is still
  /// visited once, but executions from there on may be pruned as sleep-set blocked
  /// (docs/exploration.md, "Memory"). 0: it never switched.
  std::uint64_t dpor_source_from = 0;
  /// Workers that ran the executions (Options::jobs, resolved: 0 became the hardware
  /// threads; 1 when the strategy or the program needs one). Not part of any report: the
  /// result does not depend on it.
  std::uint32_t jobs = 1;
  /// The shard this process ran (Options::shard_index of shard_count; 0 of 1: unsharded).
  std::uint32_t shard_index = 0;
  std::uint32_t shard_count = 1;
  /// A shard of surw or pct: the other shards' executions it also ran, for what they teach
  /// the strategy (docs/parallel.md, "Shards"). Not in `executions`, nor in any other figure:
  /// they are the other shards' to count. 0 otherwise.
  std::uint64_t lesson_executions = 0;
  /// A replay under ReplayMode::continue_after_divergence: where the program stopped matching
  /// the schedule and what chose the steps after it, the steps it ran that the schedule did not
  /// record, the choices matched on another object; empty when it matched exactly throughout
  /// (and always in strict mode, where a divergence is the failure).
  std::string replay_note;

  /// What ran, in a few words: "dfs", "random, seed 24301", "pct, seed 7, timeouts explore",
  /// "random, seed 5, Shared points sync_only",
  /// "surw, non-selective, seed 3", "replay" (the seed only for the strategies that use one),
  /// then ", source-DPOR from execution 5" when dpor_source_from is set, and ", shard 1/4" when
  /// sharded (", shard 1/4, 52 more run for their lessons" when lesson_executions is 52).
  std::string what_ran() const;
};

/// The outcome of explore() or replay().
class Result {
 public:
  Result() = default;
  Result(std::optional<Failure> f, Stats s) : failure_(std::move(f)), stats_(s) {}
  /// True when no execution failed.
  bool ok() const noexcept { return !failure_.has_value(); }
  /// The failure; throws std::logic_error when ok().
  const Failure& failure() const;
  const Stats& stats() const noexcept { return stats_; }
  /// One paragraph: "ok: search complete: all 24 executions (0 pruned), ...", "ok: stopped
  /// at the time budget after 1000 executions ...: the search is not complete", "ok: 1000
  /// executions, ..." (sampling strategies), each followed by "; strategy " and
  /// Stats::what_ran(), or the failure's report(); with distinct final states when they were
  /// counted.
  std::string summary() const;

 private:
  std::optional<Failure> failure_;
  Stats stats_;
};

}  // namespace weft
