#pragma once
// Lock-order inversions: a thread that takes lock B while holding A adds the edge A -> B; a
// cycle of edges from different threads means some schedule can deadlock, even when the one
// that ran did not. Three refinements remove lockdep's well-known false alarms (iGoodlock:
// Joshi, Park, Sen & Naik, "A randomized dynamic program analysis technique for detecting real
// deadlocks", PLDI 2009): the edges of a cycle come from different threads, no two of them
// were taken holding a common lock (a gate lock that serialises them), and no two are ordered
// by happens-before (a join, a queue hand-off, an event between the critical sections).
// Judged within one execution, where happens-before is defined; every execution is judged.
// Try and timed acquires add no edge (they cannot wait forever); RLock re-entry is no edge;
// locks inside weft primitives are not the user's and take no part.
#include <cstdint>
#include <optional>
#include <vector>

#include <weft/trace.hpp>

#include "detect/happens_before.hpp"
#include "detect/vector_clock.hpp"
#include "sim/execution.hpp"

namespace weft::detect {

/// One acquisition that made an edge: `thread` took `to` while holding `from`.
struct LockEdge {
  ObjectId from = kNoObject;
  ObjectId to = kNoObject;
  ThreadId thread = kNoThread;
  std::uint32_t from_event = 0;  // where `from` was taken
  std::uint32_t to_event = 0;    // where `to` was taken (the edge's own event)
  std::uint32_t held_begin = 0;  // the locks held then: held_[held_begin, held_end)
  std::uint32_t held_end = 0;
};

class LockOrder {
 public:
  /// Starts an execution: no lock held, no edge.
  void reset(const sim::Execution& ex);
  /// Follows events[index] (call for every event, in order). Inline for the commonest
  /// events: anything but a lock operation, an acquire with no lock held (no edge can come of
  /// it) and the release of the lock taken last; the rest in observe_rest.
  void observe(const TraceEvent& e, std::uint32_t index) {
    const bool acquire = e.op == OpKind::lock_acquire || e.op == OpKind::rlock_acquire;
    const bool release = e.op == OpKind::lock_release || e.op == OpKind::rlock_release;
    if ((!acquire && !release) || !e.ok || e.thread >= held_by_.size()) return;
    std::vector<Held>& held = held_by_[e.thread];
    if (e.op == OpKind::lock_release && !held.empty() && held.back().lock == e.object) {
      held.pop_back();  // not an internal lock: those are never held here
      return;
    }
    if (acquire && held.empty() && e.object < ex_->object_count() && !ex_->object(e.object).internal) {
      held.push_back(Held{e.object, index});
      return;
    }
    observe_rest(e, index, acquire);
  }
  /// After the last event: a cycle of edges that can deadlock, in cycle order (each edge's
  /// `to` is the next edge's `from`), or nullopt. A cycle that passes the cheap tests (threads,
  /// gate locks) gets a happens-before pass over `events` of its own.
  std::optional<std::vector<LockEdge>> find_inversion(const std::vector<TraceEvent>& events);

 private:
  struct Held {
    ObjectId lock;
    std::uint32_t event;
  };
  // A thread's last acquire that was tested for new edges: the lock and the locks held then.
  struct Last {
    ObjectId to = kNoObject;
    std::vector<ObjectId> held;
  };
  // A lock acquire (acquire) or release by a thread within held_by_, that succeeded.
  void observe_rest(const TraceEvent& e, std::uint32_t index, bool acquire);
  bool repeats_last(const TraceEvent& e, const std::vector<Held>& held) const;
  bool compatible(const LockEdge& a, const LockEdge& b) const;
  bool search(std::vector<std::uint32_t>& path, const std::vector<TraceEvent>& events, std::uint32_t& budget);
  bool concurrent(const std::vector<std::uint32_t>& cycle, const std::vector<TraceEvent>& events);

  const sim::Execution* ex_ = nullptr;
  std::vector<std::vector<Held>> held_by_;  // by ThreadId, in acquisition order
  std::vector<Last> last_;                  // by ThreadId
  std::vector<ObjectId> held_;              // edges' held sets
  std::vector<LockEdge> edges_;
  ClockTable clocks_;                       // a candidate cycle's happens-before snapshots
  std::vector<ObjectId> cycle_locks_;
  HappensBefore hb_;                        // without the candidate cycle's lock edges
};

}  // namespace weft::detect
