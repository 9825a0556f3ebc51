#pragma once
// weft::examples::BoundedQueue<Buggy>: a bounded blocking FIFO queue of int, built the way
// CPython's queue.Queue is built: one Lock shared by two Conditions, "not empty" and "not full"
// (docs/python_semantics.md, "The other primitives, in brief"; weft's own weft::Queue in
// include/weft/queue.hpp is the full version of the same algorithm).
//
// BoundedQueue<false> is correct. BoundedQueue<true> has the classic condition-variable bug in
// put(): it checks "full" with `if` and waits once, instead of re-checking in a `while` loop. A
// notify only says "something changed"; the woken producer must reacquire the lock first, and
// another producer may barge in and take the free slot in between. Having checked only once,
// the woken producer appends anyway and the queue holds more than `capacity` items. (The
// bundled scenario condition_if_not_while, scenarios/conditions.cpp, is the consumer-side twin.)
//
// The items are plain members guarded by the lock: only the Lock and Condition operations are
// scheduling points, which keeps exhaustive exploration small. Plain members are not reset
// between executions (docs/outside_objects.md lists what is), so construct the queue inside
// the explore() body, once per execution.
#include <cstddef>
#include <deque>
#include <optional>

#include <weft/condition.hpp>
#include <weft/errors.hpp>
#include <weft/lock.hpp>
#include <weft/runtime.hpp>
#include <weft/timeout.hpp>

#include "hold.hpp"

namespace weft::examples {

/// A FIFO queue of int holding at most `capacity` items. Buggy = true selects put()'s
/// `if`-instead-of-`while` bug (see the top of this file); get() is the same in both versions.
/// Thread-safe; on real threads and inside explore() alike. Timeouts are seconds on
/// weft::monotonic()'s clock: virtual inside explore() (a wait that times out takes no real
/// time), real outside. Sequential specification (what a linearizability check compares
/// against): a FIFO of capacity `capacity`; put succeeds iff the queue is not full, get
/// succeeds iff it is not empty. The correct version is linearizable with respect to it (each
/// call takes effect at a moment it holds the lock); the buggy one is not.
template <bool Buggy>
class BoundedQueue {
 public:
  /// An empty queue that holds at most `capacity` items. weft::ValueError if capacity < 1.
  explicit BoundedQueue(int capacity) : capacity_(checked_capacity(capacity)) {}
  BoundedQueue(const BoundedQueue&) = delete;
  BoundedQueue& operator=(const BoundedQueue&) = delete;

  /// Appends `v` at the back, waiting while the queue is full, for at most `timeout` seconds in
  /// all (one deadline, however often the thread is woken: Python's Queue.put(v, timeout=t)).
  /// Returns true once `v` is in the queue; false when the queue was still full at the deadline
  /// (then nothing changed). timeout == 0 never waits. A successful put wakes one getter.
  /// weft::ValueError for a negative or NaN timeout, weft::OverflowError above
  /// weft::TIMEOUT_MAX; both are raised before the lock is taken.
  /// Buggy version: a put that waited and was woken appends without checking again, so the
  /// queue can exceed its capacity.
  bool put(int v, double timeout) {
    check_timeout(timeout);
    detail::Hold hold(lock_);
    if constexpr (Buggy) {
      // BUG: `if`, not `while`. After the wait the slot may already be gone.
      if (items_.size() >= capacity_) {
        if (timeout == 0 || !not_full_.wait(timeout)) return false;
      }
    } else {
      const double end = monotonic() + timeout;
      while (items_.size() >= capacity_) {
        const double remaining = end - monotonic();
        if (remaining <= 0) return false;
        not_full_.wait(remaining);
      }
    }
    items_.push_back(v);
    not_empty_.notify();
    return true;
  }

  /// Removes and returns the item at the front, waiting while the queue is empty, for at most
  /// `timeout` seconds in all (Python's Queue.get(timeout=t)). Returns std::nullopt when the
  /// queue was still empty at the deadline (then nothing changed). timeout == 0 never waits.
  /// A successful get wakes one putter. weft::ValueError for a negative or NaN timeout,
  /// weft::OverflowError above weft::TIMEOUT_MAX, raised before the lock is taken. Correct in
  /// both versions (a `while` loop).
  std::optional<int> get(double timeout) {
    check_timeout(timeout);
    detail::Hold hold(lock_);
    const double end = monotonic() + timeout;
    while (items_.empty()) {
      const double remaining = end - monotonic();
      if (remaining <= 0) return std::nullopt;
      not_empty_.wait(remaining);
    }
    const int v = items_.front();
    items_.pop_front();
    not_full_.notify();
    return v;
  }

 private:
  static std::size_t checked_capacity(int capacity) {
    if (capacity < 1) throw ValueError("BoundedQueue: capacity must be at least 1");
    return static_cast<std::size_t>(capacity);
  }
  static void check_timeout(double timeout) {
    if (!(timeout >= 0)) throw ValueError("'timeout' must be a non-negative number");
    if (timeout > TIMEOUT_MAX) throw OverflowError("timeout value is too large");
  }

  Lock lock_;
  Condition not_empty_{lock_};  // signalled by put: an item arrived
  Condition not_full_{lock_};   // signalled by get: a slot was freed
  const std::size_t capacity_;
  std::deque<int> items_;       // guarded by lock_
};

}  // namespace weft::examples
