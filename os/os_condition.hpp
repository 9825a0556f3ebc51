#pragma once
// A real-thread Condition waiter's token (CPython: a locked Lock per waiter, released by
// notify). Notify releases tokens oldest first; the waiter blocks on its own token.
#include <condition_variable>
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

}  // namespace weft::detail
