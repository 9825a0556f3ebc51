// weft::RLock inside a simulation: an owner and a depth; enabledness in Execution::op_enabled.
#include <weft/errors.hpp>

#include "sim_ops.hpp"

namespace weft::sim {

bool rlock_acquire(Execution& ex, detail::SimHandle& h, bool blocking, double timeout_s, loc where,
                   std::uint32_t restore) {
  const ObjectId id = ex.resolve(h, ObjectKind::rlock);
  const PendingOp op{OpKind::rlock_acquire, ObjectKind::rlock, id, where};
  std::optional<std::uint64_t> deadline;
  if (blocking && timeout_s >= 0) deadline = deadline_after(ex, timeout_s);
  ex.schedule(op, blocking, deadline);
  ObjectRecord& lock = ex.object(id);
  TraceEvent& e = ex.commit(op);
  const ThreadId me = ex.current();
  if (lock.holder != kNoThread && lock.holder != me) {  // a try that failed, or a timeout
    e.ok = false;
    return false;
  }
  if (lock.holder == kNoThread) {
    lock.held_at = where;
    ex.set_rlock_holder(lock, me);
  }
  lock.count = restore > 0 ? restore : lock.count + 1;
  e.value = lock.count;
  e.has_value = true;
  return true;
}

std::uint32_t rlock_release(Execution& ex, detail::SimHandle& h, bool all, loc where) {
  const ObjectId id = ex.resolve(h, ObjectKind::rlock);
  const PendingOp op{OpKind::rlock_release, ObjectKind::rlock, id, where};
  ex.schedule(op);
  ObjectRecord& lock = ex.object(id);
  TraceEvent& e = ex.commit(op);
  if (lock.holder != ex.current()) {
    e.ok = false;
    if (ex.unwinding()) return 0;
    throw RuntimeError("cannot release un-acquired lock", where);
  }
  const std::uint32_t released = all ? lock.count : 1;
  lock.count -= released;
  if (lock.count == 0) {
    ex.set_rlock_holder(lock, kNoThread);
  }
  e.value = lock.count;
  e.has_value = true;
  return released;
}

bool rlock_locked(Execution& ex, detail::SimHandle& h, loc where) {
  const ObjectId id = ex.resolve(h, ObjectKind::rlock);
  const bool locked = ex.object(id).locked;
  peek(ex, id, ObjectKind::rlock, locked ? 1 : 0, where);
  return locked;
}

std::uint32_t rlock_depth_of_caller(Execution& ex, detail::SimHandle& h) {
  const ObjectRecord& lock = ex.object(ex.resolve(h, ObjectKind::rlock));
  return lock.holder == ex.current() ? lock.count : 0;
}

}  // namespace weft::sim
