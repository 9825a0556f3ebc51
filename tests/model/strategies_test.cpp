// The exploration strategies against each other and against known counts.
#include <catch2/catch.hpp>

#include <set>
#include <utility>

#include <weft/weft.hpp>

using namespace weft;

namespace {
Options with(Strategy s, std::uint64_t executions = 100000) {
  Options o;
  o.strategy = s;
  o.max_executions = executions;
  o.use_environment = false;
  return o;
}

// with(), for the racy programs below (lost updates on purpose): those tests compare what the
// strategies reach and count, not the race report, which would end every search at its first
// execution whatever the strategy or the preemption bound.
Options racy(Strategy s, std::uint64_t executions = 100000) {
  Options o = with(s, executions);
  o.detect_races = false;
  return o;
}

void lost_update() {
  Shared<int> x{0};
  auto inc = [&] { x.store(x.load() + 1); };
  Thread a(inc), b(inc);
  a.start();
  b.start();
  a.join();
  b.join();
  check(x.load() == 2, "lost update");
}
}  // namespace

TEST_CASE("dfs enumerates every value of every choose(): 3 x 2 = 6 executions") {
  std::set<std::pair<int, int>> seen;
  const Result r = explore(with(Strategy::dfs), [&] {
    const int v = static_cast<int>(choose(3));
    const int w = static_cast<int>(choose(2));
    seen.insert({v, w});
  });
  CHECK(r.ok());
  CHECK(r.stats().complete);
  CHECK(r.stats().executions == 6);
  CHECK(seen.size() == 6);
}

TEST_CASE("dfs reaches every final state random reaches, and says when it is complete") {
  auto program = [](std::set<int>& finals) {
    return [&finals] {
      Shared<int> x{1};
      auto step = [&](int id) { x.store(x.load() * 3 + id); };
      Thread a(step, 1), b(step, 2), c(step, 5);
      a.start();
      b.start();
      c.start();
      a.join();
      b.join();
      c.join();
      finals.insert(x.load());
    };
  };
  std::set<int> by_dfs, by_random;
  const Result d = explore(racy(Strategy::dfs), program(by_dfs));
  REQUIRE(d.ok());
  CHECK(d.stats().complete);
  const Result r = explore(racy(Strategy::random, 3000), program(by_random));
  REQUIRE(r.ok());
  for (int v : by_random) CHECK(by_dfs.count(v) == 1);
  CHECK(by_dfs.size() >= by_random.size());
  CHECK(by_dfs.size() > 6);  // more than the 3! serial orders: lost updates give more values
}

TEST_CASE("dfs proves a locked counter correct and finds the lost update") {
  const Result ok = explore(with(Strategy::dfs), [] {
    Lock lock;
    Shared<int> x{0};
    auto inc = [&] {
      std::lock_guard g(lock);
      x.store(x.load() + 1);
    };
    Thread a(inc), b(inc);
    a.start();
    b.start();
    a.join();
    b.join();
    check(x.load() == 2, "lost update");
  });
  CHECK(ok.ok());
  CHECK(ok.stats().complete);
  const Result bad = explore(racy(Strategy::dfs), lost_update);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.failure().kind == FailureKind::check_failed);
  // The failure replays from its string like any other strategy's.
  Options replay_options;
  replay_options.detect_races = false;  // the same judgement as the search that found it
  const Result again = replay(bad.failure().schedule, lost_update, replay_options);
  REQUIRE_FALSE(again.ok());
  CHECK(again.failure().message == "lost update");
}

TEST_CASE("preemption bounding: the lost update needs one preemption") {
  Options zero = racy(Strategy::dfs);
  zero.preemption_bound = 0;
  const Result r0 = explore(zero, lost_update);
  CHECK(r0.ok());
  CHECK(r0.stats().complete);
  Options one = racy(Strategy::dfs);
  one.preemption_bound = 1;
  const Result r1 = explore(one, lost_update);
  REQUIRE_FALSE(r1.ok());
  // A bounded search runs fewer executions than the unbounded one.
  Options unbounded = racy(Strategy::dfs);
  std::uint64_t all = 0, bounded = 0;
  auto count_all = [](Options o) {
    o.max_executions = 100000;
    return explore(o, [] {
             Shared<int> x{0};
             auto inc = [&] { x.store(x.load() + 1); };
             Thread a(inc), b(inc), c(inc);
             a.start();
             b.start();
             c.start();
             a.join();
             b.join();
             c.join();
           })
        .stats()
        .executions;
  };
  all = count_all(unbounded);
  bounded = count_all(one);
  CHECK(bounded < all);
}

TEST_CASE("pct finds the lost update and its failures replay") {
  Options o = racy(Strategy::pct, 200);  // pct must reach the lost update itself, not just the race
  o.seed = 7;
  const Result r = explore(o, lost_update);
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::check_failed);
  Options replay_options;
  replay_options.detect_races = false;
  const Result again = replay(r.failure().schedule, lost_update, replay_options);
  REQUIRE_FALSE(again.ok());
  CHECK(again.failure().trace.events.size() == r.failure().trace.events.size());
}

TEST_CASE("dpor rejects a preemption bound with a message naming the alternative") {
  Options o = with(Strategy::dpor);
  o.preemption_bound = 2;
  CHECK_THROWS_WITH(explore(o, [] {}), Catch::Contains("use --strategy dfs"));
}
