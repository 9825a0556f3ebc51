#pragma once
// weft::Barrier: Python's threading.Barrier, the CPython state machine on a Condition.
#include <atomic>
#include <cstdint>
#include <functional>
#include <source_location>
#include <stdexcept>

#include "condition.hpp"
#include "detail/sim_reset.hpp"
#include "errors.hpp"
#include "lock.hpp"
#include "name.hpp"
#include "timeout.hpp"

namespace weft {

/// Raised by Barrier::wait when the barrier is broken, aborted, reset or timed out.
/// A RuntimeError, as in Python.
class BrokenBarrierError : public RuntimeError {
 public:
  explicit BrokenBarrierError(std::source_location where = std::source_location::current())
      : RuntimeError("the barrier is broken", where, false) {}
};

/// A rendezvous of `parties` threads (docs/python_semantics.md). The last to arrive runs `action` (if any)
/// before anyone leaves; wait() returns the arrival index 0..parties-1. A timeout (the
/// argument, or the constructor's default) breaks the barrier for everyone.
/// abort() breaks it; reset() mends it (threads inside get BrokenBarrierError).
/// parties < 1 → ValueError. If the action throws, the barrier breaks and the exception
/// leaves the last thread's wait(); the others get BrokenBarrierError.
/// Constructed outside explore(), every execution starts with the state and count it had when
/// the exploration began.
class Barrier : private detail::SimResettable {
  using loc = std::source_location;

 public:
  explicit Barrier(int parties, std::function<void()> action = {}, OptSeconds timeout = forever,
                   loc where = loc::current());
  /// As above, and reports call it `name (Barrier#4)`, its lock `name (Lock#3)`
  /// (docs/labels.md): `weft::Barrier round{weft::Name{"round"}, 3};`.
  Barrier(Name name, int parties, std::function<void()> action = {}, OptSeconds timeout = forever,
          loc where = loc::current());
  Barrier(const Barrier&) = delete;
  Barrier& operator=(const Barrier&) = delete;

  int wait(OptSeconds timeout = forever, loc where = loc::current());
  void reset(loc where = loc::current());
  void abort(loc where = loc::current());
  int parties() const { return parties_; }
  /// Threads waiting in the current cycle (0 unless filling). Read without the lock.
  int n_waiting() const;
  /// True only in the broken state (not while resetting). Read without the lock.
  bool broken() const {
    detail::sim_touch(lock_.sim_, ObjectKind::lock);  // an outside barrier's first use resets it
    return state_.load(std::memory_order_acquire) == kBroken;
  }

 private:
  static constexpr int kFilling = 0, kDraining = 1, kResetting = -1, kBroken = -2;
  int wait_marked(OptSeconds timeout, loc where);  // wait()'s body, inside its call row
  void enter(loc where);
  void release(loc where);
  void wait_for_release(OptSeconds timeout, loc where);
  void break_barrier();
  void exit();
  std::unique_ptr<detail::SimSaved> sim_save() const override;
  void sim_restore(const detail::SimSaved& saved) override;

  Lock lock_;
  Condition cond_;
  std::function<void()> action_;
  OptSeconds timeout_;
  int parties_;
  std::atomic<int> state_{kFilling};
  std::atomic<int> count_{0};
};

}  // namespace weft
