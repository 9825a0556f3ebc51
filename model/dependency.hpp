#pragma once
// The dependency relation of weft's operations, in one table (docs/exploration.md): which two
// operations do not commute, and which earlier operation a new one can be reordered with.
//
// Objects carry the semantics. Every operation on an object is a read or a write of it:
//
//   op                               access   notes
//   read / atomic.load               read     reads of one object commute
//   write / atomic.store / .rmw      write
//   lock/rlock acquire and release   write    a blocked (untimed) acquire races with the
//                                             previous *acquire*, not the release (below)
//   cond.wait                        read     commutes with other waits; an untimed wait
//                                             also commutes with a notify (below)
//   cond.notify                      write
//   thread.start / thread.exit       write    on the child's / own thread object
//   thread.join                      read     joins of one thread commute
//   peek (locked, is_set, is_alive)  read     of the lock guarding the state, or the thread
//   sleep ending, timeout firing     write    of the virtual clock (kClockObject): they
//                                             move it, so their order is explored
//   yield, choose, check             none     commute with everything
//
// Two operations are dependent iff they are by the same thread, or touch the same object and
// at least one writes it. Queues, semaphores, events, barriers, timers, futures and pools are
// built from Lock/Condition operations, so their dependencies follow from these rows.
//
// Enabling: an operation that waits with no deadline (a blocking acquire, join, or wait
// without timeout) cannot be moved before the operation that enabled it (the release, the
// exit, the notify), so those pairs are never races (not co-enabled). A blocking acquire
// instead races with the acquire that took the lock before it: swapping the two acquires is
// the other order of the critical sections. dpor's reversal of that race leaves the first
// critical section out, so it orders the later acquire only after what it depends on without
// that section (DporStrategy::reversal_clock); otherwise locks cause sleep-set blocked
// executions. An untimed wait that a notify already woke is unaffected by later notifies
// (they skip woken waiters), so those commute.
#include <cstdint>

#include <weft/trace.hpp>

#include "sim/op_properties.hpp"

namespace weft::model {

/// The virtual clock as DPOR sees it: a sleep that ends or a wait that gives up at its
/// deadline writes it (under TimeoutPolicy::explore the clock jumps to that deadline).
inline constexpr ObjectId kClockObject = kNoObject - 1;

// The read/write column of the table above (sim/op_properties.hpp).
using sim::AccessKind;
using sim::access_kind;

/// One object access of a transition. `untimed_wait`: the operation waited with no deadline
/// (blocking, untimed): it cannot be reordered before whatever enabled it.
/// 8 bytes (the object first, then the three one-byte fields): a wake-up tree keeps one
/// transition of up to three accesses per node, and on some programs (readers(n)) it holds
/// about one node per trace still to explore.
struct Access {
  constexpr Access() = default;
  constexpr Access(OpKind op_, ObjectId object_, bool untimed_wait_, bool succeeded_)
      : object(object_), op(op_), untimed_wait(untimed_wait_), succeeded(succeeded_) {}

  ObjectId object = kNoObject;
  OpKind op = OpKind::yield;
  bool untimed_wait = false;
  bool succeeded = true;  // acquire: took the lock (false: a try or timeout that failed)
  bool operator==(const Access&) const = default;
};
static_assert(sizeof(Access) == 8);

constexpr bool is_acquire(OpKind op) { return op == OpKind::lock_acquire || op == OpKind::rlock_acquire; }

/// True when performing a then b may differ from b then a (different threads).
constexpr bool dependent(const Access& a, const Access& b) {
  if (a.object == kNoObject || a.object != b.object) return false;
  const AccessKind ka = access_kind(a.op), kb = access_kind(b.op);
  if (ka == AccessKind::none || kb == AccessKind::none) return false;
  if (ka == AccessKind::read && kb == AccessKind::read) return false;
  // A woken untimed waiter is not affected by another notify, nor the notify by it.
  if ((a.op == OpKind::cond_notify && b.op == OpKind::cond_wait && b.untimed_wait) ||
      (b.op == OpKind::cond_notify && a.op == OpKind::cond_wait && a.untimed_wait))
    return false;
  return true;
}

/// For a new access `later`, which earlier accesses of its object are candidates for a race
/// (before the happens-before test): see the table above.
enum class RaceWith : std::uint8_t {
  nothing,           // never reversible with what came before (an untimed wait or join)
  last_acquire,      // a blocking untimed acquire: the previous successful acquire
  last_write,        // a read: the last write
  reads_or_write     // a write (and a try or timed acquire, which can fail instead of
                     // waiting): the reads since the last write, or that write if none
};

constexpr RaceWith race_candidates_of(const Access& later) {
  switch (access_kind(later.op)) {
    case AccessKind::none: return RaceWith::nothing;
    case AccessKind::read:
      // An untimed join or wait was enabled by the last write (exit, notify): no race.
      if (later.untimed_wait && (later.op == OpKind::thread_join || later.op == OpKind::cond_wait))
        return RaceWith::nothing;
      return RaceWith::last_write;
    case AccessKind::write:
      if (is_acquire(later.op) && later.untimed_wait) return RaceWith::last_acquire;
      return RaceWith::reads_or_write;
  }
  return RaceWith::nothing;
}

}  // namespace weft::model
