// Options::shared_points = SharedPoints::sync_only (docs/exploration.md, "Shared accesses"):
// Shared accesses stop being scheduling points and the race detector stands in for them. A
// race-free program keeps its behaviours with fewer steps, a racy one is a data race under
// every strategy, dpor still finds a race that only some orders of the synchronisation show,
// the setting travels in the schedule string, and bad settings are clear errors.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "race_checks.hpp"
#include "tests/scoped_env.hpp"

using namespace weft;
using weft::test::lost_update;

namespace {

Options sync_only(Strategy s, std::uint64_t executions = 1000) {
  Options o = weft::test::options_for(s, executions);
  o.shared_points = SharedPoints::sync_only;
  return o;
}

// Two threads add to a Shared under one lock, twice each: race-free.
void locked_adds() {
  Lock lock;
  Shared<int> total{0};
  auto add = [&] {
    for (int i = 0; i < 2; ++i) {
      std::lock_guard<Lock> g(lock);
      total = total + 1;
    }
  };
  Thread a(add), b(add);
  a.start();
  b.start();
  a.join();
  b.join();
  check(total.load() == 4, "locked adds");
}

// The writer publishes `ready` under the lock, then writes `data` after releasing it; the
// reader reads `data` only when it saw `ready`. A race exactly in the orders where the reader's
// critical section comes second: the other order reads nothing.
void late_write(bool write_inside) {
  Lock lock;
  Shared<bool> ready{false};
  Shared<int> data{0};
  Thread writer([&] {
    lock.acquire();
    ready = true;
    if (write_inside) data = 1;
    lock.release();
    if (!write_inside) data = 1;
  });
  Thread reader([&] {
    lock.acquire();
    const bool seen = ready.load();
    lock.release();
    if (seen) (void)data.load();
  });
  writer.start();
  reader.start();
  writer.join();
  reader.join();
}

}  // namespace

TEST_CASE("shared points: a race-free program passes with fewer scheduling points, so fewer dfs executions, and the same dpor traces") {
  for (Strategy s : {Strategy::dfs, Strategy::dpor}) {
    Options every = sync_only(s, 100000);
    every.shared_points = SharedPoints::every_access;
    const Result all = explore(every, locked_adds);
    const Result sync = explore(sync_only(s, 100000), locked_adds);
    INFO(to_string(s) << ": " << sync.summary());
    REQUIRE(all.ok());
    REQUIRE(sync.ok());
    CHECK(sync.stats().complete);
    CHECK(sync.stats().shared_points == SharedPoints::sync_only);
    // dfs: each Shared access was a branch point; dpor: they never added a trace.
    if (s == Strategy::dfs) CHECK(sync.stats().executions < all.stats().executions);
    if (s == Strategy::dpor) CHECK(sync.stats().executions == all.stats().executions);
    // Both modes commit the same operations; every access is still an event.
    CHECK(sync.stats().steps * all.stats().executions == all.stats().steps * sync.stats().executions);
  }
}

TEST_CASE("shared points: an unlocked increment is a data race under every strategy, never the lost update") {
  for (Strategy s : {Strategy::random, Strategy::pct, Strategy::dfs, Strategy::dpor, Strategy::pos, Strategy::surw}) {
    const Result r = explore(sync_only(s), lost_update);
    INFO(to_string(s) << ": " << r.summary());
    REQUIRE_FALSE(r.ok());
    CHECK(r.failure().kind == FailureKind::data_race);
    // The two accesses made within their steps are marked, and recorded as no points.
    REQUIRE(r.failure().marked_steps.size() == 2);
    for (std::uint32_t step : r.failure().marked_steps) CHECK_FALSE(r.failure().trace.events.at(step).point);
  }
}

TEST_CASE("shared points: dpor finds a race that only one order of the critical sections shows") {
  const Result racy = explore(sync_only(Strategy::dpor), [] { late_write(false); });
  REQUIRE_FALSE(racy.ok());
  CHECK(racy.failure().kind == FailureKind::data_race);
  const Result safe = explore(sync_only(Strategy::dpor), [] { late_write(true); });
  INFO(safe.summary());
  CHECK(safe.ok());
  CHECK(safe.stats().complete);
}

TEST_CASE("shared points: the setting is in the schedule string, so a replay uses it whatever the options say") {
  const Result r = explore(sync_only(Strategy::random), lost_update);
  REQUIRE_FALSE(r.ok());
  Options plain;
  plain.use_environment = false;
  plain.detect_races = false;  // the replay judges races anyway: they stand in for the points
  const Result again = replay(r.failure().schedule, lost_update, plain);
  REQUIRE_FALSE(again.ok());
  CHECK(again.failure().kind == FailureKind::data_race);
  CHECK(again.stats().shared_points == SharedPoints::sync_only);
  CHECK(again.failure().schedule == r.failure().schedule);
}

TEST_CASE("shared points: a benign_race Shared stays a scheduling point, so a loop polling it ends") {
  const Result r = explore(sync_only(Strategy::random, 200), [] {
    Shared<bool> stop{false, benign_race};
    Thread spinner([&] {
      while (!stop.load()) {
      }
    });
    spinner.start();
    stop = true;
    spinner.join();
  });
  INFO(r.summary());
  CHECK(r.ok());
}

TEST_CASE("shared points: a loop polling a plain Shared is a livelock whose report says why") {
  Options o = sync_only(Strategy::dfs, 1);
  o.max_steps = 5000;
  const Result r = explore(o, [] {
    Shared<bool> flag{false};
    Thread spinner([&] {
      while (!flag.load()) {
      }
    });
    spinner.start();
    flag = true;
    spinner.join();
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::step_limit);
  CHECK(r.failure().message.find("sync_only") != std::string::npos);
}

TEST_CASE("shared points: a thread start keeps its child when the child's first steps move the events") {
  // More events than the execution reserves, then a child whose first operations commit
  // events before start() returns (Shared reads within its step; an Event peek in either
  // mode): the start's event must still name the child.
  // The writes before the start put its event at each position around the first growth of
  // the events (1,024 reserved), so that in one of them the child's first event moves them.
  for (SharedPoints mode : {SharedPoints::every_access, SharedPoints::sync_only})
   for (int writes = 1010; writes <= 1030; ++writes) {
    Options o = sync_only(Strategy::dfs, 1);
    o.shared_points = mode;
    o.shrink = false;
    o.verify_replay = false;
    o.max_steps = 10000;
    const Result r = explore(o, [writes] {
      Shared<int> x{0};
      Event e;
      for (int i = 0; i < writes; ++i) x = i;
      Thread child([&] {
        (void)e.is_set();
        (void)x.load();
      });
      child.start();
      child.join();
      check(false, "show the trace");
    });
    INFO(to_string(mode) << ", " << writes << " writes first");
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.failure().kind == FailureKind::check_failed);
    const std::vector<TraceEvent>& events = r.failure().trace.events;
    int starts = 0;
    for (const TraceEvent& ev : events) {
      if (ev.op != OpKind::thread_start) continue;
      ++starts;
      CHECK(ev.has_value);
      CHECK(ev.value == 1);
    }
    CHECK(starts == 1);
  }
}

TEST_CASE("shared points: sync_only without the race detector, and bad settings, are clear errors") {
  Options o = sync_only(Strategy::random, 10);
  o.detect_races = false;
  CHECK_THROWS_WITH(explore(o, locked_adds), Catch::Contains("detect_races"));
  {
    weft::test::ScopedEnv env("WEFT_SHARED_POINTS", "sometimes");
    Options e;
    e.max_executions = 1;
    CHECK_THROWS_WITH(explore(e, locked_adds), Catch::Contains("every_access or sync_only"));
  }
  {
    weft::test::ScopedEnv env("WEFT_SHARED_POINTS", "sync_only");
    Options e;
    e.max_executions = 5;
    const Result r = explore(e, locked_adds);
    CHECK(r.ok());
    CHECK(r.stats().shared_points == SharedPoints::sync_only);
  }
  CHECK(parse_shared_points("every_access") == SharedPoints::every_access);
  CHECK(parse_shared_points("sync_only") == SharedPoints::sync_only);
  CHECK_FALSE(parse_shared_points("sync").has_value());
}
