#pragma once
// Timeouts in Python's unit (seconds, a double), accepting std::chrono durations too.
#include <chrono>
#include <optional>

namespace weft {

/// Largest finite timeout any blocking call accepts, as Python's threading.TIMEOUT_MAX on
/// Linux. A larger finite timeout raises OverflowError.
inline constexpr double TIMEOUT_MAX = 9223372036.0;

/// A span of time in seconds. Built from a double (`0.5`) or any duration (`500ms`).
class Seconds {
 public:
  constexpr Seconds(double seconds) : s_(seconds) {}  // NOLINT(implicit): Python spelling
  template <class Rep, class Period>
  constexpr Seconds(std::chrono::duration<Rep, Period> d)  // NOLINT(implicit)
      : s_(std::chrono::duration<double>(d).count()) {}
  constexpr double count() const { return s_; }

 private:
  double s_;
};

/// Python's `timeout=None`: wait as long as it takes.
using OptSeconds = std::optional<Seconds>;
inline constexpr std::nullopt_t forever = std::nullopt;

}  // namespace weft
