// CPython Lib/test/lock_tests.py (3.13): EventTests.
//
// Skipped (cannot apply to C++):
// - test_at_fork_reinit: private fork hook (and it inspects the Event's internal lock type);
// - test_repr: no repr in C++ (the set/unset state it shows is is_set(), tested below).
#include "both_backends.hpp"

using namespace weft;
using namespace locktests;

TEST_CASE("lock_tests EventTests.test_is_set", "[locktests][event]") {
  run_both("Event", [] {
    Event evt;
    check(!evt.is_set(), "initially unset");
    evt.set();
    check(evt.is_set(), "set");
    evt.set();
    check(evt.is_set(), "set again changes nothing");
    evt.clear();
    check(!evt.is_set(), "cleared");
    evt.clear();
    check(!evt.is_set(), "cleared again changes nothing");
  }, 20);
}

namespace {
void check_notify(Event& evt) {
  // All threads get notified
  const int N = 5;
  SyncList<bool> results1, results2;
  Bunch bunch(
      [&] {
        results1.append(evt.wait());
        results2.append(evt.wait());
      },
      N);
  // Threads blocked on first evt.wait()
  wait_threads_blocked(N);
  check(results1.size() == 0, "no wait() returns before set()");
  // Threads unblocked
  evt.set();
  bunch.wait_for_finished();
  check(results1.items() == std::vector<bool>(N, true), "every first wait() returns true");
  check(results2.items() == std::vector<bool>(N, true), "every second wait() returns true at once");
}
}  // namespace

TEST_CASE("lock_tests EventTests.test_notify", "[locktests][event]") {
  run_both("Event", [] {
    Event evt;
    check_notify(evt);
    // Another time, after an explicit clear()
    evt.set();
    evt.clear();
    check_notify(evt);
  });
}

TEST_CASE("lock_tests EventTests.test_timeout", "[locktests][event]") {
  run_both("Event", [] {
    Event evt;
    const int N = 5;
    const double timeout = secs(0.5);
    SyncList<bool> results1;
    SyncList<std::pair<bool, double>> results2;
    auto f = [&] {
      results1.append(evt.wait(0.0));
      const double t1 = monotonic();
      const bool r = evt.wait(timeout);
      const double t2 = monotonic();
      results2.append({r, t2 - t1});
    };
    {
      Bunch b(f, N);
      b.wait_for_finished();
    }
    check(results1.items() == std::vector<bool>(N, false), "wait(0.0) on an unset event returns false");
    for (const auto& [r, dt] : results2.items()) {
      check(!r, "wait(0.5) on an unset event returns false");
      assert_timeout(dt, timeout, "Event.wait(0.5)");
    }
    // The event is set
    results1.clear();
    results2.clear();
    evt.set();
    {
      Bunch b(f, N);
      b.wait_for_finished();
    }
    check(results1.items() == std::vector<bool>(N, true), "wait(0.0) on a set event returns true");
    for (const auto& [r, dt] : results2.items()) {
      check(r, "wait(0.5) on a set event returns true");
      if (in_simulation()) check(dt == 0, "wait() on a set event takes no virtual time");
    }
  });
}

TEST_CASE("lock_tests EventTests.test_set_and_clear", "[locktests][event]") {
  run_both("Event", [] {
    // gh-57711: wait() returns true even when the event is cleared before the waiting
    // thread is woken up.
    Event event;
    SyncList<bool> results;
    const int N = 5;
    Bunch bunch([&] { results.append(event.wait(secs(300.0))); }, N);  // LONG_TIMEOUT
    // Threads blocked on event.wait()
    wait_threads_blocked(N);
    // Threads unblocked
    event.set();
    event.clear();
    bunch.wait_for_finished();
    check(results.items() == std::vector<bool>(N, true), "woken waiters return true after set(); clear()");
    check(!event.is_set(), "the flag stays cleared");
  });
}

// Extra (docs/python_semantics.md, Timeouts): a negative timeout is "poll", not an error.
TEST_CASE("lock_tests Event: a negative timeout polls", "[locktests][event]") {
  run_both("Event", [] {
    Event evt;
    const double t = monotonic();
    check(!evt.wait(-1.0), "wait(-1) on an unset event returns false");
    if (in_simulation()) check(monotonic() == t, "without waiting");
    evt.set();
    check(evt.wait(-1.0), "wait(-1) on a set event returns true");
  }, 20);
}
