#pragma once
// The `pos` strategy: Partial Order Sampling (Yuan, Yang & Gu, "Partial Order Aware
// Concurrency Sampling", CAV 2018, Algorithm "POS").
//
// Every thread's pending operation holds a random priority; the enabled thread whose pending
// operation has the highest priority runs. After an operation e runs, fresh priorities are
// drawn for the thread that moved (its next operation is a new event) and for every other
// thread whose pending operation is dependent on e ("races with" e in the paper's words);
// all other priorities are kept. Keeping the priority of independent operations is what makes
// POS sample partial orders far more evenly than a random walk: reordering two independent
// operations does not change which of them is preferred later. The dependency relation is the
// one of model/dependency.hpp (the one DPOR uses), never a second copy.
#include <cstdint>
#include <span>
#include <vector>

#include "model/rng.hpp"
#include "model/short_forms.hpp"
#include "sim/strategy.hpp"

namespace weft::model {

class PosStrategy final : public sim::Strategy {
 public:
  explicit PosStrategy(std::uint64_t seed) : seed_(seed) {}

  void begin_execution(std::uint64_t index) override;
  ThreadId choose_thread(const sim::SchedulePoint& point) override;
  std::uint32_t choose_value(std::uint32_t n, sim::ValueKind) override { return rng_.below(n); }
  /// It reads every committed operation, in short form when the run records nothing
  /// (model/short_forms.hpp): a search with pos records no events of its own accord.
  bool reads_events() const override { return false; }
  std::uint32_t compact_ops() const override { return ~std::uint32_t{0}; }
  void see_short_forms(std::span<const sim::CompactEvent> kept) override { short_forms_.see(kept); }

  /// Test hook: the current priority of each thread's pending operation, by ThreadId
  /// (0 = not drawn yet). Read after choose_thread to observe which priorities were re-drawn.
  std::span<const std::uint64_t> priorities() const { return priority_; }

 private:
  std::uint64_t draw() { return rng_.next() | 1u; }  // never 0 (0 = not drawn)
  std::uint64_t& priority_of(ThreadId t);
  // Re-draws priorities for the events committed since the last point (the paper's update
  // after each step). `point.pending` holds every live thread's next operation.
  void absorb(const sim::SchedulePoint& point);

  std::uint64_t seed_;
  Rng rng_{0, 0};
  std::vector<std::uint64_t> priority_;  // by ThreadId; capacity kept across executions
  std::size_t seen_events_ = 0;          // events of this execution already absorbed
  ShortForms short_forms_;               // this execution's events, as read
};

}  // namespace weft::model
