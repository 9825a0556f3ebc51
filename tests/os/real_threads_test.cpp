// The same API on real OS threads: Python's semantics with real timeouts.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>

#include <weft/weft.hpp>

using namespace weft;

TEST_CASE("real threads: outside explore() nothing is simulated") {
  CHECK_FALSE(in_simulation());
  std::atomic<bool> inside{true};
  Thread t([&] { inside = in_simulation(); });
  t.start();
  t.join();
  CHECK_FALSE(inside.load());
}

TEST_CASE("real threads: a locked counter is exact") {
  Shared<int> counter{0};
  Lock lock;
  std::vector<Thread> ts;
  for (int i = 0; i < 4; ++i)
    ts.emplace_back([&] {
      for (int k = 0; k < 2000; ++k) {
        std::lock_guard g(lock);
        counter.store(counter.load() + 1);
      }
    });
  for (auto& t : ts) t.start();
  for (auto& t : ts) t.join();
  CHECK(counter.load() == 8000);
}

TEST_CASE("real threads: Lock follows Python (any thread releases, try, timeout, errors)") {
  Lock lock;
  CHECK(lock.acquire());
  CHECK(lock.locked());
  CHECK_FALSE(lock.acquire(false));
  const auto t0 = std::chrono::steady_clock::now();
  CHECK_FALSE(lock.acquire(true, 0.05));
  CHECK(std::chrono::steady_clock::now() - t0 >= std::chrono::milliseconds(45));
  Thread other([&] { lock.release(); });  // a different thread may release
  other.start();
  other.join();
  CHECK_FALSE(lock.locked());
  CHECK_THROWS_AS(lock.release(), RuntimeError);
  CHECK_THROWS_AS(lock.acquire(false, 1.0), ValueError);
  CHECK_THROWS_AS(lock.acquire(true, -2.0), ValueError);
  CHECK_THROWS_AS(lock.acquire(true, 1e100), OverflowError);
  CHECK(lock.acquire(true, TIMEOUT_MAX));  // exactly TIMEOUT_MAX is accepted
  lock.release();
}

TEST_CASE("real threads: Thread lifecycle and errors") {
  std::atomic<int> ran{0};
  Thread t([&](int add) { ran += add; }, 5);
  CHECK_FALSE(t.is_alive());
  CHECK_FALSE(t.ident().has_value());
  CHECK_THROWS_WITH(t.join(), "cannot join thread before it is started");
  t.start();
  CHECK(t.ident().has_value());
  CHECK_THROWS_WITH(t.start(), "threads can only be started once");
  CHECK_THROWS_WITH(t.set_daemon(true), "cannot set daemon status of active thread");
  t.join();
  CHECK(ran == 5);
  CHECK_FALSE(t.is_alive());
  CHECK_THROWS_WITH(current_thread().join(), "cannot join current thread");
  CHECK(main_thread().name() == "MainThread");
}

TEST_CASE("real threads: join(timeout) returns while the thread still runs") {
  Lock gate;
  gate.acquire();
  Thread t([&] { gate.acquire(); });
  t.start();
  t.join(0.02);
  CHECK(t.is_alive());
  CHECK(active_count() >= 2);
  bool listed = false;
  for (Thread* x : enumerate()) listed |= x == &t;
  CHECK(listed);
  gate.release();
  t.join();
  CHECK_FALSE(t.is_alive());
}

TEST_CASE("real threads: current_thread inside a thread is its handle, moved before start") {
  std::atomic<Thread*> seen{nullptr};
  std::vector<Thread> ts;
  ts.emplace_back([&] { seen = &current_thread(); });
  ts.reserve(16);  // moves the handle: allowed before start()
  ts.front().start();
  ts.front().join();
  CHECK(seen.load() == &ts.front());
  CHECK(ts.front().name().rfind("Thread-", 0) == 0);
}

TEST_CASE("real threads: check() throws CheckFailed with the location") {
  CHECK_THROWS_AS(check(false, "nope"), CheckFailed);
  CHECK_THROWS_WITH(check(false, "nope"), Catch::Contains("nope") && Catch::Contains("real_threads_test.cpp"));
  CHECK_NOTHROW(check(true, "fine"));
}

TEST_CASE("a Lock created inside a simulation cannot be used on real threads") {
  std::unique_ptr<Lock> escaped;
  Options o;
  o.max_executions = 1;
  o.use_environment = false;
  const Result r = explore(o, [&] { escaped = std::make_unique<Lock>(); });
  REQUIRE(r.ok());
  CHECK_THROWS_WITH(escaped->acquire(), Catch::Contains("created inside a simulated execution"));
}
