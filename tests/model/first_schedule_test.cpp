// Options::first_schedule: a recorded schedule tried before exploring, followed as far as it
// applies (docs/property_testing.md; weft/rapidcheck.hpp uses it on shrunk inputs).
#include <catch2/catch.hpp>

#include <string>

#include <weft/errors.hpp>
#include <weft/weft.hpp>

using namespace weft;

namespace {

Options quiet() {
  Options o;
  o.use_environment = false;
  o.progress = Progress::never;
  o.shrink = false;
  return o;
}

// `writers` threads each add 1 to a total with a load and a store; the sum is checked.
void lost_update(int writers) {
  Atomic<int> total{0};
  std::vector<std::unique_ptr<Thread>> threads;
  for (int i = 0; i < writers; ++i) {
    threads.push_back(std::make_unique<Thread>([&] { total.store(total.load() + 1); }));
    threads.back()->start();
  }
  for (auto& t : threads) t->join();
  check(total.load() == writers, "an addition was lost");
}

}  // namespace

TEST_CASE("first_schedule: the failing schedule, tried first, fails at execution 0") {
  Options o = quiet();
  o.strategy = Strategy::dfs;  // its first execution runs each thread to the end: it passes
  const Result found = explore(o, [] { lost_update(2); });
  REQUIRE_FALSE(found.ok());
  REQUIRE(found.failure().execution > 0);

  Options again = quiet();
  again.strategy = Strategy::dfs;
  again.first_schedule = found.failure().schedule;
  const Result r = explore(again, [] { lost_update(2); });
  REQUIRE_FALSE(r.ok());
  CHECK(r.stats().executions == 1);
  CHECK(r.failure().execution == 0);
  CHECK(r.failure().message == found.failure().message);
  CHECK(r.failure().trace.events.size() == found.failure().trace.events.size());
}

TEST_CASE("first_schedule: on a changed program it is followed as far as it applies, never a divergence") {
  Options o = quiet();
  o.strategy = Strategy::dfs;
  const Result found = explore(o, [] { lost_update(3); });
  REQUIRE_FALSE(found.ok());

  // Two writers instead of three: the third thread of the schedule does not exist.
  Options again = quiet();
  again.strategy = Strategy::dfs;
  again.first_schedule = found.failure().schedule;
  const Result r = explore(again, [] { lost_update(2); });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::check_failed);

  // A program that cannot fail: the guided execution passes and dfs then completes its search.
  const Result fine = explore(again, [] {
    Atomic<int> total{0};
    Thread t([&] { total.fetch_add(1); });
    t.start();
    t.join();
  });
  CHECK(fine.ok());
  CHECK(fine.stats().complete);
  CHECK(fine.stats().executions >= 2);  // the guided execution, then dfs's own
}

TEST_CASE("first_schedule: a string that is not a schedule is a usage error naming the option") {
  Options o = quiet();
  o.first_schedule = "not-a-schedule";
  try {
    (void)explore(o, [] {});
    FAIL("no UsageError");
  } catch (const UsageError& e) {
    CHECK(std::string(e.what()).find("Options::first_schedule") != std::string::npos);
  }
}
