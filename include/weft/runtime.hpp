#pragma once
// Free functions: time, yielding, data choices and assertions.
#include <cstdint>
#include <source_location>
#include <string_view>
#include <type_traits>

#include "timeout.hpp"

namespace weft {

/// Suspends the caller for `duration`: virtual time inside explore() (the clock jumps, no
/// real waiting), std::this_thread::sleep_for outside. Negative → ValueError, as Python.
void sleep(Seconds duration, std::source_location where = std::source_location::current());
/// sleep(seconds) for a plain number. An exact match, so that `sleep(1.0)` or `sleep(2)` under
/// `using namespace weft;` means this, not POSIX ::sleep(unsigned).
template <class T>
  requires std::is_arithmetic_v<T>
void sleep(T seconds, std::source_location where = std::source_location::current()) {
  sleep(Seconds(static_cast<double>(seconds)), where);
}

/// Seconds on a monotonic clock: the virtual clock (starting at 0) inside explore(),
/// std::chrono::steady_clock outside.
double monotonic(std::source_location where = std::source_location::current());
/// Python's time.monotonic_ns(): the same clock as monotonic(), in whole nanoseconds (the
/// virtual clock's own unit, so differences are exact).
std::int64_t monotonic_ns(std::source_location where = std::source_location::current());

/// A scheduling point with no effect: lets the strategy switch threads here.
void yield(std::source_location where = std::source_location::current());

/// A value in [0, n), n >= 1. Inside explore() the strategy chooses it (and it replays);
/// outside it is uniformly random. ValueError when n == 0.
std::uint32_t choose(std::uint32_t n, std::source_location where = std::source_location::current());

/// Asserts a property of the program. Inside explore() a false condition fails the
/// execution (FailureKind::check_failed, with this line); outside it throws CheckFailed.
void check(bool condition, std::string_view message = "check failed",
           std::source_location where = std::source_location::current());

}  // namespace weft
