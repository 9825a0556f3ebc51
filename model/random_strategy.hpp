#pragma once
// The `random` strategy: at every point, a uniformly random enabled thread (docs/exploration.md).
#include <cstdint>

#include "model/rng.hpp"
#include "sim/strategy.hpp"

namespace weft::model {

/// Uniform choice among enabled threads and values. Execution i of seed s always makes the
/// same choices: the generator is re-seeded from (s, i) at the start of each execution.
class RandomStrategy final : public sim::Strategy {
 public:
  explicit RandomStrategy(std::uint64_t seed) : seed_(seed) {}
  void begin_execution(std::uint64_t index) override { rng_ = Rng(seed_, index); }
  ThreadId choose_thread(const sim::SchedulePoint& point) override {
    return point.enabled[rng_.below(static_cast<std::uint32_t>(point.enabled.size()))];
  }
  std::uint32_t choose_value(std::uint32_t n, sim::ValueKind) override { return rng_.below(n); }
  bool reads_events() const override { return false; }

 private:
  std::uint64_t seed_;
  Rng rng_{0, 0};
};

}  // namespace weft::model
