// weft::Timer: CPython's run(): wait on `finished` for the interval, call unless cancelled.
#include <weft/timer.hpp>

#include <weft/detail/call_scope.hpp>

namespace weft {

Timer::~Timer() { finish_before_destruction(); }

void Timer::start(std::source_location where) {
  // Read by run() on the new thread, which the first start() happens before. A second
  // start() raises (Thread::start) and must not write it while run() may be reading it;
  // ident() is set by the first start() on this same calling thread.
  if (!ident()) started_at_ = where;
  Thread::start(where);
}

void Timer::cancel(std::source_location where) {
  detail::CallScope call(CallKind::timer_cancel, finished_.cond_.sim_handle(), where);
  finished_.set(where);
  call.returned();
}

// The timer's own steps are located at the line that started it, not here. Its wait and the
// look at the flag after it are one row: `Thread-1.wait(timeout=1) -> True` (cancelled).
void Timer::run() {
  const std::source_location at = started_at_;
  bool cancelled = false;
  {
    detail::CallScope call(CallKind::event_wait, finished_.cond_.sim_handle(), at);
    call.timeout(std::optional<double>(interval_));
    finished_.wait(interval_, at);
    cancelled = finished_.is_set(at);
    call.returned_bool(cancelled);
  }
  if (!cancelled) function_();
  finished_.set(at);
}

}  // namespace weft
