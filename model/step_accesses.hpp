#pragma once
// What one step touches, read from the simulator's events and announced operations. Shared by
// the dpor strategy and the search estimator (model/search_estimator.hpp) so that both see a
// step as the same list of accesses (model/dependency.hpp says which of them conflict).
#include <cstdint>
#include <span>

#include <weft/trace.hpp>

#include "model/dependency.hpp"
#include "sim/strategy.hpp"

namespace weft::model {

/// What a step's thread announced before it was chosen.
struct Announced {
  OpKind op = OpKind::yield;
  bool untimed = false;  // it waits with no deadline (a blocking, untimed operation)
  bool timed = false;    // it gives up at a deadline
};

/// The announcement of pending operation `op`.
constexpr Announced announced_of(const sim::PendingOp& op) { return {op.op, op.blocking && !op.timed, op.timed}; }

/// Announcing a timed operation reads the virtual clock (its deadline is now + timeout).
constexpr Access deadline_read() { return {OpKind::peek, kClockObject, false, true}; }

/// A sleep that ends, or a wait that gives up at its deadline, writes the virtual clock.
constexpr Access clock_write() { return {OpKind::sleep, kClockObject, false, true}; }

/// What a thread that has not moved yet will touch first: its pending operation as an access
/// (a sleep writes the clock). Used for threads whose step has not run (the estimator's
/// sleeping siblings, dpor's threads still blocked at the end).
constexpr Access pending_access(const sim::PendingOp& op) {
  Access a{op.op, op.object, op.blocking && !op.timed, true};
  if (op.op == OpKind::sleep) a.object = kClockObject;
  return a;
}

/// Visits the accesses of committed event `e` of a step that announced `s`, in order:
/// `visit.access(thread, access)` for the event itself (a sleep or clock peek on the clock
/// object), then the clock write of an announced operation that gave up at its deadline;
/// for a thread start, `visit.child_started(child)` and, when the child announced a timed
/// operation, `visit.access(child, deadline_read())`. `pending` is indexed by ThreadId.
/// Nothing for an event committed without a scheduling point of its own (TraceEvent::point).
template <class Visitor>
void visit_event_accesses(const TraceEvent& e, const Announced& s, std::span<const sim::PendingOp> pending,
                          Visitor& visit) {
  // A Shared access within its thread's step (SharedPoints::sync_only) is no dependency: in a
  // race-free execution synchronisation already orders it against every conflicting access,
  // and a racy one fails as a data race (docs/exploration.md, "Shared accesses").
  if (!e.point) return;
  Access a{e.op, e.object, e.op == s.op && s.untimed, e.ok};
  if (e.op == OpKind::sleep || (e.op == OpKind::peek && e.object_kind == ObjectKind::clock)) a.object = kClockObject;
  visit.access(e.thread, a);
  if (e.op != OpKind::sleep && e.op == s.op && s.timed && !e.ok) visit.access(e.thread, clock_write());
  if (e.op == OpKind::thread_start && e.has_value) {  // the child starts after start()
    const auto child = static_cast<ThreadId>(e.value);
    visit.child_started(child);
    if (child < pending.size() && pending[child].timed) visit.access(child, deadline_read());
  }
}

}  // namespace weft::model
