// Objects constructed outside the explore() body start every execution in the state they had
// when the exploration began, and are left in that state when it ends (docs/outside_objects.md).
#include <catch2/catch.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <weft/weft.hpp>

using namespace weft;

namespace {

constexpr Strategy kStrategies[] = {Strategy::random, Strategy::pct, Strategy::dfs, Strategy::dpor};

Options quiet(Strategy s, std::uint64_t executions = 20) {
  Options o;
  o.strategy = s;
  o.max_executions = executions;
  o.use_environment = false;
  return o;
}

// Two threads racing on a body-local variable: every strategy runs several executions. The
// race is only there to make choices, so it is declared benign rather than reported.
void race() {
  Shared<int> x{0, benign_race};
  Thread a([&] { x.store(1); });
  Thread b([&] { x.store(2); });
  a.start();
  b.start();
  a.join();
  b.join();
}

// Explores `body` with each strategy; every run must pass and run more than one execution.
template <class Body>
void passes_everywhere(Body body) {
  for (Strategy s : kStrategies) {
    INFO("strategy " << to_string(s));
    const Result r = explore(quiet(s), [&] {
      body();
      race();
    });
    if (!r.ok()) FAIL_CHECK(r.failure().message << "\n" << r.failure().details);
    CHECK(r.stats().executions >= 2);
  }
}

}  // namespace

TEST_CASE("outside Semaphore: a permit taken and kept does not deadlock the next execution") {
  Semaphore sem(1);
  passes_everywhere([&] {
    check(sem.value() == 1, "the permit is there");
    sem.acquire();
  });
  CHECK(sem.value() == 1);
}

TEST_CASE("outside BoundedSemaphore: value() reads the initial count in every execution") {
  BoundedSemaphore sem(2);
  passes_everywhere([&] {
    check(sem.value() == 2, "both permits are there");
    sem.acquire();
    sem.acquire();
    sem.release();
  });
  CHECK(sem.value() == 2);
}

TEST_CASE("outside Event: set in one execution is clear at the start of the next") {
  Event ev;
  passes_everywhere([&] {
    check(!ev.is_set(), "the event starts clear");
    check(!ev.wait(0), "wait(0) finds it clear");
    ev.set();
  });
  CHECK_FALSE(ev.is_set());
}

TEST_CASE("outside Event: set before the exploration stays set in every execution") {
  Event ev;
  ev.set();
  passes_everywhere([&] {
    check(ev.wait(), "the event starts set");
    ev.clear();
  });
  CHECK(ev.is_set());
}

TEST_CASE("outside Queue: items put in one execution are gone in the next, and after explore") {
  Queue<int> q;
  passes_everywhere([&] {
    check(q.unfinished_tasks() == 0, "no task is pending");
    check(q.qsize() == 0, "the queue starts empty");
    q.put(1);
    q.put(2);
    q.put(3);
  });
  CHECK(q.qsize() == 0);
  CHECK(q.unfinished_tasks() == 0);
}

TEST_CASE("outside Queue: items put before the exploration are there in every execution") {
  Queue<std::string> q;
  q.put("a");
  q.put("b");
  passes_everywhere([&] {
    check(q.get() == "a", "first item");
    check(q.get() == "b", "second item");
    check(q.empty(), "nothing else");
  });
  CHECK(q.qsize() == 2);
}

TEST_CASE("outside Queue: shutdown and maxsize changes do not outlive an execution") {
  Queue<int> q(1);
  passes_everywhere([&] {
    check(!q.is_shutdown(), "not shut down");
    check(q.maxsize() == 1, "maxsize as constructed");
    q.set_maxsize(5);
    q.put(1);
    q.shutdown();
  });
  CHECK_FALSE(q.is_shutdown());
  CHECK(q.maxsize() == 1);
}

TEST_CASE("outside LifoQueue, PriorityQueue and SimpleQueue start afresh") {
  LifoQueue<int> lifo;
  lifo.put(1);
  PriorityQueue<int> prio;
  prio.put(5);
  prio.put(3);
  SimpleQueue<int> simple;
  passes_everywhere([&] {
    lifo.put(2);
    check(lifo.get() == 2 && lifo.get() == 1 && lifo.empty(), "lifo order from one item");
    prio.put(4);
    check(prio.get() == 3 && prio.get() == 4 && prio.get() == 5, "priority order");
    check(simple.empty(), "simple queue starts empty");
    simple.put(7);
  });
  CHECK(lifo.qsize() == 1);
  CHECK(prio.qsize() == 2);
  CHECK(simple.empty());
}

TEST_CASE("outside Queue of move-only items: an empty one resets") {
  Queue<std::unique_ptr<int>> q;
  SimpleQueue<std::vector<std::unique_ptr<int>>> batches;  // copyable by its type traits only
  passes_everywhere([&] {
    check(q.empty(), "starts empty");
    q.put(std::make_unique<int>(1));
    check(batches.empty(), "starts empty too");
    batches.put({});
  });
  CHECK(q.empty());
  CHECK(batches.empty());
}

TEST_CASE("outside Shared: every execution reads the initial value") {
  Shared<int> x{5};
  Shared<std::string> s{std::string("init")};
  passes_everywhere([&] {
    check(x.load() == 5, "initial int");
    x.store(7);
    check(s.load() == "init", "initial string");
    s.store("changed");
  });
  CHECK(x.load() == 5);
  CHECK(s.load() == "init");
}

TEST_CASE("outside Atomic: every execution starts from the initial value") {
  Atomic<int> a{10};
  passes_everywhere([&] { check(a.fetch_add(1) == 10, "initial atomic"); });
  CHECK(a.load() == 10);
}

TEST_CASE("outside Barrier: an abort in one execution does not break the next") {
  Barrier b(2);
  passes_everywhere([&] {
    check(!b.broken(), "the barrier starts unbroken");
    check(b.n_waiting() == 0, "nobody waits");
    Thread t([&] { b.wait(); });
    t.start();
    b.wait();
    t.join();
    b.abort();
  });
  CHECK_FALSE(b.broken());
}

TEST_CASE("outside Lock and RLock held at the end of an execution are free in the next") {
  Lock lock;
  RLock rlock;
  passes_everywhere([&] {
    check(!lock.locked(), "lock free");
    lock.acquire();
    // The owner ends holding it twice: held for the rest of this execution, as in Python.
    Thread t([&] {
      check(!rlock.locked(), "rlock free");
      check(rlock.acquire(false), "rlock free to take");
      rlock.acquire();
    });
    t.start();
    t.join();
  });
  CHECK_FALSE(lock.locked());
  CHECK_FALSE(rlock.locked());
}

TEST_CASE("outside Condition: a waiter left in one execution is gone in the next") {
  Lock lock;
  Condition cond(lock);
  passes_everywhere([&] {
    Thread waiter(ThreadOptions{"waiter", true}, [&] {
      std::lock_guard g(lock);
      cond.wait();
    });
    waiter.start();
    std::lock_guard g(lock);
    cond.notify();  // wakes at most the waiter of this execution
  });
}

TEST_CASE("outside objects: a real failure is reported as itself, not as nondeterminism") {
  Shared<int> counter{0};
  for (Strategy s : kStrategies) {
    INFO("strategy " << to_string(s));
    // This test is about the lost update's check failure on an outside object, not the race
    // report, which would come first.
    Options o = quiet(s, 200);
    o.detect_races = false;
    const Result r = explore(o, [&] {
      auto inc = [&] { counter.store(counter.load() + 1); };
      Thread a(inc), b(inc);
      a.start();
      b.start();
      a.join();
      b.join();
      check(counter.load() == 2, "lost update");
    });
    REQUIRE_FALSE(r.ok());
    CHECK(r.failure().kind == FailureKind::check_failed);
    CHECK(r.failure().message == "lost update");
    CHECK(counter.load() == 0);
    // The reported schedule replays against the same outside object.
    Options replay_options;
    replay_options.detect_races = false;
    const Result again = replay(r.failure().schedule, [&] {
      auto inc = [&] { counter.store(counter.load() + 1); };
      Thread a(inc), b(inc);
      a.start();
      b.start();
      a.join();
      b.join();
      check(counter.load() == 2, "lost update");
    }, replay_options);
    REQUIRE_FALSE(again.ok());
    CHECK(again.failure().message == "lost update");
  }
}

TEST_CASE("outside objects: a second exploration starts from the same state as the first") {
  Semaphore sem(1);
  Queue<int> q;
  for (int round = 0; round < 3; ++round) {
    const Result r = explore(quiet(Strategy::random, 5), [&] {
      check(sem.acquire(false), "a permit");
      check(q.qsize() == 0, "empty queue");
      q.put(round);
    });
    CHECK(r.ok());
  }
  CHECK(sem.value() == 1);
  CHECK(q.qsize() == 0);
}

TEST_CASE("outside Queue of move-only items that holds items: the first use reports why") {
  Queue<std::unique_ptr<int>> q;
  q.put(std::make_unique<int>(1));
  const Result r = explore(quiet(Strategy::random, 5), [&] { q.get(); });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().message.find("non-copyable") != std::string::npos);
  CHECK(q.qsize() == 1);
}

TEST_CASE("outside object destroyed during the exploration is not touched after") {
  std::optional<Event> ev;
  ev.emplace();
  std::optional<Shared<int>> x;
  x.emplace(1);
  for (Strategy s : kStrategies) {
    const Result r = explore(quiet(s), [&] {
      if (ev) {
        ev->set();
        ev.reset();
      }
      if (x) {
        x->store(2);
        x.reset();
      }
      race();
    });
    CHECK(r.ok());
  }
  CHECK_FALSE(ev.has_value());
}
