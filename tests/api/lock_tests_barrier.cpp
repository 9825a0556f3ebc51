// CPython Lib/test/lock_tests.py (3.13): BarrierTests. N = 5 parties, default
// timeout 2.0 s; as CPython's tearDown, every test aborts its barrier at the end.
//
// Skipped: none. Adapted: test_repr checks n_waiting()/parties()/broken(), which is what the
// repr shows (C++ has no repr).
#include <algorithm>
#include <stdexcept>

#include "both_backends.hpp"

using namespace weft;
using namespace locktests;

namespace {
constexpr int N = 5;
constexpr double kDefaultTimeout = 2.0;

// setUp / tearDown: a Barrier(N, timeout=2.0), aborted at the end of the test.
struct BarrierFixture {
  Barrier barrier{N, {}, kDefaultTimeout};
  ~BarrierFixture() { barrier.abort(); }
};

void run_threads(const std::function<void()>& f) {
  Bunch b(f, N);
  b.wait_for_finished();
}

// CPython's multipass: two waits per pass, each checked against the other parties' progress.
void multipass(Barrier& barrier, SyncList<bool> (&results)[2], int n) {
  const int m = barrier.parties();
  check(m == N, "parties == N");
  for (int i = 0; i < n; ++i) {
    results[0].append(true);
    check(results[1].size() == static_cast<std::size_t>(i * m), "phase 1 counters agree");
    barrier.wait();
    results[1].append(true);
    check(results[0].size() == static_cast<std::size_t>((i + 1) * m), "phase 0 counters agree");
    barrier.wait();
  }
  check(barrier.n_waiting() == 0, "n_waiting == 0 after the passes");
  check(!barrier.broken(), "not broken after the passes");
}

void test_barrier(int passes) {
  BarrierFixture fx;
  SyncList<bool> results[2];
  run_threads([&] { multipass(fx.barrier, results, passes); });
}
}  // namespace

TEST_CASE("lock_tests BarrierTests.test_constructor", "[locktests][barrier]") {
  run_both("Barrier", [] {
    check(raises<ValueError>([] { Barrier b(0); }), "parties=0 raises ValueError");
    check(raises<ValueError>([] { Barrier b(-1); }), "parties=-1 raises ValueError");
  }, 20);
  CHECK_THROWS_AS(Barrier(0), ValueError);
}

TEST_CASE("lock_tests BarrierTests.test_barrier", "[locktests][barrier]") {
  run_both("Barrier", [] { test_barrier(1); });
}

TEST_CASE("lock_tests BarrierTests.test_barrier_10", "[locktests][barrier]") {
  run_both("Barrier", [] { test_barrier(10); }, 200);
}

TEST_CASE("lock_tests BarrierTests.test_wait_return", "[locktests][barrier]") {
  run_both("Barrier", [] {
    BarrierFixture fx;
    SyncList<int> results;
    run_threads([&] { results.append(fx.barrier.wait()); });
    auto r = results.items();
    std::sort(r.begin(), r.end());
    check(r == std::vector<int>{0, 1, 2, 3, 4}, "wait() returns a permutation of 0..N-1");
  });
}

TEST_CASE("lock_tests BarrierTests.test_action", "[locktests][barrier]") {
  run_both("Barrier", [] {
    BarrierFixture fx;
    Atomic<int> results{0};
    Barrier barrier(N, [&] { results.fetch_add(1); });
    run_threads([&] {
      barrier.wait();
      check(results.load() == 1, "the action ran exactly once, before any wait() returned");
    });
  });
}

TEST_CASE("lock_tests BarrierTests.test_abort", "[locktests][barrier]") {
  run_both("Barrier", [] {
    BarrierFixture fx;
    Barrier& barrier = fx.barrier;
    Atomic<int> results1{0}, results2{0};
    run_threads([&] {
      try {
        const int i = barrier.wait();
        if (i == N / 2) {
          barrier.abort();  // CPython raises RuntimeError here and aborts in the handler
          return;
        }
        barrier.wait();
        results1.fetch_add(1);
      } catch (const BrokenBarrierError&) {
        results2.fetch_add(1);
      }
    });
    check(results1.load() == 0, "nobody passed the second wait");
    check(results2.load() == N - 1, "the other N-1 got BrokenBarrierError");
    check(barrier.broken(), "the barrier is broken");
  });
}

TEST_CASE("lock_tests BarrierTests.test_reset", "[locktests][barrier]") {
  run_both("Barrier", [] {
    BarrierFixture fx;
    Barrier& barrier = fx.barrier;
    Atomic<int> results1{0}, results2{0}, results3{0};
    run_threads([&] {
      const int i = barrier.wait();
      if (i == N / 2) {
        // Wait until the other threads are all in the barrier.
        sleep_until([&] { return barrier.n_waiting() >= N - 1; });
        barrier.reset();
      } else {
        try {
          barrier.wait();
          results1.fetch_add(1);
        } catch (const BrokenBarrierError&) {
          results2.fetch_add(1);
        }
      }
      // Now, pass the barrier again
      barrier.wait();
      results3.fetch_add(1);
    });
    check(results1.load() == 0, "nobody passed the reset wait");
    check(results2.load() == N - 1, "the N-1 waiting parties got BrokenBarrierError");
    check(results3.load() == N, "all N passed one more wait");
  });
}

TEST_CASE("lock_tests BarrierTests.test_abort_and_reset", "[locktests][barrier]") {
  run_both("Barrier", [] {
    BarrierFixture fx;
    Barrier& barrier = fx.barrier;
    Barrier barrier2(N);
    Atomic<int> results1{0}, results2{0}, results3{0};
    run_threads([&] {
      try {
        const int i = barrier.wait();
        if (i == N / 2) throw std::runtime_error("abort");
        barrier.wait();
        results1.fetch_add(1);
      } catch (const BrokenBarrierError&) {
        results2.fetch_add(1);
      } catch (const std::runtime_error&) {
        barrier.abort();
      }
      // Synchronize and reset the barrier. Must synchronize first so that everyone has left
      // it when we reset, and after so that no one enters it before the reset.
      if (barrier2.wait() == N / 2) barrier.reset();
      barrier2.wait();
      barrier.wait();
      results3.fetch_add(1);
    });
    check(results1.load() == 0, "nobody passed the aborted wait");
    check(results2.load() == N - 1, "the other N-1 got BrokenBarrierError");
    check(results3.load() == N, "after reset() all N pass again");
  });
}

TEST_CASE("lock_tests BarrierTests.test_timeout", "[locktests][barrier]") {
  run_both("Barrier", [] {
    BarrierFixture fx;
    Barrier& barrier = fx.barrier;
    run_threads([&] {
      const int i = barrier.wait();
      if (i == N / 2) {
        // One thread is late! (On real threads: 0.5 s, well past the others' 0.1 s timeout.)
        weft::sleep(in_simulation() ? 1.0 : 0.5);
      }
      // Default timeout is 2.0, so this is shorter.
      const double t = monotonic();
      check(raises<BrokenBarrierError>([&] { barrier.wait(secs(0.5)); }),
            "wait(0.5) raises BrokenBarrierError (timed out, or already broken)");
      if (in_simulation()) {
        // Exact in virtual time: the punctual parties time out after 0.5 s; the late one
        // arrives at 1.0 s to a barrier that is already broken.
        const double dt = monotonic() - t;
        check(i == N / 2 ? dt == 0 : std::fabs(dt - 0.5) <= 2e-9, "broken at 0.5 s exactly");
      }
    });
  });
}

TEST_CASE("lock_tests BarrierTests.test_default_timeout", "[locktests][barrier]") {
  run_both("Barrier", [] {
    BarrierFixture fx;
    const double timeout = secs(0.100);
    Barrier barrier(2, {}, timeout);
    const double start_time = monotonic();
    Atomic<int> raised{0};
    {
      Bunch b(
          [&] {
            if (raises<BrokenBarrierError>([&] { barrier.wait(); })) raised.fetch_add(1);
          },
          1);
      b.wait_for_finished();
    }
    const double dt = monotonic() - start_time;
    check(raised.load() == 1, "a lone waiter gets BrokenBarrierError from the default timeout");
    check(dt >= timeout, "after at least the default timeout");
    check(barrier.broken(), "the timeout broke the barrier");
  });
}

TEST_CASE("lock_tests BarrierTests.test_single_thread", "[locktests][barrier]") {
  run_both("Barrier", [] {
    Barrier b(1);
    check(b.wait() == 0, "Barrier(1).wait() returns 0 at once");
    check(b.wait() == 0, "and again");
    check(b.wait(0.0) == 0, "with any timeout");
  }, 20);
}

TEST_CASE("lock_tests BarrierTests.test_repr (as n_waiting/parties/broken)", "[locktests][barrier]") {
  run_both("Barrier", [] {
    Barrier barrier(3);
    const double timeout = secs(300.0);  // LONG_TIMEOUT
    check(barrier.n_waiting() == 0 && barrier.parties() == 3 && !barrier.broken(), "waiters=0/3");
    const int n = 2;
    {
      Bunch b([&] { barrier.wait(timeout); }, n);
      // Threads blocked on barrier.wait()
      sleep_until([&] { return barrier.n_waiting() >= n; });
      check(barrier.n_waiting() == 2 && !barrier.broken(), "waiters=2/3");
      // Threads unblocked
      barrier.wait(timeout);
      b.wait_for_finished();
    }
    check(barrier.n_waiting() == 0 && !barrier.broken(), "waiters=0/3 after the barrier tripped");
    // Abort the barrier
    barrier.abort();
    check(barrier.broken(), "broken after abort()");
  });
}

// Extra (docs/python_semantics.md, Barrier): an action that throws breaks the barrier; its
// exception leaves the last thread's wait(), the others get BrokenBarrierError.
TEST_CASE("lock_tests Barrier: a throwing action breaks the barrier", "[locktests][barrier]") {
  run_both("Barrier", [] {
    Barrier barrier(3, [] { throw std::logic_error("action failed"); });
    Atomic<int> broken{0}, action_error{0};
    {
      Bunch b(
          [&] {
            try {
              barrier.wait();
            } catch (const BrokenBarrierError&) {
              broken.fetch_add(1);
            } catch (const std::logic_error&) {
              action_error.fetch_add(1);
            }
          },
          3);
      b.wait_for_finished();
    }
    check(action_error.load() == 1, "the action's exception leaves the last party's wait()");
    check(broken.load() == 2, "the other parties get BrokenBarrierError");
    check(barrier.broken(), "the barrier is broken");
    barrier.reset();
    check(!barrier.broken(), "reset() with nobody inside mends it");
  });
}
