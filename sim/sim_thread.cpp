// weft::Thread inside a simulation: start and join as scheduling points.
#include "sim_ops.hpp"

namespace weft::sim {

ThreadId thread_start(Execution& ex, detail::SimHandle& h, void (*run)(void*), void* user,
                      const std::string& name, bool daemon, loc where) {
  const ObjectId id = ex.resolve(h, ObjectKind::thread);
  const PendingOp op{OpKind::thread_start, ObjectKind::thread, id, where};
  ex.schedule(op);
  TraceEvent* e = &ex.commit(op);
  // The child runs ahead to its first scheduling point before spawn returns, and what it
  // commits on the way (a peek, a Shared access under SharedPoints::sync_only) may move the
  // events: the start's event is found again by its index.
  const std::size_t at = ex.events().size();
  const bool recorded = at > 0 && e == &ex.events()[at - 1];
  if (!recorded) {
    // Not recorded: the start's short form, if kept, is taken when the next event is
    // committed, which may be the child's, before spawn returns. So it is marked as a start
    // now, with the id the child will get (one the spawn then refuses only makes the
    // lockset filter more cautious, and the failure that refusal is ends the run).
    e->has_value = true;
    e->value = ex.thread_count();
    return ex.spawn(id, run, user, name, daemon);
  }
  const ThreadId child = ex.spawn(id, run, user, name, daemon);
  e = &ex.event_at(at - 1);
  e->value = child;
  e->has_value = child != kNoThread;
  return child;
}

void thread_join(Execution& ex, ThreadId target, std::optional<double> timeout, loc where) {
  if (target >= ex.thread_count()) return;  // never started: its start came while abandoned
  const PendingOp op{OpKind::thread_join, ObjectKind::thread, ex.thread(target).object, where};
  std::optional<std::uint64_t> deadline;
  if (timeout) deadline = deadline_after(ex, *timeout);
  ex.schedule(op, true, deadline);
  TraceEvent& e = ex.commit(op);
  e.ok = !thread_alive(ex, target);
}

bool thread_alive(Execution& ex, ThreadId t) {
  return t < ex.thread_count() && ex.status(t) == ThreadStatus::runnable;
}

bool thread_alive_peek(Execution& ex, ThreadId t, loc where) {
  const bool alive = thread_alive(ex, t);
  if (t < ex.thread_count()) peek(ex, ex.thread(t).object, ObjectKind::thread, alive ? 1 : 0, where);
  return alive;
}

}  // namespace weft::sim
