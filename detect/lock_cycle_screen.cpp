#include "detect/lock_cycle_screen.hpp"

#include <algorithm>

namespace weft::detect {

bool LockCycleScreen::may_cycle(const sim::Execution& ex, std::span<const sim::CompactEvent> events) {
  const std::uint32_t threads = ex.thread_count();
  const std::size_t objects = ex.object_count();
  held_.reset(threads);
  edges_.clear();
  for (const sim::CompactEvent& e : events) {
    const bool acquire = e.op == OpKind::lock_acquire || e.op == OpKind::rlock_acquire;
    const bool release = e.op == OpKind::lock_release || e.op == OpKind::rlock_release;
    if ((!acquire && !release) || !e.ok() || e.thread >= threads || e.object >= objects) continue;
    if (acquire) {
      if (!held_.take(e.thread, e.object)) continue;  // an RLock's re-entry
      const std::vector<ObjectId>& held = held_.of(e.thread);  // the lock taken last
      for (std::size_t i = 0; i + 1 < held.size(); ++i) edges_.emplace_back(held[i], e.object);
      continue;
    }
    if (e.op == OpKind::rlock_release && e.nonzero_value()) continue;  // levels still held
    if (!held_.release(e.thread, e.object)) return true;  // released by a thread that did not take it: not followed
  }
  return !edges_.empty() && has_cycle(objects);
}

// Depth-first search over the edges, sorted by their first lock: a lock met again while it is
// on the path closes a cycle.
bool LockCycleScreen::has_cycle(std::size_t objects) {
  std::sort(edges_.begin(), edges_.end());
  edges_.erase(std::unique(edges_.begin(), edges_.end()), edges_.end());
  enum : std::uint8_t { kUnseen, kOnPath, kDone };
  colour_.assign(objects, kUnseen);
  const auto first_edge = [&](ObjectId lock) {
    return static_cast<std::size_t>(
        std::lower_bound(edges_.begin(), edges_.end(), std::pair<ObjectId, ObjectId>(lock, 0)) - edges_.begin());
  };
  for (const auto& [root, unused] : edges_) {
    (void)unused;
    if (colour_[root] != kUnseen) continue;
    colour_[root] = kOnPath;
    stack_.assign(1, {root, first_edge(root)});
    while (!stack_.empty()) {
      auto& [lock, next] = stack_.back();
      if (next < edges_.size() && edges_[next].first == lock) {
        const ObjectId to = edges_[next++].second;
        if (colour_[to] == kOnPath) return true;
        if (colour_[to] == kUnseen) {
          colour_[to] = kOnPath;
          stack_.emplace_back(to, first_edge(to));
        }
        continue;
      }
      colour_[lock] = kDone;
      stack_.pop_back();
    }
  }
  return false;
}

}  // namespace weft::detect
