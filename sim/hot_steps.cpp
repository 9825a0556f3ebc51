// The steps of the commonest operations, each one function around the inline scheduling
// point (sim/step_inline.hpp): Lock's acquire and release, and a Shared or Atomic access
// (a Shared one without the point under SharedPoints::sync_only).
// Defined inline and called once each, by the functions at the end that the public headers
// declare (weft/detail/sim_handle.hpp): Lock's methods and Shared's and Atomic's accesses call
// those straight from the user's code, one call a step.
#include <source_location>

#include <weft/errors.hpp>

#include "sim_ops.hpp"
#include "step_inline.hpp"

namespace weft::sim {

[[gnu::always_inline]] inline bool Execution::lock_acquire_step(detail::SimHandle& h, bool blocking, double timeout_s,
                                                                std::source_location where) {
  const ObjectId id = resolve(h, ObjectKind::lock);
  bool timed = false;
  if (blocking && timeout_s >= 0) [[unlikely]] {
    threads_[cur_]->deadline_ns = deadline_after(*this, timeout_s);
    timed = true;
  }
  announce_and_wait(OpKind::lock_acquire, ObjectKind::lock, id, where, blocking, timed);
  ObjectRecord& lock = objects_[id];
  TraceEvent& e = commit_op(OpKind::lock_acquire, ObjectKind::lock, id, where);
  if (lock.locked) {  // a try that failed, or a timeout
    e.ok = false;
    return false;
  }
  set_lock_state(lock, true);
  lock.holder = cur_;
  lock.held_at = where;
  return true;
}

[[gnu::always_inline]] inline void Execution::lock_release_step(detail::SimHandle& h, std::source_location where) {
  const ObjectId id = resolve(h, ObjectKind::lock);
  announce_and_wait(OpKind::lock_release, ObjectKind::lock, id, where, true, false);
  ObjectRecord& lock = objects_[id];
  TraceEvent& e = commit_op(OpKind::lock_release, ObjectKind::lock, id, where);
  if (!lock.locked) {
    e.ok = false;
    if (unwinding()) return;
    throw RuntimeError("release unlocked lock", where);
  }
  set_lock_state(lock, false);
  lock.holder = kNoThread;
}

// A Shared or Atomic access (detail::sim_memory_access below): the caller fills in the value.
[[gnu::always_inline]] inline TraceEvent& Execution::memory_access_step(detail::SimHandle& h, ObjectKind kind,
                                                                         OpKind op, std::source_location where) {
  const ObjectId id = resolve(h, kind);
  announce_and_wait(op, kind, id, where, true, false);
  return commit_op(op, kind, id, where);
}

// Under SharedPoints::sync_only a Shared access is part of its thread's current step, as
// a peek is (docs/exploration.md, "Shared accesses"): committed, counted against max_steps (a
// loop of them alone is a livelock), and judged by the race detector afterwards.
[[gnu::always_inline]] inline TraceEvent& Execution::shared_access_step(detail::SimHandle& h, OpKind op,
                                                                         std::source_location where) {
  if (config_.shared_points == SharedPoints::every_access || h.benign_race)
    return memory_access_step(h, ObjectKind::shared, op, where);
  const ObjectId id = resolve(h, ObjectKind::shared);
  if (steps_ >= config_.max_steps) [[unlikely]]
    check_step_limit(where);  // returns only while unwinding
  TraceEvent& e = commit_op(op, ObjectKind::shared, id, where);
  e.point = false;
  return e;
}

}  // namespace weft::sim

namespace weft::detail {

TraceEvent& sim_memory_access(sim::Execution& ex, SimHandle& h, ObjectKind kind, OpKind op,
                              std::source_location where) {
  return ex.memory_access_step(h, kind, op, where);
}

TraceEvent& sim_shared_access(sim::Execution& ex, SimHandle& h, OpKind op, std::source_location where) {
  return ex.shared_access_step(h, op, where);
}

bool sim_lock_acquire(sim::Execution& ex, SimHandle& h, bool blocking, double timeout_s, std::source_location where) {
  return ex.lock_acquire_step(h, blocking, timeout_s, where);
}

bool sim_lock_acquire_untimed(sim::Execution& ex, SimHandle& h, std::source_location where) {
  return ex.lock_acquire_step(h, true, -1, where);
}

void sim_lock_release(sim::Execution& ex, SimHandle& h, std::source_location where) { ex.lock_release_step(h, where); }

}  // namespace weft::detail
