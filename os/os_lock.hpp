#pragma once
// The real-thread Lock: Python semantics (no owner, any thread releases, timed acquire)
// on std::mutex + std::condition_variable.
#include <condition_variable>
#include <mutex>
#include <optional>

namespace weft::detail {

struct OsLock {
  /// Takes the lock: waits forever (blocking, no timeout), tries once (non-blocking), or
  /// waits at most `timeout` seconds on steady_clock. Returns whether it was taken.
  bool acquire(bool blocking, std::optional<double> timeout);
  /// Returns false (and changes nothing) when the lock was not held.
  bool release();
  bool locked() const;

 private:
  mutable std::mutex m_;
  std::condition_variable cv_;
  bool locked_ = false;
};

}  // namespace weft::detail
