#pragma once
// The simulated side of each public primitive. The API layer (api/) validates arguments
// (the same rules for both backends), then calls these inside a simulation.
#include <cstdint>
#include <optional>
#include <source_location>
#include <string>
#include <string_view>

#include <weft/detail/sim_handle.hpp>

#include "execution.hpp"

namespace weft::sim {

using loc = std::source_location;

/// Seconds to a deadline on the virtual clock, saturating (timeouts are validated already).
std::uint64_t deadline_after(const Execution& ex, double seconds);

// ---- Lock ----
// Its acquire and release are whole steps of the execution: detail::sim_lock_acquire and
// sim_lock_release (weft/detail/sim_handle.hpp, sim/hot_steps.cpp). Enabledness of an acquire
// lives in Execution::op_enabled.

/// Whether the lock is held; recorded as a peek unless `record` is false (the runtime's own
/// checks, which would only clutter traces).
bool lock_locked(Execution& ex, detail::SimHandle& h, loc where, bool record = true);

// ---- RLock ----
/// As lock_acquire, reentrant for the owner. `restore` > 0: Condition's _acquire_restore
/// (blocking; the depth becomes `restore`).
bool rlock_acquire(Execution& ex, detail::SimHandle& h, bool blocking, double timeout_s, loc where,
                   std::uint32_t restore = 0);
/// Drops one level (all levels when `all`); returns the depth released. RuntimeError
/// "cannot release un-acquired lock" unless the caller owns it.
std::uint32_t rlock_release(Execution& ex, detail::SimHandle& h, bool all, loc where);
/// Not scheduling points: state queries.
bool rlock_locked(Execution& ex, detail::SimHandle& h, loc where);
std::uint32_t rlock_depth_of_caller(Execution& ex, detail::SimHandle& h);

// ---- Condition (the lock's release and reacquire are separate operations) ----
/// Registers the caller as the newest waiter; call while still holding the lock.
void cond_register(Execution& ex, detail::SimHandle& h, ObjectKind kind);
/// Waits until notified or the timeout; returns whether this waiter was notified.
bool cond_block(Execution& ex, detail::SimHandle& h, ObjectKind kind, std::optional<double> timeout, loc where);
/// Leaves the waiter FIFO (after reacquiring the lock).
void cond_unregister(Execution& ex);
/// Wakes the min(n, waiters) oldest registered waiters not yet notified.
void cond_notify(Execution& ex, detail::SimHandle& h, ObjectKind kind, std::int64_t n, loc where);

// ---- Threads ----
/// A scheduling point, then the child starts and runs ahead to its first operation.
ThreadId thread_start(Execution& ex, detail::SimHandle& h, void (*run)(void*), void* user,
                      const std::string& name, bool daemon, loc where);
/// Waits for `target` to finish or the timeout to pass.
void thread_join(Execution& ex, ThreadId target, std::optional<double> timeout, loc where);
bool thread_alive(Execution& ex, ThreadId t);
/// Thread::is_alive(): thread_alive, recorded as a peek of the thread (partial-order
/// reduction orders it against the thread's exit).
bool thread_alive_peek(Execution& ex, ThreadId t, loc where);
/// Unwinds a still-running thread at once (its daemon handle was destroyed).
inline void thread_abandon(Execution& ex, ThreadId t) { ex.abandon(t); }
/// The calling simulated thread, and how many threads this execution has started (T0 too).
inline ThreadId current_thread(const Execution& ex) { return ex.current(); }
inline std::uint32_t thread_count(const Execution& ex) { return ex.thread_count(); }
/// The `user` that thread_start was given for t. T0, which the body runs as, has none of its
/// own: its slot holds what set_main_user stored in this execution (null until then).
inline void* thread_user(const Execution& ex, ThreadId t) { return ex.user_of(t); }
/// Stores T0's handle state for thread_user(ex, 0); cleared when the execution ends.
inline void set_main_user(Execution& ex, void* user) { ex.set_user(0, user); }
/// Next "Thread-N" number (per execution, so names are deterministic).
inline std::uint32_t next_thread_number(Execution& ex) { return ex.next_thread_number(); }
/// The object number T0's Thread object has, or will have when made (kNoObject until it is
/// first wanted: api/thread_registry.cpp); each execution starts without one.
inline ObjectId main_object(const Execution& ex) { return ex.main_object(); }
inline void set_main_object(Execution& ex, ObjectId id) { ex.set_main_object(id); }

// ---- Time, yielding, choices, checks ----
/// The virtual clock in nanoseconds, recorded as a peek of the clock (in milliseconds).
std::uint64_t clock_now_ns(Execution& ex, loc where);
void sleep_for(Execution& ex, double seconds, loc where);
void yield_now(Execution& ex, loc where);
std::uint32_t choose(Execution& ex, std::uint32_t n, loc where);
/// Records the failed check and ends the execution.
void check_failed(Execution& ex, std::string_view message, loc where);
/// Records that the current thread read `id`'s state without a scheduling point (`value`
/// is what it saw), so that partial-order reduction orders the read against writes of it.
void peek(Execution& ex, ObjectId id, ObjectKind kind, std::int64_t value, loc where);
/// A Lock, RLock or Condition of this execution is being destroyed: a misuse failure when a
/// thread still waits on it (it would wake on freed memory). Never throws.
void object_destroyed(Execution& ex, const detail::SimHandle& h) noexcept;

// ---- The execution itself ----
/// The execution number: distinguishes executions process-wide (never 0), so state kept
/// by an object can tell whether it belongs to the running execution.
inline std::uint64_t epoch(const Execution& ex) { return ex.epoch(); }
/// `h`'s object id in this execution, numbering it at its first use there (and putting its
/// data back as it was when the exploration began, if it is not this execution's own).
inline ObjectId resolve(Execution& ex, detail::SimHandle& h, ObjectKind kind) { return ex.resolve(h, kind); }
/// This execution's T (sim/per_execution.hpp): state of the layers above that lives exactly
/// as long as the execution; reset when it ends, outside it.
template <class T>
T& per_execution(Execution& ex) {
  return ex.per_execution<T>();
}
/// This execution's T if per_execution<T> was called in it, else nullptr (creates nothing).
template <class T>
T* per_execution_if_used(Execution& ex) {
  return ex.per_execution_if_used<T>();
}
/// Inside a catch (...) handler: rethrows when the exception being handled is the unwinding
/// of an abandoned thread (docs/abandonment.md), which no user-facing handler may swallow.
void rethrow_if_unwind();

}  // namespace weft::sim
