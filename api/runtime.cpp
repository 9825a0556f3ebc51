// sleep, monotonic, yield, choose, check: each picks the simulated or the real backend.
#include <chrono>
#include <random>
#include <thread>

#include <weft/errors.hpp>
#include <weft/runtime.hpp>

#include "api/timeout_rules.hpp"
#include "sim/sim_ops.hpp"

namespace weft {

void sleep(Seconds duration, std::source_location where) {
  const double s = detail::sleep_duration(duration.count(), where);
  if (sim::Execution* ex = detail::current_execution()) return sim::sleep_for(*ex, s, where);
  std::this_thread::sleep_for(std::chrono::duration<double>(s));
}

double monotonic(std::source_location where) {
  if (sim::Execution* ex = detail::current_execution()) {
    return static_cast<double>(sim::clock_now_ns(*ex, where)) / 1e9;
  }
  (void)where;
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::int64_t monotonic_ns(std::source_location where) {
  if (sim::Execution* ex = detail::current_execution()) {
    return static_cast<std::int64_t>(sim::clock_now_ns(*ex, where));
  }
  (void)where;
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void yield(std::source_location where) {
  if (sim::Execution* ex = detail::current_execution()) return sim::yield_now(*ex, where);
  std::this_thread::yield();
}

std::uint32_t choose(std::uint32_t n, std::source_location where) {
  if (n == 0) throw ValueError("choose(n) needs n >= 1", where);
  if (sim::Execution* ex = detail::current_execution()) return sim::choose(*ex, n, where);
  // Real threads: genuinely random, as production code would see.
  thread_local std::mt19937 rng{std::random_device{}()};
  return std::uniform_int_distribution<std::uint32_t>(0, n - 1)(rng);
}

void check(bool condition, std::string_view message, std::source_location where) {
  if (condition) return;
  if (sim::Execution* ex = detail::current_execution()) return sim::check_failed(*ex, message, where);
  throw CheckFailed(std::string(message) + " (at " + short_location(where) + ")");
}

}  // namespace weft
