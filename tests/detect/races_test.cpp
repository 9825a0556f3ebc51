// The data-race detector end to end through the public API (detect/race_detector.cpp):
// unsynchronised accesses to a Shared<T> are FailureKind::data_race in the very first execution
// under every strategy, the report marks the two accesses and names their lines, a benign_race
// Shared is exempt, a race outranks a later check failure, a replay reports the same race, and
// judging never changes what is explored.
// Names start with "races: " (the TSan job selects real-thread tests by other prefixes).
#include <catch2/catch.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "race_checks.hpp"

using namespace weft;
using weft::test::check_marked_accesses;
using weft::test::increment_twice;
using weft::test::lost_update;
using weft::test::options_for;

namespace {

const std::vector<Strategy> kStrategies{Strategy::random, Strategy::pct, Strategy::dfs, Strategy::dpor};

// The lines of the two writes, set by the threads as they run.
int g_write_a_line = 0;
int g_write_b_line = 0;

void two_writers() {
  Shared<int> x{0};
  Thread a([&] { g_write_a_line = __LINE__; x.store(1); });
  Thread b([&] { g_write_b_line = __LINE__; x.store(1); });
  a.start();
  b.start();
  a.join();
  b.join();
}

void locked_counter() {
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
}

std::string at_line(int line) { return "races_test.cpp:" + std::to_string(line); }

// Two writers of one Shared tagged benign_race.
void benign_writers() {
  Shared<int> x{0, benign_race};
  Thread a([&] { x.store(1); });
  Thread b([&] { x.store(2); });
  a.start();
  b.start();
  a.join();
  b.join();
}

// The lost update on a Shared tagged benign_race: its check still fails.
void benign_lost_update() {
  Shared<int> counter{0, benign_race};
  increment_twice(counter);
}

// Two writers of two Shareds, the first tagged benign_race, the second not.
void one_benign_one_not() {
  Shared<int> quiet{0, benign_race};
  Shared<int> loud{0};
  Thread a([&] {
    quiet.store(1);
    loud.store(1);
  });
  Thread b([&] {
    quiet.store(2);
    loud.store(2);
  });
  a.start();
  b.start();
  a.join();
  b.join();
}

}  // namespace

TEST_CASE("races: two unsynchronised writers are a data race in the first execution of every strategy", "[races]") {
  for (Strategy s : kStrategies) {
    INFO("strategy " << to_string(s));
    const Result r = explore(options_for(s), two_writers);
    REQUIRE_FALSE(r.ok());
    const Failure& f = r.failure();
    CHECK(f.kind == FailureKind::data_race);
    CHECK(f.execution == 0);
    CHECK(r.stats().executions == 1);
    check_marked_accesses(f);
    const TraceEvent& a = f.trace.events[f.marked_steps[0]];
    const TraceEvent& b = f.trace.events[f.marked_steps[1]];
    CHECK(a.op == OpKind::shared_write);
    CHECK(b.op == OpKind::shared_write);
    // T1 and T2 are the writers; the main thread (T0) never touches x.
    CHECK(((a.thread == 1 && b.thread == 2) || (a.thread == 2 && b.thread == 1)));
    // Exactly two writes in the trace: the marked steps are those two, nothing else.
    std::vector<std::uint32_t> writes;
    for (const TraceEvent& e : f.trace.events)
      if (e.op == OpKind::shared_write) writes.push_back(e.step);
    CHECK(writes == f.marked_steps);
    // Both source lines are named, in the message and in the details.
    REQUIRE(g_write_a_line > 0);
    REQUIRE(g_write_b_line > 0);
    CHECK_THAT(f.message, Catch::Contains(at_line(g_write_a_line)) && Catch::Contains(at_line(g_write_b_line)) &&
                              Catch::Contains("nothing orders the two"));
    CHECK_THAT(f.details, Catch::Contains("first access:") && Catch::Contains("second access:") &&
                              Catch::Contains(at_line(g_write_a_line)) && Catch::Contains(at_line(g_write_b_line)));
    CHECK_THAT(f.report(), Catch::Contains("data race"));
  }
}

TEST_CASE("races: a lost update is a data race in the first execution of every strategy", "[races]") {
  for (Strategy s : kStrategies) {
    INFO("strategy " << to_string(s));
    const Result r = explore(options_for(s), lost_update);
    REQUIRE_FALSE(r.ok());
    const Failure& f = r.failure();
    CHECK(f.kind == FailureKind::data_race);
    CHECK(f.execution == 0);
    check_marked_accesses(f);
    const TraceEvent& a = f.trace.events[f.marked_steps[0]];
    const TraceEvent& b = f.trace.events[f.marked_steps[1]];
    CHECK(a.thread != 0);
    CHECK(b.thread != 0);
  }
}

TEST_CASE("races: with detect_races off, dfs finds the lost update as a check failure and no race", "[races]") {
  Options o = options_for(Strategy::dfs);
  o.detect_races = false;
  const Result r = explore(o, lost_update);
  REQUIRE_FALSE(r.ok());
  const Failure& f = r.failure();
  CHECK(f.kind == FailureKind::check_failed);
  CHECK(f.message == "lost update");
  CHECK(f.execution > 0);  // the first, sequential execution passes the check
  CHECK(f.marked_steps.empty());
  CHECK_THAT(f.report(), !Catch::Contains("data race"));

  SECTION("and two racing writers pass every execution") {
    const Result w = explore(o, two_writers);
    CHECK(w.ok());
    CHECK(w.stats().complete);
  }
}

TEST_CASE("races: a Shared tagged benign_race is not reported", "[races]") {
  for (Strategy s : {Strategy::dfs, Strategy::dpor}) {
    INFO("strategy " << to_string(s));
    const Result r = explore(options_for(s), benign_writers);
    CHECK(r.ok());
    CHECK(r.stats().complete);
  }

  // The tag exempts only its own variable, and never a failed check.
  const Result lost = explore(options_for(Strategy::dfs), benign_lost_update);
  REQUIRE_FALSE(lost.ok());
  CHECK(lost.failure().kind == FailureKind::check_failed);

  const Result mixed = explore(options_for(Strategy::dfs), one_benign_one_not);
  REQUIRE_FALSE(mixed.ok());
  const Failure& f = mixed.failure();
  CHECK(f.kind == FailureKind::data_race);
  CHECK(f.execution == 0);
  check_marked_accesses(f);
  // The marked accesses are to `loud`, the second Shared each thread writes.
  const TraceEvent& first = f.trace.events[f.marked_steps[0]];
  std::vector<ObjectId> written;
  for (const TraceEvent& e : f.trace.events)
    if (e.op == OpKind::shared_write && e.thread == first.thread) written.push_back(e.object);
  REQUIRE(written.size() == 2);
  CHECK(first.object == written[1]);
}

TEST_CASE("races: a race outranks a check failure in the same execution", "[races]") {
  auto racy_then_failing = [] {
    two_writers();
    check(false, "boom after the race");
  };
  for (Strategy s : kStrategies) {
    INFO("strategy " << to_string(s));
    const Result r = explore(options_for(s), racy_then_failing);
    REQUIRE_FALSE(r.ok());
    const Failure& f = r.failure();
    CHECK(f.kind == FailureKind::data_race);
    CHECK(f.execution == 0);
    check_marked_accesses(f);
    CHECK_THAT(f.details, Catch::Contains("then failed as well: check failed: boom after the race"));
  }

  // The lost update's failing interleaving, found with detection off, has the race too: judged
  // with detection on, it is the race, and the check failure is in its details.
  Options off = options_for(Strategy::dfs);
  off.detect_races = false;
  const Result lost = explore(off, lost_update);
  REQUIRE_FALSE(lost.ok());
  REQUIRE(lost.failure().kind == FailureKind::check_failed);
  const Result judged = replay(lost.failure().schedule, lost_update, options_for(Strategy::dfs));
  REQUIRE_FALSE(judged.ok());
  CHECK(judged.failure().kind == FailureKind::data_race);
  CHECK_THAT(judged.failure().details, Catch::Contains("then failed as well: check failed: lost update"));
  check_marked_accesses(judged.failure());
}

TEST_CASE("races: replaying a race's schedule reports the same race", "[races]") {
  for (Strategy s : kStrategies) {
    for (const std::function<void()>& body : {std::function<void()>(two_writers), std::function<void()>(lost_update)}) {
      INFO("strategy " << to_string(s));
      const Result r = explore(options_for(s), body);
      REQUIRE_FALSE(r.ok());
      const Failure& f = r.failure();
      REQUIRE(f.kind == FailureKind::data_race);
      const Result again = replay(f.schedule, body, options_for(s));
      REQUIRE_FALSE(again.ok());
      const Failure& g = again.failure();
      CHECK(g.kind == FailureKind::data_race);
      CHECK(g.marked_steps == f.marked_steps);
      CHECK(g.message == f.message);
      CHECK(g.thread == f.thread);
      CHECK(g.trace.events.size() == f.trace.events.size());
      CHECK(again.stats().strategy == Strategy::replay);
    }
  }
}

TEST_CASE("races: judging races does not change what dfs and dpor explore", "[races]") {
  for (Strategy s : {Strategy::dfs, Strategy::dpor}) {
    INFO("strategy " << to_string(s));
    Options on = options_for(s, 100000);
    on.count_final_states = true;
    Options off = on;
    off.detect_races = false;
    off.detect_lock_order = false;
    const Result a = explore(on, locked_counter);
    const Result b = explore(off, locked_counter);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a.stats().complete);
    CHECK(b.stats().complete);
    CHECK(a.stats().executions > 1);
    CHECK(a.stats().executions == b.stats().executions);
    CHECK(a.stats().pruned == b.stats().pruned);
    CHECK(a.stats().steps == b.stats().steps);
    CHECK(a.stats().distinct_final_states == b.stats().distinct_final_states);
    CHECK(a.stats().max_enabled_threads == b.stats().max_enabled_threads);
    CHECK(a.stats().executions_with_conflicts == b.stats().executions_with_conflicts);
  }
}

TEST_CASE("races: the detector running over a racy program leaves its failing schedule unchanged", "[races]") {
  // The same lost update twice: once with detection off, once with detection on over a Shared
  // tagged benign_race (the detector judges every execution but reports nothing). Both find
  // the check failure in the same execution with the same schedule string.
  auto lost_update_on = [](bool benign) {
    return [benign] {
      std::optional<Shared<int>> shared;
      if (benign)
        shared.emplace(0, benign_race);
      else
        shared.emplace(0);
      Shared<int>& counter = *shared;
      auto inc = [&] { counter = counter + 1; };
      Thread a(inc), b(inc);
      a.start();
      b.start();
      a.join();
      b.join();
      check(counter.load() == 2, "lost update");
    };
  };
  for (Strategy s : kStrategies) {
    INFO("strategy " << to_string(s));
    Options off = options_for(s);
    off.detect_races = false;
    const Result a = explore(off, lost_update_on(false));
    const Result b = explore(options_for(s), lost_update_on(true));
    REQUIRE_FALSE(a.ok());
    REQUIRE_FALSE(b.ok());
    CHECK(a.failure().kind == FailureKind::check_failed);
    CHECK(b.failure().kind == FailureKind::check_failed);
    CHECK(a.failure().schedule == b.failure().schedule);
    CHECK(a.failure().execution == b.failure().execution);
    CHECK(a.stats().steps == b.stats().steps);
  }
}
