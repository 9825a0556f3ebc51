// weft::Lock's state query inside a simulation; its acquire and release are whole steps of
// the execution (Execution::lock_acquire_step, sim/hot_steps.cpp).
#include "sim_ops.hpp"

namespace weft::sim {

bool lock_locked(Execution& ex, detail::SimHandle& h, loc where, bool record) {
  const ObjectId id = ex.resolve(h, ObjectKind::lock);
  const bool locked = ex.object(id).locked;
  if (record) peek(ex, id, ObjectKind::lock, locked ? 1 : 0, where);
  return locked;
}

}  // namespace weft::sim
