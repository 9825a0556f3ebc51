#include "execution.hpp"

#include "op_properties.hpp"
#include "crash_guard.hpp"
#include "object_snapshots.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstring>
#include <exception>

#include <weft/detail/engine_bug.hpp>
#include <weft/errors.hpp>

namespace weft::detail {
constinit thread_local sim::Execution* tls_current_execution = nullptr;
void sim_register(sim::Execution& ex, SimHandle& h) noexcept { ex.register_object(h); }
}  // namespace weft::detail

namespace weft::sim {

using detail::engine_bug;

namespace {
// Distinguishes executions process-wide, so an object used by two Execution instances (or
// two runs of one) never mistakes a stale id for a current one.
std::atomic<std::uint64_t> g_epochs{0};
}  // namespace

Execution::Execution(ExecutionConfig config) : config_(config), stacks_(config.stack_size) {
  install_crash_guard();
  heartbeat_ = &this_thread_heartbeat();
  events_.reserve(1024);
  decisions_.reserve(256);
  objects_.reserve(64);
  ObjectSnapshots::on_this_thread().join();
}

// The last Execution alive on this thread ends the exploration: outside objects are put back.
Execution::~Execution() { ObjectSnapshots::on_this_thread().leave(); }

std::optional<FailureInfo> Execution::run(const std::function<void()>& body, Strategy& strategy,
                                          bool record_events) {
  if (detail::tls_current_execution != nullptr)
    throw UsageError("weft: explore()/replay() was called inside a simulated execution; "
                     "call it from ordinary (non-simulated) code");
  heartbeat_->beat();
  // Every per-run field in one assignment; the vectors keep their capacity.
  static_cast<RunState&>(*this) = RunState{};
  strategy_ = &strategy;
  all_points_ = strategy.wants_all_points();
  record_events_ = record_events;
  body_ = &body;
  epoch_ = ++g_epochs;
  events_.clear();
  touches_.clear();
  runnable_.clear();
  calls_.clear();
  decisions_.clear();
  objects_.clear();
  names_.clear();

  objects_.push_back(ObjectRecord{ObjectKind::thread, false, 0, 0, {}});
  new_thread(0, "MainThread", false, nullptr, nullptr, kNoThread);

  detail::tls_current_execution = this;
  cur_ = 0;
  Fiber::switch_to(host_, threads_[0]->fiber);
  // Back on the host: T0 finished, or the execution failed. Who had not finished, for the
  // strategy: teardown unwinds them, and an abandoned daemon was unwound already.
  end_status_.assign(status_.begin(), status_.begin() + nthreads_);
  for (std::uint32_t i = 0; i < nthreads_; ++i)
    if (threads_[i]->killed) end_status_[i] = ThreadStatus::runnable;
  teardown();
  detail::tls_current_execution = nullptr;
  // The layers above's per-execution state goes with the execution, outside it (its
  // destructors may run user code, such as a weft::Local value's).
  slots_.reset();
  strategy_->end_execution(ExecutionEnd{failure_.has_value(), pruned_, steps_, events_,
                                        std::span<const PendingOp>(pending_.data(), nthreads_),
                                        end_status_});
  std::optional<FailureInfo> out = std::move(failure_);
  failure_.reset();
  heartbeat_->beat();
  return out;
}

void Execution::register_object(detail::SimHandle& h) {
  h.epoch = epoch_;
  h.id = static_cast<ObjectId>(objects_.size());
  objects_.push_back(ObjectRecord{ObjectKind::none, false, kNoThread, 0, {}});
}

// A copy of the pointer, not of the text: no allocation once names_ has grown.
std::uint32_t Execution::keep_name(const detail::SimHandle& h) {
  if (!h.name) return 0;
  names_.push_back(h.name);
  return static_cast<std::uint32_t>(names_.size());
}

ObjectId Execution::resolve_first_use(detail::SimHandle& h, ObjectKind kind) {
  if (h.epoch == epoch_) {
    ObjectRecord& o = objects_[h.id];
    if (o.kind == ObjectKind::none) {  // registered at construction, first use now
      o.kind = kind;
      o.benign_race = h.benign_race;
      o.internal = h.internal;
      o.name = keep_name(h);
    }
    return h.id;
  }
  ++outside_objects_;
  const auto id = static_cast<ObjectId>(objects_.size());
  objects_.push_back(ObjectRecord{kind, false, kNoThread, 0, {}, h.benign_race, h.internal, keep_name(h)});
  if (config_.parallel) {
    // Not written: other workers read this handle at the same time. The record above is
    // private to this execution, which ends here (or is being abandoned already).
    fail(FailureKind::misuse,
         "a weft object constructed outside the explore body (or kept from an earlier execution, such as a "
         "static) was used while executions run in parallel (Options::jobs): the workers would share it. "
         "Construct it inside the body, or run with one job (Options::jobs = 1, WEFT_JOBS=1)",
         user_location(cur_));
    return id;
  }
  h.epoch = epoch_;
  h.id = id;
  if (h.reset != nullptr) ObjectSnapshots::on_this_thread().fresh(*h.reset);  // made elsewhere
  return h.id;
}

void Execution::schedule_point(OpKind op, ObjectKind kind, ObjectId object, std::source_location where,
                               bool blocking, bool timed) {
  heartbeat_->beat();
  if (unwinding()) [[unlikely]] {
    abandoned_point(may_block(op, blocking));
    return;
  }
  ThreadRecord& me = *threads_[cur_];
  PendingOp& p = pending_[cur_];
  // The running thread's gate passed. Most operations have an open gate, before and after,
  // and then nothing moves: the thread stays in the enabled set and on no object's waiters.
  const bool was_open = p.gate == PendingOp::Gate::open;
  if (!was_open) leave_gate(cur_);  // before the operation, and so its object, changes
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
  p.gate = gate_of(op, blocking, timed, timed_out);
  if (p.gate != PendingOp::Gate::open) {
    if (was_open) ready_bits_ &= ~thread_bit(cur_);
    enter_gate(cur_);
  } else if (!was_open) {
    ready_bits_ |= thread_bit(cur_);  // open now: enabled
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

void Execution::switch_to(ThreadId next) {
  ThreadRecord& me = *threads_[cur_];
  cur_ = next;
  Fiber::switch_to(me.fiber, threads_[next]->fiber);
  check_unwind();
}

// Resumed at a scheduling point: a thread being abandoned decides there how to go on.
void Execution::check_unwind() {
  if (unwinding()) [[unlikely]]
    abandoned_point(may_block(pending_[cur_].op, pending_[cur_].blocking));
}

void Execution::end_from_fiber() {
  ThreadRecord& me = *threads_[cur_];
  cur_ = kNoThread;
  Fiber::switch_to(me.fiber, host_);
  // Resumed only to be abandoned: the thread that ended the execution stops here.
  if (me.killed) abandoned_point(true);
}

// Jumps to the earliest pending deadline when no thread is enabled. Under
// TimeoutPolicy::explore every thread with a deadline is already enabled, so this finds
// none and the caller reports the deadlock: every blocked thread then waits untimed.
bool Execution::advance_clock() {
  bool any = false;
  std::uint64_t next = 0;
  for (std::uint32_t i = 0; i < nthreads_; ++i) {
    const ThreadRecord& r = *threads_[i];
    if (status_[i] != ThreadStatus::runnable || !pending_[i].timed || pending_[i].timed_out) continue;
    if (!any || r.deadline_ns < next) next = r.deadline_ns;
    any = true;
  }
  if (!any) return false;
  if (next > now_ns_) now_ns_ = next;
  for (std::uint32_t i = 0; i < nthreads_; ++i) {
    const ThreadRecord& r = *threads_[i];
    if (status_[i] == ThreadStatus::runnable && pending_[i].timed && r.deadline_ns <= now_ns_) time_out(static_cast<ThreadId>(i));
  }
  return true;
}

// TimeoutPolicy::explore: t was chosen while its operation cannot proceed, so its timeout
// fires now; the clock never goes back (a later deadline than another's fired: t ran late).
void Execution::fire_timeout(ThreadId t) {
  const ThreadRecord& r = *threads_[t];
  if (!pending_[t].timed) engine_bug("a thread without a deadline was chosen while blocked");
  if (r.deadline_ns > now_ns_) now_ns_ = r.deadline_ns;
  time_out(t);
}

// Inlined into schedule_point, the path of every step; choose_next() is the same out of line.
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
      for (ThreadId i : runnable_)
        if (runnable_enabled(i)) scanned |= thread_bit(i);
      if (scanned != mask) engine_bug("the enabled set kept as gates changed disagrees with a scan of the threads");
#endif
    } else {
      // Beyond 64 threads: a scan of the runnable threads, an open gate (most threads) or a
      // lock's tested inline, and the append without a branch.
      const PendingOp* pending = pending_.data();
      const ObjectRecord* objects = objects_.data();
      for (ThreadId i : runnable_) {
        const PendingOp& p = pending[i];
        bool in = true;
        if (p.gate == PendingOp::Gate::lock)
          in = !objects[p.object].locked;
        else if (p.gate != PendingOp::Gate::open)
          in = gate_passes(i, p);
        out[n] = i;
        n += in ? 1 : 0;
      }
    }
    enabled_count_ = n;
#if defined(WEFT_CHECK_INVARIANTS)
    for (ThreadId i : runnable_)
      if (runnable_enabled(i) != (pending_[i].timed_out || op_enabled(i) ||
                                  (config_.timeouts == TimeoutPolicy::explore && pending_[i].timed)))
        engine_bug("a thread's enabledness gate disagrees with its pending operation");
#endif
    if (n != 0) break;
    if (!advance_clock()) {
      if (give_up_join_while_unwinding()) continue;
      report_deadlock();
      return kNoThread;
    }
  }
  const std::span<const ThreadId> enabled(enabled_.data(), enabled_count_);
  max_enabled_ = std::max(max_enabled_, static_cast<std::uint32_t>(enabled.size()));
  ThreadId pick = enabled[0];
  if (enabled.size() > 1 || all_points_) {
    SchedulePoint point{steps_, cur_, enabled, std::span<const PendingOp>(pending_.data(), nthreads_),
                        std::span<const ThreadStatus>(status_.data(), nthreads_), events_};
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
    if (!is_enabled) engine_bug("the strategy chose a thread that is not enabled");
    if (enabled.size() > 1) decisions_.push_back(Decision{pick, pending_[pick].op, pending_[pick].object, false});
  }
  // Why the previous thread stopped, for the next event (none is recorded when not recording).
  // record_events_ is tested first: it is the same all execution, while pick != cur_ is as
  // random as the strategy, and a branch on it alone mispredicted at about one step in six.
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

ThreadId Execution::choose_next() { return pick_next(); }

TraceEvent& Execution::unrecorded_event() {
  scratch_event_ = TraceEvent{};
  return scratch_event_;
}

// Thread start, exit and join touch a thread object: they order threads but are no evidence
// that two threads shared anything.
void Execution::note_conflict(OpKind op, ObjectKind kind, ObjectId object) {
  if (object == kNoObject || kind == ObjectKind::thread) return;
  const AccessKind access = access_kind(op);
  if (access == AccessKind::none) return;
  if (object >= touches_.size()) {
    if (object >= objects_.size()) return;
    touches_.resize(objects_.size());
  }
  ObjectTouch& t = touches_[object];
  const ThreadId me = cur_;
  if (access == AccessKind::write) {
    conflict_ = t.toucher != kNoThread && (t.toucher != me || t.many_touchers);
    if (t.writer == kNoThread) t.writer = me;
    t.many_writers |= t.writer != me;
  } else {
    conflict_ = t.writer != kNoThread && (t.writer != me || t.many_writers);
  }
  if (t.toucher == kNoThread) t.toucher = me;
  t.many_touchers |= t.toucher != me;
}

std::uint32_t Execution::choose_value(std::uint32_t n, ValueKind kind) {
  if (n <= 1 || unwinding()) return 0;
  const std::uint32_t v = strategy_->choose_value(n, kind);
  if (v == kNoValue) {
    set_failure(FailureKind::replay_diverged,
                strategy_->divergence().value_or("the schedule ended before the program did"),
                pending_[cur_].where);
    end_from_fiber();
    return 0;
  }
  if (v >= n) engine_bug("the strategy chose a value out of range");
  decisions_.push_back(Decision{v, OpKind::choose, n, true});
  return v;
}

std::string Execution::step_limit_message() const {
  return "the execution exceeded " + std::to_string(config_.max_steps) +
         " steps: a livelock, or raise Options::max_steps";
}

void Execution::check_step_limit(std::source_location where) {
  if (steps_ >= config_.max_steps) fail(FailureKind::step_limit, step_limit_message(), where);
}

void Execution::set_failure(FailureKind kind, std::string message, std::source_location where,
                            std::string details) {
  if (failure_) return;  // the first failure wins
  if (threads_[cur_]->terminating)
    message += " — raised where no exception may pass (a noexcept function or a destructor), so C++ "
               "called std::terminate";
  failure_ = FailureInfo{kind, std::move(message), std::move(details), cur_, where, {}, {}};
}

void Execution::fail(FailureKind kind, std::string message, std::source_location where,
                     std::string details) {
  if (unwinding()) return;  // the execution has ended already
  set_failure(kind, std::move(message), where, std::move(details));
  end_from_fiber();
}

}  // namespace weft::sim
