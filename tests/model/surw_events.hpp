#pragma once
// Trace events written by hand, to drive the surw strategy directly in its unit tests.
#include <weft/trace.hpp>

namespace weft::test {

/// An event of thread `t`: operation `op` on object `o` of kind `kind`; no value.
inline TraceEvent event(ThreadId t, OpKind op, ObjectKind kind, ObjectId o) {
  TraceEvent e;
  e.thread = t;
  e.op = op;
  e.object_kind = kind;
  e.object = o;
  return e;
}

/// `parent` starts thread `child`, whose thread object has id `object` (the start event
/// carries the child's ThreadId as its value, as the simulator records it).
inline TraceEvent started(ThreadId parent, ThreadId child, ObjectId object) {
  TraceEvent e = event(parent, OpKind::thread_start, ObjectKind::thread, object);
  e.value = child;
  e.has_value = true;
  return e;
}

}  // namespace weft::test
