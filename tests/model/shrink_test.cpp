// Schedule shrinking (docs/shrinking.md): a failure is reported with the smallest failing
// execution the replay-checked search found, in preemptions, then steps.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include <weft/errors.hpp>
#include <weft/weft.hpp>

#include "model/schedule_shrinker.hpp"
#include "scenarios/scenario.hpp"
#include "tests/scoped_env.hpp"

using namespace weft;

namespace {

Options quiet(Strategy s, std::uint64_t seed) {
  Options o;
  o.strategy = s;
  o.seed = seed;
  o.max_executions = 10000;
  o.use_environment = false;
  o.progress = Progress::never;
  return o;
}

std::uint32_t preemptions(const Failure& f) { return model::count_preemptions(f.trace.events); }

const scenarios::Scenario& scenario(const std::string& name) {
  const scenarios::Scenario* s = scenarios::find(name);
  REQUIRE(s != nullptr);
  return *s;
}

}  // namespace

TEST_CASE("shrinking: lost_update shrinks to its one necessary preemption, whatever the strategy and seed") {
  // Minimum 1: without a preemption every thread runs until it blocks or ends; main starts
  // both workers and blocks in join, and each worker's read and write then run back to back,
  // so no update is lost. One suffices: T1 reads, is preempted, T2 reads and writes, T1 writes.
  for (Strategy s : {Strategy::random, Strategy::pct, Strategy::pos, Strategy::surw, Strategy::dfs}) {
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
      Options o = quiet(s, seed);
      o.detect_races = false;  // the lost update itself, not the race report
      const Result r = explore(o, scenario("lost_update").body);
      CAPTURE(to_string(s), seed);
      REQUIRE_FALSE(r.ok());
      const Failure& f = r.failure();
      CHECK(f.kind == FailureKind::check_failed);
      REQUIRE(f.shrink.has_value());
      CHECK(f.shrink->preemptions == 1);
      CHECK(preemptions(f) == 1);  // the reported trace is the shrunk execution
      CHECK(f.shrink->preemptions_before >= f.shrink->preemptions);
      CHECK(f.shrink->steps == f.trace.events.size());
      const Result again = replay(f.schedule, scenario("lost_update").body, o);
      REQUIRE_FALSE(again.ok());
      CHECK(again.failure().kind == FailureKind::check_failed);
      CHECK(preemptions(again.failure()) == 1);
    }
  }
}

TEST_CASE("shrinking: lock_order_deadlock shrinks to its one necessary preemption") {
  // Minimum 1: without a preemption `forward` takes both locks and releases them before
  // `backward` runs. One suffices: forward takes `first`, is preempted, backward takes
  // `second` and blocks on `first`; forward blocks on `second` (switches on blocking are no
  // preemptions).
  for (Strategy s : {Strategy::random, Strategy::pct, Strategy::surw, Strategy::dfs, Strategy::dpor}) {
    Options o = quiet(s, 3);
    o.detect_lock_order = false;  // the deadlock itself, not its prediction
    const Result r = explore(o, scenario("lock_order_deadlock").body);
    CAPTURE(to_string(s));
    REQUIRE_FALSE(r.ok());
    CHECK(r.failure().kind == FailureKind::deadlock);
    REQUIRE(r.failure().shrink.has_value());
    CHECK(r.failure().shrink->preemptions == 1);
    CHECK(preemptions(r.failure()) == 1);
  }
}

// Every failing scenario of `weft list`: tests/model/shrink_scenarios_test.cpp.

TEST_CASE("shrinking: off with Options::shrink = false or WEFT_SHRINK=0; a zero budget is a usage error") {
  Options o = quiet(Strategy::random, 1);
  o.detect_races = false;
  o.shrink = false;
  const Result r = explore(o, scenario("lost_update").body);
  REQUIRE_FALSE(r.ok());
  CHECK_FALSE(r.failure().shrink.has_value());
  CHECK(r.failure().report().find("shrunk") == std::string::npos);
  {
    const test::ScopedEnv off("WEFT_SHRINK", "0");
    CHECK_FALSE(apply_environment(Options{}).shrink);
  }
  {
    const test::ScopedEnv bad("WEFT_SHRINK", "sometimes");
    CHECK_THROWS_AS(apply_environment(Options{}), UsageError);
  }
  o.shrink = true;
  o.shrink_executions = 0;
  CHECK_THROWS_AS(explore(o, scenario("lost_update").body), UsageError);
}

TEST_CASE("shrinking: the report says what the failure was shrunk from, and the result is deterministic") {
  Options o = quiet(Strategy::random, 7);
  o.detect_races = false;
  const Result a = explore(o, scenario("lost_update").body);
  const Result b = explore(o, scenario("lost_update").body);
  REQUIRE_FALSE(a.ok());
  REQUIRE(a.failure().shrink.has_value());
  CHECK(a.failure().schedule == b.failure().schedule);
  const Failure::Shrink& s = *a.failure().shrink;
  const std::string report = a.failure().report();
  if (s.preemptions < s.preemptions_before)
    CHECK(report.find("shrunk from " + std::to_string(s.preemptions_before)) != std::string::npos);
  else
    CHECK(report.find("not shrunk: ") != std::string::npos);
  const bool names_one = report.find("to 1 preemption / ") != std::string::npos ||
                         report.find("not shrunk: 1 preemption") != std::string::npos;
  CHECK(names_one);
}
