#pragma once
// How explore() searches: strategy, seed, budgets. Environment variables override fields.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace weft {

/// Exploration strategies (DESIGN §3): random (default), pct (depth Options::pct_depth),
/// dfs (exhaustive; Options::preemption_bound limits preemptions). dpor is accepted by the
/// parser and refused by explore() with a UsageError until it lands.
enum class Strategy : std::uint8_t { random = 0, pct = 1, dfs = 2, dpor = 3, replay = 4 };
constexpr std::string_view to_string(Strategy s) noexcept {
  switch (s) {
    case Strategy::random: return "random";
    case Strategy::pct: return "pct";
    case Strategy::dfs: return "dfs";
    case Strategy::dpor: return "dpor";
    case Strategy::replay: return "replay";
  }
  return "?";
}
/// Parses "random", "pct", "dfs", "dpor"; nullopt for anything else.
constexpr std::optional<Strategy> parse_strategy(std::string_view name) noexcept {
  for (Strategy s : {Strategy::random, Strategy::pct, Strategy::dfs, Strategy::dpor})
    if (to_string(s) == name) return s;
  return std::nullopt;
}

/// When the virtual clock may jump to the next deadline.
enum class TimeoutPolicy : std::uint8_t {
  when_idle,  // only when no thread can run (default)
  explore,    // a pending timeout may also fire while threads can run (strategy chooses)
};

/// The default seed when neither Options::seed nor WEFT_SEED is given: runs are repeatable.
inline constexpr std::uint64_t kDefaultSeed = 0x5eed;

/// Options of weft::explore. Every field has a sensible default.
struct Options {
  Strategy strategy = Strategy::random;
  std::optional<std::uint64_t> seed;          // WEFT_SEED; default kDefaultSeed
  std::uint64_t max_executions = 1000;        // WEFT_MAX_EXECUTIONS (dfs stops earlier when complete)
  double time_budget_seconds = 0;             // 0 = none; stop exploring after this wall time
  std::uint64_t max_steps = 100000;           // per execution; more is reported as a livelock
  int preemption_bound = -1;                  // dfs/dpor only; -1 = unbounded
  int pct_depth = 3;                          // pct only
  TimeoutPolicy timeouts = TimeoutPolicy::when_idle;
  std::size_t stack_size = 256 * 1024;        // bytes per simulated thread
  bool verify_replay = true;                  // replay a failure once before reporting it
  bool use_environment = true;                // let WEFT_* variables override these fields
};

/// Applies WEFT_SEED, WEFT_STRATEGY, WEFT_MAX_EXECUTIONS, WEFT_MAX_STEPS to `o`.
/// Throws UsageError naming the variable when a value does not parse.
Options apply_environment(Options o);

}  // namespace weft
