// Which executions teach a learning strategy (model/execution_rounds.hpp), and what that leaves
// surw able to learn: an object that only rare executions share must still become one of its
// candidates, while the executions that teach stay few enough for a shard to run them all.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include <weft/weft.hpp>

#include "model/execution_rounds.hpp"
#include "model/rng.hpp"
#include "model/surw_strategy.hpp"
#include "tests/model/surw_events.hpp"

using namespace weft;

TEST_CASE("surw keeps learning: an object that only rare executions share becomes a candidate") {
  // T0 starts T1 and both write S in every execution; in about one execution in 100, none of
  // them among the first 64 (as when sharing needs a rare interleaving or input), both write X
  // too. A search that learned only from its first executions, or only from those numbered by a
  // power of two, would never sample X.
  constexpr ObjectId kThread1 = 0, S = 1, X = 2;
  const auto ev = test::event;
  const auto body = [&](bool shares_x) {
    std::vector<TraceEvent> events{test::started(0, 1, kThread1), ev(0, OpKind::shared_write, ObjectKind::shared, S),
                                   ev(1, OpKind::shared_write, ObjectKind::shared, S)};
    if (shares_x) {
      events.push_back(ev(0, OpKind::shared_write, ObjectKind::shared, X));
      events.push_back(ev(1, OpKind::shared_write, ObjectKind::shared, X));
    }
    events.push_back(ev(1, OpKind::thread_exit, ObjectKind::thread, kThread1));
    events.push_back(ev(0, OpKind::thread_join, ObjectKind::thread, kThread1));
    return events;
  };
  // One index in 100, drawn from the index's own stream of the project's generator.
  const auto rare = [](std::uint64_t i) { return i >= model::kTeachingPrefix && model::Rng(1, i).below(100) == 0; };
  model::SurwStrategy surw(7, true);
  std::uint64_t sharing = 0, learned_at = 0;
  for (std::uint64_t i = 0; i < 100000 && learned_at == 0; ++i) {
    surw.begin_execution(i);
    const bool shares_x = rare(i);
    const std::vector<TraceEvent> events = body(shares_x);
    sharing += shares_x ? 1 : 0;
    sim::ExecutionEnd end;
    end.events = events;
    surw.end_execution(end);
    REQUIRE(surw.candidate(S));
    if (surw.candidate(X)) learned_at = i;
  }
  CAPTURE(sharing, learned_at);
  CHECK(learned_at > 0);
  // By execution 50,000 over 600 executions past the first 64 have taught, so a behaviour of
  // one execution in 100 goes unlearned with odds of about 1 in 400 (0.99^600).
  CHECK(learned_at < 50000);
}

TEST_CASE("the executions that teach: all of the first 64, then ever sparser but never far apart") {
  // Dense enough that a rare behaviour is learned (the test above), sparse enough that a shard
  // runs the others' teaching executions at a small cost (docs/parallel.md, "Shards").
  std::uint64_t teaching = 0, last = 0;
  for (std::uint64_t i = 0; i < 1'000'000; ++i) {
    if (i < model::kTeachingPrefix) REQUIRE(model::teaches(i));
    if (!model::teaches(i)) continue;
    ++teaching;
    // The gap to the previous teaching execution is at most the square root of the index.
    if (i > 0) REQUIRE(static_cast<double>(i - last) <= std::sqrt(static_cast<double>(i)));
    last = i;
  }
  CHECK(teaching >= 2000);   // ~sqrt: 1,000,000 executions learn from a few thousand
  CHECK(teaching <= 10000);  // at most 1% of them pay for a lesson
  // Every round (model/execution_rounds.hpp) past the first 64 executions holds one.
  for (std::uint64_t begin = model::kTeachingPrefix; begin < 1'000'000; begin = model::next_round(begin)) {
    bool any = false;
    for (std::uint64_t i = begin; i < model::next_round(begin) && !any; ++i) any = model::teaches(i);
    REQUIRE(any);
  }
}
