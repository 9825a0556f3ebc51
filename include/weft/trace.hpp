#pragma once
// The vocabulary of an execution: what a thread did, to which object, where in the source.
// Events are plain values: the simulator records them, reports and strategies read them.
#include <cstdint>
#include <source_location>
#include <string>
#include <string_view>
#include <vector>

namespace weft {

/// Dense ids in creation order within one execution: T0 is the main body.
using ThreadId = std::uint16_t;
using ObjectId = std::uint32_t;
inline constexpr ThreadId kNoThread = 0xffff;
inline constexpr ObjectId kNoObject = 0xffffffffu;

/// What kind of object an operation touches.
enum class ObjectKind : std::uint8_t {
  none, thread, lock, shared, atomic, clock, choice, rlock, condition, semaphore, event, barrier,
  queue, future, executor
};

/// Every visible operation. A scheduling point precedes each one.
enum class OpKind : std::uint8_t {
  thread_start,   // parent starts the child (object = child's thread object)
  thread_exit,    // the thread's run() returned (or threw); not a scheduling point
  thread_join,    // enabled iff the target finished (or the timeout expired)
  lock_acquire,   // enabled iff free (or non-blocking, or the timeout expired)
  lock_release,
  shared_read,
  shared_write,
  atomic_load,
  atomic_store,
  atomic_rmw,     // exchange, compare_exchange, fetch_add, ...
  yield,
  sleep,          // enabled once the virtual clock reaches the deadline
  choose,         // weft::choose(n): a data choice made by the strategy
  rlock_acquire,  // enabled iff free, owned by the caller (or non-blocking / timed out)
  rlock_release,
  cond_wait,      // enabled iff notified (or timed out); the lock was released before it
  cond_notify,
  check_failed,   // weft::check with a false condition (the failing event)
  peek,           // state read without a scheduling point (Lock.locked, Event.is_set,
                  // Semaphore value, Thread.is_alive): recorded so DPOR orders it
};

/// "lock.acquire", "shared.read", ... : stable names used in traces and divergence messages.
constexpr std::string_view to_string(OpKind op) noexcept {
  switch (op) {
    case OpKind::thread_start: return "thread.start";
    case OpKind::thread_exit: return "thread.exit";
    case OpKind::thread_join: return "thread.join";
    case OpKind::lock_acquire: return "lock.acquire";
    case OpKind::lock_release: return "lock.release";
    case OpKind::shared_read: return "read";
    case OpKind::shared_write: return "write";
    case OpKind::atomic_load: return "atomic.load";
    case OpKind::atomic_store: return "atomic.store";
    case OpKind::atomic_rmw: return "atomic.rmw";
    case OpKind::yield: return "yield";
    case OpKind::sleep: return "sleep";
    case OpKind::choose: return "choose";
    case OpKind::rlock_acquire: return "rlock.acquire";
    case OpKind::rlock_release: return "rlock.release";
    case OpKind::cond_wait: return "condition.wait";
    case OpKind::cond_notify: return "condition.notify";
    case OpKind::check_failed: return "check failed";
    case OpKind::peek: return "peek";
  }
  return "?";
}
/// Number of OpKind values (for decoders validating a byte).
inline constexpr unsigned kOpKindCount = static_cast<unsigned>(OpKind::peek) + 1;

constexpr std::string_view to_string(ObjectKind kind) noexcept {
  switch (kind) {
    case ObjectKind::none: return "";
    case ObjectKind::thread: return "thread";
    case ObjectKind::lock: return "lock";
    case ObjectKind::shared: return "shared";
    case ObjectKind::atomic: return "atomic";
    case ObjectKind::clock: return "clock";
    case ObjectKind::choice: return "choice";
    case ObjectKind::rlock: return "rlock";
    case ObjectKind::condition: return "condition";
    case ObjectKind::semaphore: return "semaphore";
    case ObjectKind::event: return "event";
    case ObjectKind::barrier: return "barrier";
    case ObjectKind::queue: return "queue";
    case ObjectKind::future: return "future";
    case ObjectKind::executor: return "executor";
  }
  return "?";
}

/// Why the running thread changed before an event.
enum class SwitchReason : std::uint8_t {
  none,       // same thread as the previous event
  preempted,  // the previous thread could have continued; the strategy chose another
  blocked,    // the previous thread's next operation was disabled
  finished,   // the previous thread exited
};
constexpr std::string_view to_string(SwitchReason r) noexcept {
  switch (r) {
    case SwitchReason::none: return "";
    case SwitchReason::preempted: return "preempted";
    case SwitchReason::blocked: return "blocked";
    case SwitchReason::finished: return "finished";
  }
  return "?";
}

/// One committed operation of one execution.
struct TraceEvent {
  std::uint32_t step = 0;              // index in the execution
  ThreadId thread = kNoThread;         // who did it
  OpKind op = OpKind::yield;
  ObjectKind object_kind = ObjectKind::none;
  ObjectId object = kNoObject;         // dense per execution (Lock#0, Shared#1, T2 ...)
  std::int64_t value = 0;              // value read/written, choice made, ms slept, ...
  bool has_value = false;
  bool ok = true;                      // false: a try/timed acquire or join that gave up
  bool blocking = true;                // acquire: false for a try (non-blocking)
  bool timed = false;                  // acquire, join, wait: it had a deadline
  SwitchReason reason = SwitchReason::none;
  ThreadId switched_from = kNoThread;  // previous thread when reason != none
  ObjectId blocked_on = kNoObject;     // with reason == blocked: what the previous thread waited for
  std::uint64_t time_ns = 0;           // virtual clock when it happened
  std::source_location where{};        // the user's call
  std::uint32_t call = 0xffffffffu;    // index in Trace::calls of the user-level call this
                                       // step is part of (kNoCall: none); docs/exploration.md
  bool point = true;                   // false: a Shared access made within its thread's step,
                                       // no scheduling point (SharedPoints::sync_only)
};

/// A public call that performs several steps (Queue.get takes a lock, waits on a Condition,
/// releases...): the lane table shows it as one row (docs/exploration.md, "User-level rows").
enum class CallKind : std::uint8_t {
  queue_put, queue_get, queue_task_done, queue_join,
  future_result, future_exception, future_cancel, future_set_result, future_set_exception,
  pool_submit, pool_map, pool_shutdown, pool_worker_get, pool_worker_exit,
  barrier_wait, semaphore_acquire, semaphore_release, condition_wait, condition_wait_for,
  timer_start, timer_cancel, event_wait, event_set,
};
inline constexpr std::uint32_t kNoCall = 0xffffffffu;

/// The method name shown in a row: "get", "task_done", "result", "submit", ...
constexpr std::string_view to_string(CallKind k) noexcept {
  switch (k) {
    case CallKind::queue_put: return "put";
    case CallKind::queue_get: return "get";
    case CallKind::queue_task_done: return "task_done";
    case CallKind::queue_join: return "join";
    case CallKind::future_result: return "result";
    case CallKind::future_exception: return "exception";
    case CallKind::future_cancel: return "cancel";
    case CallKind::future_set_result: return "set_result";
    case CallKind::future_set_exception: return "set_exception";
    case CallKind::pool_submit: return "submit";
    case CallKind::pool_map: return "map";
    case CallKind::pool_shutdown: return "shutdown";
    case CallKind::pool_worker_get: return "worker takes a task";
    case CallKind::pool_worker_exit: return "worker leaves";
    case CallKind::barrier_wait: return "wait";
    case CallKind::semaphore_acquire: return "acquire";
    case CallKind::semaphore_release: return "release";
    case CallKind::condition_wait: return "wait";
    case CallKind::condition_wait_for: return "wait_for";
    case CallKind::timer_start: return "start";
    case CallKind::timer_cancel: return "cancel";
    case CallKind::event_wait: return "wait";
    case CallKind::event_set: return "set";
  }
  return "?";
}

/// How a call's result prints: nothing, a number, or True/False.
enum class CallResult : std::uint8_t { none, value, boolean };

/// One user-level call of one thread: what, on which object, with which argument, what it
/// returned, and the user's source line. Plain values (no strings): recorded per call.
struct UserCall {
  CallKind kind = CallKind::queue_get;
  ThreadId thread = kNoThread;
  ObjectId object = kNoObject;       // the object the row names (a Queue's not-empty Condition...)
  std::int64_t arg = 0;              // put(3), release(2), join: unfinished tasks when it began
  bool has_arg = false;
  double timeout = 0;                // seconds, when has_timeout
  bool has_timeout = false;
  CallResult result_kind = CallResult::none;
  std::int64_t result = 0;
  bool returned = false;             // it came back normally (false: it raised, or never ended)
  bool raised = false;               // an exception left it
  std::uint32_t first_step = 0xffffffffu;  // its first recorded step (none yet: 0xffffffff)
  std::source_location where{};      // the user's line
};

/// Names needed to print a trace: thread names by ThreadId, object labels by ObjectId.
struct Trace {
  std::vector<TraceEvent> events;
  std::vector<std::string> thread_names;   // "MainThread", "Thread-1 (worker)", ...
  std::vector<std::string> object_labels;  // "Lock#0", "Shared#1 counter", ...
  std::vector<UserCall> calls;              // by TraceEvent::call
};

/// `file:line` with the directory stripped, or "?" when the location is unknown.
inline std::string short_location(const std::source_location& where) {
  const char* file = where.file_name();
  if (file == nullptr || *file == '\0' || where.line() == 0) return "?";
  std::string_view f(file);
  if (auto slash = f.rfind('/'); slash != std::string_view::npos) f.remove_prefix(slash + 1);
  return std::string(f) + ":" + std::to_string(where.line());
}

}  // namespace weft
