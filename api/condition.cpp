// weft::Condition (docs/python_semantics.md). Simulated: native wait/notify operations, so traces and deadlock
// reports say "condition.wait". Real threads: CPython's algorithm, a FIFO of waiter tokens
// (os/os_condition.hpp).
#include <weft/condition.hpp>
#include <weft/errors.hpp>

#include "api/real_object.hpp"
#include "os/os_condition.hpp"
#include "sim/sim_ops.hpp"

namespace weft {

void Condition::set_display_kind(ObjectKind kind) {
  display_kind_ = kind;
  std::visit([](auto* l) { l->sim_.internal = true; }, lock_);
}

namespace {
std::unique_ptr<detail::OsCondition> real_queue() {
  if (detail::current_execution()) return nullptr;
  return std::make_unique<detail::OsCondition>();
}
}  // namespace

Condition::Condition() : own_(std::make_unique<RLock>()), lock_(own_.get()), os_(real_queue()) {}
Condition::Condition(Lock& lock) : lock_(&lock), os_(real_queue()) {}
Condition::Condition(RLock& lock) : lock_(&lock), os_(real_queue()) {}
Condition::Condition(std::string_view name) : Condition() { set_display_name(name); }
Condition::Condition(std::string_view name, Lock& lock) : Condition(lock) { set_display_name(name); }
Condition::Condition(std::string_view name, RLock& lock) : Condition(lock) { set_display_name(name); }

void Condition::set_display_name(std::string_view name) {
  sim_.name = detail::sim_name(name);
  if (own_) own_->sim_.name = sim_.name;
}

Condition::~Condition() {
  if (sim::Execution* ex = detail::current_execution()) sim::object_destroyed(*ex, sim_);
}

bool Condition::acquire(bool blocking, Seconds timeout, std::source_location where) {
  return std::visit([&](auto* l) { return l->acquire(blocking, timeout, where); }, lock_);
}

void Condition::release(std::source_location where) {
  std::visit([&](auto* l) { l->release(where); }, lock_);
}

// Python's _is_owned: exact for an RLock; for a plain Lock, "someone holds it"
// (docs/python_semantics.md, Condition).
bool Condition::owned_for_wait(std::source_location where) {
  if (auto* r = std::get_if<RLock*>(&lock_)) return (*r)->is_owned();
  Lock* l = std::get<Lock*>(lock_);
  // The waiter normally holds the lock itself; a trace row for the check would be noise.
  if (sim::Execution* ex = detail::current_execution()) return sim::lock_locked(*ex, l->sim_, where, false);
  return l->locked(where);
}

bool Condition::wait(OptSeconds timeout, std::source_location where) {
  detail::CallScope call(CallKind::condition_wait, &sim_, where);
  call.timeout(timeout);
  const bool notified = wait_unmarked(timeout, where);
  call.returned_bool(notified);
  return notified;
}

bool Condition::wait_unmarked(OptSeconds timeout, std::source_location where) {
  if (!owned_for_wait(where)) throw RuntimeError("cannot wait on un-acquired lock", where);
  std::optional<double> t;
  if (timeout) t = timeout->count() > 0 ? timeout->count() : 0.0;
  if (t && *t > TIMEOUT_MAX) throw OverflowError("timeout value is too large", where);

  auto release_all = [&]() -> unsigned {
    if (auto* r = std::get_if<RLock*>(&lock_)) return (*r)->release_save(where);
    std::get<Lock*>(lock_)->release(where);
    return 1;
  };
  auto reacquire = [&](unsigned saved) {
    if (auto* r = std::get_if<RLock*>(&lock_)) return (*r)->acquire_restore(saved, where);
    std::get<Lock*>(lock_)->acquire(true, -1, where);
  };

  if (sim::Execution* ex = detail::current_execution()) {
    sim::cond_register(*ex, sim_, display_kind_);
    const unsigned saved = release_all();
    const bool notified = sim::cond_block(*ex, sim_, display_kind_, t, where);
    reacquire(saved);
    sim::cond_unregister(*ex);
    return notified;
  }
  detail::OsCondition& queue = detail::real_state(os_, "Condition", where, sim_.name);
  const std::shared_ptr<detail::OsWaiter> token = queue.enroll();
  const unsigned saved = release_all();
  const bool notified = token->wait(t);
  reacquire(saved);
  if (!notified) queue.forget(token);
  return notified;
}

void Condition::notify(int n, std::source_location where) {
  if (!owned_for_wait(where)) throw RuntimeError("cannot notify on un-acquired lock", where);
  if (sim::Execution* ex = detail::current_execution()) {
    sim::cond_notify(*ex, sim_, display_kind_, n, where);
    return;
  }
  detail::real_state(os_, "Condition", where, sim_.name).notify(n > 0 ? static_cast<std::size_t>(n) : 0);
}

void Condition::notify_all(std::source_location where) {
  if (sim::Execution* ex = detail::current_execution()) {
    if (!owned_for_wait(where)) throw RuntimeError("cannot notify on un-acquired lock", where);
    sim::cond_notify(*ex, sim_, display_kind_, INT32_MAX, where);
    return;
  }
  const std::size_t n = detail::real_state(os_, "Condition", where, sim_.name).waiters();
  notify(static_cast<int>(n), where);
}

}  // namespace weft
