#pragma once
// The scheduling point's body, inline: a thread announces its next operation, the strategy
// picks who runs, the execution switches if needed. Included only by the .cpp files that
// define a whole step around it (sim/execution.cpp's schedule_point and choose_next, and the
// commonest operations' steps in sim/hot_steps.cpp), so that the step of a lock or a memory
// access is one function: one call and one register save where a primitive calling
// schedule_point made two (docs/exploration.md, "One execution"; docs/performance_history.md, stop 39).
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include <weft/detail/engine_bug.hpp>

#include "execution.hpp"
#include "op_properties.hpp"

namespace weft::sim {

// The strategy's pick among the enabled threads (kNoThread: the execution ends).
[[gnu::always_inline]] inline ThreadId Execution::pick_next() {
  if (steps_ >= config_.max_steps) {
    set_failure(FailureKind::step_limit, step_limit_message(), pending_[cur_].where);
    return kNoThread;
  }
  std::uint64_t enabled_mask = 0;  // bit i: thread i is enabled (ids below 64), to check the pick
  for (;;) {
    // enabled_ has room for every thread (new_thread grows it); filled without push_back.
    ThreadId* out = enabled_.data();
    std::uint32_t n = 0;
    if (nthreads_ <= 64) [[likely]] {
      // The set kept as gates changed (docs/exploration.md, "One execution"): nothing to test.
      const std::uint64_t mask = ready_bits_;
      if ((mask & (mask - 1)) == 0) {  // at most one (half the steps of a lock program): no loop
        out[0] = static_cast<ThreadId>(std::countr_zero(mask));  // unused when none
        n = mask != 0 ? 1 : 0;
      } else {
        for (std::uint64_t m = mask; m != 0; m &= m - 1) out[n++] = static_cast<ThreadId>(std::countr_zero(m));
      }
      enabled_mask = mask;
#if defined(WEFT_CHECK_INVARIANTS)
      std::uint64_t scanned = 0;
      for (ThreadId i = 0; i < nthreads_; ++i)
        if (status_[i] == ThreadStatus::runnable && runnable_enabled(i)) scanned |= thread_bit(i);
      if (scanned != mask) detail::engine_bug("the enabled set kept as gates changed disagrees with a scan of the threads");
#endif
    } else {
      // Beyond 64 threads: a scan of the runnable threads (an open gate, most threads, and a
      // lock's are tested inline), and the append without a branch.
      for (ThreadId i : runnable_) {
        out[n] = i;
        n += runnable_enabled(i) ? 1 : 0;
      }
    }
    enabled_count_ = n;
#if defined(WEFT_CHECK_INVARIANTS)
    for (ThreadId i = 0; i < nthreads_; ++i)
      if (status_[i] == ThreadStatus::runnable &&
          runnable_enabled(i) != (pending_[i].timed_out || op_enabled(i) ||
                                  (config_.timeouts == TimeoutPolicy::explore && pending_[i].timed)))
        detail::engine_bug("a thread's enabledness gate disagrees with its pending operation");
    if (nthreads_ > 64) {
      std::uint32_t listed = 0;
      for (ThreadId i = 0; i < nthreads_; ++i) listed += status_[i] == ThreadStatus::runnable ? 1 : 0;
      if (listed != runnable_.size()) detail::engine_bug("the runnable list disagrees with the threads' status");
    }
#endif
    if (n != 0) break;
    if (!advance_clock()) {
      if (give_up_join_while_unwinding()) continue;
      report_deadlock();
      return kNoThread;
    }
  }
  const std::span<const ThreadId> enabled(enabled_.data(), enabled_count_);
  if (enabled.size() > max_enabled_) max_enabled_ = static_cast<std::uint32_t>(enabled.size());
  ThreadId pick = enabled[0];
  if (enabled.size() > 1 || all_points_) {
    if (strategy_reads_compact_) [[unlikely]]
      show_short_forms();
    SchedulePoint point{steps_, cur_, enabled, std::span<const PendingOp>(pending_.data(), nthreads_),
                        std::span<const ThreadStatus>(status_.data(), nthreads_), events_, enabled_mask};
    pick = strategy_->choose_thread(point);
    if (pick == kNoThread) {
      if (std::optional<std::string> why = strategy_->divergence()) {
        set_failure(FailureKind::replay_diverged, std::move(*why), pending_[cur_].where);
      } else {
        pruned_ = true;  // redundant: end quietly
      }
      return kNoThread;
    }
    // A binary search here mispredicted about once a step; the mask is exact below 64 threads.
    const bool is_enabled = nthreads_ <= 64 ? pick < 64 && ((enabled_mask >> pick) & 1u) != 0
                                            : std::binary_search(enabled.begin(), enabled.end(), pick);
    if (!is_enabled) detail::engine_bug("the strategy chose a thread that is not enabled");
    if (enabled.size() > 1) decisions_.push_back(Decision{pick, pending_[pick].op, pending_[pick].object, false});
  }
  // Why the previous thread stopped, for the next event (none is recorded when not recording).
  // record_events_ is tested first: it is the same all execution, while pick != cur_ is as
  // random as the strategy (callgrind's branch simulation missed it at one step in six).
  if (record_events_ && pick != cur_ && cur_ != kNoThread) {
    switched_from_ = cur_;
    blocked_on_ = kNoObject;
    if (status_[cur_] == ThreadStatus::finished) {
      next_reason_ = SwitchReason::finished;
    } else if (ready(cur_)) {  // not enabled(): a thread that merely could time out is blocked
      next_reason_ = SwitchReason::preempted;
    } else {
      next_reason_ = SwitchReason::blocked;
      blocked_on_ = pending_[cur_].object;
    }
  }
  if (config_.timeouts == TimeoutPolicy::explore && !ready(pick)) fire_timeout(pick);
  return pick;
}

// The current thread announces `op` (as schedule_point's contract in execution.hpp) and
// returns when it is picked to perform it.
[[gnu::always_inline]] inline void Execution::announce_and_wait(OpKind op, ObjectKind kind, ObjectId object,
                                                                std::source_location where, bool blocking, bool timed) {
  heartbeat_->beat();
  if (unwinding()) [[unlikely]] {
    abandoned_point(may_block(op, blocking));
    return;
  }
  // The running thread, its record and pending operation, held in locals: the stores below
  // may alias the execution's members (enumerations of bytes alias everything to GCC), which
  // would otherwise be read back after them.
  const ThreadId t = cur_;
  ThreadRecord& me = *threads_[t];
  PendingOp& p = pending_[t];
  // The running thread's gate passed. Most operations have an open gate, before and after,
  // and then nothing moves: the thread stays in the enabled set and on no object's waiters.
  const bool was_open = p.gate == PendingOp::Gate::open;
  if (!was_open) leave_gate(t);  // before the operation, and so its object, changes
  p.op = op;
  p.object_kind = kind;
  p.object = object;
  p.where = where;
  // `blocking` and `timed` in one 2-byte store: commit reads them back with one load, which
  // two byte stores still in the store buffer cannot forward (a stall at every step).
  static_assert(offsetof(PendingOp, timed) == offsetof(PendingOp, blocking) + 1);
  const std::uint16_t flags = static_cast<std::uint16_t>(blocking) | static_cast<std::uint16_t>(timed << 8);
  std::memcpy(&p.blocking, &flags, sizeof flags);
  const bool timed_out = timed && me.deadline_ns <= now_ns_;  // deadline_ns is read only while timed
  p.timed_out = timed_out;
  const PendingOp::Gate gate = gate_of(op, blocking, timed, timed_out);
  p.gate = gate;
  if (gate != PendingOp::Gate::open) {
    enter_gate(t, gate, object);  // (out of the enabled set unless it passes)
  } else if (!was_open) {
    ready_bits_ |= thread_bit(t);  // open now: enabled
  }
  if (me.prefetching) {  // announced its first operation: back to the parent's start()
    me.prefetching = false;
    cur_ = me.parent;
    Fiber::switch_to(me.fiber, threads_[me.parent]->fiber);
    check_unwind();
    return;
  }
  const ThreadId next = pick_next();
  if (next == kNoThread) {
    end_from_fiber();
    return;
  }
  if (next != cur_) switch_to(next);
}

}  // namespace weft::sim
