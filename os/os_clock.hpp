#pragma once
// Real time for the OS backend: steady_clock deadlines from Python-style seconds.
#include <chrono>

namespace weft::os {

using Clock = std::chrono::steady_clock;

/// now + seconds, saturating at a far-future time point (timeouts up to TIMEOUT_MAX).
inline Clock::time_point deadline_after(double seconds) {
  const auto now = Clock::now();
  if (!(seconds > 0)) return now;
  const double max_s = std::chrono::duration<double>(Clock::time_point::max() - now).count() / 2;
  if (seconds > max_s) seconds = max_s;
  return now + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

}  // namespace weft::os
