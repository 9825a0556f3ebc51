// weft::RLock: each call picks the simulated or the real backend.
#include <weft/errors.hpp>
#include <weft/rlock.hpp>
#include <weft/thread.hpp>

#include "api/real_object.hpp"
#include "api/timeout_rules.hpp"
#include "os/os_rlock.hpp"
#include "sim/sim_ops.hpp"

namespace weft {

namespace {
constexpr const char* kNotOwned = "cannot release un-acquired lock";
}

RLock::RLock() {
  if (!detail::current_execution()) os_ = std::make_unique<detail::OsRLock>();
}

RLock::RLock(std::string_view name) : RLock() { sim_.name = detail::sim_name(name); }

RLock::~RLock() {
  if (sim::Execution* ex = detail::current_execution()) sim::object_destroyed(*ex, sim_);
}

bool RLock::acquire(bool blocking, Seconds timeout, std::source_location where) {
  // Validated first, even for the owner, as CPython's C RLock does.
  const std::optional<double> t =
      blocking && timeout.count() == -1 ? std::nullopt : detail::lock_timeout(blocking, timeout.count(), where);
  if (sim::Execution* ex = detail::current_execution())
    return sim::rlock_acquire(*ex, sim_, blocking, t.value_or(-1), where);
  return detail::real_state(os_, "RLock", where, sim_.name).acquire(get_ident(), blocking, t);
}

void RLock::release(std::source_location where) {
  if (sim::Execution* ex = detail::current_execution()) {
    sim::rlock_release(*ex, sim_, false, where);
    return;
  }
  if (detail::real_state(os_, "RLock", where, sim_.name).release(get_ident(), false) == 0) throw RuntimeError(kNotOwned, where);
}

bool RLock::locked(std::source_location where) const {
  if (sim::Execution* ex = detail::current_execution()) return sim::rlock_locked(*ex, sim_, where);
  return detail::real_state(os_, "RLock", where, sim_.name).locked();
}

unsigned RLock::recursion_count() const {
  if (sim::Execution* ex = detail::current_execution()) return sim::rlock_depth_of_caller(*ex, sim_);
  return detail::real_state(os_, "RLock", std::source_location::current(), sim_.name).depth_of(get_ident());
}

bool RLock::is_owned() const { return recursion_count() > 0; }

unsigned RLock::release_save(std::source_location where) {
  if (sim::Execution* ex = detail::current_execution()) return sim::rlock_release(*ex, sim_, true, where);
  const std::uint32_t n = detail::real_state(os_, "RLock", where, sim_.name).release(get_ident(), true);
  if (n == 0) throw RuntimeError(kNotOwned, where);
  return n;
}

void RLock::acquire_restore(unsigned count, std::source_location where) {
  if (count == 0) count = 1;
  if (sim::Execution* ex = detail::current_execution()) {
    sim::rlock_acquire(*ex, sim_, true, -1, where, count);
    return;
  }
  detail::real_state(os_, "RLock", where, sim_.name).acquire(get_ident(), true, std::nullopt, count);
}

}  // namespace weft
