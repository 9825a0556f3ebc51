#pragma once
// The `replay` strategy: follows recorded decisions and says exactly where a changed program
// stopped matching them (docs/exploration.md).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "sim/decision.hpp"
#include "sim/strategy.hpp"

namespace weft::model {

/// What the program offered at `point`: each enabled thread and its pending operation,
/// "T1 write Shared#2, T2 lock.acquire Lock#0" (for divergence messages).
std::string offered(const sim::SchedulePoint& point);

class ReplayStrategy final : public sim::Strategy {
 public:
  explicit ReplayStrategy(const std::vector<sim::Decision>& decisions) : decisions_(decisions) {}
  void begin_execution(std::uint64_t) override {
    next_ = 0;
    divergence_.reset();
  }
  /// The recorded thread, if it is enabled and about to perform the recorded operation;
  /// otherwise kNoThread with divergence() explaining the mismatch.
  ThreadId choose_thread(const sim::SchedulePoint& point) override;
  std::uint32_t choose_value(std::uint32_t n, sim::ValueKind kind) override;
  bool reads_events() const override { return false; }
  std::optional<std::string> divergence() const override { return divergence_; }
  /// Decisions not used by the execution (non-zero: the program ended early).
  std::size_t unused() const { return decisions_.size() - next_; }

 private:
  const std::vector<sim::Decision>& decisions_;
  std::size_t next_ = 0;
  std::optional<std::string> divergence_;
};

}  // namespace weft::model
