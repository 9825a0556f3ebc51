// dfs cut into units for several jobs and shards (docs/parallel.md): the units, run one after
// another, are the whole search in its order; with any number of jobs the search runs the
// same executions; the shards of a search run exactly its executions between them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "detect/coverage.hpp"
#include "model/dfs_strategy.hpp"
#include "model/dfs_units.hpp"
#include "model/split_dfs_search.hpp"
#include "sim/execution.hpp"
#include "tests/sim/leak_scope.hpp"

using namespace weft;

namespace {

Options quiet(unsigned jobs) {
  Options o;
  o.strategy = Strategy::dfs;
  o.jobs = jobs;
  o.use_environment = false;
  o.progress = Progress::never;
  o.max_executions = 1000000;
  return o;
}

// The interleavings of a run: each execution's order of events, as the body saw it. Bodies
// on several workers add at once, so under a mutex.
struct Orders {
  std::mutex m;
  std::vector<std::string> seen;
  void add(const std::string& order) {
    const std::lock_guard<std::mutex> g(m);
    seen.push_back(order);
  }
  std::set<std::string> distinct() {
    const std::lock_guard<std::mutex> g(m);
    return {seen.begin(), seen.end()};
  }
};

// Three threads: lock-protected increments, one after a choose(3); each records the order of
// its increments (several executions can share an order). `fail_at`: the order whose
// executions fail their check (empty: none does); `label_at`: the order that satisfies a
// weft::sometimes label (empty: no label).
void three_workers(Orders* orders, const std::string& fail_at = "", const std::string& label_at = "") {
  Shared<int> counter{0};
  Lock lock;
  std::string order;  // fibers of one execution share one OS thread: no race on it
  auto work = [&](char name) {
    std::lock_guard<Lock> g(lock);
    counter.store(counter.load() + 1);
    order += name;
  };
  Thread a([&] { work('a'); }), b([&] { work('b'); }), c([&] {
    order += static_cast<char>('0' + choose(3));
    work('c');
  });
  a.start();
  b.start();
  c.start();
  a.join();
  b.join();
  c.join();
  if (orders != nullptr) orders->add(order);
  check(order != fail_at, "the chosen order");
  if (!label_at.empty()) sometimes(order == label_at, "the chosen order");
}

}  // namespace

TEST_CASE("split dfs: the units run one after another are the whole search, in its order") {
  for (const int bound : {-1, 1}) {
    CAPTURE(bound);
    std::vector<std::string> whole;
    Orders orders;
    const auto body = [&] { three_workers(&orders); };
    sim::Execution ex(sim::ExecutionConfig{});
    model::DfsStrategy all(bound);
    for (std::uint64_t i = 0; !all.complete(); ++i) {
      all.begin_execution(i);
      REQUIRE_FALSE(ex.run(body, all));
    }
    whole = orders.seen;
    REQUIRE(whole.size() > 100);
    for (const std::size_t want : {1u, 2u, 7u, 40u, 1000u}) {
      CAPTURE(want);
      const std::vector<model::DfsUnit> units = model::enumerate_dfs_units(ex, body, bound, want);
      CHECK(units.size() >= std::min<std::size_t>(want, 2));
      orders.seen.clear();
      for (const model::DfsUnit& u : units) {
        model::DfsStrategy unit(bound);
        unit.explore_from(u.start, u.floor);
        for (std::uint64_t i = 0; !unit.complete(); ++i) {
          unit.begin_execution(i);
          REQUIRE_FALSE(ex.run(body, unit));
        }
      }
      CHECK(orders.seen == whole);
    }
  }
}

TEST_CASE("split dfs: 2 and 4 jobs visit exactly the interleavings of one job") {
  Orders one;
  const Result r1 = explore(quiet(1), [&] { three_workers(&one); });
  REQUIRE(r1.ok());
  REQUIRE(r1.stats().complete);
  REQUIRE(one.seen.size() == r1.stats().executions);
  const std::set<std::string> traces = one.distinct();
  REQUIRE(traces.size() > 10);
  for (const unsigned jobs : {2u, 4u}) {
    CAPTURE(jobs);
    Orders many;
    const Result r = explore(quiet(jobs), [&] { three_workers(&many); });
    REQUIRE(r.ok());
    CHECK(r.stats().complete);
    CHECK(r.stats().jobs == jobs);
    CHECK(r.stats().executions == r1.stats().executions);
    CHECK(r.stats().steps == r1.stats().steps);
    CHECK(many.distinct() == traces);  // the units' enumeration runs some twice; none is missed
  }
}

TEST_CASE("split dfs: under an execution budget, several jobs count exactly the one-job search's first executions") {
  // weft_tests declares WEFT_REACHABLE labels, so a unit run past the budget runs again to
  // it; weft_split_tests declares none, so such a unit is cut back from its records.
#ifdef WEFT_NO_LABELS_DECLARED
  REQUIRE_FALSE(detect::any_label_declared());
#else
  REQUIRE(detect::any_label_declared());
#endif
  Orders one;
  Options o = quiet(1);
  const Result all = explore(o, [&] { three_workers(&one); });
  REQUIRE(all.stats().executions > 600);
  for (const std::uint64_t budget : {300u, 301u, 599u}) {
    CAPTURE(budget);
    o.max_executions = budget;
    o.count_final_states = true;
    o.jobs = 1;
    const Result r1 = explore(o, [] { three_workers(nullptr); });
    REQUIRE(r1.stats().budget_exhausted);
    // An order first seen late within the budget fails there; one first seen after the
    // budget never fails within it.
    const auto first_seen = [&](std::size_t k) {
      return static_cast<std::size_t>(std::find(one.seen.begin(), one.seen.end(), one.seen[k]) - one.seen.begin());
    };
    std::size_t late = budget - 1, after = budget;
    while (first_seen(late) != late) --late;
    while (after < one.seen.size() && first_seen(after) != after) ++after;
    REQUIRE(late > 10);  // found well into the search, after units other workers ran
    REQUIRE(after < one.seen.size());
    const std::string last = one.seen[late];
    const std::string next = one.seen[after];
    const Result f1 = explore(o, [&] { three_workers(nullptr, last); });
    REQUIRE_FALSE(f1.ok());
    CHECK(f1.failure().execution == late);
    for (const unsigned jobs : {2u, 4u}) {
      CAPTURE(jobs);
      o.jobs = jobs;
      const Result r = explore(o, [] { three_workers(nullptr); });
      CHECK(r.stats().executions == budget);
      CHECK(r.stats().steps == r1.stats().steps);
      CHECK(r.stats().distinct_final_states == r1.stats().distinct_final_states);
      CHECK(r.stats().budget_exhausted);
      CHECK_FALSE(r.stats().complete);
      const Result f = explore(o, [&] { three_workers(nullptr, last); });
      REQUIRE_FALSE(f.ok());
      CHECK(f.failure().schedule == f1.failure().schedule);
      CHECK(f.failure().report() == f1.failure().report());
      CHECK(f.stats().executions == late + 1);
      CHECK(explore(o, [&] { three_workers(nullptr, next); }).ok());  // beyond the budget
      // Nor does an execution beyond the budget satisfy a coverage label (the cut of the tree
      // runs such executions, and the split search does not count what they record).
      const Result label = explore(o, [&] { three_workers(nullptr, "", next); });
      REQUIRE_FALSE(label.ok());
      CHECK(label.failure().kind == FailureKind::never_reached);
      CHECK(explore(o, [&] { three_workers(nullptr, "", last); }).ok());
    }
  }
}

TEST_CASE("split dfs: three shards run exactly the executions of the whole search between them") {
  Orders whole;
  Options o = quiet(1);
  const Result r = explore(o, [&] { three_workers(&whole); });
  REQUIRE(r.stats().complete);
  o.shard_count = 3;
  std::uint64_t executions = 0, steps = 0;
  std::set<std::string> covered;
  for (std::uint32_t k = 0; k < 3; ++k) {
    CAPTURE(k);
    o.shard_index = k;
    Orders part;
    const Result s = explore(o, [&] { three_workers(&part); });
    REQUIRE(s.ok());
    CHECK(s.stats().complete);  // its own part
    CHECK(s.stats().executions > 0);
    CHECK(s.stats().executions < r.stats().executions);
    executions += s.stats().executions;
    steps += s.stats().steps;
    const std::set<std::string> seen = part.distinct();
    covered.insert(seen.begin(), seen.end());
  }
  CHECK(executions == r.stats().executions);
  CHECK(steps == r.stats().steps);
  CHECK(covered == whole.distinct());
}

TEST_CASE("split dfs: a program that leaves the path its units were cut on is reported as replay_diverged") {
  // The body offers 4 values to its first runs (those that cut the tree) and 2 to the later
  // ones: a unit whose prefix takes value 3 cannot follow it.
  std::atomic<int> runs{0};
  Options o = quiet(2);
  o.verify_replay = false;
  o.shrink = false;
  const Result r = explore(o, [&] {
    const std::uint32_t n = runs.fetch_add(1) < 3 ? 4 : 2;
    Thread t([n] { (void)choose(n); });
    t.start();
    t.join();
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::replay_diverged);
  CHECK(r.failure().message.find("split among workers") != std::string::npos);
}

TEST_CASE("split dfs: a unit that ran past the execution budget counts only the executions within it") {
  // Each unit may run the whole budget (room_unknown), so the one the budget ends in runs
  // past it and is cut back (or run again, where labels are declared) when added up.
  Options o = quiet(1);
  Orders one;
  REQUIRE(explore(o, [&] { three_workers(&one); }).stats().executions > 400);
  o.count_final_states = true;
  for (const std::uint64_t budget : {150u, 377u}) {
    for (const unsigned jobs : {1u, 2u}) {
      CAPTURE(budget, jobs);
      o.max_executions = budget;
      o.jobs = 1;
      const std::string fail_at = one.seen[budget - 7];
      for (const bool fails : {false, true}) {
        const std::function<void()> body = [&] { three_workers(nullptr, fails ? fail_at : ""); };
        const Result expected = explore(o, body);
        model::DfsSplitPlan plan{expected.stats().seed, 0, budget, jobs, true};
        Stats stats;
        model::FinalStates finals;
        detect::CoverageRecorder coverage;
        sim::Execution ex(sim::ExecutionConfig{});
        const model::ElapsedFn elapsed = [] { return 0.0; };
        const model::DfsSplitOutcome out =
            model::run_split_dfs(o, plan, body, ex, stats, finals, coverage, elapsed, {}, {});
        CHECK(out.units > 2);
        CHECK(stats.executions == expected.stats().executions);
        CHECK(stats.steps == expected.stats().steps);
        CHECK(finals.count() == expected.stats().distinct_final_states);
        REQUIRE(out.failure.has_value() == fails);
        if (fails) {
          CHECK(out.failure->failure.schedule == expected.failure().schedule);
          CHECK(out.failure->failure.execution == expected.failure().execution);
        } else {
          CHECK(stats.budget_exhausted);
        }
      }
    }
  }
}

namespace {
volatile bool g_never_set = false;
}  // namespace

TEST_CASE("split dfs: a first execution that never ends is not run again for each cut") {
  // The spinner never reaches a weft operation: each execution waits for the watchdog. The
  // cut stops at the first failing execution (here the first), so the body runs twice: the
  // cut's look at the tree and the search's execution 0, not once per unit.
  LeakScope expected_leaks;
  std::atomic<int> runs{0};
  Options o = quiet(2);
  o.watchdog_seconds = 0.2;
  const Result r = explore(o, [&] {
    runs.fetch_add(1);
    Shared<int> x{0};
    Thread spinner([&] {
      x = 1;
      while (!g_never_set) {
      }
    });
    Thread other([&] { x = 2; });
    spinner.start();
    other.start();
    spinner.join();
    other.join();
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::unresponsive);
  CHECK(r.stats().executions == 1);
  CHECK(runs.load() == 2);
}

TEST_CASE("parallel workers: split dfs on 2 and 4 jobs runs a small search as one job does") {
  // Small enough for the TSan build (scripts/quickstart.sh runs the "parallel workers" tests
  // there), which checks the workers' coordination: taking units, adding them up, stopping.
  const auto body = [](Orders* orders) {
    Lock lock;
    std::string order;
    auto work = [&](char name) {
      std::lock_guard<Lock> g(lock);
      order += name;
    };
    Thread a([&] { work('a'); }), b([&] {
      order += static_cast<char>('0' + choose(2));
      work('b');
    });
    a.start();
    b.start();
    a.join();
    b.join();
    orders->add(order);
  };
  Orders one;
  const Result r1 = explore(quiet(1), [&] { body(&one); });
  REQUIRE(r1.stats().complete);
  for (const unsigned jobs : {2u, 4u}) {
    CAPTURE(jobs);
    Orders many;
    const Result r = explore(quiet(jobs), [&] { body(&many); });
    CHECK(r.ok());
    CHECK(r.stats().jobs == jobs);
    CHECK(r.stats().executions == r1.stats().executions);
    CHECK(r.stats().steps == r1.stats().steps);
    CHECK(many.distinct() == one.distinct());
  }
}
