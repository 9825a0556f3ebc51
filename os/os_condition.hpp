#pragma once
// The real-thread Condition's waiter queue: CPython's algorithm, a FIFO of waiter tokens (a
// locked Lock per waiter, released by notify). Notify releases tokens oldest first; each
// waiter blocks on its own token, so a notify wakes exactly the waiters it picked.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>

#include "os_clock.hpp"

namespace weft::detail {

struct OsWaiter {
  /// Blocks until released or the timeout passes (nullopt: forever; <= 0: a single check).
  /// Returns whether it was released.
  bool wait(std::optional<double> timeout) {
    std::unique_lock g(m);
    if (!timeout) {
      cv.wait(g, [&] { return released; });
      return true;
    }
    return cv.wait_until(g, os::deadline_after(*timeout), [&] { return released; });
  }
  void release() {
    {
      std::lock_guard g(m);
      released = true;
    }
    cv.notify_one();
  }
  std::mutex m;
  std::condition_variable cv;
  bool released = false;
};

class OsCondition {
 public:
  /// Enrolls the caller as the newest waiter; call while still holding the Condition's lock.
  std::shared_ptr<OsWaiter> enroll();
  /// A waiter that timed out leaves the queue (after reacquiring the lock, as CPython; a
  /// notify that picked it meanwhile is spent on it).
  void forget(const std::shared_ptr<OsWaiter>& token);
  /// Releases the min(n, waiters) oldest waiters.
  void notify(std::size_t n);
  std::size_t waiters();

 private:
  std::mutex m_;  // guards waiters_ (a plain Lock lets non-owners notify)
  std::deque<std::shared_ptr<OsWaiter>> waiters_;
};

}  // namespace weft::detail
