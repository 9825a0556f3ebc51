#pragma once
// The guided strategy: follows a plan of decisions as far as it still applies, and lets the
// running thread continue where it does not (docs/shrinking.md). Schedule shrinking runs its
// candidates under it, and Options::first_schedule runs a schedule recorded on another input
// (weft/rapidcheck.hpp retries a failing schedule on each shrunk input) with it.
#include <cstddef>
#include <vector>

#include "sim/decision.hpp"
#include "sim/strategy.hpp"

namespace weft::model {

/// Follows `plan` by position: the planned thread if it is enabled now, the planned value if it
/// is in range; where the plan does not apply or has run out, the running thread continues (the
/// lowest enabled id when it cannot). Unlike ReplayStrategy it never diverges. Records, per
/// decision, which thread was running and whether the choice preempted it. One execution per
/// begin_execution(); the plan must outlive the strategy.
class GuidedStrategy final : public sim::Strategy {
 public:
  explicit GuidedStrategy(const std::vector<sim::Decision>& plan) : plan_(plan) {}

  void begin_execution(std::uint64_t) override {
    next_ = 0;
    running_.clear();
    preempted_.clear();
  }
  ThreadId choose_thread(const sim::SchedulePoint& point) override;
  std::uint32_t choose_value(std::uint32_t n, sim::ValueKind kind) override;
  bool reads_events() const override { return false; }

  /// By decision index: the thread that was running, and whether the choice preempted it.
  const std::vector<ThreadId>& running() const { return running_; }
  const std::vector<bool>& preempted() const { return preempted_; }

 private:
  const std::vector<sim::Decision>& plan_;
  std::size_t next_ = 0;
  std::vector<ThreadId> running_;
  std::vector<bool> preempted_;
};

}  // namespace weft::model
