// weft::Semaphore / BoundedSemaphore: CPython's threading.py algorithm over Condition(Lock()),
// so both backends share it and the simulator explores exactly CPython's interleavings.
#include <weft/errors.hpp>
#include <weft/runtime.hpp>
#include <weft/semaphore.hpp>

#include <utility>

#include <weft/detail/held.hpp>
#include "sim/sim_ops.hpp"

namespace weft {

std::int64_t Semaphore::value(std::source_location where) const {
  sim::Execution* ex = detail::current_execution();
  const ObjectId id = ex ? sim::resolve(*ex, lock_.sim_, ObjectKind::lock) : kNoObject;  // may reset value_
  const std::int64_t v = value_.load(std::memory_order_relaxed);
  if (ex) sim::peek(*ex, id, ObjectKind::lock, v, where);
  return v;
}

Semaphore::Semaphore(std::int64_t value, std::source_location where) : cond_(lock_), value_(value) {
  if (value < 0) throw ValueError("semaphore initial value must be >= 0", where);
  cond_.set_display_kind(ObjectKind::semaphore);
  lock_.sim_.reset = this;
}

Semaphore::Semaphore(Name name, std::int64_t value, std::source_location where) : Semaphore(value, where) {
  lock_.sim_.name = detail::sim_name(name.text);
  cond_.set_display_name(name.text);
}

std::unique_ptr<detail::SimSaved> Semaphore::sim_save() const {
  return std::make_unique<detail::SimSavedValue<std::int64_t>>(value_.load());
}

void Semaphore::sim_restore(const detail::SimSaved& saved) {
  value_.store(static_cast<const detail::SimSavedValue<std::int64_t>&>(saved).value);
}

bool Semaphore::acquire(bool blocking, OptSeconds timeout, std::source_location where) {
  if (!blocking && timeout) throw ValueError("can't specify timeout for non-blocking acquire", where);
  detail::CallScope call(CallKind::semaphore_acquire, cond_.sim_handle(), where);
  if (blocking) call.timeout(timeout);
  bool taken = false;
  std::optional<double> end;
  OptSeconds wait_time = timeout;
  detail::Held held(cond_, where);
  while (value_ == 0) {
    if (!blocking) break;
    if (timeout) {
      if (!end) {
        end = monotonic(where) + timeout->count();
      } else {
        const double remaining = *end - monotonic(where);
        if (remaining <= 0) break;
        wait_time = remaining;
      }
    }
    cond_.wait(wait_time, where);
  }
  if (value_ > 0) {
    --value_;
    taken = true;
  }
  call.returned_bool(taken);
  return taken;
}

void Semaphore::release(std::int64_t n, std::source_location where) {
  if (n < 1) throw ValueError("n must be one or more", where);
  detail::CallScope call(CallKind::semaphore_release, cond_.sim_handle(), where);
  call.arg(n);
  detail::Held held(cond_, where);
  value_ += n;
  cond_.notify(static_cast<int>(n), where);
  call.returned();
}

BoundedSemaphore::BoundedSemaphore(std::int64_t value, std::source_location where)
    : Semaphore(value, where), initial_(value) {}

BoundedSemaphore::BoundedSemaphore(Name name, std::int64_t value, std::source_location where)
    : Semaphore(std::move(name), value, where), initial_(value) {}

void BoundedSemaphore::release(std::int64_t n, std::source_location where) {
  if (n < 1) throw ValueError("n must be one or more", where);
  detail::CallScope call(CallKind::semaphore_release, cond_.sim_handle(), where);
  call.arg(n);
  detail::Held held(cond_, where);
  if (value_ + n > initial_) throw ValueError("Semaphore released too many times", where);
  value_ += n;
  cond_.notify(static_cast<int>(n), where);
  call.returned();
}

}  // namespace weft
