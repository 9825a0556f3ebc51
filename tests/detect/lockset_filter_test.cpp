// The lockset filter in front of the race detector (detect/lockset_filter.hpp): it proves
// lock-guarded executions race-free, gives up on everything else (an unguarded write, locks
// that change between accesses, a Lock released by a thread that did not take it), and the
// exact judgement then still reports the race.
// Names start with "races: " (the TSan job selects real-thread tests by other prefixes).
#include <catch2/catch.hpp>

#include <functional>

#include <weft/weft.hpp>

#include "race_checks.hpp"
#include "detect/lockset_filter.hpp"
#include "model/random_strategy.hpp"
#include "sim/execution.hpp"

using namespace weft;

namespace {

// Runs `body` once (seeded random schedule) and asks the filter about its events.
bool proven_race_free(const std::function<void()>& body, std::uint64_t seed = 1,
                      SharedPoints points = SharedPoints::every_access) {
  sim::ExecutionConfig config;
  config.shared_points = points;
  sim::Execution ex(config);
  model::RandomStrategy strategy(seed);
  strategy.begin_execution(0);
  const std::optional<sim::FailureInfo> info = ex.run(body, strategy);
  REQUIRE_FALSE(info.has_value());
  detect::LocksetFilter filter;
  return filter.race_free(ex, ex.events());
}

// Two threads run `work` on one Shared and two locks.
std::function<void()> two_threads(std::function<void(Lock&, Lock&, Shared<int>&, int)> work) {
  return [work] {
    Lock outer, inner;
    Shared<int> x{0};
    Thread a([&] { work(outer, inner, x, 0); });
    Thread b([&] { work(outer, inner, x, 1); });
    a.start();
    b.start();
    a.join();
    b.join();
  };
}

}  // namespace

TEST_CASE("races: the lockset filter proves a Shared behind one lock race-free") {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    CHECK(proven_race_free(two_threads([](Lock& l, Lock&, Shared<int>& x, int) {
                             std::lock_guard<Lock> g(l);
                             x = x + 1;
                           }),
                           seed));
    // The common lock is the inner one: a takes both, b only the inner.
    CHECK(proven_race_free(two_threads([](Lock& o, Lock& i, Shared<int>& x, int who) {
                             if (who == 0) o.acquire();
                             i.acquire();
                             x = x + 1;
                             i.release();
                             if (who == 0) o.release();
                           }),
                           seed));
  }
}

TEST_CASE("races: the lockset filter proves reads alone and one thread's variable race-free") {
  CHECK(proven_race_free(two_threads([](Lock&, Lock&, Shared<int>& x, int) { (void)x.load(); })));
  CHECK(proven_race_free([] {
    Shared<int> mine{0};
    Thread a([&] { mine = 1; });
    a.start();
    a.join();
  }));
}

TEST_CASE("races: the lockset filter proves the main thread's setup before start() and check after join()") {
  CHECK(proven_race_free([] {
    Shared<int> x{0};
    x = 5;  // before any thread starts
    Thread a([&] { x = x + 1; });
    a.start();
    a.join();
    check(x.load() == 6, "after the join");
  }));
  // While a thread runs unjoined, main's unguarded access proves nothing.
  CHECK_FALSE(proven_race_free([] {
    Shared<int> x{0};
    Thread a([&] { x = 1; });
    a.start();
    (void)x.load();
    a.join();
  }));
}

TEST_CASE("races: the lockset filter gives up on an unguarded write and on locks that change") {
  CHECK_FALSE(proven_race_free(two_threads([](Lock& l, Lock&, Shared<int>& x, int who) {
    if (who == 0) {
      x = 1;  // outside the lock
    } else {
      std::lock_guard<Lock> g(l);
      (void)x.load();
    }
  })));
  CHECK_FALSE(proven_race_free(two_threads([](Lock& o, Lock& i, Shared<int>& x, int who) {
    std::lock_guard<Lock> g(who == 0 ? o : i);  // each thread its own lock
    x = x + 1;
  })));
  // Ordered by an Event, not by a lock or a join: not the filter's to prove; the clocks do,
  // and find no race.
  const auto handed_over = [] {
    Shared<int> x{0};
    Event ready;
    Thread a([&] {
      ready.wait();
      (void)x.load();
    });
    a.start();
    x = 2;
    ready.set();
    a.join();
  };
  CHECK_FALSE(proven_race_free(handed_over));
  const Result r = explore(weft::test::options_for(Strategy::dpor), handed_over);
  INFO(r.summary());
  CHECK(r.ok());
}

TEST_CASE("races: the lockset filter: a Lock released by another thread is not trusted, and the race behind it is reported") {
  // a takes the lock and writes; b, later in virtual time, releases it for a; c, later still,
  // takes it and reads. The write and the read were both made holding the lock, yet nothing
  // orders them: b's release carries nothing of a's.
  const auto body = [] {
    Lock lock;
    Shared<int> x{0};
    Thread a([&] {
      lock.acquire();
      x = 1;
    });
    Thread b([&] {
      sleep(1.0);
      lock.release();
    });
    Thread c([&] {
      sleep(2.0);
      lock.acquire();
      (void)x.load();
      lock.release();
    });
    a.start();
    b.start();
    c.start();
    a.join();
    b.join();
    c.join();
  };
  CHECK_FALSE(proven_race_free(body));
  for (Strategy s : {Strategy::random, Strategy::dfs, Strategy::dpor}) {
    const Result r = explore(weft::test::options_for(s, 100), body);
    INFO(to_string(s) << ": " << r.summary());
    REQUIRE_FALSE(r.ok());
    CHECK(r.failure().kind == FailureKind::data_race);
  }
}

TEST_CASE("races: the lockset filter follows an RLock's levels and a Condition's wait, under both kinds of points") {
  for (SharedPoints points : {SharedPoints::every_access, SharedPoints::sync_only}) {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
      // Written at the second level of an RLock and read at the first: one common lock.
      CHECK(proven_race_free(
          [] {
            RLock r;
            Shared<int> x{0};
            auto work = [&] {
              std::lock_guard<RLock> outer(r);
              {
                std::lock_guard<RLock> inner(r);
                x = x + 1;
              }
              (void)x.load();
            };
            weft::test::run_two(work, work);
          },
          seed, points));
      // A waiter lets the lock go while it waits and holds it again for its access.
      CHECK(proven_race_free(
          [] {
            Condition c;
            Shared<int> x{0};
            Thread waiter([&] {
              std::lock_guard<Condition> g(c);
              while (x.load() == 0) c.wait();
              x = 2;
            });
            waiter.start();
            {
              std::lock_guard<Condition> g(c);
              x = 1;
              c.notify();
            }
            waiter.join();
          },
          seed, points));
      // After the RLock's last level is let go, the access is unguarded.
      CHECK_FALSE(proven_race_free(
          [] {
            RLock r;
            Shared<int> x{0};
            auto work = [&] {
              r.acquire();
              r.release();
              x = x + 1;
            };
            weft::test::run_two(work, work);
          },
          seed, points));
    }
  }
}
