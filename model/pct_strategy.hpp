#pragma once
// The `pct` strategy: Probabilistic Concurrency Testing (Burckhardt, Kothari, Musuvathi,
// Nagarakatte, "A Randomized Scheduler with Probabilistic Guarantees of Finding Bugs",
// ASPLOS 2010). Each thread gets a random priority; the highest-priority enabled thread
// runs; at d-1 random steps (change points) the running thread's priority drops below all
// others. A bug of depth d is found with probability at least 1/(n k^(d-1)) per execution.
// k, the number of steps, is estimated from the longest execution seen so far.
#include <cstdint>
#include <vector>

#include "model/rng.hpp"
#include "sim/strategy.hpp"

namespace weft::model {

class PctStrategy final : public sim::Strategy {
 public:
  PctStrategy(std::uint64_t seed, int depth) : seed_(seed), depth_(depth < 1 ? 1 : depth) {}

  void begin_execution(std::uint64_t index) override;
  ThreadId choose_thread(const sim::SchedulePoint& point) override;
  std::uint32_t choose_value(std::uint32_t n, sim::ValueKind) override { return rng_.below(n); }
  void end_execution(const sim::ExecutionEnd& end) override {
    if (end.steps > estimated_steps_) estimated_steps_ = end.steps;
  }

 private:
  std::uint64_t priority_of(ThreadId t);

  std::uint64_t seed_;
  int depth_;
  Rng rng_{0, 0};
  std::uint32_t estimated_steps_ = 64;  // k before any execution has run
  std::vector<std::uint64_t> priority_;      // by ThreadId; 0 = not yet assigned
  std::vector<std::uint32_t> change_points_;  // ascending step numbers
  std::size_t next_change_ = 0;
};

}  // namespace weft::model
