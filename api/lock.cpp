// weft::Lock: each call picks the simulated or the real backend.
#include <weft/errors.hpp>
#include <weft/lock.hpp>

#include "api/real_object.hpp"
#include "api/timeout_rules.hpp"
#include "os/os_lock.hpp"
#include "sim/sim_ops.hpp"

namespace weft {

Lock::Lock() {
  if (!detail::current_execution()) os_ = std::make_unique<detail::OsLock>();
}

Lock::Lock(std::string_view name) : Lock() { sim_.name = detail::sim_name(name); }

Lock::~Lock() {
  if (sim::Execution* ex = detail::current_execution()) sim::object_destroyed(*ex, sim_);
}

bool Lock::acquire_checked(bool blocking, Seconds timeout, std::source_location where) {
  // The default (blocking, -1) skips validation (inside a simulation it never comes here).
  const std::optional<double> t =
      blocking && timeout.count() == -1 ? std::nullopt : detail::lock_timeout(blocking, timeout.count(), where);
  if (sim::Execution* ex = detail::current_execution()) return detail::sim_lock_acquire(*ex, sim_, blocking, t.value_or(-1), where);
  return detail::real_state(os_, "Lock", where, sim_.name).acquire(blocking, t);
}

void Lock::release_real(std::source_location where) {
  if (!detail::real_state(os_, "Lock", where, sim_.name).release()) throw RuntimeError("release unlocked lock", where);
}

bool Lock::locked(std::source_location where) const {
  if (sim::Execution* ex = detail::current_execution()) return sim::lock_locked(*ex, sim_, where);
  return detail::real_state(os_, "Lock", where, sim_.name).locked();
}

}  // namespace weft
