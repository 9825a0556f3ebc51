#pragma once
// The lock-order detector's screen for a run that kept only short forms (docs/detectors.md,
// "Screening"): whether the locks taken while others were held could close a cycle at all.
//
// The detector (detect/lock_order.hpp) reports a cycle of edges A -> B, each a lock B taken
// while A was held. This screen draws every such edge, from every lock held (a primitive's own
// locks included) to each lock taken, whatever the kind of acquire, and looks for a cycle in
// that graph, ignoring which threads drew the edges, the gate locks and happens-before. Its
// graph holds every edge the detector draws, so when it has no cycle the detector can find no
// inversion; when it has one, the run is judged again from its full events.
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include <weft/trace.hpp>

#include "detect/held_locks.hpp"
#include "sim/compact_event.hpp"
#include "sim/execution.hpp"

namespace weft::detect {

class LockCycleScreen {
 public:
  /// false: no two locks were ever taken in orders that close a cycle in `events` (the short
  /// forms of `ex`'s last run, lock operations among them), so no lock-order inversion can
  /// be found in that run. true: there may be one (or a lock was released by a thread that
  /// did not hold it, which the screen does not follow).
  bool may_cycle(const sim::Execution& ex, std::span<const sim::CompactEvent> events);

 private:
  bool has_cycle(std::size_t objects);

  HeldLocks held_;
  std::vector<std::pair<ObjectId, ObjectId>> edges_;     // (held, taken), sorted once drawn
  std::vector<std::uint8_t> colour_;                     // by ObjectId, for the search
  std::vector<std::pair<ObjectId, std::size_t>> stack_;  // the search's path: lock, next edge
};

}  // namespace weft::detect
