// Happens-before edges of threads, locks and conditions (model/happens_before.hpp), one test
// each, with peeks of their state (is_alive(), a timed-out join, Lock.locked()); semaphores,
// events, barriers and atomics are in happens_before_signals_test.cpp. Two threads access a
// Shared, one writing, ordered by the primitive, and an exhaustive search finds no race; the
// same program with the ordering operation removed is a data race.
// Names start with "races: " (the TSan job selects real-thread tests by other prefixes).
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include <weft/weft.hpp>

#include "ordering_checks.hpp"

using namespace weft;
using namespace weft::test;

TEST_CASE("races: thread start orders the parent's earlier write before the child", "[races][happens-before]") {
  expect_edge([](bool ordered) {
    return [ordered] {
      Shared<int> data{0};
      Thread child([&] { (void)data.load(); });
      if (ordered) data.store(1);
      child.start();
      if (!ordered) data.store(1);
      child.join();
    };
  });
}

TEST_CASE("races: join orders the child's write before the parent's later read", "[races][happens-before]") {
  expect_edge([](bool ordered) {
    return [ordered] {
      Shared<int> data{0};
      Thread child([&] { data.store(1); });
      child.start();
      if (ordered) child.join();
      (void)data.load();
      if (!ordered) child.join();
    };
  });
}

TEST_CASE("races: is_alive() seen false orders the ended thread before the reader", "[races][happens-before]") {
  expect_edge([](bool ordered) {
    return [ordered] {
      Shared<int> data{0};
      Thread child([&] { data.store(1); });
      child.start();
      if (ordered) {
        if (!child.is_alive()) (void)data.load();
      } else {
        (void)child.is_alive();
        (void)data.load();
      }
      child.join();
    };
  });
}

TEST_CASE("races: a Lock orders its critical sections", "[races][happens-before]") {
  expect_edge([](bool ordered) {
    return [ordered] {
      Shared<int> data{0};
      Lock lock;
      Thread writer([&] {
        lock.acquire();
        data.store(1);
        lock.release();
      });
      Thread reader([&] {
        if (ordered) lock.acquire();
        (void)data.load();
        if (ordered) lock.release();
      });
      writer.start();
      reader.start();
      writer.join();
      reader.join();
    };
  });
}

TEST_CASE("races: an RLock orders its critical sections from the release that leaves depth 0",
          "[races][happens-before]") {
  expect_edge([](bool ordered) {
    return [ordered] {
      Shared<int> data{0};
      RLock rlock;
      Thread writer([&] {
        rlock.acquire();
        rlock.acquire();
        rlock.release();
        data.store(1);  // still held at depth 1
        rlock.release();
      });
      Thread reader([&] {
        if (ordered) {
          rlock.acquire();
          rlock.acquire();
        }
        (void)data.load();
        if (ordered) {
          rlock.release();
          rlock.release();
        }
      });
      writer.start();
      reader.start();
      writer.join();
      reader.join();
    };
  });
}

TEST_CASE("races: Condition notify orders the notifier before the woken wait", "[races][happens-before]") {
  // Data written outside the lock, then a flag set under it and a notify; the reader waits
  // under the lock while the flag is unset and reads the data after releasing it.
  expect_edge([](bool ordered) {
    return [ordered] {
      Shared<int> data{0};
      Shared<bool> ready{false};
      Lock lock;
      Condition cond(lock);
      Thread producer([&] {
        data.store(1);
        std::lock_guard g(lock);
        ready.store(true);
        cond.notify();
      });
      Thread consumer([&] {
        {
          std::lock_guard g(lock);
          if (ordered)
            while (!ready.load()) cond.wait();
        }
        (void)data.load();
      });
      producer.start();
      consumer.start();
      producer.join();
      consumer.join();
    };
  });
}

TEST_CASE("races: a Condition over its own RLock orders notifier and waiter", "[races][happens-before]") {
  expect_edge([](bool ordered) {
    return [ordered] {
      Shared<int> data{0};
      Shared<bool> ready{false};
      Condition cond;  // an RLock of its own
      Thread producer([&] {
        data.store(1);
        std::lock_guard g(cond);
        ready.store(true);
        cond.notify_all();
      });
      Thread consumer([&] {
        {
          std::lock_guard g(cond);
          if (ordered) cond.wait_for([&] { return ready.load(); });
        }
        (void)data.load();
      });
      producer.start();
      consumer.start();
      producer.join();
      consumer.join();
    };
  });
}

TEST_CASE("races: a join that timed out orders nothing", "[races][happens-before]") {
  // The child writes, then blocks on an Event the parent sets only after its join: a join with
  // a timeout gives up (the child is alive) and is no edge; a full join after the set is.
  expect_edge([](bool ordered) {
    return [ordered] {
      Shared<int> data{0};
      Event release;
      Thread child([&] {
        data.store(1);
        release.wait();
      });
      child.start();
      if (!ordered) {
        child.join(0.5);
        check(child.is_alive(), "the timed join gave up");
        (void)data.load();
      }
      release.set();
      child.join();
      if (ordered) (void)data.load();
    };
  });
}

TEST_CASE("races: a write made after Lock.locked() saw the lock held is not ordered before the observer",
          "[races][happens-before]") {
  // observe_lock joins the holder's clock at the peek. The holder's accesses after the peek
  // are not ordered before the observer, so the observer's later read races with a write the
  // holder makes after the peek. (sleep() is not synchronisation: it only lets the holder go
  // first.) Expected: dfs finds the race in the executions where the peek falls between the
  // writer's acquire and its write.
  const Result r = explore(exhaustive(), [] {
    Shared<int> data{0};
    Lock lock;
    Thread writer([&] {
      lock.acquire();
      data.store(1);
      lock.release();
    });
    Thread observer([&] {
      if (lock.locked()) {
        sleep(1.0);
        (void)data.load();
      }
    });
    writer.start();
    observer.start();
    writer.join();
    observer.join();
  });
  INFO(r.summary());
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::data_race);
}
