#pragma once
// A cheap first pass in front of the race detector: the lockset idea of Eraser (Savage,
// Burrows, Nelson, Sobalvarro & Anderson, "Eraser: a dynamic data race detector for
// multithreaded programs", TOCS 1997), used as a filter before happens-before, as hybrid
// detectors do (O'Callahan & Choi, "Hybrid dynamic data race detection", PPoPP 2003).
//
// Two accesses made while one thread and then another held the same lock are ordered by that
// lock's release and acquire, so they cannot race. When every Shared variable that one thread
// wrote and another touched was accessed with a common lock held every time, the execution has
// no race, and the vector clocks need not be computed at all: the common case of a test whose
// shared state sits behind a lock costs one light pass instead of a clock join or copy at every
// synchronisation event. One more ordering is cheap to see and too common to leave out: an
// access by the main thread (T0) while every thread started so far has been joined (directly
// or through a joined thread) comes after everything those threads did and before whatever a
// thread started later does, so it takes part in no race (the setup before the start()s and
// the check after the join()s). The filter never reports a race: whenever it cannot prove the
// execution race-free (an unguarded access, a lock released by a thread that did not take it),
// the exact happens-before judgement runs as before (docs/detectors.md).
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include <weft/trace.hpp>

#include "detect/held_locks.hpp"
#include "sim/compact_event.hpp"
#include "sim/execution.hpp"

namespace weft::detect {

class LocksetFilter {
 public:
  /// Whether locksets alone prove that no two of `events` (a prefix of `ex`'s events) race:
  /// each judged Shared variable (not declared benign_race) was either touched by one thread
  /// only, never written, or accessed with at least one common Lock or RLock held each time.
  /// false means "not proven", never "racy".
  bool race_free(const sim::Execution& ex, std::span<const TraceEvent> events);
  /// The same from the short forms of a run that recorded no events (docs/detectors.md,
  /// "Screening"), kept for the operations in kOps at least.
  bool race_free(const sim::Execution& ex, std::span<const sim::CompactEvent> events);

  /// The operations whose events the judgement reads, as Execution::run's compact_ops.
  static constexpr std::uint32_t kOps =
      sim::op_bits({OpKind::thread_start, OpKind::thread_join, OpKind::lock_acquire, OpKind::rlock_acquire,
                    OpKind::lock_release, OpKind::rlock_release, OpKind::shared_read, OpKind::shared_write});

 private:
  static constexpr std::size_t kCandidates = 4;  // common locks followed per variable
  struct Variable {
    ThreadId first = kNoThread;  // the first thread that touched it; kNoThread: not touched yet
    bool shared = false;         // a second thread touched it
    bool written = false;
    bool benign = false;  // declared weft::benign_race: not judged
    std::uint8_t count = 0;  // candidates[0, count): locks held at every access so far
    std::array<ObjectId, kCandidates> candidates{};
  };
  void begin(const sim::Execution& ex);
  // One event; false once the events so far are not proven race-free.
  bool step(const sim::Execution& ex, const sim::CompactEvent& e);
  bool access(const sim::Execution& ex, const sim::CompactEvent& e);
  void first_access(const sim::Execution& ex, const sim::CompactEvent& e, Variable& v);
  void started(ObjectId thread);
  void joined(ObjectId thread);

  std::uint32_t threads_ = 0;   // the execution's threads (held_ may follow more)
  HeldLocks held_;
  std::vector<Variable> vars_;  // by ObjectId
  // By ObjectId of a Thread: 1 started, not yet joined; 2 joined.
  std::vector<std::uint8_t> thread_state_;
  std::uint32_t unjoined_ = 0;  // threads started and not yet joined
};

}  // namespace weft::detect
