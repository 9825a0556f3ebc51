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

/// The first execution index of the round after the one that starts at `begin` (a round start).
constexpr std::uint64_t next_round(std::uint64_t begin) {
  return begin < kRoundLength ? std::max<std::uint64_t>(1, 2 * begin) : begin + kRoundLength;
}

}  // namespace weft::model
