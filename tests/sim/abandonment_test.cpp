// Ending an execution while threads are still alive (a failed check, the step limit, a
// deadlock, a diverging replay) must always end in a report: never std::terminate, never a
// hang, whatever the user's code holds (RAII guards, noexcept frames, catch (...)).
// docs/abandonment.md says what runs and what does not when a thread is abandoned.
#include <catch2/catch.hpp>

#include <mutex>
#include <stdexcept>
#include <string>

#include <weft/weft.hpp>

#include "tests/sim/leak_scope.hpp"

using namespace weft;

namespace {
Options quiet(std::uint64_t executions, std::uint64_t seed = 1) {
  Options o;
  o.max_executions = executions;
  o.seed = seed;
  o.use_environment = false;
  return o;
}

[[noreturn]] void throw_logic_error(const char* what) { throw std::logic_error(what); }

// Frames of abandoned threads that were left without running their destructors.
int g_live_tallies = 0;

// A user destructor that writes shared state, run at a normal scope exit.
struct Tally {
  Shared<int>& n;
  explicit Tally(Shared<int>& s) : n(s) { ++g_live_tallies; }
  ~Tally() {
    n = n + 1;
    --g_live_tallies;
  }
  Tally(const Tally&) = delete;
  Tally& operator=(const Tally&) = delete;
};
}  // namespace

TEST_CASE("a livelock written with std::lock_guard reports the step limit") {
  Options o = quiet(5);
  o.max_steps = 2000;
  const Result r = explore(o, [] {
    Lock lock;
    Shared<bool> flag{false};
    Thread waiter([&] {
      for (;;) {
        std::lock_guard<Lock> g(lock);
        if (flag) break;  // nobody sets it
      }
    });
    waiter.start();
    waiter.join();
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::step_limit);
}

TEST_CASE("a failing check among lock_guard and scoped_lock threads is reported on every seed") {
  // Each seed ends the execution with the other threads at a different point: inside a
  // guard, in a user destructor that writes a Shared, waiting for a lock.
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    const Result r = explore(quiet(1, seed), [] {
      Lock a, b;
      // t2 writes x under a, main under b: a real race, but incidental here (the test is about
      // abandoning the other threads when main's check fails), so it is not reported.
      Shared<int> x{0, benign_race};
      auto worker = [&] {
        for (int i = 0; i < 3; ++i) {
          std::scoped_lock both(a, b);
          Tally t(x);
          x = x + 1;
        }
      };
      Thread t1(worker), t2([&] {
        std::lock_guard<Lock> g(a);
        x = x + 10;
      });
      t1.start();
      t2.start();
      {
        std::lock_guard<Lock> g(b);
        x = x + 0;
      }
      check(false, "the failure every seed must report");
    });
    INFO("seed " << seed);
    REQUIRE_FALSE(r.ok());
    CHECK(r.failure().kind == FailureKind::check_failed);
    // Every abandoned frame was unwound: each destructor ran, no stack was released.
    CHECK(g_live_tallies == 0);
    CHECK_THAT(r.failure().details, !Catch::Contains("note:"));
  }
}

TEST_CASE("a thread abandoned inside a noexcept function or destructor does not terminate") {
  // Each body fails in T0 while T1 is inside a frame an exception must not cross; the
  // failure is reported whichever way the frames are left.
  auto body_in_noexcept = [] {
    Lock l;
    Shared<int> x{0};
    Thread t([&]() noexcept {
      for (int i = 0; i < 50; ++i) {
        l.acquire();
        x = x + 1;
        l.release();
      }
    });
    t.start();
    check(x > 100, "x is small");
    t.join();
  };
  auto body_in_destructor = [] {
    Lock l;
    Shared<int> x{0};
    struct Joiner {
      Lock& l;
      Shared<int>& x;
      ~Joiner() {
        for (int i = 0; i < 20; ++i) {
          std::lock_guard<Lock> g(l);
          x = x + 1;
        }
      }
    };
    Thread t([&] { Joiner j{l, x}; });
    t.start();
    check(x > 100, "x is small");
    t.join();
  };
  for (auto* body : {+body_in_noexcept, +body_in_destructor}) {
    LeakScope expected_leaks;  // a frame left without unwinding may own memory
    const Result r = explore(quiet(30), body);
    REQUIRE_FALSE(r.ok());
    CHECK(r.failure().kind == FailureKind::check_failed);
    CHECK(r.failure().message == "x is small");
  }
}

TEST_CASE("weft's own destructors in an abandoned thread (Thread and ThreadPoolExecutor and Held)") {
  const Result r = explore(quiet(40), [] {
    Shared<int> x{0};
    Thread outer([&] {
      Thread inner([&] { x = x + 1; });
      inner.start();
      ThreadPoolExecutor pool(2);
      auto f = pool.submit([&] { return x.load(); });
      Semaphore s(0);
      s.release();
      x = x + 1;
    });  // ~pool shuts down and waits, ~inner joins
    outer.start();
    check(x == 5, "x never reaches 5");
    outer.join();
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::check_failed);
  CHECK_THAT(r.failure().details, !Catch::Contains("note:"));  // every frame unwound
}

TEST_CASE("a catch (...) loop that swallows the abandonment is released and named") {
  LeakScope expected_leaks;
  const Result r = explore(quiet(20), [] {
    Queue<int> q;
    Thread worker([&] {
      for (;;) {
        try {
          q.get(true, 0.5);
        } catch (...) {
        }
      }
    });
    worker.set_daemon(true);
    worker.start();
    q.put(1);
    check(false, "the check the worker must not hide");
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::check_failed);
  CHECK(r.failure().message == "the check the worker must not hide");
  CHECK_THAT(r.failure().details, Catch::Contains("catch (...)"));
  CHECK_THAT(r.failure().details, Catch::Contains("T1"));
}

TEST_CASE("an exception thrown by the main body is reported with its message and the user's line") {
  const Result r = explore(quiet(20), [] {
    Lock l;
    Thread t([&] {
      std::lock_guard<Lock> g(l);
    });
    std::lock_guard<Lock> g(l);
    t.start();
    throw std::runtime_error("the body gave up");
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::uncaught_exception);
  CHECK_THAT(r.failure().message, Catch::Contains("the body gave up"));
  CHECK_THAT(r.failure().message, Catch::Contains("std::runtime_error"));
  CHECK(r.failure().thread == 0);
  CHECK_THAT(r.failure().file, Catch::Contains("abandonment_test.cpp"));
}

TEST_CASE("std::terminate inside a simulated thread is a report and not an abort") {
  LeakScope expected_leaks;
  const Result r = explore(quiet(5), [] {
    Thread t([]() noexcept { throw_logic_error("thrown through noexcept"); });
    t.start();
    t.join();
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::uncaught_exception);
  CHECK_THAT(r.failure().message, Catch::Contains("std::terminate"));
  CHECK_THAT(r.failure().message, Catch::Contains("thrown through noexcept"));
  CHECK(r.failure().thread == 1);
}

TEST_CASE("releasing from ~lock_guard a lock another thread released is a misuse report") {
  // random, as when this test was written: under surw the first failing execution ends in
  // std::terminate inside the fiber, whose exception object LeakSanitizer reports as leaked
  // (an open engine issue; see the closing note of the session that made surw the default).
  Options o = quiet(20);
  o.strategy = Strategy::random;
  const Result r = explore(o, [] {
    Lock l;
    Thread t([&] {
      std::lock_guard<Lock> g(l);
      yield();
    });
    t.start();
    yield();
    if (l.locked()) l.release();  // steals the release from T1's guard
    t.join();
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::misuse);
  CHECK_THAT(r.failure().message, Catch::Contains("release unlocked lock"));
}
