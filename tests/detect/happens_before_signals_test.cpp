// Happens-before edges of the signalling primitives (model/happens_before.hpp), one test each:
// semaphores, events, barriers and atomics, and peeks of their state (Semaphore.value(),
// Event.is_set()). As in happens_before_test.cpp, two threads access a Shared, one writing,
// ordered by the primitive, and an exhaustive search finds no race; the same program with the
// ordering operation removed is a data race.
// Names start with "races: " (the TSan job selects real-thread tests by other prefixes).
#include <catch2/catch.hpp>

#include <weft/weft.hpp>

#include "ordering_checks.hpp"

using namespace weft;
using namespace weft::test;

TEST_CASE("races: Semaphore release orders the releaser before the acquirer", "[races][happens-before]") {
  expect_edge([](bool ordered) {
    return [ordered] {
      Shared<int> data{0};
      Semaphore sem(0);
      Thread producer([&] {
        data.store(1);
        sem.release();
      });
      Thread consumer([&] {
        if (ordered) sem.acquire();
        (void)data.load();
      });
      producer.start();
      consumer.start();
      producer.join();
      consumer.join();
    };
  });
}

TEST_CASE("races: Event set orders the setter before a wait() that returns true", "[races][happens-before]") {
  expect_edge([](bool ordered) {
    return [ordered] {
      Shared<int> data{0};
      Event event;
      Thread producer([&] {
        data.store(1);
        event.set();
      });
      Thread consumer([&] {
        if (ordered) check(event.wait(), "wait() without a timeout returns true");
        (void)data.load();
      });
      producer.start();
      consumer.start();
      producer.join();
      consumer.join();
    };
  });
}

TEST_CASE("races: Event.is_set() seen true orders the setter before the reader", "[races][happens-before]") {
  expect_edge([](bool ordered) {
    return [ordered] {
      Shared<int> data{0};
      Event event;
      Thread producer([&] {
        data.store(1);
        event.set();
      });
      Thread consumer([&] {
        const bool set = event.is_set();
        if (set || !ordered) (void)data.load();
      });
      producer.start();
      consumer.start();
      producer.join();
      consumer.join();
    };
  });
}

TEST_CASE("races: crossing a Barrier orders each party's earlier writes before the others' later reads",
          "[races][happens-before]") {
  expect_edge([](bool ordered) {
    return [ordered] {
      Shared<int> slot0{0}, slot1{0};
      Barrier barrier(2);
      auto party = [&](Shared<int>& mine, Shared<int>& other) {
        mine.store(1);
        if (ordered) barrier.wait();
        (void)other.load();
      };
      Thread a(party, std::ref(slot0), std::ref(slot1));
      Thread b(party, std::ref(slot1), std::ref(slot0));
      a.start();
      b.start();
      a.join();
      b.join();
    };
  });
}

namespace {

// A writer stores the message, then raises a flag of type Flag; a reader that sees the flag
// raised reads the message.
template <class Flag>
void pass_message() {
  Shared<int> data{0};
  Flag flag{0};
  Thread writer([&] {
    data.store(1);
    flag.store(1);
  });
  Thread reader([&] {
    if (flag.load() == 1) check(data.load() == 1, "the message arrived");
  });
  writer.start();
  reader.start();
  writer.join();
  reader.join();
}

}  // namespace

TEST_CASE("races: an Atomic flag passes a message; a plain Shared flag is a race", "[races][happens-before]") {
  SECTION("Atomic flag: no race") { expect_no_race(pass_message<Atomic<int>>); }
  SECTION("Atomic read-modify-write: no race") {
    expect_no_race([] {
      Shared<int> data{0};
      Atomic<int> flag{0};
      Thread writer([&] {
        data.store(1);
        (void)flag.fetch_add(1);
      });
      Thread reader([&] {
        int expected = 1;
        if (flag.compare_exchange(expected, 2)) check(data.load() == 1, "the message arrived");
      });
      writer.start();
      reader.start();
      writer.join();
      reader.join();
    });
  }
  SECTION("plain Shared flag: a race") { expect_race(pass_message<Shared<int>>); }
  SECTION("no flag read at all: a race") {
    expect_race([] {
      Shared<int> data{0};
      Atomic<int> flag{0};
      Thread writer([&] {
        data.store(1);
        flag.store(1);
      });
      Thread reader([&] { (void)data.load(); });
      writer.start();
      reader.start();
      writer.join();
      reader.join();
    });
  }
}

TEST_CASE("races: Semaphore.value() seen positive orders the releaser before the reader", "[races][happens-before]") {
  expect_edge([](bool ordered) {
    return [ordered] {
      Shared<int> data{0};
      Semaphore sem(0);
      Thread producer([&] {
        data.store(1);
        sem.release();
      });
      Thread consumer([&] {
        const std::int64_t v = sem.value();
        if (v > 0 || !ordered) (void)data.load();
      });
      producer.start();
      consumer.start();
      producer.join();
      consumer.join();
    };
  });
}
