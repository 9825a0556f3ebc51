// weft::Lock inside a simulation. Enabledness of an acquire lives in Execution::op_enabled.
#include <weft/errors.hpp>

#include "sim_ops.hpp"

namespace weft::sim {

bool lock_acquire(Execution& ex, detail::SimHandle& h, bool blocking, double timeout_s, loc where) {
  const ObjectId id = ex.resolve(h, ObjectKind::lock);
  const PendingOp op{OpKind::lock_acquire, ObjectKind::lock, id, where};
  std::optional<std::uint64_t> deadline;
  if (blocking && timeout_s >= 0) deadline = deadline_after(ex, timeout_s);
  ex.schedule(op, blocking, deadline);
  ObjectRecord& lock = ex.object(id);
  TraceEvent& e = ex.commit(op);
  if (lock.locked) {  // a try that failed, or a timeout
    e.ok = false;
    return false;
  }
  ex.set_lock_state(lock, true);
  lock.holder = ex.current();
  lock.held_at = where;
  return true;
}

void lock_release(Execution& ex, detail::SimHandle& h, loc where) {
  const ObjectId id = ex.resolve(h, ObjectKind::lock);
  const PendingOp op{OpKind::lock_release, ObjectKind::lock, id, where};
  ex.schedule(op);
  ObjectRecord& lock = ex.object(id);
  TraceEvent& e = ex.commit(op);
  if (!lock.locked) {
    e.ok = false;
    if (ex.unwinding()) return;
    throw RuntimeError("release unlocked lock", where);
  }
  ex.set_lock_state(lock, false);
  lock.holder = kNoThread;
}

bool lock_locked(Execution& ex, detail::SimHandle& h, loc where, bool record) {
  const ObjectId id = ex.resolve(h, ObjectKind::lock);
  const bool locked = ex.object(id).locked;
  if (record) peek(ex, id, ObjectKind::lock, locked ? 1 : 0, where);
  return locked;
}

}  // namespace weft::sim
