#pragma once
// Happens-before over one execution, event by event: each thread's vector clock, and the
// clocks that locks, atomics and finished threads hand on (model/happens_before.hpp).
#include <cstdint>
#include <span>
#include <vector>

#include <weft/trace.hpp>

#include "detect/vector_clock.hpp"
#include "model/happens_before.hpp"
#include "sim/execution.hpp"

namespace weft::detect {

class HappensBefore {
 public:
  /// Starts an execution with `ex`'s threads and objects; every clock at its initial value
  /// (thread t at epoch 1 of its own component, 0 elsewhere). The race detector counts every
  /// edge (`excluded_locks` empty). The lock-order detector judging a cycle leaves out the
  /// release -> acquire edges of the cycle's own locks: those are the very orders it judges
  /// (in the execution that ran, one critical section always followed the other through
  /// them), while every other lock, join, queue or event still orders what it orders, and a
  /// Condition's notify orders the wait it ended.
  void reset(const sim::Execution& ex, std::span<const ObjectId> excluded_locks = {});
  /// Applies the event's synchronisation (call in event order, after judging its access).
  void apply(const TraceEvent& e);
  /// Thread t's current vector clock (valid until the next apply).
  const std::uint32_t* clock(ThreadId t) const { return clocks_.row(t); }
  std::uint32_t width() const { return clocks_.width(); }

 private:
  // Inline: one of these runs at nearly every event judged.
  // The clock an object hands on, created on demand.
  std::uint32_t object_row(ObjectId id) {
    if (row_of_[id] == ClockTable::kNoRow) row_of_[id] = clocks_.add_row();
    return row_of_[id];
  }
  void tick(ThreadId t) { ++clocks_.row(t)[t]; }
  // Whether lock's release -> acquire edges count (the race detector excludes none).
  bool counts(ObjectId lock) const { return excluded_.empty() || !excluded(lock); }
  bool excluded(ObjectId lock) const;
  // Thread t learns what object `id` hands on (nothing when it has handed on nothing yet).
  void learn_from(ThreadId t, ObjectId id) {
    if (row_of_[id] != ClockTable::kNoRow) clocks_.join(t, clocks_.row(row_of_[id]));
  }
  // Object `id` now hands on thread t's clock (replacing what it handed on before).
  void publish(ThreadId t, ObjectId id) {
    const std::uint32_t r = object_row(id);  // before row(t): adding a row moves rows
    clocks_.copy(r, clocks_.row(t));
  }
  void observe_lock(ThreadId t, ObjectId lock);

  const sim::Execution* ex_ = nullptr;
  std::vector<ObjectId> excluded_;      // locks whose release -> acquire edges do not count
  ClockTable clocks_;                   // rows [0, threads): threads; then objects' clocks
  std::vector<std::uint32_t> row_of_;   // by ObjectId: its clock row, or kNoRow
  std::vector<ThreadId> holder_;        // by ObjectId: the thread holding a lock, or kNoThread
};

}  // namespace weft::detect
