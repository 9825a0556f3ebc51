#pragma once
// The locks each thread holds, as the detectors' screens follow them through a run's events
// (detect/lockset_filter.hpp, detect/lock_cycle_screen.hpp): a short list per thread, in the
// order taken, an RLock's re-entries counted once.
#include <algorithm>
#include <cstdint>
#include <vector>

#include <weft/trace.hpp>

namespace weft::detect {

class HeldLocks {
 public:
  /// Forgets every lock held, for a run of `threads` threads (ids below it).
  void reset(std::uint32_t threads) {
    if (held_.size() < threads) held_.resize(threads);
    for (std::vector<ObjectId>& h : held_) h.clear();
  }
  /// The locks thread t holds, oldest first. t < reset's `threads`.
  const std::vector<ObjectId>& of(ThreadId t) const { return held_[t]; }
  bool holds(ThreadId t, ObjectId lock) const {
    const std::vector<ObjectId>& held = held_[t];
    return std::find(held.begin(), held.end(), lock) != held.end();
  }
  /// Thread t takes `lock`: false when it held it already (an RLock's re-entry), which
  /// changes nothing.
  bool take(ThreadId t, ObjectId lock) {
    if (holds(t, lock)) return false;
    held_[t].push_back(lock);
    return true;
  }
  /// Thread t lets `lock` go: false when it did not hold it (released by another thread),
  /// which the screens do not follow. The usual last-in, first-out release is the cheap one.
  bool release(ThreadId t, ObjectId lock) {
    std::vector<ObjectId>& held = held_[t];
    if (!held.empty() && held.back() == lock) {
      held.pop_back();
      return true;
    }
    const auto it = std::find(held.begin(), held.end(), lock);
    if (it == held.end()) return false;
    held.erase(it);
    return true;
  }

 private:
  std::vector<std::vector<ObjectId>> held_;  // by ThreadId
};

}  // namespace weft::detect
