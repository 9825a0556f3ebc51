#pragma once
// Helpers for the CPython lock_tests.py port (docs/python_semantics.md, "The CPython test
// suites weft runs"): one test body, run under explore() (random strategy, many executions)
// and then once on real OS threads.
//
// Conventions inside a body:
// - assertions use weft::check (fails the simulated execution; throws CheckFailed on real
//   threads). A check in a worker thread on real threads is caught by Bunch and re-thrown
//   from Bunch::wait_for_finished(), as CPython's Bunch collects its threads' exceptions;
// - CPython's timeouts are written in Python's seconds and passed through secs(): the
//   simulator uses them unchanged (virtual time costs nothing), real threads scale them
//   down (kRealScale) to keep the suite fast;
// - timing assertions use assert_timeout(): exact (to the nanosecond) in virtual time,
//   CPython's lower bound (0.6 x expected) on real threads.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <source_location>
#include <sstream>
#include <string>
#include <vector>

#include <weft/weft.hpp>

namespace locktests {

/// Runs `body` under weft::explore (random strategy, `executions` executions, environment
/// ignored) and then once on real threads. Both must pass.
inline void run_both(const char* name, const std::function<void()>& body, std::uint64_t executions = 200) {
  {
    INFO(name << ": simulated, explore() with " << executions << " random executions");
    weft::Options o;
    o.use_environment = false;
    o.max_executions = executions;
    const weft::Result r = weft::explore(o, body);
    INFO(r.summary());
    REQUIRE(r.ok());
    if (std::getenv("LOCKTESTS_VERBOSE") != nullptr)
      WARN(name << ": " << r.stats().executions << " executions, " << r.stats().steps << " steps, "
                << r.stats().elapsed_seconds << " s");
  }
  {
    INFO(name << ": real threads");
    REQUIRE_NOTHROW(body());
  }
}

/// How much shorter CPython's timeouts and sleeps are on real threads.
inline constexpr double kRealScale = 0.2;

/// A CPython duration: unchanged in virtual time, scaled down on real threads.
inline double secs(double python_seconds) {
  return weft::in_simulation() ? python_seconds : python_seconds * kRealScale;
}

/// CPython's assertTimeout(dt, expected): in virtual time dt is exactly `expected`
/// (nanosecond resolution of the virtual clock); on real threads at least 0.6 x expected.
/// `expected` is the duration actually used (already passed through secs()).
inline void assert_timeout(double dt, double expected, const char* what,
                           std::source_location where = std::source_location::current()) {
  std::ostringstream msg;
  msg << what << ": elapsed " << dt << " s, expected " << expected << " s";
  if (weft::in_simulation())
    weft::check(std::fabs(dt - expected) <= 2e-9, msg.str(), where);
  else
    weft::check(dt >= expected * 0.6, msg.str(), where);
}

/// True if `f()` throws E (any other exception propagates).
template <class E, class F>
bool raises(F&& f) {
  try {
    f();
  } catch (const E&) {
    return true;
  }
  return false;
}

/// CPython's support.sleeping_retry loop: polls `done` with short sleeps (virtual sleeps in
/// the simulator, which only complete once every other thread is blocked or sleeping).
/// Gives up after SHORT_TIMEOUT (30 s, as CPython) with a failed check, so that a broken
/// primitive fails the test instead of hanging it.
template <class Pred>
void sleep_until(Pred done, std::source_location where = std::source_location::current()) {
  const double deadline = weft::monotonic() + 30.0;
  while (!done()) {
    weft::check(weft::monotonic() < deadline, "sleeping_retry: gave up after 30 s", where);
    weft::sleep(0.001);
  }
}

/// CPython's wait_threads_blocked(n): sleep so that n threads can reach their blocking call.
/// In virtual time the sleep ends only after every other thread has blocked (or sleeps), so
/// it is exact; on real threads it is a best effort, as in CPython.
inline void wait_threads_blocked(int n) {
  weft::sleep(weft::in_simulation() ? 0.010 * n : 0.020 * (n + 1));
}

/// A list that threads append to (CPython's list.append is atomic). Each append is a
/// scheduling point in the simulator, like the thread switch CPython may make there.
template <class T>
class SyncList {
 public:
  void append(T v) {
    weft::yield();
    std::lock_guard g(m_);
    items_.push_back(std::move(v));
  }
  std::size_t size() const {
    std::lock_guard g(m_);
    return items_.size();
  }
  std::vector<T> items() const {
    std::lock_guard g(m_);
    return items_;
  }
  void clear() {
    std::lock_guard g(m_);
    items_.clear();
  }

 private:
  mutable std::mutex m_;
  std::vector<T> items_;
};

/// CPython's lock_tests.Bunch: starts n threads running `func`, waits until all started;
/// wait_for_finished() waits for all of them (CPython's __exit__) and re-raises the first
/// exception a thread raised (real threads; in the simulator an exception escaping a thread
/// fails the execution directly). With wait_before_exit, threads linger after func() until
/// do_finish().
class Bunch {
 public:
  Bunch(std::function<void()> func, int n, bool wait_before_exit = false)
      : func_(std::move(func)), n_(n), can_exit_(!wait_before_exit) {
    threads_.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) threads_.emplace_back([this] { task(); });
    for (auto& t : threads_) t.start();
    sleep_until([&] { return started_.load() >= n_; });
  }
  ~Bunch() {
    can_exit_.store(true);
    // The Thread handles join on destruction.
  }
  Bunch(const Bunch&) = delete;
  Bunch& operator=(const Bunch&) = delete;

  int started() const { return started_.load(); }
  int finished() const { return finished_.load(); }
  void do_finish() { can_exit_.store(true); }

  void wait_for_finished() {
    sleep_until([&] { return finished_.load() >= n_; });
    can_exit_.store(true);
    for (auto& t : threads_) t.join();
    std::exception_ptr e;
    {
      std::lock_guard g(m_);
      e = error_;
    }
    if (e) std::rethrow_exception(e);
  }

 private:
  void task() {
    started_.fetch_add(1);
    if (weft::in_simulation()) {
      func_();
    } else {
      try {
        func_();
      } catch (...) {
        std::lock_guard g(m_);
        if (!error_) error_ = std::current_exception();
      }
    }
    finished_.fetch_add(1);
    sleep_until([&] { return can_exit_.load(); });
  }

  std::function<void()> func_;
  int n_;
  weft::Atomic<int> started_{0};
  weft::Atomic<int> finished_{0};
  weft::Atomic<bool> can_exit_;
  std::mutex m_;
  std::exception_ptr error_;
  std::vector<weft::Thread> threads_;
};

}  // namespace locktests
