#pragma once
// The rounds in which a sampling exploration runs its executions. Execution i of a learning
// strategy (model/learner.hpp) knows what the executions before its round taught, never what
// its own round's earlier executions did: so the executions of one round can run in parallel
// (Options::jobs), and a search with one job runs exactly the executions a search with eight
// runs. Rounds double in length up to 64 executions, then stay at 64: [0,1) [1,2) [2,4) [4,8)
// ... [32,64) [64,128) [128,192) ... Execution 1 already knows all execution 0 taught, which
// is what surw needs most (a deterministic program's operation counts are exact after one
// execution).
#include <algorithm>
#include <cstdint>

namespace weft::model {

/// Executions per round once rounds stop growing.
inline constexpr std::uint64_t kRoundLength = 64;
/// The same for a strategy that learns nothing (random, pos): its executions do not
/// depend on each other, so its rounds only make the workers meet at each end (one waits for
/// the other's last execution, then wakes it), and longer rounds meet less often
/// (docs/parallel.md, where the speed-up is measured).
inline constexpr std::uint64_t kRoundLengthUnlearned = 1024;

/// The first execution index of the round after the one that starts at `begin` (a round
/// start), rounds growing to `length` executions.
constexpr std::uint64_t next_round(std::uint64_t begin, std::uint64_t length = kRoundLength) {
  return begin < length ? std::max<std::uint64_t>(1, 2 * begin) : begin + length;
}

}  // namespace weft::model
