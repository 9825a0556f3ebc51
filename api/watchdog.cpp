#include "api/watchdog.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "sim/heartbeat.hpp"

namespace weft::detail {

Watchdog::Watchdog(double seconds) : seconds_(seconds) {
  if (!(seconds_ > 0)) return;
  heartbeat_ = &sim::this_thread_heartbeat();
  target_ = ::pthread_self();
  thread_ = std::thread([this] { watch(); });
}

Watchdog::~Watchdog() {
  if (!thread_.joinable()) return;
  {
    const std::lock_guard<std::mutex> g(m_);
    stop_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

// Polls the heartbeat a few times per period. No beat for `seconds_`: interrupt the
// exploring thread once; still none for another period: the thread is stuck outside any
// fiber (or the interrupt could not act), so report and end the process.
void Watchdog::watch() {
  using clock = std::chrono::steady_clock;
  const auto period = std::chrono::duration<double>(seconds_);
  // At most hourly: the clock counts integer nanoseconds, and a period near the double's range
  // (WEFT_WATCHDOG=1e300 is a valid number of seconds) would overflow the conversion, undefined
  // behaviour (docs/fuzzing.md). Polling a period of years hourly changes only the wake-ups.
  const auto poll =
      std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(std::min(seconds_ / 8, 3600.0)));
  std::uint64_t last = heartbeat_->beats.load(std::memory_order_relaxed);
  auto since = clock::now();
  bool interrupted = false;
  std::unique_lock<std::mutex> lock(m_);
  while (!cv_.wait_for(lock, poll, [this] { return stop_; })) {
    const std::uint64_t now_beats = heartbeat_->beats.load(std::memory_order_relaxed);
    const auto now = clock::now();
    if (now_beats != last) {
      last = now_beats;
      since = now;
      interrupted = false;
      continue;
    }
    if (now - since < period) continue;
    if (!interrupted) {
      interrupted = true;
      since = now;
      ::pthread_kill(target_, sim::watchdog_signal());
      continue;
    }
    std::fprintf(stderr,
                 "weft: watchdog: the exploring thread made no progress for %g s and could not be interrupted "
                 "(a simulated thread in a loop that never calls weft, stuck outside weft's control); "
                 "exiting with status %d. Add a weft operation or weft::yield() inside the loop, or raise "
                 "Options::watchdog_seconds (WEFT_WATCHDOG).\n",
                 seconds_, kExitStatus);
    std::fflush(stderr);
    ::_exit(kExitStatus);
  }
}

}  // namespace weft::detail
