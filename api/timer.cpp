// weft::Timer: CPython's run(): wait on `finished` for the interval, call unless cancelled.
#include <weft/timer.hpp>

namespace weft {

Timer::~Timer() { finish_before_destruction(); }

void Timer::run() {
  finished_.wait(interval_);
  if (!finished_.is_set()) function_();
  finished_.set();
}

}  // namespace weft
