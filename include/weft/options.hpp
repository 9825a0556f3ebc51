#pragma once
// How explore() searches: strategy, seed, budgets. Environment variables override fields.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace weft {

/// Exploration strategies (README "Strategies", docs/strategies.md): surw (default; Selectively
/// Uniform Random Walk, Options::surw_selective), random (a uniform random walk), pct (depth
/// Options::pct_depth), dfs (exhaustive; Options::preemption_bound limits preemptions), dpor
/// (exhaustive, one execution per Mazurkiewicz trace) and pos (Partial Order Sampling). replay is what Stats::strategy
/// says of weft::replay; it cannot explore. The numbers are stored in schedule strings: never
/// renumber, append.
enum class Strategy : std::uint8_t { random = 0, pct = 1, dfs = 2, dpor = 3, replay = 4, pos = 5, surw = 6 };
constexpr std::string_view to_string(Strategy s) noexcept {
  switch (s) {
    case Strategy::random: return "random";
    case Strategy::pct: return "pct";
    case Strategy::dfs: return "dfs";
    case Strategy::dpor: return "dpor";
    case Strategy::replay: return "replay";
    case Strategy::pos: return "pos";
    case Strategy::surw: return "surw";
  }
  return "?";
}
/// The names parse_strategy accepts, for messages.
inline constexpr std::string_view kStrategyNames = "random, pct, dfs, dpor, pos or surw";
/// Parses "random", "pct", "dfs", "dpor", "pos", "surw"; nullopt for anything else.
constexpr std::optional<Strategy> parse_strategy(std::string_view name) noexcept {
  for (Strategy s : {Strategy::random, Strategy::pct, Strategy::dfs, Strategy::dpor, Strategy::pos, Strategy::surw})
    if (to_string(s) == name) return s;
  return std::nullopt;
}

/// When a pending timeout (a timed acquire, wait or join, or a sleep) may fire.
/// when_idle (default): the virtual clock jumps to the next deadline only when no thread can
///   run, so a program may rely on "every other thread got as far as it could first".
/// explore: a thread waiting with a deadline is also a scheduling choice while other threads
///   can run; choosing it fires its timeout at once (the clock jumps to its deadline unless
///   already past it), as on a slow or overloaded machine. dfs then covers every point at
///   which each timeout may fire (dpor too, without ordering two timeouts against each other:
///   the clock is not in its dependency relation), and proves wrong a program whose correctness
///   rests on timing (sleep as synchronisation, timeouts assumed long enough). A wait whose
///   operation can already proceed (a free lock, a finished thread) succeeds instead.
///   Deadlock is still "no thread can run": every blocked thread waits without a timeout.
/// The policy is recorded in the schedule string, so a replay uses the one that failed.
enum class TimeoutPolicy : std::uint8_t {
  when_idle = 0,  // only when no thread can run (default)
  explore = 1,    // a pending timeout may also fire while threads can run (strategy chooses)
};
constexpr std::string_view to_string(TimeoutPolicy p) noexcept {
  return p == TimeoutPolicy::explore ? "explore" : "when_idle";
}
/// Parses "when_idle", "explore"; nullopt for anything else.
constexpr std::optional<TimeoutPolicy> parse_timeout_policy(std::string_view name) noexcept {
  for (TimeoutPolicy p : {TimeoutPolicy::when_idle, TimeoutPolicy::explore})
    if (to_string(p) == name) return p;
  return std::nullopt;
}

/// Which Shared<T> accesses are scheduling points (docs/exploration.md, "Shared accesses").
/// every_access (default): each read and each write is one, so `x = x + 1` can be split by a
///   switch and a racy lost update shows as the wrong value it produces.
/// sync_only: only synchronisation is scheduled (locks, conditions, atomics, thread start and
///   join, every other primitive); a Shared access runs within its thread's current step, and
///   the race detector (Options::detect_races, which must stay on) judges every one. A program
///   without data races behaves the same under both: its conflicting accesses are ordered by
///   synchronisation, so the order of the synchronisation decides what each read sees, and
///   exploring those orders explores every behaviour (the argument of Musuvathi & Qadeer,
///   "Iterative context bounding", PLDI 2007; loom and Relacy schedule the same way). A
///   racy one is reported as FailureKind::data_race instead, from an execution in which the
///   two accesses are unordered; dpor still finds every race. Executions take fewer steps.
///   A Shared declared weft::benign_race stays a scheduling point: its races are deliberate.
/// The setting is recorded in the schedule string, so a replay uses the one that failed.
enum class SharedPoints : std::uint8_t {
  every_access = 0,  // every read and write is a scheduling point (default)
  sync_only = 1,     // only synchronisation; Shared accesses are checked for races instead
};
constexpr std::string_view to_string(SharedPoints p) noexcept {
  return p == SharedPoints::sync_only ? "sync_only" : "every_access";
}
/// Parses "every_access", "sync_only"; nullopt for anything else.
constexpr std::optional<SharedPoints> parse_shared_points(std::string_view name) noexcept {
  for (SharedPoints p : {SharedPoints::every_access, SharedPoints::sync_only})
    if (to_string(p) == name) return p;
  return std::nullopt;
}

/// How weft::replay (and WEFT_REPLAY) treats a program that no longer matches its schedule
/// (docs/replay.md). strict (default): the replay stops there with FailureKind::replay_diverged,
/// "diverged at step N". continue_after_divergence (WEFT_REPLAY_MODE=continue, `weft replay
/// --continue`): steps the schedule did not record run on the recorded thread, a choice
/// matches its recorded operation's kind even on another object, and once the program truly
/// stops matching, the default sampler (surw; Options::seed, else the schedule's) finishes it;
/// Stats::replay_note says where, and the result says whether the failure is still reached.
enum class ReplayMode : std::uint8_t { strict = 0, continue_after_divergence = 1 };
constexpr std::string_view to_string(ReplayMode m) noexcept {
  return m == ReplayMode::continue_after_divergence ? "continue" : "strict";
}
/// Parses "strict", "continue"; nullopt for anything else.
constexpr std::optional<ReplayMode> parse_replay_mode(std::string_view name) noexcept {
  for (ReplayMode m : {ReplayMode::strict, ReplayMode::continue_after_divergence})
    if (to_string(m) == name) return m;
  return std::nullopt;
}

/// When explore() shows its progress line (`\rweft: dfs  123,456 executions  (41,200/s)
/// depth 57  pruned 12`) on stderr. The line starts only after 1 s, so short searches stay
/// silent, is redrawn at most every 0.5 s and ends with a newline when the search stops.
enum class Progress : std::uint8_t {
  auto_,   // only when stderr is a terminal (default)
  always,  // even when stderr is a file or a pipe
  never,
};

/// The most Options::dpor_tree_mb may ask for (16 TiB).
inline constexpr std::size_t kMaxDporTreeMb = std::size_t{1} << 24;

/// The most workers Options::jobs may ask for.
inline constexpr unsigned kMaxJobs = 1024;

/// The default seed when neither Options::seed nor WEFT_SEED is given: runs are repeatable.
inline constexpr std::uint64_t kDefaultSeed = 0x5eed;

/// Options of weft::explore. Every field has a sensible default.
struct Options {
  Strategy strategy = Strategy::surw;
  std::optional<std::uint64_t> seed{};        // WEFT_SEED; default kDefaultSeed
  std::uint64_t max_executions = 1000;        // WEFT_MAX_EXECUTIONS (dfs stops earlier when complete)
  double time_budget_seconds = 0;             // WEFT_TIME_BUDGET; 0 = none; stop exploring after this wall time
  std::uint64_t max_steps = 100000;           // per execution; more is reported as a livelock
  int preemption_bound = -1;                  // dfs/dpor only; -1 = unbounded
  int pct_depth = 3;                          // pct only
  /// dpor only: MiB of wake-up tree nodes (12 bytes each) a search keeps, per worker, before
  /// it switches, for the rest of the search, from optimal DPOR's whole wake-up sequences to
  /// source-DPOR's first steps. It still visits every trace exactly once, but executions
  /// may then end sleep-set blocked (counted in Stats::pruned); memory stops growing with
  /// the traces still to explore. 0: source-DPOR from the start. The switch comes at the same
  /// point whatever Options::jobs is (docs/exploration.md, "Memory"). WEFT_DPOR_TREE_MB.
  std::size_t dpor_tree_mb = 48;
  /// surw only. true (default): the selective walk of the SURW paper: each execution samples
  /// uniformly the operations on one object, drawn among those that two or more threads
  /// touched, one of them with a write or a lock operation (learned from the executions
  /// already run); the rest follow random priorities. false: the non-selective uniform random
  /// walk (URW), every operation except thread start/join sampled uniformly.
  /// WEFT_SURW_SELECTIVE=0|1; see docs/strategies.md.
  bool surw_selective = true;
  TimeoutPolicy timeouts = TimeoutPolicy::when_idle;  // WEFT_TIMEOUTS=when_idle|explore
  /// Whether Shared accesses are scheduling points (see SharedPoints). sync_only needs
  /// detect_races. WEFT_SHARED_POINTS=every_access|sync_only.
  SharedPoints shared_points = SharedPoints::every_access;
  /// Usable stack bytes per simulated thread. Below each stack lies a 64 KiB guard: a thread
  /// that recurses past its stack faults there and is reported as FailureKind::stack_overflow
  /// (a single frame larger than the guard can jump it; build with -fstack-clash-protection).
  std::size_t stack_size = 256 * 1024;
  /// A simulated thread that runs this long (real seconds) without reaching a weft operation
  /// (a loop that never calls weft) is interrupted and reported as FailureKind::unresponsive;
  /// if the process cannot be interrupted safely, weft prints why and exits with status 3.
  /// WEFT_WATCHDOG; 0 turns the watchdog off.
  double watchdog_seconds = 10;
  bool verify_replay = true;                  // replay a failure once before reporting it
  ReplayMode replay_mode = ReplayMode::strict;  // WEFT_REPLAY_MODE=strict|continue; see ReplayMode
  /// Shrink a failure's schedule before reporting it: search, by replaying candidates, for an
  /// execution with the same failure and fewer preemptions, then fewer steps; the report and
  /// its schedule string are the smallest one found, and say what it was shrunk from
  /// (Failure::shrink; docs/shrinking.md). At most shrink_executions candidate executions, so
  /// the result does not depend on the machine's speed. WEFT_SHRINK=0|1.
  bool shrink = true;
  std::uint64_t shrink_executions = 1000;
  /// A schedule string ("weft1:...", from Failure::schedule) to try before exploring: the
  /// first execution follows its thread choices as far as they still apply (a recorded thread
  /// that exists and can run; elsewhere the running thread continues), so a schedule that
  /// failed on a similar input or an earlier version of the program is tried again first; it
  /// counts as one of max_executions. weft/rapidcheck.hpp sets it on each shrunk input. Empty
  /// (default): none. explore() throws UsageError when it is not a schedule string.
  std::string first_schedule{};
  /// Report FailureKind::data_race: two accesses to one Shared<T> from different threads,
  /// at least one a write, not ordered by happens-before (docs/detectors.md). Judged on every
  /// execution, whatever its interleaving; a Shared constructed with weft::benign_race is
  /// exempt. WEFT_RACES=0|1.
  bool detect_races = true;
  /// Report FailureKind::lock_order_inversion: two or more concurrent threads took locks in
  /// a cyclic order, so some schedule deadlocks (docs/detectors.md). WEFT_LOCK_ORDER=0|1.
  bool detect_lock_order = true;
  /// Count Stats::distinct_final_states (see there for what a final state is). Costs one
  /// pass over each execution's events.
  bool count_final_states = false;
  Progress progress = Progress::auto_;        // WEFT_PROGRESS=auto|always|never
  /// Workers that run executions in parallel, each an OS thread with its own fibers; 0 = one
  /// per hardware thread. WEFT_JOBS=N|auto. The result does not depend on it: executions are
  /// numbered as with one job, the failure reported is the one with the lowest number, and
  /// surw and pct learn in rounds (docs/parallel.md), so any number of jobs prints the same
  /// report and schedule string. With more than one job the body runs on several OS threads
  /// at once: it must not share mutable state with anything outside itself except through
  /// weft objects it constructs (a captured counter or a static is then a data race); a weft
  /// object constructed outside the body makes the search fall back to one job (execution 0
  /// shows it) or, used first by a later execution, fails it with FailureKind::misuse.
  /// dfs cuts its tree into stretches the workers take in order, adding their results up in
  /// that order (so the same holds). dpor, with a budget of 2^20 executions or more, lets
  /// helpers explore subtrees ahead and adopts their results in its own order (the same
  /// holds); with a smaller budget it runs on one worker.
  /// Default 1: bodies written for one thread stay correct.
  unsigned jobs = 1;
  /// Sharding across machines: this process runs shard `shard_index` (0-based) of
  /// `shard_count`. A sampling search runs the executions whose number is shard_index modulo
  /// shard_count, so the shards run between them exactly the unsharded search's executions
  /// (a shard of surw or pct also runs, uncounted, the other shards' executions that teach
  /// the strategy, to learn what the unsharded search learns: docs/parallel.md). A dfs shard
  /// takes every shard_count-th stretch of its tree, so the shards of a complete search run
  /// exactly its executions, each with its share of max_executions; dpor runs whole on shard 0
  /// and not at all on the others.
  /// WEFT_SHARD=i/n, or Bazel's TEST_TOTAL_SHARDS and TEST_SHARD_INDEX (TEST_SHARD_STATUS_FILE
  /// is then touched, as the protocol asks); WEFT_SHARD wins when both are set. A shard does
  /// not judge coverage labels (weft::sometimes, weft::reachable): it sees only its part.
  std::uint32_t shard_index = 0;
  std::uint32_t shard_count = 1;
  bool use_environment = true;                // let WEFT_* variables override these fields
  /// A directory: a failing explore() or replay() writes its failure's HTML page
  /// (weft::html_report) there, named after `name` (docs/html_report.md, "From tests"), and the
  /// failure's details say where. WEFT_HTML_DIR. Empty (default): no page.
  std::string html_report{};
  /// What is explored, for the HTML page's file name (sanitized to <name>.html). Empty: the
  /// running Catch2 test case's name with <weft/catch.hpp>, else weft-failure-<n>.html.
  std::string name{};
};

/// Parses a shard "i/n" (decimal, 0 <= i < n): the form of WEFT_SHARD and `weft run --shard`.
/// nullopt for anything else.
std::optional<std::pair<std::uint32_t, std::uint32_t>> parse_shard(std::string_view text);

/// Applies WEFT_SEED, WEFT_STRATEGY, WEFT_MAX_EXECUTIONS, WEFT_MAX_STEPS, WEFT_DPOR_TREE_MB,
/// WEFT_TIME_BUDGET (seconds, a number >= 0; 0 = none), WEFT_WATCHDOG (seconds, >= 0; 0 = off),
/// WEFT_PROGRESS (auto, always, never), WEFT_TIMEOUTS (when_idle, explore), WEFT_SHARED_POINTS
/// (every_access, sync_only), WEFT_RACES, WEFT_LOCK_ORDER, WEFT_SURW_SELECTIVE and WEFT_SHRINK
/// (0 or 1), WEFT_JOBS (a number, or auto = 0), WEFT_SHARD (i/n) and Bazel's TEST_TOTAL_SHARDS /
/// TEST_SHARD_INDEX (touching TEST_SHARD_STATUS_FILE when it is set) and WEFT_HTML_DIR to `o`.
/// Throws UsageError naming the variable when a value does not parse.
Options apply_environment(Options o);

}  // namespace weft
