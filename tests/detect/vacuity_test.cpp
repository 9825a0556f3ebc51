// Vacuity evidence (Stats::max_enabled_threads, executions_with_conflicts, vacuous()): an
// exploration that passed without testing anything concurrent says so in its summary.
// Names start with "vacuity: " (the TSan job selects real-thread tests by other prefixes).
#include <catch2/catch.hpp>

#include <mutex>
#include <string>

#include <weft/weft.hpp>

using namespace weft;

namespace {

Options options_for(Strategy s, std::uint64_t executions = 100000) {
  Options o;
  o.use_environment = false;
  o.strategy = s;
  o.max_executions = executions;
  return o;
}

constexpr const char* kWarning = "nothing concurrent was tested";

}  // namespace

TEST_CASE("vacuity: a body with no second thread passes but is vacuous", "[vacuity]") {
  for (Strategy s : {Strategy::random, Strategy::dfs, Strategy::dpor}) {
    INFO("strategy " << to_string(s));
    const Result r = explore(options_for(s, 50), [] {
      Shared<int> x{0};
      Lock lock;
      lock.acquire();
      x.store(x.load() + 1);
      lock.release();
      check(x.load() == 1, "one increment");
    });
    REQUIRE(r.ok());
    const Stats& st = r.stats();
    CHECK(st.executions > 0);
    CHECK(st.max_enabled_threads == 1);
    CHECK(st.executions_with_conflicts == 0);
    CHECK(st.vacuous());
    CHECK_THAT(r.summary(), Catch::Contains(kWarning) && Catch::Contains("no scheduling point ever had two"));
  }
}

TEST_CASE("vacuity: threads that touch only their own Shared are vacuous by no conflict", "[vacuity]") {
  for (Strategy s : {Strategy::random, Strategy::dfs, Strategy::dpor}) {
    INFO("strategy " << to_string(s));
    const Result r = explore(options_for(s, 200), [] {
      Shared<int> x{0}, y{0};
      Thread a([&] { x.store(x.load() + 1); });
      Thread b([&] { y.store(y.load() + 1); });
      a.start();
      b.start();
      a.join();
      b.join();
    });
    REQUIRE(r.ok());
    const Stats& st = r.stats();
    CHECK(st.executions > 0);
    CHECK(st.max_enabled_threads >= 2);  // there were choices...
    CHECK(st.executions_with_conflicts == 0);  // ...but none between dependent operations
    CHECK(st.vacuous());
    CHECK_THAT(r.summary(), Catch::Contains(kWarning) && Catch::Contains("never touched a common object"));
  }
}

TEST_CASE("vacuity: two threads incrementing under a Lock are not vacuous", "[vacuity]") {
  for (Strategy s : {Strategy::random, Strategy::dfs, Strategy::dpor}) {
    INFO("strategy " << to_string(s));
    const Result r = explore(options_for(s, 200), [] {
      Shared<int> counter{0};
      Lock lock;
      auto inc = [&] {
        std::lock_guard g(lock);
        counter.store(counter.load() + 1);
      };
      Thread a(inc), b(inc);
      a.start();
      b.start();
      a.join();
      b.join();
      check(counter.load() == 2, "lost update under a lock");
    });
    REQUIRE(r.ok());
    const Stats& st = r.stats();
    CHECK(st.max_enabled_threads >= 2);
    CHECK(st.executions_with_conflicts > 0);
    CHECK(st.executions_with_conflicts <= st.executions);
    CHECK_FALSE(st.vacuous());
    CHECK_THAT(r.summary(), !Catch::Contains(kWarning));
    CHECK_THAT(r.summary(), Catch::StartsWith("ok"));
  }
}

TEST_CASE("vacuity: a thread joined right after its start never overlaps: vacuous despite a conflict", "[vacuity]") {
  // The child writes, the parent reads after join: two threads touch one object in a
  // conflicting way, but the parent's next operation is the join, so no scheduling point
  // ever has two threads able to run.
  const Result r = explore(options_for(Strategy::dfs), [] {
    Shared<int> x{0};
    Thread a([&] { x.store(1); });
    a.start();
    a.join();
    check(x.load() == 1, "the child's write");
  });
  REQUIRE(r.ok());
  CHECK(r.stats().complete);
  CHECK(r.stats().executions == 1);
  CHECK(r.stats().max_enabled_threads == 1);
  CHECK(r.stats().executions_with_conflicts == 1);
  CHECK(r.stats().vacuous());
  CHECK_THAT(r.summary(), Catch::Contains(kWarning) && Catch::Contains("no scheduling point ever had two"));
}

TEST_CASE("vacuity: a parent that works between start and join overlaps its child", "[vacuity]") {
  const Result r = explore(options_for(Strategy::dfs), [] {
    Shared<int> x{0};
    Lock lock;
    Thread a([&] {
      std::lock_guard g(lock);
      x.store(x.load() + 1);
    });
    a.start();
    {
      std::lock_guard g(lock);
      x.store(x.load() + 1);
    }
    a.join();
    check(x.load() == 2, "both increments");
  });
  REQUIRE(r.ok());
  CHECK(r.stats().complete);
  CHECK(r.stats().executions > 1);
  CHECK(r.stats().max_enabled_threads == 2);
  CHECK(r.stats().executions_with_conflicts == r.stats().executions);
  CHECK_FALSE(r.stats().vacuous());
  CHECK_THAT(r.summary(), !Catch::Contains(kWarning));
}

TEST_CASE("vacuity: Stats::vacuous() is false before anything ran", "[vacuity]") {
  Stats st;
  CHECK_FALSE(st.vacuous());
  st.executions = 3;
  st.max_enabled_threads = 1;
  st.executions_with_conflicts = 3;
  CHECK(st.vacuous());
  st.max_enabled_threads = 2;
  CHECK_FALSE(st.vacuous());
  st.executions_with_conflicts = 0;
  CHECK(st.vacuous());
}
