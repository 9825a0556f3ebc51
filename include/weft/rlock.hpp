#pragma once
// weft::RLock: Python's threading.RLock (owner + recursion count).
#include <memory>
#include <source_location>
#include <string_view>

#include "detail/sim_handle.hpp"
#include "timeout.hpp"

namespace weft {

namespace detail {
struct OsRLock;  // os/os_rlock.hpp
}

/// A reentrant lock, exactly as Python's: the owner may acquire again (the count goes up);
/// only the owner may release ("cannot release un-acquired lock" otherwise, RuntimeError).
/// Arguments are validated first, as CPython's C RLock does, even on the owner's path.
/// Also a C++ Lockable. Inside explore(), which waiter gets a released RLock is explored.
class RLock {
  using loc = std::source_location;

 public:
  RLock();
  /// An RLock that reports call `name (RLock#3)` (docs/labels.md). An empty name is no
  /// name. Otherwise exactly RLock().
  explicit RLock(std::string_view name);
  ~RLock();
  RLock(const RLock&) = delete;
  RLock& operator=(const RLock&) = delete;

  /// As Lock::acquire (same ValueError/OverflowError rules); true at once for the owner.
  bool acquire(bool blocking = true, Seconds timeout = -1, loc where = loc::current());
  /// RuntimeError("cannot release un-acquired lock") unless the caller owns it.
  void release(loc where = loc::current());
  /// True when some thread holds it (Python 3.14's RLock.locked()).
  /// Not a scheduling point; recorded as a `peek` inside a simulation (see Lock::locked).
  bool locked(loc where = loc::current()) const;
  /// True when the calling thread owns it (Python's _is_owned()).
  bool is_owned() const;
  /// The caller's recursion depth (0 when it does not own the lock).
  unsigned recursion_count() const;

  void lock(loc where = loc::current()) { acquire(true, -1, where); }
  bool try_lock(loc where = loc::current()) { return acquire(false, -1, where); }
  void unlock(loc where = loc::current()) { release(where); }

  // Condition's hooks (Python's _release_save / _acquire_restore).
  /// Fully releases; returns the count to restore. RuntimeError when not owned.
  unsigned release_save(loc where = loc::current());
  /// Takes the lock back (blocking) with the saved count.
  void acquire_restore(unsigned count, loc where = loc::current());

 private:
  friend class Condition;  // marks the lock inside a Future's Condition as weft's own
  mutable detail::SimHandle sim_;
  std::unique_ptr<detail::OsRLock> os_;
};

}  // namespace weft
