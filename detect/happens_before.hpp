#pragma once
// Happens-before over one execution, event by event: each thread's vector clock, and the
// clocks that locks, atomics and finished threads hand on (model/happens_before.hpp).
#include <cstdint>
#include <vector>

#include <weft/trace.hpp>

#include "detect/vector_clock.hpp"
#include "model/happens_before.hpp"
#include "sim/execution.hpp"

namespace weft::detect {

/// Which edges count. The race detector uses them all. The lock-order detector leaves out the
/// release -> acquire edges of the user's own locks: those are the very orders it judges (in
/// the execution that ran, the second critical section always follows the first), while
/// locks inside weft primitives (a Semaphore, an Event, a Queue) still order what they order.
enum class EdgeSet : std::uint8_t { all, without_user_locks };

class HappensBefore {
 public:
  /// Starts an execution with `ex`'s threads and objects; every clock at its initial value
  /// (thread t at epoch 1 of its own component, 0 elsewhere).
  void reset(const sim::Execution& ex, EdgeSet edges);
  /// Applies the event's synchronisation (call in event order, after judging its access).
  void apply(const TraceEvent& e);
  /// Thread t's current vector clock (valid until the next apply).
  const std::uint32_t* clock(ThreadId t) const { return clocks_.row(t); }
  std::uint32_t width() const { return clocks_.width(); }

 private:
  std::uint32_t object_row(ObjectId id);  // the clock an object hands on, created on demand
  void tick(ThreadId t) { ++clocks_.row(t)[t]; }
  bool counts(ObjectId lock) const;

  const sim::Execution* ex_ = nullptr;
  EdgeSet edges_ = EdgeSet::all;
  ClockTable clocks_;                   // rows [0, threads): threads; then objects' clocks
  std::vector<std::uint32_t> row_of_;   // by ObjectId: its clock row, or kNoRow
  std::vector<ThreadId> holder_;        // by ObjectId: the thread holding a lock, or kNoThread
};

}  // namespace weft::detect
