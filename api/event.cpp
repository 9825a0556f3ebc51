// weft::Event: CPython's threading.py algorithm over Condition(Lock()).
#include <weft/event.hpp>

#include "api/held.hpp"
#include "sim/sim_ops.hpp"

namespace weft {

Event::Event() : cond_(lock_) { cond_.set_display_kind(ObjectKind::event); }

void Event::set(std::source_location where) {
  detail::Held held(cond_, where);
  flag_.store(true, std::memory_order_release);
  cond_.notify_all(where);
}

void Event::clear(std::source_location where) {
  detail::Held held(cond_, where);
  flag_.store(false, std::memory_order_release);
}

bool Event::is_set(std::source_location where) const {
  const bool flag = flag_.load(std::memory_order_acquire);
  if (sim::Execution* ex = detail::current_execution())
    sim::peek(*ex, ex->resolve(lock_.sim_, ObjectKind::lock), ObjectKind::lock, flag ? 1 : 0, where);
  return flag;
}

bool Event::wait(OptSeconds timeout, std::source_location where) {
  detail::Held held(cond_, where);
  bool signalled = flag_.load(std::memory_order_acquire);
  if (!signalled) signalled = cond_.wait(timeout, where);  // true if a set() woke us, even if cleared since
  return signalled;
}

}  // namespace weft
