#pragma once
// The enabled set kept as gates (docs/exploration.md, "One execution"): the inline members
// of Execution that decide whether a thread may run and move it in and out of the ready mask
// and the objects' waiter masks as gates change. Included at the end of execution.hpp; the
// contracts are at the declarations there.
#include <algorithm>
#include <cstdint>

#include "execution.hpp"

namespace weft::sim {

inline bool Execution::op_enabled(ThreadId t) const {
  const PendingOp& op = pending_[t];
  switch (op.op) {
    case OpKind::lock_acquire:
      return !op.blocking || !objects_[op.object].locked;
    case OpKind::rlock_acquire: {
      const ThreadId holder = objects_[op.object].holder;
      return !op.blocking || holder == kNoThread || holder == t;
    }
    case OpKind::cond_wait:
      return threads_[t]->woken;
    case OpKind::thread_join:
      return status_[objects_[op.object].holder] == ThreadStatus::finished;
    case OpKind::sleep:
      return false;  // only its deadline enables it
    default:
      return true;
  }
}

inline bool Execution::ready(ThreadId t) const {
  return status_[t] == ThreadStatus::runnable && (pending_[t].timed_out || op_enabled(t));
}

inline void Execution::mark_finished(ThreadId t) {
  leave_gate(t);
  status_[t] = ThreadStatus::finished;
  ready_bits_ |= objects_[threads_[t]->object].gate_waiters;  // who joins t
  if (nthreads_ > 64)
    if (auto it = std::find(runnable_.begin(), runnable_.end(), t); it != runnable_.end()) runnable_.erase(it);
}

inline bool Execution::runnable_enabled(ThreadId t) const {
  const PendingOp& op = pending_[t];
  if (op.gate == PendingOp::Gate::open) return true;
  return gate_passes(t, op);
}

inline bool Execution::gate_passes(ThreadId t, const PendingOp& op) const { return gate_passes(t, op.gate, op.object); }

inline bool Execution::gate_passes(ThreadId t, PendingOp::Gate gate, ObjectId object) const {
  // A lock's first, by a compare: the switch's jump table cost a load and an indirect jump
  // at every blocking acquire (8% of an acquire's perf samples).
  if (gate == PendingOp::Gate::lock) [[likely]] return !objects_[object].locked;
  switch (gate) {
    case PendingOp::Gate::open: return true;
    case PendingOp::Gate::lock: return !objects_[object].locked;
    case PendingOp::Gate::rlock: {
      const ThreadId holder = objects_[object].holder;
      return holder == kNoThread || holder == t;
    }
    case PendingOp::Gate::woken: return threads_[t]->woken;
    case PendingOp::Gate::join: return status_[objects_[object].holder] == ThreadStatus::finished;
    case PendingOp::Gate::closed: return false;
  }
  return false;
}

inline PendingOp::Gate Execution::gate_of(OpKind op, bool blocking, bool timed, bool timed_out) const {
  if (!blocking || timed_out || (config_.timeouts == TimeoutPolicy::explore && timed)) return PendingOp::Gate::open;
  return kWaitingGates[static_cast<std::size_t>(op)];
}

inline void Execution::time_out(ThreadId t) {
  leave_gate(t);
  pending_[t].timed_out = true;
  pending_[t].gate = PendingOp::Gate::open;
  enter_gate(t);
}

inline std::uint64_t Execution::thread_bit(ThreadId t) { return t < 64 ? std::uint64_t{1} << t : 0; }

inline bool Execution::waits_on_object(PendingOp::Gate gate) {
  return gate == PendingOp::Gate::lock || gate == PendingOp::Gate::rlock || gate == PendingOp::Gate::join;
}

inline void Execution::leave_gate(ThreadId t) {
  const std::uint64_t bit = thread_bit(t);
  ready_bits_ &= ~bit;
  const PendingOp& op = pending_[t];
  if (waits_on_object(op.gate)) objects_[op.object].gate_waiters &= ~bit;
}

inline void Execution::enter_gate(ThreadId t) { enter_gate(t, pending_[t].gate, pending_[t].object); }

inline void Execution::enter_gate(ThreadId t, PendingOp::Gate gate, ObjectId object) {
  const std::uint64_t bit = thread_bit(t);
  if (waits_on_object(gate)) objects_[object].gate_waiters |= bit;
  ready_bits_ = gate_passes(t, gate, object) ? ready_bits_ | bit : ready_bits_ & ~bit;
}

inline bool Execution::enabled(ThreadId t) const { return status_[t] == ThreadStatus::runnable && runnable_enabled(t); }
}  // namespace weft::sim
