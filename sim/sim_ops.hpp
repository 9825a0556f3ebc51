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
/// Blocks until free (blocking, no timeout), tries once (non-blocking), or gives up at the
/// deadline. Returns whether the lock was taken.
bool lock_acquire(Execution& ex, detail::SimHandle& h, bool blocking, std::optional<double> timeout, loc where);
/// RuntimeError when the lock is not held.
void lock_release(Execution& ex, detail::SimHandle& h, loc where);
/// Whether the lock is held; recorded as a peek unless `record` is false (the runtime's own
/// checks, which would only clutter traces).
bool lock_locked(Execution& ex, detail::SimHandle& h, loc where, bool record = true);

// ---- RLock ----
/// As lock_acquire, reentrant for the owner. `restore` > 0: Condition's _acquire_restore
/// (blocking; the depth becomes `restore`).
bool rlock_acquire(Execution& ex, detail::SimHandle& h, bool blocking, std::optional<double> timeout, loc where,
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

// ---- Time, yielding, choices, checks ----
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

}  // namespace weft::sim
