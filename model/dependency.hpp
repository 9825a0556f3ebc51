#pragma once
// The dependency relation of weft's operations, in one table (DESIGN §3): which two
// operations do not commute, and which pairs can never both be enabled (so their order can
// never be reversed, and DPOR need not try).
//
// Objects carry the semantics: two operations are dependent iff they touch the same object
// and at least one of them changes it. Operations without an object (yield, sleep, choose,
// check) commute with everything. Queues, semaphores, events, barriers and futures are built
// from Lock/Condition operations, so their dependencies follow from these rows.
#include <weft/trace.hpp>

namespace weft::model {

/// Reads only: two of them on one object commute.
constexpr bool is_read(OpKind op) { return op == OpKind::shared_read || op == OpKind::atomic_load; }

/// True when executing a then b may differ from b then a.
constexpr bool dependent(OpKind a, ObjectId oa, OpKind b, ObjectId ob) {
  if (oa == kNoObject || ob == kNoObject || oa != ob) return false;
  return !(is_read(a) && is_read(b));
}

/// True when a (already executed by one thread) and b (pending in another thread, with
/// `b_blocking_untimed`: it waits with no deadline) can be enabled at the same time.
/// Pairs where b is enabled only after a happened are never co-enabled:
///   thread exit  / join of that thread
///   lock release / blocking acquire of that lock (rlock likewise)
///   notify       / untimed wait on that condition
constexpr bool co_enabled(OpKind a, OpKind b, bool b_blocking_untimed) {
  if (a == OpKind::thread_exit && b == OpKind::thread_join) return !b_blocking_untimed;
  if (a == OpKind::lock_release && b == OpKind::lock_acquire) return !b_blocking_untimed;
  if (a == OpKind::rlock_release && b == OpKind::rlock_acquire) return !b_blocking_untimed;
  if (a == OpKind::cond_notify && b == OpKind::cond_wait) return !b_blocking_untimed;
  return true;
}

}  // namespace weft::model
