// Happens-before through hand-offs built on the synchronising primitives: queues, thread
// pools, futures and timers (model/happens_before.hpp: their edges come from the Lock,
// Condition and Thread they are built from). As in happens_before_test.cpp, each program is
// race-free when ordered and a data race without the ordering operation.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include <weft/weft.hpp>

#include "ordering_checks.hpp"

using namespace weft;
using namespace weft::test;

TEST_CASE("races: Queue put orders the producer before the get of that item", "[races][happens-before]") {
  expect_edge([](bool ordered) {
    return [ordered] {
      Shared<int> data{0};
      Queue<int> queue;
      Thread producer([&] {
        data.store(1);
        queue.put(7);
      });
      Thread consumer([&] {
        if (ordered) check(queue.get() == 7, "got the item");
        (void)data.load();
      });
      producer.start();
      consumer.start();
      producer.join();
      consumer.join();
    };
  });
}

TEST_CASE("races: Queue task_done orders the worker before join() of the queue", "[races][happens-before]") {
  expect_edge([](bool ordered) {
    return [ordered] {
      Shared<int> data{0};
      Queue<int> queue;
      Thread worker([&] {
        const int item = queue.get();
        data.store(item);
        queue.task_done();
      });
      worker.start();
      queue.put(5);
      if (ordered) queue.join();
      (void)data.load();
      worker.join();
    };
  });
}

TEST_CASE("races: submit orders the submitter's earlier writes before the task", "[races][happens-before]") {
  expect_edge([](bool ordered) {
    return [ordered] {
      Shared<int> data{0};
      ThreadPoolExecutor pool(1);
      if (ordered) data.store(20);
      Future<int> f = pool.submit([&] { return data.load() + 1; });
      if (!ordered) data.store(20);
      (void)f.result();
    };
  }, Strategy::dpor);
}

TEST_CASE("races: a Future's result() orders the task before the caller", "[races][happens-before]") {
  expect_edge([](bool ordered) {
    return [ordered] {
      Shared<int> data{0};
      ThreadPoolExecutor pool(1);
      Future<int> f = pool.submit([&] {
        data.store(1);
        return 2;
      });
      if (ordered) check(f.result() == 2, "the task's value");
      (void)data.load();
      pool.shutdown();
    };
  }, Strategy::dpor);
}

TEST_CASE("races: a Future set by a thread orders the setter before result()", "[races][happens-before]") {
  expect_edge([](bool ordered) {
    return [ordered] {
      Shared<int> data{0};
      Future<int> f;
      Thread setter([&] {
        data.store(1);
        f.set_result(3);
      });
      setter.start();
      if (ordered) check(f.result() == 3, "the value set");
      (void)data.load();
      setter.join();
    };
  });
}

TEST_CASE("races: a task's exception orders the task before the result() that rethrows it",
          "[races][happens-before]") {
  expect_edge([](bool ordered) {
    return [ordered] {
      Shared<int> data{0};
      ThreadPoolExecutor pool(1);
      Future<int> f = pool.submit([&]() -> int {
        data.store(1);
        throw std::runtime_error("task failed");
      });
      if (ordered) {
        bool thrown = false;
        try {
          (void)f.result();
        } catch (const std::runtime_error&) {
          thrown = true;
        }
        check(thrown, "result() rethrows the task's exception");
      }
      (void)data.load();
      pool.shutdown();
    };
  }, Strategy::dpor);
}

TEST_CASE("races: a done callback runs after the task, whichever thread runs it", "[races][happens-before]") {
  // Ordered: the callback is registered with add_done_callback (it runs in the worker when
  // the future finishes, or at once in the main thread if it already has). Without the
  // ordering: the main thread calls it itself, without waiting for the future.
  expect_edge([](bool ordered) {
    return [ordered] {
      Shared<int> data{0};
      Shared<int> seen{0};
      ThreadPoolExecutor pool(1);
      Future<int> f = pool.submit([&] {
        data.store(1);
        return 4;
      });
      auto callback = [&](const Future<int>&) { seen.store(data.load()); };
      if (ordered)
        f.add_done_callback(callback);
      else
        callback(f);
      pool.shutdown();  // joins the worker: the callback has run
      (void)seen.load();
    };
  }, Strategy::dpor);
}

TEST_CASE("races: Timer start orders the starter's earlier writes before its function", "[races][happens-before]") {
  expect_edge([](bool ordered) {
    return [ordered] {
      Shared<int> data{0};
      Timer timer(0.5, [&] { (void)data.load(); });
      if (ordered) data.store(1);
      timer.start();
      if (!ordered) data.store(1);
      timer.join();
    };
  });
}

TEST_CASE("races: Future.done() seen true orders the setter before the reader", "[races][happens-before]") {
  expect_edge([](bool ordered) {
    return [ordered] {
      Shared<int> data{0};
      Future<int> f;
      Thread setter([&] {
        data.store(1);
        f.set_result(1);
      });
      setter.start();
      const bool done = f.done();
      if (done || !ordered) (void)data.load();
      setter.join();
    };
  });
}

TEST_CASE("races: futures wait() and as_completed() order the setter before the waiter", "[races][happens-before]") {
  SECTION("wait(ALL_COMPLETED)") {
    expect_edge([](bool ordered) {
      return [ordered] {
        Shared<int> data{0};
        Future<int> f;
        Thread setter([&] {
          data.store(1);
          f.set_result(1);
        });
        setter.start();
        if (ordered) check(wait({f}).done.size() == 1, "the future is done");
        (void)data.load();
        setter.join();
      };
    });
  }
  SECTION("as_completed") {
    expect_edge([](bool ordered) {
      return [ordered] {
        Shared<int> data{0};
        Future<int> f;
        Thread setter([&] {
          data.store(1);
          f.set_result(1);
        });
        setter.start();
        if (ordered) {
          int n = 0;
          for (const Future<int>& g : as_completed({f})) n += g.result();
          check(n == 1, "one future completed");
        }
        (void)data.load();
        setter.join();
      };
    });
  }
}
