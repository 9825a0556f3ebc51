#pragma once
// One execution of a program body: its threads (fibers), objects, virtual clock, events and
// scheduling decisions (docs/exploration.md, "One execution"). Everything here runs on one
// OS thread.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <weft/deadlock.hpp>
#include <weft/detail/sim_handle.hpp>
#include <weft/options.hpp>
#include <weft/result.hpp>

#include "decision.hpp"
#include "execution_records.hpp"
#include "fiber.hpp"
#include "heartbeat.hpp"
#include "op_properties.hpp"
#include "per_execution.hpp"
#include "strategy.hpp"

namespace weft::sim {

/// Thrown into a thread being abandoned, at its first blocking operation (docs/abandonment.md);
/// not a std::exception, so user handlers for std::exception let it pass. Never escapes the
/// runtime.
struct Unwind {};

/// Limits and policies of one execution.
struct ExecutionConfig {
  std::size_t stack_size = 256 * 1024;  // usable bytes; a kGuardBytes guard lies below each stack
  std::uint64_t max_steps = 100000;
  /// explore: a thread waiting with a deadline is also enabled while its operation is not;
  /// choosing it fires its timeout at once (the clock jumps to its deadline if needed).
  TimeoutPolicy timeouts = TimeoutPolicy::when_idle;
  /// For the unresponsive-thread report only (the watchdog itself lives in api/).
  double watchdog_seconds = 10;
  /// Other executions of the same body run at the same time on other OS threads
  /// (Options::jobs): an object that is not this execution's own (constructed outside the
  /// body, or kept from an earlier execution) would be shared with them, so using one is
  /// a misuse failure instead of being numbered and reset.
  bool parallel = false;
  /// sync_only: a Shared access (not a benign_race one) commits within the current step
  /// instead of being a scheduling point (Options::shared_points).
  SharedPoints shared_points = SharedPoints::every_access;
};

/// The runtime of one execution at a time; reused across executions so that steady-state
/// exploration does not allocate per step.
class Execution : private RunState {
 public:
  explicit Execution(ExecutionConfig config);
  ~Execution();
  Execution(const Execution&) = delete;
  Execution& operator=(const Execution&) = delete;

  /// Runs `body` as thread T0 under `strategy` until it ends; returns the failure, if any.
  /// Must be called on a real thread (not inside another execution). With `record_events`
  /// false the run keeps no events (docs/exploration.md, "Recording"): events() stays empty,
  /// the strategy sees none, and steps, decisions, the failure and had_conflict() are kept as
  /// usual. A search asks for that only when nothing reads the events of its executions.
  /// With record_events false, the events of the operations in `compact_ops` (op_bits) are
  /// kept in short form instead (sim/compact_event.hpp, compact_events()); they must include
  /// the strategy's compact_ops(), which it is then shown (Strategy::see_short_forms).
  std::optional<FailureInfo> run(const std::function<void()>& body, Strategy& strategy,
                                 bool record_events = true, std::uint32_t compact_ops = 0);

  // ---- Read access for the model (valid after run until the next run) ----
  const std::vector<TraceEvent>& events() const { return events_; }
  /// Event i, to complete once what ran in between (a started thread running ahead) may
  /// have moved the events. i < events().size().
  TraceEvent& event_at(std::size_t i) { return events_[i]; }
  /// Whether the last run recorded its events (run's `record_events`).
  bool recorded() const { return record_events_; }
  /// The operations whose events the last run kept in short form (run's `compact_ops`; 0
  /// when it recorded), and those events, in commit order (abandoned threads' aside, as
  /// events() leaves them out).
  std::uint32_t compact_ops() const { return record_events_ ? 0 : kept_ops_; }
  std::span<const CompactEvent> compact_events() const { return {compact_store_.data(), compact_count_}; }
  /// Whether two operations of different threads on one object, at least one a write
  /// (sim/op_properties.hpp; thread start, exit and join aside), were committed in the last run.
  bool had_conflict() const { return conflict_; }
  /// Whether, in the last run, a user lock (a Lock or RLock, not one inside a weft primitive)
  /// became locked while another was locked, by any thread. Without that no thread ever took
  /// a lock while holding one, so the lock-order detector has no edge to find.
  bool nested_locking() const { return nested_locking_; }
  const std::vector<Decision>& decisions() const { return decisions_; }
  std::uint32_t steps() const { return steps_; }
  /// The last run was abandoned by the strategy as redundant (no failure).
  bool pruned() const { return pruned_; }
  /// Thread names and object labels for printing the trace.
  Trace export_trace() const;
  /// Objects of the last run, by ObjectId (detectors read their kinds and flags).
  std::size_t object_count() const { return objects_.size(); }
  const ObjectRecord& object(ObjectId id) const { return objects_[id]; }
  /// The most threads that could run at one scheduling point of the last run.
  std::uint32_t max_enabled() const { return max_enabled_; }
  /// How many objects this execution numbered at their first use because they were not its
  /// own (constructed outside the body, or kept from an earlier execution).
  std::uint32_t outside_objects() const { return outside_objects_; }
  /// Sets ExecutionConfig::parallel for the executions run from now on.
  void set_parallel(bool on) { config_.parallel = on; }

  // ---- Used by the simulated primitives (on a fiber of this execution) ----
  /// This object's id in the current execution, registering it on first use. Inline: every
  /// operation resolves its object, and after the first use it is one compare.
  ObjectId resolve(detail::SimHandle& h, ObjectKind kind) {
    if (h.used_epoch == epoch_) [[likely]]
      return h.id;
    return resolve_first_use(h, kind);
  }
  /// Numbers an object constructed inside this execution (its kind is set on first use).
  void register_object(detail::SimHandle& h);
  ObjectRecord& object(ObjectId id) { return objects_[id]; }
  /// Locks or frees a Lock; the threads waiting to acquire it become disabled or enabled.
  void set_lock_state(ObjectRecord& lock, bool locked) {
    lock.locked = locked;
    count_user_lock(lock, locked);
    if (locked)
      ready_bits_ &= ~lock.gate_waiters;
    else
      ready_bits_ |= lock.gate_waiters;
  }
  /// Sets whether a notify released thread t's wait on a Condition (its gate, if it waits).
  void set_woken(ThreadId t, bool woken) {
    threads_[t]->woken = woken;
    if (pending_[t].gate != PendingOp::Gate::woken) return;
    if (woken)
      ready_bits_ |= thread_bit(t);
    else
      ready_bits_ &= ~thread_bit(t);
  }
  /// Sets who holds an RLock (kNoThread: nobody); the threads waiting to acquire it become
  /// disabled, or enabled (the holder's own re-entry stays enabled).
  void set_rlock_holder(ObjectRecord& lock, ThreadId holder) {
    lock.holder = holder;
    lock.locked = holder != kNoThread;
    count_user_lock(lock, lock.locked);
    if (holder == kNoThread)
      ready_bits_ |= lock.gate_waiters;
    else
      ready_bits_ = (ready_bits_ & ~lock.gate_waiters) | (lock.gate_waiters & thread_bit(holder));
  }
  ThreadId current() const { return cur_; }
  ThreadRecord& thread(ThreadId t) { return *threads_[t]; }
  ThreadStatus status(ThreadId t) const { return status_[t]; }
  std::uint32_t thread_count() const { return nthreads_; }
  std::uint64_t now_ns() const { return now_ns_; }
  std::uint64_t epoch() const { return epoch_; }
  /// Next Condition-waiter sequence number (FIFO order of waiters).
  std::uint64_t next_wait_seq() { return ++wait_counter_; }
  /// Next "Thread-N" number (per execution, so names are deterministic).
  std::uint32_t next_thread_number() { return ++thread_counter_; }
  /// The object number of T0's Thread object (kNoObject until the layer above numbers it).
  ObjectId main_object() const { return main_object_; }
  void set_main_object(ObjectId id) { main_object_ = id; }
  /// True while the current thread is being abandoned: primitives apply at once, unrecorded.
  bool unwinding() const { return any_killed_ && threads_[cur_]->killed; }
  /// NoUnwindScope's counter for the current thread (weft's own destructors).
  void enter_no_unwind() { ++threads_[cur_]->no_unwind; }
  void leave_no_unwind() { --threads_[cur_]->no_unwind; }

  /// std::terminate was called on a fiber of this execution (an exception crossed a
  /// noexcept frame, or the user called it). Reports it (or, in a thread being abandoned,
  /// notes that its frames were left) and leaves the fiber for good.
  [[noreturn]] void terminated_on_fiber();
  /// The current fiber overflowed its stack (from the SIGSEGV handler, on the alternate
  /// signal stack): reports FailureKind::stack_overflow and leaves the fiber for good.
  [[noreturn]] void overflowed_on_fiber();
  /// The watchdog's signal arrived while a fiber of this execution ran (on the exploring
  /// thread): reports FailureKind::unresponsive and leaves the fiber for good.
  [[noreturn]] void interrupted_on_fiber();
  /// Whether `addr` lies in the guard region below the current fiber's stack.
  bool in_current_guard(const void* addr) const;
  /// A thread other than the current one blocked on object `id` (waiting in an acquire or a
  /// Condition wait), or kNoThread.
  ThreadId waiter_on(ObjectId id) const;
  /// Where the user's code last called weft in thread t (skipping weft's own sources and
  /// the C++ library's headers); for reports.
  std::source_location user_location(ThreadId t) const;
  /// Who runs and what it last did through weft, for the watchdog's report.
  std::string describe_running_thread() const;

  /// The scheduling point: announce `op` for the current thread, let the strategy choose
  /// who runs, switch if needed. Returns when the current thread is chosen; the operation
  /// is then enabled, or it timed out (`timed_out()`). `deadline_ns` is absolute virtual time.
  void schedule(const PendingOp& op, bool blocking = true,
                std::optional<std::uint64_t> deadline_ns = std::nullopt) {
    if (deadline_ns) threads_[cur_]->deadline_ns = *deadline_ns;  // rare: not an argument
    schedule_point(op.op, op.object_kind, op.object, op.where, blocking, deadline_ns.has_value());
  }
  /// The commonest operations' whole steps around the inline scheduling point, inline in
  /// sim/hot_steps.cpp and called there only, by detail::sim_lock_acquire, sim_lock_release
  /// and sim_memory_access (weft/detail/sim_handle.hpp states their contracts).
  bool lock_acquire_step(detail::SimHandle& h, bool blocking, double timeout_s, std::source_location where);
  void lock_release_step(detail::SimHandle& h, std::source_location where);
  TraceEvent& memory_access_step(detail::SimHandle& h, ObjectKind kind, OpKind op, std::source_location where);
  /// A Shared access: memory_access_step, or under SharedPoints::sync_only (a Shared not
  /// declared benign_race) the event committed within the current step, no scheduling point.
  TraceEvent& shared_access_step(detail::SimHandle& h, OpKind op, std::source_location where);
  /// Whether the current thread's last scheduled operation gave up at its deadline.
  bool timed_out() const { return pending_[cur_].timed_out && !op_enabled(cur_); }
  /// Records the current thread's operation as committed. During unwinding returns a scratch
  /// event that is not recorded.
  [[gnu::always_inline]] TraceEvent& commit(const PendingOp& op) {
    return commit_op(op.op, op.object_kind, op.object, op.where);
  }
  /// Ends the execution with FailureKind::step_limit once it has taken more than max_steps
  /// steps; for recorded operations that are not scheduling points.
  void check_step_limit(std::source_location where);
  /// A value in [0, n) from the strategy, recorded for replay (n >= 1).
  std::uint32_t choose_value(std::uint32_t n, ValueKind kind);

  /// Begins a user-level call of the current thread (docs/exploration.md, "User-level
  /// rows"): its later steps are tagged with the returned index until end_call. Returns
  /// kNoCall (nothing recorded) when the thread is already inside a call (the steps belong
  /// to the outer one) or is being abandoned. `object`, if given, names the row once it is
  /// numbered in this execution. Not a scheduling point: schedules do not change.
  std::uint32_t begin_call(const UserCall& call, const detail::SimHandle* object);
  /// Ends call i (from begin_call, not kNoCall) of the current thread.
  void end_call(std::uint32_t i);
  /// Call i of this execution (from begin_call).
  UserCall& user_call(std::uint32_t i) { return calls_[i]; }
  /// The user-level call thread t is inside, or kNoCall.
  std::uint32_t call_of(ThreadId t) const { return threads_[t]->call; }
  const std::vector<UserCall>& user_calls() const { return calls_; }

  /// Ends the execution with a failure. Returns only while unwinding with an exception
  /// already in flight; otherwise the caller is unwound (detail::Unwind).
  void fail(FailureKind kind, std::string message, std::source_location where,
            std::string details = {});

  /// Starts a new thread (the public Thread registered as `object`) running run(user); it
  /// runs ahead until it announces its first operation, then spawn returns.
  ThreadId spawn(ObjectId object, void (*run)(void*), void* user, const std::string& name,
                 bool daemon);
  /// Unwinds a still-running thread at once (its handle was destroyed while daemon).
  void abandon(ThreadId t);
  /// This execution's T (sim/per_execution.hpp): state of the layers above that lives as
  /// long as the execution and is reset when it ends.
  template <class T>
  T& per_execution() { return slots_.get<T>(); }
  template <class T>
  T* per_execution_if_used() { return slots_.find<T>(); }  // nullptr: not used in this execution
  /// Lets the API layer find any thread's public object, and set T0's (teardown clears them).
  void* user_of(ThreadId t) const { return threads_[t]->user; }
  void set_user(ThreadId t, void* user) { threads_[t]->user = user; }
  /// "T2 (Thread-2)": a thread as reports name it.
  std::string thread_label(ThreadId t) const;
  /// "Lock#3", "Shared#4", "T2" (threads by their ThreadId); a named object is
  /// "accounts (Lock#3)" (docs/labels.md).
  std::string object_label(ObjectId id) const;

 private:
  static void fiber_entry(void* self);
  ThreadId new_thread(ObjectId object, const std::string& name, bool daemon, void (*run)(void*),
                      void* user, ThreadId parent);
  void join_non_daemons();
  void end_from_fiber();
  void set_failure(FailureKind kind, std::string message, std::source_location where,
                   std::string details = {});
  void run_current();
  [[noreturn]] void finish_current();
  // Called at each change of a lock's state (set_lock_state, set_rlock_holder: each is called
  // only when the lock goes from free to locked or back). Counted here rather than from the
  // events so that the judge can skip the lock-order pass without reading them.
  void count_user_lock(const ObjectRecord& lock, bool locked) {
    if (lock.internal) return;
    if (locked) {
      nested_locking_ |= user_locks_locked_ != 0;
      ++user_locks_locked_;
    } else {
      --user_locks_locked_;
    }
  }
  // schedule() and commit() with the operation as scalars, in registers. The callers build
  // their PendingOp on the stack with narrow stores (a byte, two bytes, four); when the callee
  // read it back with one wider load (the compiler merges adjacent fields, and an optional
  // passed by value is written and reloaded the same way), the load could not be forwarded
  // from the store buffer and waited for the stores to reach the cache: a fifth of a lock
  // step's time by perf (docs/performance_history.md, stop 34). Six arguments, all in
  // registers: a timed operation's deadline is in its thread's record already (schedule()).
  void schedule_point(OpKind op, ObjectKind kind, ObjectId object, std::source_location where, bool blocking,
                      bool timed);
  // schedule_point's body, inline where it is defined (sim/step_inline.hpp).
  void announce_and_wait(OpKind op, ObjectKind kind, ObjectId object, std::source_location where, bool blocking,
                         bool timed);
  // Records the current thread's operation as committed: in full, in short form or nowhere,
  // as the run keeps events (sim/event_commit.hpp, inline).
  TraceEvent& commit_op(OpKind op, ObjectKind kind, ObjectId object, std::source_location where);
  // commit_op while the thread is being abandoned: a scratch event, not recorded.
  TraceEvent& unrecorded_event();
  // Not recording, an operation kept in short form: keeps the previous such event, then
  // readies compact_event_ for this one and returns it (sim/event_commit.hpp, inline: with
  // surw, the default strategy, every operation is kept so, and a call cost a tenth of it).
  TraceEvent& compact_next(OpKind op, ObjectKind kind, ObjectId object);
  // Keeps compact_event_, now filled in, in short form (sim/event_commit.hpp, inline).
  void seal_compact();
  // Before a strategy that reads short forms chooses: keeps the last (complete by now: its
  // primitive filled it in before any thread reached a scheduling point) and shows them all.
  // Out of line, so that the other strategies' points pay only the test of the flag.
  [[gnu::noinline]] void show_short_forms();
  // Doubles compact_store_ and returns compact_event_: compact_next's tail call when the store
  // just filled up, so that its usual path calls nothing and saves no registers.
  [[gnu::noinline]] TraceEvent& grow_compact();
  // The next thread to run (kNoThread: the execution ends): the strategy's pick among the
  // enabled threads. pick_next is the same, inline in the steps (sim/step_inline.hpp).
  ThreadId choose_next();
  ThreadId pick_next();
  // The running thread hands the OS thread to `next` and returns when it is resumed. Inline:
  // a switch happens at about a third of the steps, and the call was a tenth of its cost.
  void switch_to(ThreadId next) {
    ThreadRecord& me = *threads_[cur_];
    cur_ = next;
    Fiber::switch_to(me.fiber, threads_[next]->fiber);
    if (unwinding()) [[unlikely]]
      check_unwind();
  }
  // resolve(), the first use of h in this execution (or of an object from outside it).
  ObjectId resolve_first_use(detail::SimHandle& h, ObjectKind kind);
  // Enabledness, in one place (docs/exploration.md, "One execution"): may thread t perform its
  // pending operation now?
  bool op_enabled(ThreadId t) const;
  // Its operation can proceed now, or its deadline has passed.
  bool ready(ThreadId t) const;
  // Marks a runnable thread finished (status_ and runnable_ agree past 64 threads, where
  // choose_next scans only the runnable ones).
  void mark_finished(ThreadId t);
  // May the strategy choose runnable thread t? Under TimeoutPolicy::explore also when its
  // pending operation has a deadline (its timeout may fire early: a slow machine). The same
  // answer as `timed_out || op_enabled(t) || (explore && timed)`, from the gate that
  // schedule() derived from those (the hot loop of choose_next).
  bool runnable_enabled(ThreadId t) const;
  // runnable_enabled for an operation whose gate is not open.
  bool gate_passes(ThreadId t, const PendingOp& op) const;
  // Whether thread t's gate `gate`, on `object`, passes now.
  bool gate_passes(ThreadId t, PendingOp::Gate gate, ObjectId object) const;
  // The gate of t's pending operation, as announced: what runnable_enabled tests. A try (not
  // blocking), an operation past its deadline, and under TimeoutPolicy::explore one with a
  // deadline, are open.
  PendingOp::Gate gate_of(OpKind op, bool blocking, bool timed, bool timed_out) const;
  // t's deadline passed: its operation is enabled now and will give up.
  void time_out(ThreadId t);
  // Bit t of the enabled set and the waiter masks; none for ids from 64 on (choose_next
  // scans for those).
  static std::uint64_t thread_bit(ThreadId t);
  // A gate that an object's state opens: the object keeps the mask of its waiters, and its
  // changes move them (set_lock_state, set_rlock_holder, mark_finished for a joined thread).
  // A condition's waiter is moved by set_woken; a closed gate is opened by time_out.
  static bool waits_on_object(PendingOp::Gate gate);
  // Runnable thread t's gate (pending_[t].gate) is about to change, or t to finish: t leaves
  // the enabled set and its object's waiters. Every change of a gate is bracketed by
  // leave_gate and enter_gate.
  void leave_gate(ThreadId t);
  // Runnable thread t has its gate (pending_[t].gate): t joins its object's waiters, and the
  // enabled set if the gate passes now.
  void enter_gate(ThreadId t);
  // The same from the gate and object at hand (the announcing thread's, just written: read
  // back, they cost a stall). t leaves the enabled set if the gate does not pass.
  void enter_gate(ThreadId t, PendingOp::Gate gate, ObjectId object);
  bool enabled(ThreadId t) const;
  // ObjectRecord::name for h's object: keeps h's name for this execution's reports.
  std::uint32_t keep_name(const detail::SimHandle& h);
  void fire_timeout(ThreadId t);
  // Tags the current thread's event with its user-level call, if it is inside one.
  void note_call_step(TraceEvent& e);
  // Commits of the current thread's operation on `object` until the first conflict
  // (had_conflict): who touched and who wrote each object.
  void note_conflict(OpKind op, ObjectKind kind, ObjectId object);
  bool advance_clock();
  DeadlockGraph wait_for_graph() const;
  void report_deadlock();
  bool give_up_join_while_unwinding();
  void report_uncaught(std::exception_ptr e);
  void teardown();
  // r's thread is to be abandoned, then control goes to `resume_after` (kNoThread: the host).
  // The one place a thread is killed, so any_killed_ holds whenever some thread's flag does.
  void mark_killed(ThreadRecord& r, ThreadId resume_after) {
    r.killed = true;
    r.resume_after_kill = resume_after;
    any_killed_ = true;
  }
  void check_unwind();
  void abandoned_point(bool may_block);
  std::string step_limit_message() const;
  [[noreturn]] void release_stack(std::string note);
  void failure_in_handler(const std::string& where_text);

  ExecutionConfig config_;
  StackPool stacks_;
  Fiber host_;

  std::vector<std::unique_ptr<ThreadRecord>> threads_;  // [0, nthreads_) in use
  std::vector<PendingOp> pending_;                       // by ThreadId
  std::vector<ThreadStatus> status_;                     // by ThreadId (dense: scanned per step)
  std::vector<ThreadStatus> end_status_;                 // status_ before teardown
  std::vector<ObjectRecord> objects_;
  std::vector<detail::SimName> names_;                   // of named objects, by ObjectRecord::name - 1
  std::vector<ThreadId> enabled_;                        // scratch for choose_next: one slot per thread
  std::uint32_t enabled_count_ = 0;                      // ... of which the first this many are set
  std::vector<ThreadId> runnable_;                       // ids whose status_ is runnable, ascending (kept
                                                         // only past 64 threads: new_thread)
  std::vector<TraceEvent> events_;
  std::vector<ObjectTouch> touches_;                     // by ObjectId, for note_conflict
  std::vector<UserCall> calls_;                          // by TraceEvent::call
  std::vector<Decision> decisions_;
  TraceEvent scratch_event_;
  TraceEvent compact_event_;  // the last event to keep in short form (compact_next)
  // The short forms: compact_store_[0, compact_count_) (sized to its capacity, so that keeping
  // one is a store, not a push_back).
  std::vector<CompactEvent> compact_store_;
  PerExecutionSlots slots_;  // the layers above's per-execution state
  Heartbeat* heartbeat_;  // this OS thread's, which the watchdog reads
};


}  // namespace weft::sim

// The inline members of the enabled set and of committing an event (defined apart: one
// concept per file).
#include "enabled_set.hpp"   // IWYU pragma: export
#include "event_commit.hpp"  // IWYU pragma: export
