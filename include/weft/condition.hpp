#pragma once
// weft::Condition: Python's threading.Condition over a Lock or an RLock.
#include <deque>  // kept for code that relies on it transitively
#include <functional>
#include <memory>
#include <mutex>  // kept for code that relies on it transitively
#include <source_location>
#include <string_view>
#include <variant>

#include "detail/call_scope.hpp"
#include "detail/sim_handle.hpp"
#include "lock.hpp"
#include "rlock.hpp"
#include "runtime.hpp"
#include "timeout.hpp"

namespace weft {

namespace detail {
class OsCondition;  // os/os_condition.hpp: the real-thread waiter queue
}

/// A condition variable as Python's (docs/python_semantics.md):
/// - over a given Lock or RLock, or a new RLock by default;
/// - wait(timeout) releases the lock fully (all RLock levels), waits for a notify or the
///   timeout, always reacquires (restoring the level); true iff notified; no spurious wakeups;
/// - wait_for(pred, timeout) evaluates pred first (returning at once, unchecked, if true),
///   then waits with one deadline; returns pred's last value;
/// - notify(n) wakes exactly min(n, waiters) waiters, oldest first; notify_all wakes all;
/// - wait/notify without holding the lock raise RuntimeError (over a plain Lock the check is
///   Python's approximate one: "held by someone").
/// Also usable with std::unique_lock (it is Lockable). Inside explore() the order in which
/// woken threads reacquire the lock is explored, and a timeout may race a notify.
class Condition {
  using loc = std::source_location;

 public:
  Condition();
  explicit Condition(Lock& lock);
  explicit Condition(RLock& lock);
  /// As above, and reports call it `name (Condition#3)` (docs/labels.md); the RLock it makes
  /// when given none is named too; a given lock keeps its own name. An empty name is no name.
  explicit Condition(std::string_view name);
  Condition(std::string_view name, Lock& lock);
  Condition(std::string_view name, RLock& lock);
  ~Condition();
  Condition(const Condition&) = delete;
  Condition& operator=(const Condition&) = delete;

  bool acquire(bool blocking = true, Seconds timeout = -1, loc where = loc::current());
  void release(loc where = loc::current());
  void lock(loc where = loc::current()) { acquire(true, -1, where); }
  bool try_lock(loc where = loc::current()) { return acquire(false, -1, where); }
  void unlock(loc where = loc::current()) { release(where); }

  bool wait(OptSeconds timeout = forever, loc where = loc::current());
  template <class Pred>
  auto wait_for(Pred pred, OptSeconds timeout = forever, loc where = loc::current()) -> decltype(pred());
  void notify(int n = 1, loc where = loc::current());
  void notify_all(loc where = loc::current());

  /// What the simulator calls this object in traces ("Condition#3", or "Event#3" for the
  /// Condition inside an Event). Internal; set before first use. Also marks the lock as a
  /// weft primitive's own (lock-order checks leave it out).
  void set_display_kind(ObjectKind kind);
  /// What reports call this object when its owner was named (docs/labels.md): `name`, with
  /// the display kind and id after it. Internal; set before first use. Names the lock too
  /// when this Condition made it.
  void set_display_name(std::string_view name);
  /// Internal: this object's identity in the running simulation, for a user-level call's
  /// row (detail/call_scope.hpp) to name it.
  const detail::SimHandle* sim_handle() const { return &sim_; }

 private:
  bool owned_for_wait(loc where);
  bool wait_unmarked(OptSeconds timeout, loc where);
  std::unique_ptr<RLock> own_;  // the default lock, when none was given
  std::variant<Lock*, RLock*> lock_;
  ObjectKind display_kind_ = ObjectKind::condition;
  mutable detail::SimHandle sim_;
  std::unique_ptr<detail::OsCondition> os_;  // real threads (null when made inside a simulation)
};

template <class Pred>
auto Condition::wait_for(Pred pred, OptSeconds timeout, loc where) -> decltype(pred()) {
  detail::CallScope call(CallKind::condition_wait_for, &sim_, where);
  call.timeout(timeout);
  // Python's loop exactly: the first wait uses the timeout as given (a polling wait when it
  // is <= 0); later waits use what is left of one deadline.
  auto result = pred();
  bool first = true;
  double end = 0;
  while (!result) {
    OptSeconds wait_time = timeout;
    if (timeout) {
      if (first) {
        end = monotonic(where) + timeout->count();
      } else {
        const double remaining = end - monotonic(where);
        if (remaining <= 0) break;
        wait_time = remaining;
      }
    }
    first = false;
    wait(wait_time, where);
    result = pred();
  }
  call.returned_bool(static_cast<bool>(result));
  return result;
}

}  // namespace weft
