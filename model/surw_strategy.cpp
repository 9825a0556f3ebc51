#include "model/surw_strategy.hpp"

#include "model/dependency.hpp"

namespace weft::model {

namespace {
constexpr bool lifecycle(OpKind op) {
  // Not sampled: thread start/join/exit are lifecycle, and a peek is no scheduling point.
  return op == OpKind::thread_start || op == OpKind::thread_join || op == OpKind::thread_exit || op == OpKind::peek;
}

__extension__ using U128 = unsigned __int128;
// Uniform in [0, n), n >= 1, for 64-bit n (Lemire's multiply-shift).
std::uint64_t below64(Rng& rng, std::uint64_t n) { return static_cast<std::uint64_t>((U128(rng.next()) * n) >> 64); }
}  // namespace

std::uint64_t SurwStrategy::child_path(std::uint64_t parent, std::uint32_t n) {
  std::uint64_t z = parent * 0x9e3779b97f4a7c15ULL + n + 0x632be59bd9b4e019ULL;  // splitmix64 finaliser
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t SurwStrategy::learned_count(std::uint64_t path) const {
  const auto it = learned_.find(path);
  if (it == learned_.end() || it->second.executions == 0) return 0;
  return (it->second.sum + it->second.executions / 2) / it->second.executions;
}

bool SurwStrategy::counts(OpKind op, ObjectId object) const {
  if (lifecycle(op)) return false;
  return !selective_ || interesting_object(object);
}

void SurwStrategy::grow(ThreadId t) {
  if (t < path_.size()) return;
  path_.resize(t + 1u, 0);
  children_.resize(t + 1u, 0);
  remaining_.resize(t + 1u, 0);
  priority_.resize(t + 1u, 0);
}

void SurwStrategy::begin_execution(std::uint64_t index) {
  rng_ = Rng(seed_, index);
  path_.clear();
  children_.clear();
  remaining_.clear();
  priority_.clear();
  intended_ = kNoThread;
  seen_events_ = 0;
  grow(0);
  path_[0] = kRootPath;
  remaining_[0] = learned_count(kRootPath);
}

std::uint64_t& SurwStrategy::priority_of(ThreadId t) {
  grow(t);
  if (priority_[t] == 0) priority_[t] = rng_.next() | 1u;
  return priority_[t];
}

void SurwStrategy::absorb(const sim::SchedulePoint& point) {
  for (; seen_events_ < point.events.size(); ++seen_events_) {
    const TraceEvent& e = point.events[seen_events_];
    grow(e.thread);
    if (e.op == OpKind::thread_start && e.has_value) {
      // A child starts with its learned share; the parent keeps the rest. If the parent was
      // to take the next interesting event, that event is the child's with probability
      // child / parent (ASPLOS 2025, thread creation in Algorithm 1).
      const ThreadId child = static_cast<ThreadId>(e.value);
      grow(child);
      path_[child] = child_path(path_[e.thread], ++children_[e.thread]);
      remaining_[child] = learned_count(path_[child]);
      std::uint64_t& parent = remaining_[e.thread];
      if (intended_ == e.thread && parent > 0 && remaining_[child] >= below64(rng_, parent) + 1) intended_ = child;
      parent = parent > remaining_[child] ? parent - remaining_[child] : 0;
    }
    if (counts(e.op, e.object)) {
      if (remaining_[e.thread] > 0) --remaining_[e.thread];
      intended_ = kNoThread;  // the next interesting event is drawn afresh
    } else if (e.op != OpKind::thread_exit && e.op != OpKind::peek) {  // a scheduled step
      priority_[e.thread] = 0;  // random priorities: the thread that moved draws a new one
    }
  }
  if (intended_ != kNoThread &&
      (intended_ >= point.status.size() || point.status[intended_] != sim::ThreadStatus::runnable))
    intended_ = kNoThread;
}

ThreadId SurwStrategy::draw_intended(const sim::SchedulePoint& point) {
  // Weighted by remaining interesting events. A thread about to perform an interesting event
  // weighs at least 1 even if its count ran out (an underestimate), as in the artifact.
  std::uint64_t total = 0;
  for (ThreadId t : point.enabled) {
    const std::uint64_t w = remaining_[t] > 0 ? remaining_[t] : counts(point.pending[t].op, point.pending[t].object);
    total += w;
  }
  std::uint64_t r = below64(rng_, total);
  for (ThreadId t : point.enabled) {
    const std::uint64_t w = remaining_[t] > 0 ? remaining_[t] : counts(point.pending[t].op, point.pending[t].object);
    if (r < w) return t;
    r -= w;
  }
  return point.enabled.back();  // unreachable: total > 0 when called
}

ThreadId SurwStrategy::choose_thread(const sim::SchedulePoint& point) {
  absorb(point);
  for (ThreadId t : point.enabled) grow(t);
  auto interesting = [&](ThreadId t) { return counts(point.pending[t].op, point.pending[t].object); };
  auto highest = [&](bool eligible_only) {
    ThreadId best = kNoThread;
    std::uint64_t best_priority = 0;
    for (ThreadId t : point.enabled) {
      if (eligible_only && interesting(t) && t != intended_) continue;  // waits for the intended thread
      const std::uint64_t p = priority_of(t);
      if (best == kNoThread || p > best_priority) {
        best = t;
        best_priority = p;
      }
    }
    return best;
  };
  if (intended_ == kNoThread) {
    const ThreadId first = highest(false);
    if (!interesting(first)) return first;  // a non-interesting step, by priority
    intended_ = draw_intended(point);
  }
  ThreadId chosen = highest(true);
  if (chosen == kNoThread) {
    // Every enabled thread waits to take an interesting step and the intended thread cannot
    // run (it waits for a lock or a join): draw again among those that can.
    intended_ = draw_intended(point);
    chosen = intended_;
  }
  return chosen;
}

void SurwStrategy::end_execution(const sim::ExecutionEnd& end) {
  const std::span<const TraceEvent> events = end.events;
  // Creation tree of this execution: parent and path by ThreadId.
  parent_.assign(1, kNoThread);
  std::vector<std::uint64_t>& path = path_;  // reuse: recomputed from the events
  path.assign(1, kRootPath);
  children_.assign(1, 0);
  for (const TraceEvent& e : events) {
    if (e.op != OpKind::thread_start || !e.has_value) continue;
    const auto child = static_cast<ThreadId>(e.value);
    if (child >= parent_.size()) {
      parent_.resize(child + 1u, kNoThread);
      path.resize(child + 1u, 0);
      children_.resize(child + 1u, 0);
    }
    if (e.thread >= children_.size()) children_.resize(e.thread + 1u, 0);
    parent_[child] = e.thread;
    path[child] = child_path(path[e.thread], ++children_[e.thread]);
  }
  // Selective: objects two threads touched, one with a write or lock operation.
  bool grew = false;
  if (selective_) {
    for (const TraceEvent& e : events) {
      if (e.object >= kClockObject || e.object_kind == ObjectKind::thread) continue;
      if (access_kind(e.op) == AccessKind::none) continue;
      if (e.object >= first_toucher_.size()) {
        first_toucher_.resize(e.object + 1u, kNoThread);
        shared_.resize(e.object + 1u, 0);
        written_.resize(e.object + 1u, 0);
      }
      if (first_toucher_[e.object] == kNoThread) first_toucher_[e.object] = e.thread;
      else if (first_toucher_[e.object] != e.thread) shared_[e.object] = 1;
      if (access_kind(e.op) == AccessKind::write) written_[e.object] = 1;
    }
    for (ObjectId o = 0; o < first_toucher_.size(); ++o) {
      if (shared_[o] && written_[o] && !interesting_object(o)) {
        if (o >= interesting_.size()) interesting_.resize(o + 1u, 0);
        interesting_[o] = 1;
        grew = true;
      }
      first_toucher_[o] = kNoThread;
      shared_[o] = written_[o] = 0;
    }
  }
  if (grew) learned_.clear();  // counts of the old set mean something else now
  // Counts: own events, then each thread's descendants (children have larger ids).
  own_.assign(parent_.size(), 0);
  for (const TraceEvent& e : events) {
    if (!counts(e.op, e.object)) continue;
    if (e.thread >= own_.size()) own_.resize(e.thread + 1u, 0);
    ++own_[e.thread];
  }
  for (std::size_t t = own_.size(); t-- > 1;)
    if (t < parent_.size() && parent_[t] != kNoThread) own_[parent_[t]] += own_[t];
  for (std::size_t t = 0; t < parent_.size() && t < own_.size(); ++t) {
    if (t != 0 && parent_[t] == kNoThread) continue;
    Learned& l = learned_[path[t]];
    l.sum += own_[t];
    ++l.executions;
  }
}

}  // namespace weft::model
