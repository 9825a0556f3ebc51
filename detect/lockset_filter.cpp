#include "detect/lockset_filter.hpp"

#include <algorithm>

namespace weft::detect {

// Narrows the variable's common locks to those held now; false once a variable written by
// one thread and touched by another has none left. Inline: it runs for every access judged.
[[gnu::always_inline]] inline bool LocksetFilter::access(const sim::Execution& ex, const sim::CompactEvent& e) {
  Variable& v = vars_[e.object];
  if (v.first == kNoThread) [[unlikely]] {
    first_access(ex, e, v);
  } else {
    if (e.thread != v.first) v.shared = true;
    const std::vector<ObjectId>& held = held_.of(e.thread);
    // The usual case, one lock held and it the one candidate left, keeps the candidates as
    // they are.
    if (!(v.count == 1 && held.size() == 1 && held[0] == v.candidates[0])) {
      std::uint8_t kept = 0;
      for (std::uint8_t i = 0; i < v.count; ++i)
        if (std::find(held.begin(), held.end(), v.candidates[i]) != held.end()) v.candidates[kept++] = v.candidates[i];
      v.count = kept;
    }
  }
  if (e.op == OpKind::shared_write) v.written = true;
  return v.benign || !(v.shared && v.written && v.count == 0);
}

// Inline in race_free's loops: it runs for every event of a judged execution.
[[gnu::always_inline]] inline bool LocksetFilter::step(const sim::Execution& ex, const sim::CompactEvent& e) {
  // Most events are none of the operations below: the switch first, the checks after.
  switch (e.op) {
    case OpKind::thread_start:
    case OpKind::thread_join:
    case OpKind::lock_acquire:
    case OpKind::rlock_acquire:
    case OpKind::lock_release:
    case OpKind::rlock_release:
    case OpKind::shared_read:
    case OpKind::shared_write:
      break;
    default:
      return true;
  }
  if (e.thread >= threads_ || e.object >= vars_.size() || !e.ok()) return true;
  switch (e.op) {
    case OpKind::thread_start:
      if (e.has_value()) started(e.object);
      break;
    case OpKind::thread_join:
      joined(e.object);  // e.ok: it returned because the thread had ended
      break;
    case OpKind::lock_acquire:
    case OpKind::rlock_acquire:
      held_.take(e.thread, e.object);  // an RLock's re-entry: held once
      break;
    // A Lock released by a thread that did not take it orders nothing for its holder's
    // accesses: give up rather than reason about it. An RLock's value: levels still held.
    case OpKind::lock_release:
      return held_.release(e.thread, e.object);
    case OpKind::rlock_release:
      return e.nonzero_value() || held_.release(e.thread, e.object);
    case OpKind::shared_read:
    case OpKind::shared_write:
      if (e.thread == 0 && unjoined_ == 0) break;  // ordered with every other access (above)
      return access(ex, e);
    default:
      break;
  }
  return true;
}

void LocksetFilter::begin(const sim::Execution& ex) {
  threads_ = ex.thread_count();
  held_.reset(threads_);
  vars_.assign(ex.object_count(), Variable{});
  thread_state_.assign(ex.object_count(), 0);
  unjoined_ = 0;
}

bool LocksetFilter::race_free(const sim::Execution& ex, std::span<const TraceEvent> events) {
  begin(ex);
  for (const TraceEvent& e : events)
    if (!step(ex, sim::compact(e))) return false;
  return true;
}

bool LocksetFilter::race_free(const sim::Execution& ex, std::span<const sim::CompactEvent> events) {
  begin(ex);
  for (const sim::CompactEvent& e : events)
    if (!step(ex, e)) return false;
  return true;
}

void LocksetFilter::first_access(const sim::Execution& ex, const sim::CompactEvent& e, Variable& v) {
  const std::vector<ObjectId>& held = held_.of(e.thread);
  v.benign = ex.object(e.object).benign_race;
  v.first = e.thread;
  v.count = static_cast<std::uint8_t>(std::min(held.size(), kCandidates));
  std::copy_n(held.begin(), v.count, v.candidates.begin());
}

void LocksetFilter::started(ObjectId thread) {
  if (thread_state_[thread] != 0) return;
  thread_state_[thread] = 1;
  ++unjoined_;
}

void LocksetFilter::joined(ObjectId thread) {
  if (thread_state_[thread] != 1) return;  // joined again, or never started
  thread_state_[thread] = 2;
  --unjoined_;
}

}  // namespace weft::detect
