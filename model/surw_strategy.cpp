#include "model/surw_strategy.hpp"

#include <algorithm>

namespace weft::model {

namespace {
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

std::uint64_t SurwStrategy::learned_count(std::uint64_t path, ObjectId object) const {
  const std::uint64_t since = object == kEveryEvent ? 0 : candidate(object) ? candidate_since_[object] : executions_;
  const std::uint64_t executions = executions_ - since;
  const auto it = learned_.find(key(path, object));
  if (it == learned_.end() || executions == 0) return 0;
  return (it->second + executions / 2) / executions;  // the mean, rounded to nearest
}

void SurwStrategy::grow_to(ThreadId t) {
  path_.resize(t + 1u, 0);
  children_.resize(t + 1u, 0);
  remaining_.resize(t + 1u, 0);
  priority_.resize(t + 1u, 0);
}

void SurwStrategy::draw_target() {
  // One candidate, weighted by its learned number of operations (all threads together).
  target_ = selective_ ? kNoObject : kEveryEvent;
  if (!selective_ || candidates_.empty()) return;
  std::uint64_t total = 0;
  for (ObjectId o : candidates_) total += draw_weight(o);
  if (total == 0) return;
  std::uint64_t r = below64(rng_, total);
  for (ObjectId o : candidates_) {
    const std::uint64_t w = draw_weight(o);
    if (r < w) {
      target_ = o;
      return;
    }
    r -= w;
  }
}

void SurwStrategy::begin_execution(std::uint64_t index) {
  begin_lesson(index);
  rng_ = Rng(seed_, index);
  path_.clear();
  children_.clear();
  remaining_.clear();
  priority_.clear();
  intended_ = kNoThread;
  seen_events_ = 0;
  started_ = 0;
  short_forms_.reset();
  waited_ = 0;
  draw_target();
  grow(0);
  path_[0] = kRootPath;
  gather_target_group();
  remaining_[0] = group_count(kRootPath);
}

void SurwStrategy::gather_target_group() {
  // The target and, if it is a lock, every candidate lock nested with it (taken while the
  // other was held, in some execution so far), transitively: the acquisition order of locks
  // held together is what a lock-order deadlock depends on, so they are sampled as one.
  for (ObjectId o : target_group_) in_target_[o] = 0;
  target_group_.clear();
  if (!selective_ || target_ == kNoObject) return;
  const auto add = [&](ObjectId o) {
    if (o >= in_target_.size()) in_target_.resize(o + 1u, 0);
    if (in_target_[o]) return;
    in_target_[o] = 1;
    target_group_.push_back(o);
  };
  add(target_);
  for (std::size_t i = 0; i < target_group_.size(); ++i) {
    const ObjectId o = target_group_[i];
    if (o >= nested_.size()) continue;
    for (ObjectId other : nested_[o])
      if (candidate(other)) add(other);
  }
}

std::uint64_t SurwStrategy::group_count(std::uint64_t path) const {
  if (!selective_) return learned_count(path, kEveryEvent);
  std::uint64_t n = 0;
  for (ObjectId o : target_group_) n += learned_count(path, o);
  return n;
}

// Inline in choose_thread, its one caller, which runs at every decision: the call and its
// register saves were 1% of surw's instructions on a lock program (docs/performance_history.md, stop 50).
[[gnu::always_inline]] inline void SurwStrategy::absorb(const sim::SchedulePoint& point) {
  // The index in a local: remaining_'s counts are of seen_events_'s type, and a store to one
  // would make the compiler reload the member at every event.
  const std::size_t seen = seen_events_;
  const std::span<const sim::CompactEvent> events = short_forms_.at(point.events);
  seen_events_ = events.size();
  for (const sim::CompactEvent& e : events.subspan(seen)) {
    grow(e.thread);
    if (e.op == OpKind::thread_start && e.has_value()) {
      // A child starts with its learned share; the parent keeps the rest. If the parent was
      // to take the next interesting event, that event is the child's with probability
      // child / parent (ASPLOS 2025, thread creation in Algorithm 1).
      const ThreadId child = ++started_;
      grow(child);
      path_[child] = child_path(path_[e.thread], ++children_[e.thread]);
      remaining_[child] = group_count(path_[child]);
      std::uint64_t& parent = remaining_[e.thread];
      if (intended_ == e.thread && parent > 0 && remaining_[child] >= below64(rng_, parent) + 1) intended_ = child;
      parent = parent > remaining_[child] ? parent - remaining_[child] : 0;
    }
    if (!e.point()) continue;  // a Shared access within its step (SharedPoints::sync_only)
    if (counts(e.op, e.object)) {
      if (remaining_[e.thread] > 0) --remaining_[e.thread];
      intended_ = kNoThread;  // the next interesting event is drawn afresh
    } else if (e.op != OpKind::thread_exit && e.op != OpKind::peek) {  // a scheduled step
      // Random priorities: the thread that moved draws a new one. A thread that yields (or
      // sleeps) goes below every other instead, until it moves again: otherwise a spin loop
      // that yields can keep a high draw and starve the thread it waits for (the fairness
      // of yield, as in CHESS's fair scheduling: Musuvathi & Qadeer, PLDI 2008).
      // A yield also says "I wait for another thread": the yielder's learned count, which a
      // spin loop inflates from execution to execution, stops weighing, and if it was to
      // take the next interesting event, that event is drawn again.
      const bool yields = e.op == OpKind::yield || e.op == OpKind::sleep;
      priority_[e.thread] = yields ? kLowest : 0;
      if (yields) {
        remaining_[e.thread] = 0;
        if (intended_ == e.thread) intended_ = kNoThread;
      }
    }
  }
  if (intended_ != kNoThread &&
      (intended_ >= point.status.size() || point.status[intended_] != sim::ThreadStatus::runnable))
    intended_ = kNoThread;
}

ThreadId SurwStrategy::draw_intended(const sim::SchedulePoint& point) {
  std::uint64_t total = 0;
  for (std::size_t k = 0; k < point.enabled.size(); ++k) total += intended_weight(point.enabled, k);
  return drawn(point.enabled, below64(rng_, total));
}

ThreadId SurwStrategy::drawn(std::span<const ThreadId> enabled, std::uint64_t r) const {
  for (std::size_t k = 0; k < enabled.size(); ++k) {
    const std::uint64_t w = intended_weight(enabled, k);
    if (r < w) return enabled[k];
    r -= w;
  }
  return enabled.back();  // unreachable: r < the weights' total
}

// The decision when no thread is intended (after every interesting event): the same as
// choose_thread's general path below, in two passes over the enabled threads instead of four
// (and no comparison of priorities when every enabled step is sampled).
// The random draws are made in the same order (each enabled thread's missing priority, in
// ascending order, then the intended thread's draw), so the choices are the same.
ThreadId SurwStrategy::choose_afresh(const sim::SchedulePoint& point) {
  const std::span<const ThreadId> enabled = point.enabled;
  const sim::PendingOp* const pending = point.pending.data();
  // Two passes with few values live in each (one pass kept too many, and spilled some to
  // the stack at every thread): whether each thread's step is sampled and the weights'
  // total, then the priorities, whose missing ones are drawn in the same order as before.
  std::uint32_t* const interesting = interesting_.data();
  const std::uint64_t* const remaining = remaining_.data();
  std::uint64_t* const priority = priority_.data();
  std::uint64_t total = 0;
  std::uint32_t some_quiet = 0;  // an enabled thread's step is not sampled
  for (std::size_t k = 0; k < enabled.size(); ++k) {
    const ThreadId t = enabled[k];
    const std::uint32_t sampled = counts(pending[t].op, pending[t].object) ? 1 : 0;
    interesting[k] = sampled;
    some_quiet |= sampled ^ 1u;
    total += remaining[t] > 0 ? remaining[t] : sampled;  // intended_weight
  }
  if (some_quiet == 0) {
    // Every step sampled (on a lock program, nearly every decision): the priorities decide
    // nothing, since the highest is an interesting step and no quiet thread competes with
    // the intended one. Only the missing ones are drawn, in the order the pass below would.
    for (const ThreadId t : enabled)
      if (priority[t] == 0) priority[t] = rng_.next() | 1u;
    return intended_ = drawn(enabled, below64(rng_, total));
  }
  // The highest priority, among all and among the non-interesting threads. Priorities are
  // odd, never 0, so the first thread compared always beats the initial 0; ties keep the
  // earlier (lower) id.
  ThreadId first = kNoThread, quiet = kNoThread;
  std::uint64_t first_priority = 0, quiet_priority = 0;
  for (std::size_t k = 0; k < enabled.size(); ++k) {
    const ThreadId t = enabled[k];
    std::uint64_t p = priority[t];
    if (p == 0) p = priority[t] = rng_.next() | 1u;
    if (p > first_priority) {
      first = t;
      first_priority = p;
    }
    if (!interesting[k] && p > quiet_priority) {
      quiet = t;
      quiet_priority = p;
    }
  }
  if (quiet == first) return first;  // the highest priority is a non-interesting step
  intended_ = drawn(enabled, below64(rng_, total));  // draw_intended, the total already summed
  // The highest priority among the non-interesting threads and the intended one; on a tie the
  // lower id, which comes first in the ascending enabled list.
  const std::uint64_t p = priority[intended_];
  if (quiet == kNoThread || p > quiet_priority || (p == quiet_priority && intended_ < quiet)) return intended_;
  return quiet;
}

ThreadId SurwStrategy::choose_thread(const sim::SchedulePoint& point) {
  absorb(point);
  const std::span<const ThreadId> enabled = point.enabled;
  grow(enabled.back());  // ascending: every enabled thread has its slots
  interesting_.resize(enabled.size());
  // An intended thread that waits (for a lock, say) usually waits for a non-interesting step
  // of another thread, and keeping it is what orders the interesting steps around it. But the
  // lock's holder may itself wait to take an interesting step while threads spinning on other
  // objects run forever: after kPatience decisions without the intended thread enabled, it is
  // drawn again.
  if (intended_ != kNoThread && std::find(enabled.begin(), enabled.end(), intended_) == enabled.end()) {
    if (++waited_ > kPatience) intended_ = kNoThread;
  } else {
    waited_ = 0;
  }
  if (intended_ == kNoThread && single_pass_) return choose_afresh(point);
  // Whether each enabled thread's pending operation is sampled, worked out once per decision.
  for (std::size_t k = 0; k < enabled.size(); ++k)
    interesting_[k] = counts(point.pending[enabled[k]].op, point.pending[enabled[k]].object) ? 1 : 0;
  // The thread of highest priority, among every enabled thread or only among those that may
  // move: the non-interesting ones and the intended one (the others wait for it).
  auto highest = [&](bool eligible_only) {
    ThreadId best = kNoThread;
    std::uint64_t best_priority = 0;
    for (std::size_t k = 0; k < enabled.size(); ++k) {
      const ThreadId t = enabled[k];
      if (eligible_only && interesting_[k] && t != intended_) continue;  // waits for the intended thread
      std::uint64_t& p = priority_[t];  // 0: drawn now, when first compared
      if (p == 0) p = rng_.next() | 1u;
      if (best == kNoThread || p > best_priority) {
        best = t;
        best_priority = p;
      }
    }
    return best;
  };
  if (intended_ == kNoThread) {  // choose_afresh does this in one pass
    const ThreadId first = highest(false);
    if (!counts(point.pending[first].op, point.pending[first].object)) return first;  // a non-interesting step, by priority
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

}  // namespace weft::model
