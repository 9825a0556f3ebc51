// weft::Event: CPython's threading.py algorithm over Condition(Lock()).
#include <weft/event.hpp>

#include <weft/detail/held.hpp>
#include "sim/sim_ops.hpp"

namespace weft {

Event::Event() : cond_(lock_) {
  cond_.set_display_kind(ObjectKind::event);
  lock_.sim_.reset = this;
}

Event::Event(std::string_view name) : Event() {
  lock_.sim_.name = detail::sim_name(name);
  cond_.set_display_name(name);
}

std::unique_ptr<detail::SimSaved> Event::sim_save() const {
  return std::make_unique<detail::SimSavedValue<bool>>(flag_.load());
}

void Event::sim_restore(const detail::SimSaved& saved) {
  flag_.store(static_cast<const detail::SimSavedValue<bool>&>(saved).value);
}

void Event::set(std::source_location where) {
  detail::CallScope call(CallKind::event_set, cond_.sim_handle(), where);
  detail::Held held(cond_, where);
  flag_.store(true, std::memory_order_release);
  cond_.notify_all(where);
  call.returned();
}

void Event::clear(std::source_location where) {
  detail::Held held(cond_, where);
  flag_.store(false, std::memory_order_release);
}

bool Event::is_set(std::source_location where) const {
  sim::Execution* ex = detail::current_execution();
  const ObjectId id = ex ? sim::resolve(*ex, lock_.sim_, ObjectKind::lock) : kNoObject;  // may reset flag_
  const bool flag = flag_.load(std::memory_order_acquire);
  if (ex) sim::peek(*ex, id, ObjectKind::lock, flag ? 1 : 0, where);
  return flag;
}

bool Event::wait(OptSeconds timeout, std::source_location where) {
  detail::CallScope call(CallKind::event_wait, cond_.sim_handle(), where);
  call.timeout(timeout);
  detail::Held held(cond_, where);
  bool signalled = flag_.load(std::memory_order_acquire);
  if (!signalled) signalled = cond_.wait(timeout, where);  // true if a set() woke us, even if cleared since
  call.returned_bool(signalled);
  return signalled;
}

}  // namespace weft
