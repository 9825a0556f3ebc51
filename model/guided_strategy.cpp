#include "model/guided_strategy.hpp"

namespace weft::model {

ThreadId GuidedStrategy::choose_thread(const sim::SchedulePoint& point) {
  const bool current_enabled = point.current != kNoThread && point.is_enabled(point.current);
  ThreadId pick = current_enabled ? point.current : point.enabled.front();
  if (next_ < plan_.size() && !plan_[next_].is_value && point.is_enabled(plan_[next_].value)) pick = plan_[next_].value;
  running_.push_back(point.current);
  preempted_.push_back(current_enabled && pick != point.current);
  ++next_;
  return pick;
}

std::uint32_t GuidedStrategy::choose_value(std::uint32_t n, sim::ValueKind) {
  const std::uint32_t v = next_ < plan_.size() && plan_[next_].is_value && plan_[next_].value < n ? plan_[next_].value : 0;
  running_.push_back(kNoThread);
  preempted_.push_back(false);
  ++next_;
  return v;
}

}  // namespace weft::model
