#pragma once
// The records one execution keeps: why it failed, each object's simulated state, each
// thread's, and the per-run fields reset when a run begins (docs/exploration.md, "One
// execution"). Execution (sim/execution.hpp) owns and updates them.
#include <cstdint>
#include <functional>
#include <optional>
#include <source_location>
#include <string>
#include <vector>

#include <weft/deadlock.hpp>
#include <weft/detail/sim_handle.hpp>
#include <weft/result.hpp>
#include <weft/trace.hpp>

#include "compact_event.hpp"
#include "fiber.hpp"
#include "strategy.hpp"

namespace weft::sim {

/// Why an execution failed, before the model adds the schedule string and trace.
struct FailureInfo {
  FailureKind kind{};
  std::string message;
  std::string details;
  ThreadId thread = kNoThread;
  std::source_location where{};
  std::vector<std::uint32_t> marked_steps;  // events the report marks (detectors' findings)
  std::optional<DeadlockGraph> deadlock;    // FailureKind::deadlock: the wait-for graph
};

/// Simulated state of one object, indexed by ObjectId. Reset with every execution.
struct ObjectRecord {
  ObjectKind kind = ObjectKind::none;
  bool locked = false;                 // lock
  ThreadId holder = kNoThread;         // lock/rlock: who acquired it; thread: the thread itself
  std::uint32_t count = 0;             // rlock: recursion depth
  std::source_location held_at{};      // lock: where it was acquired
  bool benign_race = false;            // shared: a deliberate race (weft::benign_race)
  bool internal = false;               // lock/rlock: inside a weft primitive, not the user's
  std::uint32_t name = 0;              // 1 + index of the user's name in the execution's names; 0: none
  std::uint64_t gate_waiters = 0;      // lock, rlock, thread: bit t, thread t (below 64) waits to
                                       // acquire it (Gate::lock, Gate::rlock) or join it (Gate::join)
};

/// Which threads have accessed an object in one execution, until the first conflict
/// (Execution::had_conflict).
struct ObjectTouch {
  ThreadId toucher = kNoThread;  // the first thread to access the object
  ThreadId writer = kNoThread;   // the first to write it
  bool many_touchers = false;
  bool many_writers = false;
};

/// What a simulated thread is in one execution: set by one assignment when the thread is
/// created (Execution::new_thread), so no field keeps a value of an earlier thread.
struct ThreadRun {
  ObjectId object = kNoObject;         // this thread as an object (joins name it)
  bool daemon = false;
  bool entered = false;                // its fiber has started running
  bool prefetching = false;            // running ahead to announce its first operation
  bool killed = false;                 // being abandoned (docs/abandonment.md)
  bool unwind_thrown = false;          // Unwind was thrown into it
  bool terminating = false;            // std::terminate was called on it
  bool stack_released = false;         // left without running its frames (release_stack)
  std::uint32_t no_unwind = 0;         // depth of NoUnwindScope: blocking ops return at once
  std::uint32_t abandoned_points = 0;  // weft operations reached while abandoned
  ObjectId waiting_on = kNoObject;     // the Condition this thread is a registered waiter of
  std::uint64_t wait_seq = 0;          // its place in that Condition's FIFO
  bool woken = false;                  // a notify released this waiter's token
  std::uint64_t deadline_ns = 0;        // when its pending operation is timed, it gives up then
  ThreadId parent = kNoThread;         // who started it
  ThreadId resume_after_kill = kNoThread;  // kNoThread: the host
  std::uint32_t call = kNoCall;        // the user-level call it is inside (Execution::begin_call)
  const detail::SimHandle* call_object = nullptr;  // that call's object, numbered on first use
  void (*run)(void*) = nullptr;        // the thread's body, supplied by the API layer
  void* user = nullptr;                // argument to run (the public Thread's state)
};

/// A simulated thread: its fiber (kept, with its stack pool slot, across executions) and its
/// per-execution state. Records live behind unique_ptr so their addresses survive growth.
struct ThreadRecord : ThreadRun {
  Fiber fiber;
  std::string name;  // set by new_thread; kept out of ThreadRun so its buffer is reused
};

/// The per-run state of an Execution that is not kept for reuse: reset by one assignment
/// when a run begins (Execution::run), so a field added here cannot leak into the next
/// execution. The vectors the hot path reuses (events, decisions, objects, threads) are
/// cleared beside it and keep their capacity; the typed slots of the layers above are reset
/// when the run ends (PerExecutionSlots).
struct RunState {
  Strategy* strategy_ = nullptr;
  bool all_points_ = false;     // strategy_->wants_all_points()
  bool strategy_reads_compact_ = false;  // it reads short forms (Strategy::see_short_forms), and the run keeps them
  bool pruned_ = false;         // the strategy abandoned this execution as redundant
  const std::function<void()>* body_ = nullptr;
  std::uint64_t epoch_ = 0;
  std::uint32_t outside_objects_ = 0;
  std::uint32_t nthreads_ = 0;  // threads_[0, nthreads_) in use
  ThreadId cur_ = 0;
  std::uint32_t steps_ = 0;
  std::uint32_t max_enabled_ = 0;
  std::uint64_t now_ns_ = 0;
  std::uint32_t thread_counter_ = 0;
  ObjectId main_object_ = kNoObject;  // T0's Thread object's number, once it was wanted
  std::uint64_t wait_counter_ = 0;  // Condition waiter sequence numbers (FIFO order)
  SwitchReason next_reason_ = SwitchReason::none;
  ThreadId switched_from_ = kNoThread;
  ObjectId blocked_on_ = kNoObject;
  // The enabled set, kept as events happen (docs/exploration.md, "One execution"): bit t is
  // runnable thread t whose gate passes, for ids below 64 (choose_next scans the threads when
  // there are more).
  std::uint64_t ready_bits_ = 0;
  // Some thread has been killed in this execution (Execution::mark_killed): while false, no
  // thread is being abandoned and the hot paths need not read the current thread's record.
  bool any_killed_ = false;
  bool record_events_ = true;  // run's record_events
  // The operations whose events are kept (bit i: OpKind i): all when recording, else run's
  // compact_ops, kept in short form. And whether compact_event_ holds an event not yet kept:
  // each goes in when the next is committed, or when the run ends, once the primitive has
  // filled it in.
  std::uint32_t kept_ops_ = 0;
  bool compact_pending_ = false;
  std::uint32_t compact_count_ = 0;  // short forms kept (Execution::compact_store_)
  bool conflict_ = false;      // had_conflict(): no more touches are noted once it is set
  // User locks (Lock and RLock, not a primitive's internal ones) locked now, and whether one
  // was locked while another was (Execution::nested_locking).
  std::uint32_t user_locks_locked_ = 0;
  bool nested_locking_ = false;
  std::optional<FailureInfo> failure_;
  std::vector<std::string> notes_;  // abandonment notes, appended to the failure's details
};

}  // namespace weft::sim
