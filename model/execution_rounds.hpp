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
// Not every execution teaches (teaches() below): all of the first 64, then one in a stride
// that grows as the square root of the index (one in 8 from 64, one in 32 from 1,024, one in
// 1,024 from about a million). What a strategy learns mostly settles within its first
// executions (surw: the shared objects and each thread's number of operations on them; pct:
// the length of an execution), and the executions that teach nothing skip the work of drawing
// a lesson. But a behaviour that only rare executions show (an object shared only after an
// unlikely interleaving) must still be learned: with a teaching execution at least every
// sqrt(i), a search meets it after a few thousand executions, where lessons drawn only at
// powers of two would never meet it (tests/model/surw_teaching_test.cpp). Teaching executions
// stay few (3,018 in the first million), which is what lets a shard run exactly the
// unsharded search's executions (docs/parallel.md, "Shards"): every shard runs them all, its
// own and the others', and learns what the unsharded search learns.
#include <algorithm>
#include <bit>
#include <cstdint>

namespace weft::model {

/// Executions per round once rounds stop growing.
inline constexpr std::uint64_t kRoundLength = 1024;

/// Executions numbered below this all teach; after them, one in teaching_stride().
inline constexpr std::uint64_t kTeachingPrefix = 64;

/// Past the first 64, executions teach when their index is a multiple of this: the power of
/// two 2^floor(log2(index) / 2), at most sqrt(index).
constexpr std::uint64_t teaching_stride(std::uint64_t index) {
  return std::uint64_t{1} << ((std::bit_width(index | 1) - 1) / 2);
}

/// Whether execution `index` of a learning strategy teaches: its lesson is drawn and applied
/// at the end of its round. An execution that does not teach has an empty lesson.
constexpr bool teaches(std::uint64_t index) {
  return index < kTeachingPrefix || (index & (teaching_stride(index) - 1)) == 0;
}

/// The first execution index of the round after the one that starts at `begin` (a round
/// start).
constexpr std::uint64_t next_round(std::uint64_t begin) {
  return begin < kRoundLength ? std::max<std::uint64_t>(1, 2 * begin) : begin + kRoundLength;
}

static_assert(next_round(32) == 64 && next_round(64) == 128 && next_round(512) == 1024 && next_round(2048) == 3072);
static_assert(teaching_stride(64) == 8 && teaching_stride(255) == 8 && teaching_stride(256) == 16 &&
              teaching_stride(1024) == 32 && teaches(72) && !teaches(76) && teaches(1056) && !teaches(1040));

}  // namespace weft::model
