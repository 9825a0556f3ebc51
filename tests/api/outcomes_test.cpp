// weft::outcomes, the outcome histogram (docs/outcomes.md): the lost update's outcomes and
// counts under a complete dpor search, derived by hand; every printed schedule replays to its
// outcome; the histogram is deterministic and keeps exploring past failures.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "scenarios/scenario.hpp"

using namespace weft;

namespace {

Options with(Strategy s, std::uint64_t executions = 100000) {
  Options o;
  o.strategy = s;
  o.max_executions = executions;
  o.use_environment = false;
  return o;
}

const std::function<void()>& lost_update() {
  const scenarios::Scenario* s = scenarios::find("lost_update");
  REQUIRE(s != nullptr);
  return s->body;
}

// The outcome that ended as `failure` with the counter (its only written object) at `value`.
const Outcome* find(const Outcomes& h, std::optional<FailureKind> failure, std::int64_t value) {
  for (const Outcome& o : h.outcomes)
    if (o.failure == failure && o.values.size() == 1 && o.values[0].value == value) return &o;
  return nullptr;
}

// The value the last write in `trace` left (the lost update writes one object only).
std::int64_t last_written(const Trace& trace) {
  std::int64_t v = -1;
  for (const TraceEvent& e : trace.events)
    if (e.op == OpKind::shared_write) v = e.value;
  return v;
}

}  // namespace

TEST_CASE("outcomes: the lost update under complete dpor has 2 outcomes of 2 traces each") {
  // lost_update: threads a and b each run r (read counter) then w (write counter + 1); the
  // main thread starts both, joins both, then reads the counter. Only the counter is
  // written. Two reads commute; a read and a write, or two writes, of the counter do not.
  // So a Mazurkiewicz trace is fixed by the order of the dependent pairs (ra,wb), (rb,wa)
  // and (wa,wb), with ra < wa and rb < wb in program order:
  //   1. wa before rb: a's read and write both precede b's read: counter == 2, ok;
  //   2. wb before ra: the mirror image: counter == 2, ok;
  //   3. both reads before both writes, wa before wb: each thread read 0, counter == 1;
  //   4. the same with wb before wa: counter == 1.
  // (wa before rb and wb before ra together would be a cycle.) Four traces (the README's
  // "two x = x + 1 threads: 4"): two end ok with 2, two fail the check with 1. The threads'
  // accesses are never ordered by synchronisation, so every execution also has a data race,
  // which annotates both outcomes and replaces neither.
  const Outcomes h = outcomes(with(Strategy::dpor), lost_update());
  REQUIRE(h.stats.complete);
  CHECK(h.unit == OutcomeUnit::trace);
  CHECK(h.exhaustive_counts());
  CHECK(h.counting().find("per Mazurkiewicz trace") != std::string::npos);
  REQUIRE(h.outcomes.size() == 2);
  CHECK(h.total() == 4);
  CHECK(h.stats.executions - h.stats.pruned == 4);
  const Outcome* two = find(h, std::nullopt, 2);
  const Outcome* one = find(h, FailureKind::check_failed, 1);
  REQUIRE(two != nullptr);
  REQUIRE(one != nullptr);
  CHECK(two->count == 2);
  CHECK(one->count == 2);
  CHECK(two->share == Approx(0.5));
  CHECK(one->share == Approx(0.5));
  CHECK(one->message.find("lost update") != std::string::npos);
  for (const Outcome* o : {two, one}) {
    CHECK(o->values[0].label.rfind("Shared#", 0) == 0);
    REQUIRE(o->findings.size() == 1);
    CHECK(o->findings[0].kind == FailureKind::data_race);
    CHECK(o->findings[0].count == o->count);
  }
  CHECK(two->text() == "ok: " + two->values[0].label + " == 2");
  CHECK(one->text() == "check failed: " + one->values[0].label + " == 1");
  // Ordered by first occurrence.
  CHECK(h.outcomes[0].first_execution < h.outcomes[1].first_execution);
}

TEST_CASE("outcomes: each outcome's schedule replays to that outcome") {
  for (Strategy s : {Strategy::dpor, Strategy::dfs, Strategy::surw}) {
    const Outcomes h = outcomes(with(s, 200), lost_update());
    REQUIRE(h.outcomes.size() == 2);
    for (const Outcome& o : h.outcomes) {
      INFO(to_string(s) << ": " << o.text() << " " << o.schedule);
      const Outcome again = replay_outcome(o.schedule, lost_update(), with(s));
      CHECK(again.same_state(o));
      CHECK(again.count == 1);
      // Independently of the outcome code: the plain replay, detectors off, passes exactly
      // when the outcome is ok (the check then saw 2), and else fails the check with the
      // outcome's value as the counter's last write.
      Options quiet = with(s);
      quiet.detect_races = false;
      const Result r = replay(o.schedule, lost_update(), quiet);
      REQUIRE(r.ok() == o.ok());
      if (!r.ok()) {
        CHECK(r.failure().kind == FailureKind::check_failed);
        CHECK(last_written(r.failure().trace) == o.values[0].value);
      }
    }
  }
}

TEST_CASE("outcomes: the same options give the same histogram; dfs reaches dpor's outcomes per interleaving") {
  const auto rows = [](const Outcomes& h) {
    std::vector<std::string> out;
    for (const Outcome& o : h.outcomes)
      out.push_back(o.text() + " " + std::to_string(o.count) + " " + o.schedule);
    return out;
  };
  for (Strategy s : {Strategy::dpor, Strategy::dfs, Strategy::surw, Strategy::random, Strategy::pct}) {
    INFO(to_string(s));
    CHECK(rows(outcomes(with(s, 300), lost_update())) == rows(outcomes(with(s, 300), lost_update())));
  }
  const Outcomes dfs = outcomes(with(Strategy::dfs), lost_update());
  const Outcomes dpor = outcomes(with(Strategy::dpor), lost_update());
  REQUIRE(dfs.stats.complete);
  CHECK(dfs.unit == OutcomeUnit::interleaving);
  CHECK(dfs.counting().find("per interleaving") != std::string::npos);
  REQUIRE(dfs.outcomes.size() == dpor.outcomes.size());
  for (const Outcome& o : dpor.outcomes) {
    const Outcome* same = find(dfs, o.failure, o.values[0].value);
    REQUIRE(same != nullptr);
    CHECK(same->count >= o.count);  // every trace holds one or more interleavings
  }
  CHECK(dfs.total() == dfs.stats.executions - dfs.stats.pruned);
}

TEST_CASE("outcomes: a sampled search keeps exploring past failures and counts executions") {
  const Outcomes h = outcomes(with(Strategy::surw, 100), lost_update());
  CHECK(h.stats.executions == 100);
  CHECK(h.total() == 100);
  CHECK_FALSE(h.stats.complete);
  CHECK(h.unit == OutcomeUnit::execution);
  CHECK_FALSE(h.exhaustive_counts());
  CHECK(h.counting().find("per sampled execution") != std::string::npos);
  CHECK(find(h, std::nullopt, 2) != nullptr);
  CHECK(find(h, FailureKind::check_failed, 1) != nullptr);
  // An incomplete exhaustive search says so too.
  const Outcomes cut = outcomes(with(Strategy::dfs, 2), lost_update());
  CHECK(cut.unit == OutcomeUnit::execution);
  CHECK(cut.stats.budget_exhausted);
  CHECK(cut.counting().find("stopped before it was complete") != std::string::npos);
}

TEST_CASE("outcomes: the table shows each outcome with count, share and schedule, then what a count is") {
  const Outcomes h = outcomes(with(Strategy::dpor), lost_update());
  const std::string t = h.table();
  for (const Outcome& o : h.outcomes) {
    CHECK(t.find(o.text()) != std::string::npos);
    CHECK(t.find(o.schedule) != std::string::npos);
  }
  CHECK(t.find(" 50.0%") != std::string::npos);
  CHECK(t.find("data race in 2 of 2") != std::string::npos);
  CHECK(t.find("counts are per Mazurkiewicz trace") != std::string::npos);
}

TEST_CASE("outcomes: a program that writes nothing has one outcome, and a shard is refused") {
  const Outcomes h = outcomes(with(Strategy::dpor), [] {});
  REQUIRE(h.outcomes.size() == 1);
  CHECK(h.outcomes[0].text() == "ok: (nothing written)");
  CHECK(h.outcomes[0].share == Approx(1.0));
  Options shard = with(Strategy::random, 10);
  shard.shard_count = 2;
  CHECK_THROWS_AS(outcomes(shard, [] {}), UsageError);
  CHECK_THROWS_AS(replay_outcome("not a schedule", [] {}, with(Strategy::dpor)), UsageError);
}

TEST_CASE("outcomes: a named object is shown by the trace's label for it") {
  const Outcomes h = outcomes(with(Strategy::dpor), [] {
    Shared<int> counter{Name{"counter"}, 0};
    Thread t([&] { counter.store(1); });
    t.start();
    t.join();
  });
  REQUIRE(h.outcomes.size() == 1);
  REQUIRE(h.outcomes[0].values.size() == 1);
  CHECK(h.outcomes[0].values[0].label.find("counter") != std::string::npos);
  CHECK(h.outcomes[0].text() == "ok: " + h.outcomes[0].values[0].label + " == 1");
}
