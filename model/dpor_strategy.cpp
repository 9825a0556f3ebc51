#include "model/dpor_strategy.hpp"

#include <algorithm>

#include "model/dependency.hpp"

namespace weft::model {

namespace {
constexpr bool kUseSleepSets = false;

bool contains(const std::vector<ThreadId>& v, ThreadId t) { return std::find(v.begin(), v.end(), t) != v.end(); }
void insert(std::vector<ThreadId>& v, ThreadId t) {
  if (!contains(v, t)) v.push_back(t);
}
}  // namespace

void DporStrategy::begin_execution(std::uint64_t) {
  depth_ = 0;
  last_thread_node_ = SIZE_MAX;
  value_since_thread_node_ = false;
  for (Clock& c : clocks_) std::fill(c.begin(), c.end(), 0);
  last_write_.clear();
  reads_.clear();
}

DporStrategy::Clock& DporStrategy::clock_of(ThreadId t) {
  if (t >= clocks_.size()) clocks_.resize(t + 1u);
  return clocks_[t];
}

void DporStrategy::join(Clock& into, const Clock& from) {
  if (into.size() < from.size()) into.resize(from.size(), 0);
  for (std::size_t i = 0; i < from.size(); ++i) into[i] = std::max(into[i], from[i]);
}

void DporStrategy::add_backtrack(Node& n, ThreadId p) {
  if (contains(n.enabled, p)) {
    insert(n.backtrack, p);
  } else {  // p could not run there: any enabled thread may lead to it
    for (ThreadId t : n.enabled) insert(n.backtrack, t);
  }
}

// For each live thread's pending operation, the latest racing transition (dependent,
// co-enabled, not happening-before the thread) gets a backtrack point.
void DporStrategy::analyse_races(const sim::SchedulePoint& point) {
  for (ThreadId p = 0; p < point.pending.size(); ++p) {
    if (point.status[p] != sim::ThreadStatus::runnable) continue;
    const sim::PendingOp& next = point.pending[p];
    if (next.object == kNoObject) continue;
    const bool untimed_blocking = next.blocking && !next.timed;
    const Clock& cp = clock_of(p);
    for (std::size_t i = depth_; i-- > 0;) {
      Node& n = stack_[i];
      if (n.is_value || n.chosen == p) continue;
      bool races = false;
      for (const Access& a : n.accesses)
        races |= dependent(a.op, a.object, next.op, next.object) && co_enabled(a.op, next.op, untimed_blocking);
      if (!races) continue;
      const bool happens_before = n.chosen < cp.size() && cp[n.chosen] >= n.own;
      if (happens_before) continue;
      add_backtrack(n, p);
      break;
    }
  }
}

// Sleep set of a new state: threads asleep (or already explored) at the previous state
// whose next operation commutes with the transition just taken.
std::vector<ThreadId> DporStrategy::inherited_sleep(const sim::SchedulePoint& point) const {
  std::vector<ThreadId> sleep;
  if (last_thread_node_ == SIZE_MAX || value_since_thread_node_) return sleep;
  const Node& prev = stack_[last_thread_node_];
  // A sleeping thread has not moved, so its pending operation now is the one it had at
  // `prev`. Take it from this execution: object ids are assigned on first use, so ids seen
  // in an earlier execution may name other objects here.
  auto consider = [&](ThreadId r) {
    if (r == prev.chosen || contains(sleep, r)) return;
    if (r >= point.status.size() || point.status[r] != sim::ThreadStatus::runnable) return;
    const sim::PendingOp& next = point.pending[r];
    for (const Access& a : prev.accesses)
      if (dependent(a.op, a.object, next.op, next.object)) return;
    sleep.push_back(r);
  };
  for (ThreadId r : prev.sleep) consider(r);
  for (ThreadId r : prev.done) consider(r);
  return sleep;
}

ThreadId DporStrategy::choose_thread(const sim::SchedulePoint& point) {
  ThreadId pick;
  if (depth_ < stack_.size()) {  // replaying the prefix: races there were analysed before
    pick = stack_[depth_].chosen;
  } else {
    analyse_races(point);
    Node n;
    n.enabled.assign(point.enabled.begin(), point.enabled.end());
    // Sleep sets are off: combined with this race analysis they lost traces (lastzero(3):
    // 11 of 12), so until that is understood the search stays sound and merely larger.
    if (kUseSleepSets) n.sleep = inherited_sleep(point);
    pick = kNoThread;
    const bool current_ok = contains(n.enabled, point.current) && !contains(n.sleep, point.current);
    if (current_ok) {
      pick = point.current;  // running on first: fewer switches in the first schedules
    } else {
      for (ThreadId t : n.enabled)
        if (!contains(n.sleep, t)) {
          pick = t;
          break;
        }
    }
    if (pick == kNoThread) return kNoThread;  // every enabled thread sleeps: redundant, prune
    n.chosen = pick;
    n.backtrack.push_back(pick);
    stack_.push_back(std::move(n));
  }
  Node& n = stack_[depth_];
  n.accesses.clear();
  Clock& c = clock_of(pick);
  if (c.size() <= pick) c.resize(pick + 1u, 0);
  n.own = ++c[pick];
  last_thread_node_ = depth_;
  value_since_thread_node_ = false;
  ++depth_;
  return pick;
}

std::uint32_t DporStrategy::choose_value(std::uint32_t n, sim::ValueKind) {
  value_since_thread_node_ = true;
  if (depth_ < stack_.size()) return stack_[depth_++].value;
  Node node;
  node.is_value = true;
  node.values = n;
  stack_.push_back(std::move(node));
  ++depth_;
  return 0;
}

void DporStrategy::on_event(const TraceEvent& e) {
  const bool starts_child = e.op == OpKind::thread_start && e.has_value;
  // Size the table first: references into it must survive this call.
  clock_of(starts_child ? std::max<ThreadId>(e.thread, static_cast<ThreadId>(e.value)) : e.thread);
  Clock& c = clocks_[e.thread];
  if (e.object != kNoObject) {
    if (e.object >= last_write_.size()) {
      last_write_.resize(e.object + 1u);
      reads_.resize(e.object + 1u);
    }
    join(c, last_write_[e.object]);
    if (is_read(e.op)) {
      join(reads_[e.object], c);
    } else {
      join(c, reads_[e.object]);
      last_write_[e.object] = c;
      std::fill(reads_[e.object].begin(), reads_[e.object].end(), 0);
    }
  }
  if (starts_child) clocks_[static_cast<ThreadId>(e.value)] = c;  // the child starts after its start()
  if (last_thread_node_ != SIZE_MAX) stack_[last_thread_node_].accesses.push_back(Access{e.op, e.object});
}

void DporStrategy::end_execution(const sim::ExecutionEnd&) {
  stack_.resize(depth_);
  while (!stack_.empty()) {
    Node& n = stack_.back();
    if (n.is_value) {
      if (n.value + 1 < n.values) {
        ++n.value;
        return;
      }
      stack_.pop_back();
      continue;
    }
    insert(n.done, n.chosen);
    for (ThreadId t : n.backtrack) {
      if (contains(n.done, t) || contains(n.sleep, t)) continue;
      n.chosen = t;
      return;
    }
    stack_.pop_back();
  }
  complete_ = true;
}

}  // namespace weft::model
