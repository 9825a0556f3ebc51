// Execution::nested_locking(), which lets the judge skip the lock-order pass: checked against
// the same property read back from the recorded events, on programs where it is always false,
// always true, or depends on the schedule (tests/detect/lock_order_test.cpp checks end to end
// that the inversions are still found). Names start with "lock order: " (the TSan job selects
// real-thread tests by other prefixes).
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "model/judged_run.hpp"
#include "model/random_strategy.hpp"
#include "sim/execution.hpp"
#include "tests/detect/lock_order_checks.hpp"

using namespace weft;
using weft::test::run_two;

namespace {

// From the events alone: a user lock (Lock or RLock, not internal) went from free to locked
// while another user lock was locked.
bool nested_in_events(const sim::Execution& ex) {
  std::vector<ObjectId> locked;
  bool nested = false;
  for (const TraceEvent& e : ex.events()) {
    if (!e.ok || e.object >= ex.object_count() || ex.object(e.object).internal) continue;
    const auto at = std::find(locked.begin(), locked.end(), e.object);
    if (e.op == OpKind::lock_acquire || e.op == OpKind::rlock_acquire) {
      if (at != locked.end()) continue;  // an RLock's re-entry
      nested |= !locked.empty();
      locked.push_back(e.object);
    } else if (at != locked.end() &&
               (e.op == OpKind::lock_release || (e.op == OpKind::rlock_release && e.value == 0))) {
      locked.erase(at);
    }
  }
  return nested;
}

void lock_pairs() {
  Lock lock;
  auto work = [&] {
    for (int i = 0; i < 3; ++i) std::lock_guard guard(lock);
  };
  run_two(work, work);
}

void outer_then_inner() {
  Lock outer, inner;
  auto work = [&] {
    std::lock_guard g1(outer);
    std::lock_guard g2(inner);
  };
  run_two(work, work);
}

// Each thread its own lock: nested only in the schedules where the two critical sections overlap.
void own_locks() {
  Lock mine, yours;
  run_two([&] { std::lock_guard g(mine); }, [&] { std::lock_guard g(yours); });
}

void rlock_reentry() {
  RLock r;
  Thread a([&] {
    std::lock_guard g1(r);
    std::lock_guard g2(r);
  });
  a.start();
  a.join();
}

void rlock_then_lock() {
  RLock outer;
  Lock inner;
  Thread a([&] {
    std::lock_guard g1(outer);
    std::lock_guard g2(inner);
  });
  a.start();
  a.join();
}

void try_then_blocking() {
  Lock first, second;
  Thread a([&] {
    if (first.acquire(false)) {
      second.acquire();
      second.release();
      first.release();
    }
  });
  a.start();
  a.join();
}

// A Condition's waiter locks are internal: only the user's lock counts.
void condition_handshake() {
  Lock lock;
  Condition cond(lock);
  bool ready = false;
  Thread waiter([&] {
    std::lock_guard g(lock);
    while (!ready) cond.wait();
  });
  waiter.start();
  {
    std::lock_guard g(lock);
    ready = true;
    cond.notify();
  }
  waiter.join();
}

void queue_hand_off() {
  Queue<int> q;
  Thread producer([&] { q.put(1); });
  producer.start();
  (void)q.get();
  producer.join();
}

}  // namespace

TEST_CASE("lock order: nested_locking() is what the events show, and what each program implies") {
  struct Case {
    std::string name;
    std::function<void()> body;
    int expected;  // 0 never, 1 always, -1 depends on the schedule (both seen)
  };
  const std::vector<Case> cases{{"lock pairs", lock_pairs, 0},
                                {"outer then inner", outer_then_inner, 1},
                                {"own locks", own_locks, -1},
                                {"RLock re-entry", rlock_reentry, 0},
                                {"RLock, then a Lock", rlock_then_lock, 1},
                                {"try, then blocking", try_then_blocking, 1},
                                {"Condition handshake", condition_handshake, 0},
                                {"Queue hand-off", queue_hand_off, 0}};
  for (const Case& c : cases) {
    CAPTURE(c.name);
    sim::Execution ex(model::config_of(Options{}));
    bool seen[2] = {false, false};
    for (std::uint64_t i = 0; i < 60; ++i) {
      CAPTURE(i);
      model::RandomStrategy strategy(11);
      strategy.begin_execution(i);
      REQUIRE_FALSE(ex.run(c.body, strategy, true).has_value());
      CHECK(ex.nested_locking() == nested_in_events(ex));
      seen[ex.nested_locking() ? 1 : 0] = true;
    }
    if (c.expected >= 0) {
      CHECK(seen[c.expected]);
      CHECK_FALSE(seen[1 - c.expected]);
    } else {
      CHECK(seen[0]);
      CHECK(seen[1]);
    }
  }
}
