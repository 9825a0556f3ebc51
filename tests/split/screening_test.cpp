// Screening (docs/detectors.md, "Screening"): a search whose only readers of events are the race
// and lock-order detectors records none; its runs keep the short forms the lockset filter reads,
// and a run the filter cannot clear is run again, recording, and judged from that. Results and
// reports must be those of the same search recording every event. In weft_split_tests only
// (WEFT_NO_LABELS_DECLARED): in weft_tests every search records.
#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include <weft/weft.hpp>

#include "scenarios/scenario.hpp"
#include "tests/model/failure_comparison.hpp"
#include "tests/split/recording_options.hpp"

using namespace weft;

#ifdef WEFT_NO_LABELS_DECLARED
namespace {

Options with_detectors(Strategy s, unsigned jobs, bool recorded) {
  return testing::recording_search(s, jobs, recorded, true);
}

void compare(const Result& screened, const Result& recorded) {
  REQUIRE(screened.ok() == recorded.ok());
  if (!recorded.ok()) {
    const std::optional<std::string> d = testing::failure_difference(screened.failure(), recorded.failure());
    CHECK(d.value_or("") == "");
    CHECK_FALSE(screened.failure().trace.events.empty());
  }
  CHECK(screened.stats().executions == recorded.stats().executions);
  CHECK(screened.stats().steps == recorded.stats().steps);
  CHECK(screened.stats().executions_with_conflicts == recorded.stats().executions_with_conflicts);
}

}  // namespace

TEST_CASE("screening: every scenario ends as it does when every event is recorded") {
  std::size_t failing = 0;
  std::size_t races = 0;
  for (const scenarios::Scenario& s : scenarios::all()) {
    for (const Strategy strategy : {Strategy::random, Strategy::pct, Strategy::dfs, Strategy::surw, Strategy::pos}) {
      for (const unsigned jobs : {1u, 2u}) {
        Options o = with_detectors(strategy, jobs, true);
        o.max_executions = 300;
        const Result recorded = explore(o, s.body);
        if (!recorded.ok() && recorded.failure().kind == FailureKind::unresponsive) continue;
        CAPTURE(s.name, to_string(strategy), jobs, recorded.ok() ? "passed" : recorded.failure().message);
        o.count_final_states = false;
        compare(explore(o, s.body), recorded);
        if (!recorded.ok()) ++failing;
        if (!recorded.ok() && recorded.failure().kind == FailureKind::data_race) ++races;
      }
    }
  }
  CHECK(failing >= 30);
  CHECK(races >= 4);
}

TEST_CASE("screening: a race-free locked program runs each execution once") {
  int calls = 0;
  const auto body = [&calls] {
    ++calls;
    Lock lock;
    Shared<int> x{0};
    const auto add = [&] {
      std::lock_guard<Lock> guard(lock);
      x.store(x.load() + 1);
    };
    Thread a(add), b(add);
    a.start();
    b.start();
    a.join();
    b.join();
    check(x.load() == 2, "two locked increments");
  };
  for (const SharedPoints points : {SharedPoints::every_access, SharedPoints::sync_only}) {
    CAPTURE(to_string(points));
    calls = 0;
    Options o = with_detectors(Strategy::random, 1, false);
    o.shared_points = points;
    o.max_executions = 200;
    const Result r = explore(o, body);
    REQUIRE(r.ok());
    CHECK(calls == 200);  // no execution run again to record it
  }
}

TEST_CASE("screening: a race is found when the child writes before its first scheduling point") {
  // Under sync_only the child's write is made while its parent's start() is still running: the
  // start must count as one before the write does, or the main thread's unlocked write would
  // look ordered after everything and the race would be missed.
  int calls = 0;
  for (const SharedPoints points : {SharedPoints::every_access, SharedPoints::sync_only}) {
    CAPTURE(to_string(points));
    calls = 0;
    Options o = with_detectors(Strategy::random, 1, false);
    o.shared_points = points;
    const Result r = explore(o, [&calls] {
      ++calls;
      Shared<int> x{0};
      Thread t([&x] { x.store(1); });
      t.start();
      x.store(2);
      t.join();
    });
    REQUIRE_FALSE(r.ok());
    CHECK(r.failure().kind == FailureKind::data_race);
    CHECK(r.stats().executions == 1);
    CHECK_FALSE(r.failure().trace.events.empty());
  }
}

TEST_CASE("screening: accesses ordered by start and join alone are cleared without a second run") {
  int calls = 0;
  Options o = with_detectors(Strategy::random, 1, false);
  o.max_executions = 50;
  const Result r = explore(o, [&calls] {
    ++calls;
    Shared<int> x{0};
    x.store(1);
    Thread t([&x] { x.store(x.load() + 1); });
    t.start();
    t.join();
    check(x.load() == 2, "the child's write is seen after the join");
  });
  REQUIRE(r.ok());
  CHECK(calls == 50);
}

TEST_CASE("screening: locks that always nest in one order are cleared without a second run") {
  int calls = 0;
  Options o = with_detectors(Strategy::random, 1, false);
  o.max_executions = 100;
  const Result r = explore(o, [&calls] {
    ++calls;
    Lock outer, inner;
    const auto both = [&] {
      std::lock_guard<Lock> a(outer);
      std::lock_guard<Lock> b(inner);
    };
    Thread t(both);
    t.start();
    both();
    t.join();
  });
  REQUIRE(r.ok());
  CHECK(r.stats().executions == 100);
  CHECK(calls == 100);
}

TEST_CASE("screening: a program whose locks nest in both orders soon records from the start") {
  // A and B are taken in both orders, always under the gate G: the lock-order detector finds no
  // inversion (G keeps the two apart), but the screen sees a cycle and cannot clear a run. The
  // first 8 are run again to record them, and then the judge asks for recording.
  int calls = 0;
  Options o = with_detectors(Strategy::random, 1, false);
  o.max_executions = 100;
  const Result r = explore(o, [&calls] {
    ++calls;
    Lock gate, a, b;
    Thread t([&] {
      std::lock_guard<Lock> g(gate);
      std::lock_guard<Lock> first(a);
      std::lock_guard<Lock> second(b);
    });
    t.start();
    {
      std::lock_guard<Lock> g(gate);
      std::lock_guard<Lock> first(b);
      std::lock_guard<Lock> second(a);
    }
    t.join();
  });
  REQUIRE(r.ok());
  CHECK(r.stats().executions == 100);
  CHECK(calls == 108);
}

TEST_CASE("screening: a lock-order inversion is found as when every event is recorded") {
  const auto body = [] {
    Lock a, b;
    Thread t([&] {
      std::lock_guard<Lock> first(a);
      std::lock_guard<Lock> second(b);
    });
    t.start();
    {
      std::lock_guard<Lock> first(b);
      std::lock_guard<Lock> second(a);
    }
    t.join();
  };
  // dfs: the first execution runs the main thread's critical section before the child's,
  // so it does not deadlock and shows the inversion.
  const Result recorded = explore(with_detectors(Strategy::dfs, 1, true), body);
  const Result screened = explore(with_detectors(Strategy::dfs, 1, false), body);
  REQUIRE_FALSE(recorded.ok());
  REQUIRE_FALSE(screened.ok());
  CHECK(screened.failure().kind == FailureKind::lock_order_inversion);
  compare(screened, recorded);
}

TEST_CASE("screening: an execution that does not repeat when run again to record it is reported as nondeterminism") {
  // Odd calls write without the lock (a race the locksets cannot clear), even calls with it:
  // the run again to record the first execution takes another path.
  int calls = 0;
  const Result r = explore(with_detectors(Strategy::random, 1, false), [&calls] {
    const bool odd = (++calls % 2) == 1;
    Lock lock;
    Shared<int> x{0};
    Thread t([&] {
      std::lock_guard<Lock> guard(lock);
      x.store(1);
    });
    t.start();
    if (odd) {
      x.store(2);
    } else {
      std::lock_guard<Lock> guard(lock);
      x.store(2);
    }
    t.join();
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::nondeterminism);
  CHECK_THAT(r.failure().message, Catch::Contains("to record its events for the race and lock-order detectors"));
  CHECK(calls == 2);
}
#endif
