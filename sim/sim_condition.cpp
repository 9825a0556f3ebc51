// weft::Condition inside a simulation. Python keeps a FIFO of waiter tokens; here each
// thread record remembers which Condition it waits on, its place in line and whether a
// notify released it. A waiter stays registered until it has reacquired the lock, so a
// notify can use up the token of a waiter whose timeout already expired
// (docs/python_semantics.md, Condition).
#include <vector>

#include "sim_ops.hpp"

namespace weft::sim {

void cond_register(Execution& ex, detail::SimHandle& h, ObjectKind kind) {
  const ObjectId id = ex.resolve(h, kind);
  if (ex.unwinding()) return;
  ThreadRecord& me = ex.thread(ex.current());
  me.waiting_on = id;
  me.wait_seq = ex.next_wait_seq();
  ex.set_woken(ex.current(), false);
}

bool cond_block(Execution& ex, detail::SimHandle& h, ObjectKind kind, std::optional<double> timeout, loc where) {
  const ObjectId id = ex.resolve(h, kind);
  const PendingOp op{OpKind::cond_wait, kind, id, where};
  std::optional<std::uint64_t> deadline;
  if (timeout) deadline = deadline_after(ex, *timeout);
  ex.schedule(op, true, deadline);
  TraceEvent& e = ex.commit(op);
  // As a recorded event takes them from the pending operation; a short form, which copies
  // nothing from it, needs them for its untimed-wait bit (sim/compact_event.hpp).
  e.blocking = true;
  e.timed = deadline.has_value();
  const bool notified = ex.thread(ex.current()).woken;
  e.ok = notified;
  return notified;
}

void cond_unregister(Execution& ex) {
  ThreadRecord& me = ex.thread(ex.current());
  me.waiting_on = kNoObject;
  ex.set_woken(ex.current(), false);
}

void cond_notify(Execution& ex, detail::SimHandle& h, ObjectKind kind, std::int64_t n, loc where) {
  const ObjectId id = ex.resolve(h, kind);
  const PendingOp op{OpKind::cond_notify, kind, id, where};
  ex.schedule(op);
  TraceEvent& e = ex.commit(op);
  std::int64_t woke = 0;
  while (woke < n) {  // oldest registered, not yet notified waiter first
    ThreadId oldest = kNoThread;
    for (std::uint32_t i = 0; i < ex.thread_count(); ++i) {
      const auto id_i = static_cast<ThreadId>(i);
      const ThreadRecord& t = ex.thread(id_i);
      if (ex.status(id_i) != ThreadStatus::runnable || t.waiting_on != id || t.woken) continue;
      if (oldest == kNoThread || t.wait_seq < ex.thread(oldest).wait_seq) oldest = id_i;
    }
    if (oldest == kNoThread) break;
    ex.set_woken(oldest, true);
    ++woke;
  }
  e.value = woke;
  e.has_value = true;
}

}  // namespace weft::sim
