#include "model/pos_strategy.hpp"

#include "model/dependency.hpp"

namespace weft::model {

namespace {
// The access a committed event made, as model/dependency.hpp compares it (which reads
// untimed_wait of a cond_wait only, all a short form keeps of it).
Access access_of(const sim::CompactEvent& e) { return Access{e.op, e.object, e.untimed_wait(), e.ok()}; }
// The access a pending (announced, not yet performed) operation will make.
Access access_of(const sim::PendingOp& p) { return Access{p.op, p.object, p.blocking && !p.timed, true}; }
}  // namespace

void PosStrategy::begin_execution(std::uint64_t index) {
  rng_ = Rng(seed_, index);
  priority_.clear();  // keeps capacity: no allocation per step once the largest program ran
  seen_events_ = 0;
  short_forms_.reset();
}

std::uint64_t& PosStrategy::priority_of(ThreadId t) {
  if (t >= priority_.size()) priority_.resize(t + 1u, 0);
  if (priority_[t] == 0) priority_[t] = draw();
  return priority_[t];
}

void PosStrategy::absorb(const sim::SchedulePoint& point) {
  // POS (CAV 2018, §4): after executing e, remove the priority of e (its thread's next event
  // gets a fresh one) and of every pending event that races with e. Several events may have
  // been committed since the last point (a thread that ran alone asks nothing); the others'
  // pending operations did not change meanwhile, so applying the update per event is exact.
  const std::span<const sim::CompactEvent> events = short_forms_.at(point.events);
  for (; seen_events_ < events.size(); ++seen_events_) {
    const sim::CompactEvent& e = events[seen_events_];
    if (e.thread >= priority_.size()) priority_.resize(e.thread + 1u, 0);
    priority_[e.thread] = 0;  // re-drawn when next compared
    const Access done = access_of(e);
    if (access_kind(done.op) == AccessKind::none) continue;
    for (ThreadId u = 0; u < point.status.size(); ++u) {
      if (u == e.thread || point.status[u] != sim::ThreadStatus::runnable || u >= priority_.size()) continue;
      if (dependent(done, access_of(point.pending[u]))) priority_[u] = 0;
    }
  }
}

ThreadId PosStrategy::choose_thread(const sim::SchedulePoint& point) {
  absorb(point);
  ThreadId best = point.enabled[0];
  std::uint64_t best_priority = priority_of(best);
  for (ThreadId t : point.enabled.subspan(1)) {
    const std::uint64_t p = priority_of(t);
    if (p > best_priority) {
      best = t;
      best_priority = p;
    }
  }
  return best;
}

}  // namespace weft::model
