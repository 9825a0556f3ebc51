// CPython Lib/test/lock_tests.py (3.13): ConditionTests.
// test_notify runs over the default lock (an RLock, as in CPython) and, in addition, over a
// plain Lock.
//
// Skipped: none (all 7 ConditionTests apply).
#include <utility>

#include "both_backends.hpp"

using namespace weft;
using namespace locktests;

TEST_CASE("lock_tests ConditionTests.test_acquire", "[locktests][condition]") {
  run_both("Condition", [] {
    {
      // By default we have an RLock: the condition can be acquired multiple times.
      Condition cond;
      cond.acquire();
      cond.acquire();
      cond.release();
      cond.release();
    }
    Lock lock;
    Condition cond(lock);
    cond.acquire();
    check(!lock.acquire(false), "cond.acquire() took the given Lock");
    cond.release();
    check(lock.acquire(false), "cond.release() released the given Lock");
    check(!cond.acquire(false), "cond.acquire(False) fails while the Lock is held");
    lock.release();
    {
      std::lock_guard g(cond);
      check(!lock.acquire(false), "with cond: holds the Lock");
    }
    check(!lock.locked(), "with cond: released the Lock");
  }, 20);
}

TEST_CASE("lock_tests ConditionTests.test_unacquired_wait", "[locktests][condition]") {
  run_both("Condition", [] {
    Condition cond;
    check(raises<RuntimeError>([&] { cond.wait(); }), "wait() without the lock raises RuntimeError");
  }, 20);
  Condition cond;
  CHECK_THROWS_AS(cond.wait(), RuntimeError);
}

TEST_CASE("lock_tests ConditionTests.test_unacquired_notify", "[locktests][condition]") {
  run_both("Condition", [] {
    Condition cond;
    check(raises<RuntimeError>([&] { cond.notify(); }), "notify() without the lock raises RuntimeError");
  }, 20);
  Condition cond;
  CHECK_THROWS_AS(cond.notify(), RuntimeError);
}

namespace {
using Results = std::vector<std::pair<bool, int>>;
Results repeat(int n, std::pair<bool, int> v) { return Results(static_cast<std::size_t>(n), v); }
Results concat(Results a, const Results& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// CPython's ConditionTests._check_notify. It assumes no spurious wakeups and that notify(n)
// wakes exactly n waiters, oldest first (docs/python_semantics.md, Condition).
struct NotifyCheck {
  Condition& cond;
  SyncList<int> ready;
  SyncList<std::pair<bool, int>> results1, results2;
  // As in CPython, a worker reads phase_num after its cond.release(); main's next write is
  // ordered after that read only through the SyncLists' std::mutex, which weft does not see.
  // The race report is not what this test is about.
  Shared<int> phase_num{0, benign_race};

  // Each worker waits twice, noting the phase it was woken in.
  void worker() {
    for (SyncList<std::pair<bool, int>>* results : {&results1, &results2}) {
      cond.acquire();
      ready.append(phase_num.load());
      const bool result = cond.wait();
      cond.release();
      results->append({result, phase_num.load()});
    }
  }
  // Notifies (under the lock) and, once `blocked` waiters are blocked again, enters `phase`.
  template <class Notify>
  void notify_phase(Notify notify, int blocked, int phase) {
    cond.acquire();
    notify();
    wait_threads_blocked(blocked);
    phase_num.store(phase);
    cond.release();
  }
};

void check_notify(Condition& cond) {
  NotifyCheck c{cond, {}, {}, {}};
  const int N = 5;
  Bunch bunch([&] { c.worker(); }, N);
  // First wait, to ensure all workers settle into cond.wait() before we continue.
  sleep_until([&] { return c.ready.size() >= N; });
  c.ready.clear();
  check(c.results1.size() == 0, "no waiter returned before any notify");

  // Notify 3 threads at first; phase 1
  const int count1 = 3;
  c.notify_phase([&] { cond.notify(count1); }, count1, 1);
  sleep_until([&] { return c.results1.size() >= count1; });
  check(c.results1.items() == repeat(count1, {true, 1}), "notify(3) woke exactly 3, after the release");
  check(c.results2.size() == 0, "nobody is past a second wait");

  // Wait until awoken workers are blocked on wait()
  sleep_until([&] { return c.ready.size() >= count1; });

  // Notify 5 threads: they might be in their first or second wait; phase 2
  c.notify_phase([&] { cond.notify(5); }, N, 2);
  sleep_until([&] { return c.results1.size() + c.results2.size() >= N + count1; });
  const int count2 = N - count1;
  check(c.results1.items() == concat(repeat(count1, {true, 1}), repeat(count2, {true, 2})),
        "notify(5) woke the 2 first-wait waiters");
  check(c.results2.items() == repeat(count1, {true, 2}), "notify(5) woke the 3 second-wait waiters");

  // Make sure all workers settle into cond.wait()
  sleep_until([&] { return c.ready.size() >= N; });

  // Notify all threads: they are all in their second wait; phase 3
  c.notify_phase([&] { cond.notify_all(); }, N, 3);
  sleep_until([&] { return c.results2.size() >= N; });
  check(c.results1.items() == concat(repeat(count1, {true, 1}), repeat(count2, {true, 2})),
        "results1 unchanged by notify_all");
  check(c.results2.items() == concat(repeat(count1, {true, 2}), repeat(count2, {true, 3})),
        "notify_all() woke the remaining 2");
  bunch.wait_for_finished();
}
}  // namespace

TEST_CASE("lock_tests ConditionTests.test_notify", "[locktests][condition]") {
  run_both("Condition", [] {
    Condition cond;
    check_notify(cond);
    // A second time, to check internal state is still ok.
    check_notify(cond);
  }, 300);
}

TEST_CASE("lock_tests ConditionTests.test_notify (over a plain Lock)", "[locktests][condition]") {
  run_both("Condition(Lock)", [] {
    Lock lock;
    Condition cond(lock);
    check_notify(cond);
    check_notify(cond);
  }, 300);
}

TEST_CASE("lock_tests ConditionTests.test_timeout", "[locktests][condition]") {
  run_both("Condition", [] {
    Condition cond;
    const double timeout = secs(0.5);
    SyncList<std::pair<double, bool>> results;
    auto f = [&] {
      cond.acquire();
      const double t1 = monotonic();
      const bool result = cond.wait(timeout);
      const double t2 = monotonic();
      cond.release();
      results.append({t2 - t1, result});
    };
    const int N = 5;
    Bunch b(f, N);
    b.wait_for_finished();
    check(results.size() == N, "every thread returned");
    for (const auto& [dt, result] : results.items()) {
      assert_timeout(dt, timeout, "Condition.wait(0.5)");
      // This implementation has no spurious wakeups.
      check(!result, "an un-notified wait(0.5) returns false");
    }
  });
}

TEST_CASE("lock_tests ConditionTests.test_waitfor", "[locktests][condition]") {
  run_both("Condition", [] {
    Condition cond;
    int state = 0;  // guarded by cond
    Bunch b(
        [&] {
          std::lock_guard g(cond);
          const bool result = cond.wait_for([&] { return state == 4; });
          check(result, "wait_for() returns the true predicate value");
          check(state == 4, "state is 4 when wait_for() returns");
        },
        1);
    for (int i = 0; i < 4; ++i) {
      weft::sleep(0.010);
      std::lock_guard g(cond);
      state += 1;
      cond.notify();
    }
    b.wait_for_finished();
  });
}

TEST_CASE("lock_tests ConditionTests.test_waitfor_timeout", "[locktests][condition]") {
  run_both("Condition", [] {
    Condition cond;
    int state = 0;  // guarded by cond
    Atomic<int> success{0};
    const double timeout = secs(0.1);
    Bunch b(
        [&] {
          std::lock_guard g(cond);
          const double t = monotonic();
          const bool result = cond.wait_for([&] { return state == 4; }, timeout);
          const double dt = monotonic() - t;
          check(!result, "wait_for() times out with a false predicate value");
          assert_timeout(dt, timeout, "wait_for(pred, timeout=0.1)");
          success.fetch_add(1);
        },
        1);
    // Only increment 3 times, so state == 4 is never reached.
    for (int i = 0; i < 3; ++i) {
      weft::sleep(secs(0.010));
      std::lock_guard g(cond);
      state += 1;
      cond.notify();
    }
    b.wait_for_finished();
    check(success.load() == 1, "the waiter finished its checks");
  });
}

// Extra (docs/python_semantics.md, Condition): wait_for returns the predicate's last value
// unconverted, and a true predicate returns at once without an ownership check.
TEST_CASE("lock_tests Condition: wait_for value and ownership rules", "[locktests][condition]") {
  run_both("Condition", [] {
    Condition cond;
    check(cond.wait_for([] { return true; }), "a true predicate needs no lock");
    check(raises<RuntimeError>([&] { cond.wait_for([] { return false; }, 0.0); }),
          "a false predicate waits, which needs the lock");
    std::lock_guard g(cond);
    const double t = monotonic();
    check(cond.wait_for([] { return 0; }, 0.0) == 0, "returns the falsy value as it is");
    check(cond.wait_for([] { return 7; }, 1.0) == 7, "returns the truthy value as it is");
    if (in_simulation()) check(monotonic() == t, "timeout 0 polls without waiting");
  }, 20);
}
