#pragma once
// weft::Lock: Python's threading.Lock (no owner, any thread may release).
#include <memory>
#include <source_location>
#include <string_view>

#include "detail/sim_handle.hpp"
#include "timeout.hpp"

namespace weft {

namespace detail {
struct OsLock;  // os/os_lock.hpp
}
template <class T>
class Queue;  // queue.hpp
template <class T>
class SimpleQueue;  // simple_queue.hpp

/// A primitive lock, exactly as Python's: two states, no owner, not reentrant (a second
/// acquire by the holder blocks), releasable by any thread. Also a C++ Lockable, so
/// std::lock_guard / std::unique_lock / std::scoped_lock work (their trace rows then point at
/// the standard header: use acquire()/release() for exact lines).
/// Inside explore(), when several threads wait, which one gets the lock is the strategy's
/// choice, including a newcomer that barges in.
class Lock {
  using loc = std::source_location;

 public:
  Lock();
  /// A lock that reports call `name (Lock#3)` (docs/labels.md): `weft::Lock l{"accounts"};`.
  /// An empty name is no name. Otherwise exactly Lock().
  explicit Lock(std::string_view name);
  ~Lock();
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

  /// blocking=true, timeout=-1: wait as long as needed, return true.
  /// blocking=false: try once. timeout>=0: wait at most that long, false on expiry.
  /// ValueError: timeout given with blocking=false, or negative other than -1.
  /// OverflowError: timeout above TIMEOUT_MAX.
  /// Inline: inside a simulation, the default arguments (every lock_guard) go straight to
  /// the simulated step, one call from the user's code.
  bool acquire(bool blocking = true, Seconds timeout = -1, loc where = loc::current()) {
    if (blocking && timeout.count() == -1)
      if (sim::Execution* ex = detail::current_execution()) return detail::sim_lock_acquire_untimed(*ex, sim_, where);
    return acquire_checked(blocking, timeout, where);
  }
  /// RuntimeError("release unlocked lock") when not locked.
  void release(loc where = loc::current()) {
    if (sim::Execution* ex = detail::current_execution()) return detail::sim_lock_release(*ex, sim_, where);
    release_real(where);
  }
  /// True if some thread holds it. Not a scheduling point; inside a simulation the read is
  /// recorded (a `peek` in the trace) so that partial-order reduction orders it.
  bool locked(loc where = loc::current()) const;

  void lock(loc where = loc::current()) { acquire(true, -1, where); }
  bool try_lock(loc where = loc::current()) { return acquire(false, -1, where); }
  void unlock(loc where = loc::current()) { release(where); }

 private:
  // acquire() with arguments validated, on either backend; release() on real threads.
  bool acquire_checked(bool blocking, Seconds timeout, loc where);
  void release_real(loc where);
  friend class Event;      // is_set() and value() read state this lock guards: recorded as
  friend class Semaphore;  // reads of the lock, without a scheduling point
  friend class Condition;  // its wait() checks ownership without recording a peek
  friend class Barrier;    // Barrier, Queue, SimpleQueue, Event and Semaphore reset their
  template <class T>       // own data from this lock's handle (detail/sim_reset.hpp)
  friend class Queue;
  template <class T>
  friend class SimpleQueue;
  mutable detail::SimHandle sim_;
  std::unique_ptr<detail::OsLock> os_;
};

}  // namespace weft
