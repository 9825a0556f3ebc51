// The runtime end to end through the public API: failures are found, classified and located.
#include <catch2/catch.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <weft/weft.hpp>

using namespace weft;

namespace {
Options quiet(std::uint64_t executions = 200) {
  Options o;
  o.max_executions = executions;
  o.use_environment = false;
  return o;
}

void unlocked_increment_pair() {
  Shared<int> counter{0};
  auto inc = [&] { counter.store(counter.load() + 1); };
  Thread a(inc), b(inc);
  a.start();
  b.start();
  a.join();
  b.join();
  check(counter.load() == 2, "lost update");
}
}  // namespace

TEST_CASE("a lost update is found, with kind, message, thread and line") {
  Options o = quiet();
  o.detect_races = false;  // this test is about the lost update's check failure, not the race report
  const Result r = explore(o, unlocked_increment_pair);
  REQUIRE_FALSE(r.ok());
  const Failure& f = r.failure();
  CHECK(f.kind == FailureKind::check_failed);
  CHECK(f.message == "lost update");
  CHECK(f.thread == 0);
  CHECK(f.thread_name == "MainThread");
  CHECK(f.line > 0);
  CHECK(f.file.find("explore_basics_test.cpp") != std::string::npos);
  CHECK(f.schedule.rfind("weft1:", 0) == 0);
  CHECK(r.stats().executions <= 200);
  // The trace holds both reads before the writes: that is what makes the update lost.
  int reads_before_first_write = 0;
  for (const TraceEvent& e : f.trace.events) {
    if (e.op == OpKind::shared_write) break;
    if (e.op == OpKind::shared_read) ++reads_before_first_write;
  }
  CHECK(reads_before_first_write == 2);
}

TEST_CASE("a locked counter passes every execution") {
  const Result r = explore(quiet(2000), [] {
    Shared<int> counter{0};
    Lock lock;
    auto inc = [&] {
      std::lock_guard g(lock);
      counter.store(counter.load() + 1);
    };
    Thread a(inc), b(inc), c(inc);
    a.start();
    b.start();
    c.start();
    a.join();
    b.join();
    c.join();
    check(counter.load() == 3, "lost update under a lock");
  });
  CHECK(r.ok());
  CHECK(r.stats().executions == 2000);
  CHECK(r.stats().budget_exhausted);
}

TEST_CASE("opposite lock order deadlocks, and the report names the cycle") {
  Options o = quiet();
  o.detect_lock_order = false;  // an execution that deadlocks, not one that predicts it
  const Result r = explore(o, [] {
    Lock a, b;
    Thread t1(ThreadOptions{"left", {}}, [&] {
      a.acquire();
      b.acquire();
      b.release();
      a.release();
    });
    Thread t2(ThreadOptions{"right", {}}, [&] {
      b.acquire();
      a.acquire();
      a.release();
      b.release();
    });
    t1.start();
    t2.start();
    t1.join();
    t2.join();
  });
  REQUIRE_FALSE(r.ok());
  const Failure& f = r.failure();
  CHECK(f.kind == FailureKind::deadlock);
  CHECK_THAT(f.message, Catch::Contains("left") && Catch::Contains("right") && Catch::Contains("Lock#"));
  CHECK_THAT(f.details, Catch::Contains("is held by") && Catch::Contains("cycle: T1 -> Lock#"));
}

TEST_CASE("an exception escaping a thread fails the execution") {
  const Result r = explore(quiet(10), [] {
    Thread t([] { throw std::runtime_error("boom"); });
    t.start();
    t.join();
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::uncaught_exception);
  CHECK_THAT(r.failure().message, Catch::Contains("boom") && Catch::Contains("T1"));
  // The type as written in C++, not the ABI's mangled "St13runtime_error".
  CHECK_THAT(r.failure().message, Catch::StartsWith("uncaught std::runtime_error in T1"));
}

TEST_CASE("misuse: releasing an unlocked Lock fails with the line of the release") {
  const int line = __LINE__ + 3;
  const Result r = explore(quiet(10), [] {
    Lock lock;
    lock.release();
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::misuse);
  CHECK(r.failure().line == static_cast<std::uint32_t>(line));
  CHECK_THAT(r.failure().message, Catch::Contains("release unlocked lock"));
}

TEST_CASE("misuse errors are ordinary exceptions the program may catch") {
  const Result r = explore(quiet(10), [] {
    Lock lock;
    bool caught = false;
    try {
      lock.release();
    } catch (const RuntimeError&) {
      caught = true;
    }
    check(caught, "release of an unlocked lock raises RuntimeError");
    Thread t([] {});
    t.start();
    caught = false;
    try {
      t.start();
    } catch (const RuntimeError& e) {
      caught = std::string(e.what()) == "threads can only be started once";
    }
    check(caught, "second start raises");
    Thread never([] {});
    caught = false;
    try {
      never.join();
    } catch (const RuntimeError& e) {
      caught = std::string(e.what()) == "cannot join thread before it is started";
    }
    check(caught, "join before start raises");
    t.join();
  });
  INFO((r.ok() ? std::string() : r.failure().report()));
  CHECK(r.ok());
}

TEST_CASE("joining oneself is misuse") {
  const Result r = explore(quiet(5), [] { current_thread().join(); });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::misuse);
  CHECK_THAT(r.failure().message, Catch::Contains("cannot join current thread"));
}

TEST_CASE("a livelock hits the step limit") {
  Options o = quiet(3);
  o.max_steps = 500;
  const Result r = explore(o, [] {
    Atomic<bool> stop{false};
    Thread spinner([&] {
      while (!stop.load()) yield();
    });
    spinner.start();
    spinner.join();  // nobody sets stop
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::step_limit);
}

TEST_CASE("virtual time: sleeps overlap, timeouts expire exactly, no real waiting") {
  const Result r = explore(quiet(50), [] {
    Lock lock;
    lock.acquire();
    Shared<double> gave_up_at{-1};
    Thread waiter([&] {
      const double t0 = monotonic();
      const bool got = lock.acquire(true, 0.25);
      check(!got, "the lock stays held");
      gave_up_at.store(monotonic() - t0);
    });
    waiter.start();
    sleep(10.0);
    waiter.join();
    check(gave_up_at.load() == 0.25, "a timed acquire gives up after exactly its timeout");
    check(monotonic() == 10.0, "main slept 10 virtual seconds");
    lock.release();
  });
  INFO((r.ok() ? std::string() : r.failure().report()));
  CHECK(r.ok());
}

TEST_CASE("join with a timeout returns with the thread still alive") {
  const Result r = explore(quiet(20), [] {
    Lock gate;
    gate.acquire();
    Thread t([&] { gate.acquire(); });
    t.start();
    t.join(1.5);
    check(t.is_alive() && monotonic() == 1.5, "join(1.5) returns after 1.5 s with the thread alive");
    gate.release();
    t.join();
    check(!t.is_alive(), "joined");
  });
  INFO((r.ok() ? std::string() : r.failure().report()));
  CHECK(r.ok());
}

TEST_CASE("daemon threads are abandoned at program end; non-daemon threads are joined") {
  int daemon_loops_unwound = 0;
  const Result r = explore(quiet(20), [&] {
    struct CountOnUnwind {
      int* n;
      ~CountOnUnwind() { ++*n; }
    };
    Shared<int> done{0};
    Thread daemon(ThreadOptions{"d", true}, [&] {
      CountOnUnwind c{&daemon_loops_unwound};
      for (;;) sleep(1.0);
    });
    Thread worker([&] {
      sleep(2.0);
      done.store(1);
    });
    daemon.start();
    worker.start();
    // No join: program end joins `worker` but not `daemon`.
    daemon.set_name("d2");
  });
  INFO((r.ok() ? std::string() : r.failure().report()));
  CHECK(r.ok());
  CHECK(daemon_loops_unwound == 20);  // the daemon's stack was unwound in every execution
}

TEST_CASE("choose() values are explored and replayed") {
  Options o = quiet(200);
  const Result r = explore(o, [] {
    const std::uint32_t v = choose(5);
    check(v != 3, "chose 3");
  });
  REQUIRE_FALSE(r.ok());
  const Result again = replay(r.failure().schedule, [] {
    const std::uint32_t v = choose(5);
    check(v != 3, "chose 3");
  });
  REQUIRE_FALSE(again.ok());
  CHECK(again.failure().message == "chose 3");
}

TEST_CASE("explore inside explore is a usage error") {
  const Result r = explore(quiet(1), [] {
    bool refused = false;
    try {
      (void)explore(quiet(1), [] {});
    } catch (const UsageError&) {
      refused = true;
    }
    check(refused, "nested explore refused");
  });
  CHECK(r.ok());
}

TEST_CASE("current_thread, enumerate and active_count inside a simulation") {
  const Result r = explore(quiet(30), [] {
    check(current_thread().name() == "MainThread" && main_thread().ident() == 1u, "main thread");
    Lock gate;
    gate.acquire();
    Thread t([&] {
      check(current_thread().name() == "Thread-1", "auto name");
      gate.acquire();
      gate.release();
    });
    t.start();
    check(active_count() == 2, "two alive");
    check(enumerate()[0] == &main_thread() && enumerate()[1] == &t, "enumerate order");
    check(t.repr() == "<Thread(Thread-1, started 2)>", "repr");
    gate.release();
    t.join();
    check(active_count() == 1 && t.repr() == "<Thread(Thread-1, stopped 2)>", "after join");
  });
  INFO((r.ok() ? std::string() : r.failure().report()));
  CHECK(r.ok());
}

// Up to 64 threads the runtime checks the strategy's pick against a bit mask of the enabled
// threads; beyond, against the enabled list. Both must accept every pick a strategy makes.
TEST_CASE("a program with more threads than the enabled mask holds explores normally") {
  for (const int n : {63, 70}) {
    INFO("threads: " << n + 1);
    Options o = quiet(20);
    o.strategy = Strategy::random;
    const Result r = explore(o, [n] {
      Lock lock;
      Shared<int> total{0};
      std::vector<std::unique_ptr<Thread>> threads;
      for (int i = 0; i < n; ++i)
        threads.push_back(std::make_unique<Thread>([&] {
          std::lock_guard<Lock> g(lock);
          total.store(total.load() + 1);
        }));
      for (auto& t : threads) t->start();
      for (auto& t : threads) t->join();
      check(total.load() == n, "an increment was lost");
    });
    INFO((r.ok() ? std::string() : r.failure().report()));
    CHECK(r.ok());
    CHECK(r.stats().executions == 20);
  }
}
