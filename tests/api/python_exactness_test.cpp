// Differences from CPython found by differential probes, each pinned on both backends where
// the behaviour exists on both: a new thread's identity from its first statement,
// whole-nanosecond deadlines that are never early, and user
// exceptions of weft's types reported as uncaught exceptions, not misuse.
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "both_backends.hpp"

using namespace weft;
using namespace locktests;

TEST_CASE("real threads and explore: a new thread knows its identity at its first statement", "[thread]") {
  run_both("ident", [] {
    bool alive = false;
    std::uint64_t ident = 0;
    std::string name;
    Thread t(ThreadOptions{"first-statement", {}}, [&] {
      alive = current_thread().is_alive();  // CPython: True
      ident = get_ident();                  // CPython: equal to t.ident, never 0
      name = current_thread().name();
    });
    t.start();
    check(t.ident().has_value(), "ident set once start() returns");
    t.join();
    check(alive, "current_thread().is_alive() as the first statement");
    check(ident != 0 && ident == *t.ident(), "get_ident() inside equals Thread.ident");
    check(name == "first-statement", "current_thread() is the Thread object");
  }, 50);
}

namespace {
// Ends at a deadline `timeout` after `start` (virtual seconds), in each blocking call with a
// timeout; returns (start, wake) pairs in monotonic_ns() and monotonic().
struct Wake {
  std::int64_t ns0, ns1;
  double s0, s1;
};

template <class Wait>
Wake measure(Wait wait) {
  Wake w{monotonic_ns(), 0, monotonic(), 0};
  wait();
  w.ns1 = monotonic_ns();
  w.s1 = monotonic();
  return w;
}
}  // namespace

TEST_CASE("Timer: a timed wait never ends before its timeout, in nanoseconds and in seconds", "[timer]") {
  // (start, timeout) pairs where start + timeout rounds down in double seconds.
  const std::vector<std::pair<double, double>> pairs{
      {0.05, 0.1}, {0.7, 0.1}, {0.3, 0.6}, {1.1, 2.2}, {0.1, 0.2}, {1000.7, 0.3}, {0.0, 1e-9}, {0.123456789, 0.987654321}};
  Options o;
  o.use_environment = false;
  o.max_executions = 20;
  for (const auto& [start, timeout] : pairs) {
    INFO("start " << start << " timeout " << timeout);
    const auto timeout_ns = static_cast<std::int64_t>(std::ceil(timeout * 1e9));
    const Result r = explore(o, [start = start, timeout = timeout, timeout_ns] {
      sleep(start);
      const auto at_least = [&](const Wake& w, const char* what) {
        check(w.ns1 - w.ns0 >= timeout_ns, std::string(what) + ": early in ns");
        check(w.s1 - w.s0 >= timeout, std::string(what) + ": early in monotonic() seconds");
      };
      std::int64_t fired_ns = 0;
      double fired_s = 0;
      const std::int64_t t0 = monotonic_ns();
      const double s0 = monotonic();
      Timer timer(timeout, [&] {
        fired_ns = monotonic_ns();
        fired_s = monotonic();
      });
      timer.start();
      timer.join();
      at_least(Wake{t0, fired_ns, s0, fired_s}, "Timer");
      Event never;
      at_least(measure([&] { never.wait(timeout); }), "Event.wait");
      at_least(measure([&] { sleep(timeout); }), "sleep");
      Lock held;
      held.acquire();
      at_least(measure([&] { held.acquire(true, timeout); }), "Lock.acquire");
      Condition c;
      c.acquire();
      at_least(measure([&] { c.wait(timeout); }), "Condition.wait");
      c.release();
      Thread sleeper([&] { sleep(10 * timeout + 1); });
      sleeper.start();
      at_least(measure([&] { sleeper.join(timeout); }), "Thread.join");
      sleeper.join();
    });
    INFO(r.summary());
    CHECK(r.ok());
  }
  // Real threads: the clock is steady_clock, in whole nanoseconds too.
  const Wake w = measure([] { Event().wait(0.01); });
  CHECK(w.ns1 - w.ns0 >= 10'000'000);
}

TEST_CASE("explore: a user's own weft::ValueError escaping a thread is an uncaught exception, not misuse",
          "[errors]") {
  Options o;
  o.use_environment = false;
  o.max_executions = 5;
  const auto kind_of = [&](auto throwing) {
    const Result r = explore(o, [&] {
      Thread t(throwing);
      t.start();
      t.join();
    });
    REQUIRE_FALSE(r.ok());
    INFO(r.failure().report());
    return r.failure().kind;
  };
  CHECK(kind_of([] { throw ValueError("bad input"); }) == FailureKind::uncaught_exception);
  CHECK(kind_of([] { throw RuntimeError("oops"); }) == FailureKind::uncaught_exception);
  CHECK(kind_of([] { throw OverflowError("too big"); }) == FailureKind::uncaught_exception);
  // weft's own contract checks stay misuse.
  CHECK(kind_of([] { Semaphore s(-1); }) == FailureKind::misuse);
  CHECK(kind_of([] { Lock l; l.release(); }) == FailureKind::misuse);
  CHECK(kind_of([] { sleep(-1.0); }) == FailureKind::misuse);
}

TEST_CASE("real threads and explore: get_native_id() and Thread::native_id()", "[thread]") {
  run_both("native_id", [] {
    std::uint64_t inside = 0;
    Thread t([&] { inside = get_native_id(); });
    check(!t.native_id().has_value(), "None before start()");
    t.start();
    t.join();
    check(t.native_id().has_value() && *t.native_id() == inside, "native_id equals get_native_id() inside");
    check(main_thread().native_id() == get_native_id(), "the main thread's, from the main thread");
    check(inside != get_native_id(), "another thread, another id");
  }, 20);
}
