#pragma once
// Strategies that learn from the executions they ran (surw: which objects are shared and how
// many operations each thread performs on them; pct: how long an execution is). So that an
// exploration's result does not depend on how many workers run it (Options::jobs), what an
// execution teaches is kept apart as a Lesson, and the explorer applies lessons in execution
// order at fixed round boundaries (model/execution_rounds.hpp): every worker's copy of the
// strategy then knows exactly the same things when it starts a given execution. Only the
// executions that teach (teaches() there) draw a lesson; the others' lessons are empty, and
// applying an empty lesson changes nothing.
#include <cstdint>
#include <vector>

#include "model/execution_rounds.hpp"

namespace weft::model {

/// What one execution taught a learning strategy, in words only that strategy reads.
using Lesson = std::vector<std::uint64_t>;

/// The learning side of a strategy. By default end_execution() learns at once (what a
/// strategy used on its own, as in the unit tests, expects); after defer_lessons(true) it
/// only records the lesson, which take_lesson() hands out and learn() applies.
class Learner {
 public:
  virtual ~Learner() = default;
  /// Whether end_execution() records its lesson for take_lesson() instead of applying it.
  void defer_lessons(bool on) noexcept { defer_ = on; }
  /// Moves the last execution's lesson into `out` (replacing what `out` held). Call after
  /// end_execution() with lessons deferred.
  virtual void take_lesson(Lesson& out) = 0;
  /// Applies a lesson taken from this strategy or from one made with the same options and
  /// seed that had learned the same lessons, in the same order, before that execution.
  virtual void learn(const Lesson& lesson) = 0;

 protected:
  /// Called by the strategy's begin_execution: whether this execution teaches.
  void begin_lesson(std::uint64_t index) noexcept { teaching_ = teaches(index); }

  bool defer_ = false;
  bool teaching_ = true;  // this execution draws a lesson (teaches(), model/execution_rounds.hpp)
};

}  // namespace weft::model
