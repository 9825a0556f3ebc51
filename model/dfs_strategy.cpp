#include "model/dfs_strategy.hpp"

#include <algorithm>

namespace weft::model {

void DfsStrategy::explore_from(std::vector<std::uint32_t> start, std::size_t floor) {
  start_ = std::move(start);
  floor_ = std::min(floor, start_.size());
  stack_.clear();
  complete_ = false;
  diverged_ = false;
}

std::uint32_t DfsStrategy::first_index(std::size_t options) {
  if (depth_ >= start_.size()) return 0;
  if (start_[depth_] < options) return start_[depth_];
  diverged_ = true;
  return 0;
}

std::optional<std::string> DfsStrategy::divergence() const {
  if (!diverged_) return std::nullopt;
  return "the program offered fewer choices at decision " + std::to_string(depth_) +
         " than when the dfs search was split among workers or shards: it depends on something weft does "
         "not control (real time, real randomness, state outside weft primitives)";
}

std::vector<std::uint32_t> DfsStrategy::option_counts() const {
  std::vector<std::uint32_t> out;
  out.reserve(stack_.size());
  for (const Node& n : stack_) out.push_back(static_cast<std::uint32_t>(n.size()));
  return out;
}

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
  n.index = first_index(n.options.size());
  if (diverged_) return kNoThread;
  stack_.push_back(std::move(n));
  ++depth_;
  return static_cast<ThreadId>(stack_.back().option());
}

std::uint32_t DfsStrategy::choose_value(std::uint32_t n, sim::ValueKind) {
  if (depth_ < stack_.size()) {
    const Node& node = stack_[depth_++];
    return node.option();
  }
  Node node;
  node.preemptions_before = stack_.empty() ? 0 : preemptions_after(stack_.back());
  node.values = n;  // a range, not a list: choose(1e9) costs no more than choose(2)
  node.index = first_index(n);
  if (diverged_) return sim::kNoValue;
  stack_.push_back(std::move(node));
  ++depth_;
  return stack_.back().index;
}

void DfsStrategy::end_execution(const sim::ExecutionEnd&) {
  stack_.resize(depth_);  // an execution that failed early leaves deeper nodes unvisited
  start_.clear();  // later executions take first options below what they backtrack
  // Never above explore_from's floor.
  while (stack_.size() > floor_ && stack_.back().index + 1 >= stack_.back().size()) stack_.pop_back();
  if (stack_.size() <= floor_ || diverged_) {
    complete_ = true;
    return;
  }
  ++stack_.back().index;
}

}  // namespace weft::model
