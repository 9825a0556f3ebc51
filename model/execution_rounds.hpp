#pragma once
// The rounds in which a sampling exploration runs its executions, and which of them teach a
// learning strategy (model/learner.hpp).
//
// Execution i knows what the executions before its round taught, never what its own round's
// earlier executions did: so the executions of one round can run in parallel (Options::jobs),
// and a search with one job runs exactly the executions a search with eight runs. Rounds
// double in length up to 1,024 executions, then stay at 1,024: [0,1) [1,2) [2,4) [4,8) ...
// [512,1024) [1024,2048) [2048,3072) ... Execution 1 already knows all execution 0 taught,
// which is what surw needs most (a deterministic program's operation counts are exact after
// one execution). At each round's end the workers meet (one waits for the other's last
// execution, then wakes it), so long rounds meet seldom (docs/parallel.md, where the speed-up
// is measured).
//
// Not every execution teaches (teaches() below): all of the first 64, then only those
// numbered by a power of two, each of which starts a round (its lesson applies from the
// next). What a strategy learns settles within its first executions (surw: the shared objects
// and each thread's number of operations on them; pct: the length of an execution), and later
// lessons mostly repeat it; the executions that teach nothing skip the work of drawing a
// lesson. It is also what lets a shard run exactly the unsharded search's executions
// (docs/parallel.md, "Shards"): the executions that teach are few, so every shard runs them
// all, its own and the others', and learns what the unsharded search learns.
#include <algorithm>
#include <cstdint>

namespace weft::model {

/// Executions per round once rounds stop growing.
inline constexpr std::uint64_t kRoundLength = 1024;

/// Executions numbered below this all teach; after them, only those numbered by a power of two.
inline constexpr std::uint64_t kTeachingPrefix = 64;

/// Whether execution `index` of a learning strategy teaches: its lesson is drawn and applied
/// at the end of its round. An execution that does not teach has an empty lesson.
constexpr bool teaches(std::uint64_t index) { return index < kTeachingPrefix || (index & (index - 1)) == 0; }

/// The first execution index of the round after the one that starts at `begin` (a round
/// start).
constexpr std::uint64_t next_round(std::uint64_t begin) {
  return begin < kRoundLength ? std::max<std::uint64_t>(1, 2 * begin) : begin + kRoundLength;
}

// Every execution that teaches past the first 64 starts a round.
static_assert(next_round(32) == 64 && next_round(64) == 128 && next_round(512) == 1024 && next_round(2048) == 3072);

}  // namespace weft::model
