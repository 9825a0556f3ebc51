#include "model/pct_strategy.hpp"

#include <algorithm>

namespace weft::model {

namespace {
// Initial priorities sit above every lowered one (lowered priorities are 1..d-1).
constexpr std::uint64_t kBase = 1u << 20;
}  // namespace

void PctStrategy::begin_execution(std::uint64_t index) {
  begin_lesson(index);
  rng_ = Rng(seed_, index);
  priority_.clear();
  change_points_.clear();
  next_change_ = 0;
  for (int i = 1; i < depth_; ++i) change_points_.push_back(rng_.below(estimated_steps_) + 1);
  std::sort(change_points_.begin(), change_points_.end());
}

std::uint64_t PctStrategy::priority_of(ThreadId t) {
  if (t >= priority_.size()) priority_.resize(t + 1u, 0);
  if (priority_[t] == 0) priority_[t] = kBase + (rng_.next() >> 24);  // random, distinct w.h.p.
  return priority_[t];
}

ThreadId PctStrategy::choose_thread(const sim::SchedulePoint& point) {
  ThreadId best = point.enabled[0];
  for (ThreadId t : point.enabled)
    if (priority_of(t) > priority_of(best) || (priority_of(t) == priority_of(best) && t < best)) best = t;
  // At a change point the thread about to run drops to priority d - i.
  while (next_change_ < change_points_.size() && change_points_[next_change_] <= point.step) {
    priority_[best] = static_cast<std::uint64_t>(depth_) - 1 - next_change_;
    ++next_change_;
    best = point.enabled[0];
    for (ThreadId t : point.enabled)
      if (priority_of(t) > priority_of(best) || (priority_of(t) == priority_of(best) && t < best)) best = t;
  }
  return best;
}

}  // namespace weft::model
