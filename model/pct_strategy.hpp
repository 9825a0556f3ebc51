#pragma once
// The `pct` strategy: Probabilistic Concurrency Testing (Burckhardt, Kothari, Musuvathi,
// Nagarakatte, "A Randomized Scheduler with Probabilistic Guarantees of Finding Bugs",
// ASPLOS 2010). Each thread gets a random priority; the highest-priority enabled thread
// runs; at d-1 random steps (change points) the running thread's priority drops below all
// others. A bug of depth d is found with probability at least 1/(n k^(d-1)) per execution.
// k, the number of steps, is estimated from the longest execution seen so far.
#include <cstdint>
#include <vector>

#include "model/learner.hpp"
#include "model/rng.hpp"
#include "sim/strategy.hpp"

namespace weft::model {

class PctStrategy final : public sim::Strategy, public Learner {
 public:
  PctStrategy(std::uint64_t seed, int depth) : seed_(seed), depth_(depth < 1 ? 1 : depth) {}

  void begin_execution(std::uint64_t index) override;
  ThreadId choose_thread(const sim::SchedulePoint& point) override;
  std::uint32_t choose_value(std::uint32_t n, sim::ValueKind) override { return rng_.below(n); }
  bool reads_events() const override { return false; }
  /// Learns k from the execution's length, if it teaches (at once, or into its lesson:
  /// model/learner.hpp).
  void end_execution(const sim::ExecutionEnd& end) override {
    steps_ = end.steps;
    if (!defer_ && teaching_ && steps_ > estimated_steps_) estimated_steps_ = steps_;
  }
  void take_lesson(Lesson& out) override {
    if (teaching_) out.assign(1, steps_);
    else out.clear();
  }
  /// Lesson: one word, the execution's number of steps (none: it did not teach).
  void learn(const Lesson& lesson) override {
    if (!lesson.empty() && lesson[0] > estimated_steps_) estimated_steps_ = static_cast<std::uint32_t>(lesson[0]);
  }

 private:
  std::uint64_t priority_of(ThreadId t);

  std::uint64_t seed_;
  int depth_;
  Rng rng_{0, 0};
  std::uint32_t estimated_steps_ = 64;  // k before any execution has run
  std::uint32_t steps_ = 0;             // the last execution's steps (its lesson)
  std::vector<std::uint64_t> priority_;      // by ThreadId; 0 = not yet assigned
  std::vector<std::uint32_t> change_points_;  // ascending step numbers
  std::size_t next_change_ = 0;
};

}  // namespace weft::model
