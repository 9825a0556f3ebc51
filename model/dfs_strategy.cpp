#include "model/dfs_strategy.hpp"

namespace weft::model {

ThreadId DfsStrategy::choose_thread(const sim::SchedulePoint& point) {
  if (depth_ < stack_.size()) {  // replaying the current path's prefix
    const Node& n = stack_[depth_++];
    return static_cast<ThreadId>(n.option());
  }
  Node n;
  n.preemptions_before = stack_.empty() ? 0 : preemptions_after(stack_.back());
  n.current = point.current;
  for (ThreadId t : point.enabled) n.current_enabled |= t == point.current;
  // Running on is tried first: schedules with fewer preemptions come earlier.
  if (n.current_enabled) n.options.push_back(point.current);
  const bool may_preempt = bound_ < 0 || n.preemptions_before < static_cast<std::uint32_t>(bound_);
  if (!n.current_enabled || may_preempt)
    for (ThreadId t : point.enabled)
      if (t != point.current) n.options.push_back(t);
  stack_.push_back(std::move(n));
  ++depth_;
  return static_cast<ThreadId>(stack_.back().options[0]);
}

std::uint32_t DfsStrategy::choose_value(std::uint32_t n, sim::ValueKind) {
  if (depth_ < stack_.size()) {
    const Node& node = stack_[depth_++];
    return node.option();
  }
  Node node;
  node.preemptions_before = stack_.empty() ? 0 : preemptions_after(stack_.back());
  node.values = n;  // a range, not a list: choose(1e9) costs no more than choose(2)
  stack_.push_back(std::move(node));
  ++depth_;
  return 0;
}

void DfsStrategy::end_execution(const sim::ExecutionEnd&) {
  stack_.resize(depth_);  // an execution that failed early leaves deeper nodes unvisited
  while (!stack_.empty() && stack_.back().index + 1 >= stack_.back().size()) stack_.pop_back();
  if (stack_.empty()) {
    complete_ = true;
    return;
  }
  ++stack_.back().index;
}

}  // namespace weft::model
