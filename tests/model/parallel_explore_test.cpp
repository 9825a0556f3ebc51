// Options::jobs and sharding (docs/parallel.md): the result of a search does not depend on the
// number of workers, and the shards of a search run exactly its executions between them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <unistd.h>

#include <weft/weft.hpp>

#include "model/execution_rounds.hpp"
#include "scenarios/scenario.hpp"

using namespace weft;

namespace {

Options quiet(Strategy s, unsigned jobs) {
  Options o;
  o.strategy = s;
  o.jobs = jobs;
  o.use_environment = false;
  o.progress = Progress::never;
  return o;
}

// Three threads race on an unlocked counter through a lock-free read and write; `bug` decides
// whether the check can fail. Each execution appends its interleaving (the order in which the
// threads wrote) to `seen` when `seen` is given, which only a one-job search may do.
void racy_counter(bool bug, std::vector<std::string>* seen = nullptr) {
  Shared<int> counter{0, benign_race};
  Lock lock;
  std::string order;  // fibers of one execution share one OS thread: no race on it
  auto work = [&](char name) {
    for (int k = 0; k < 2; ++k) {
      if (bug) {
        const int v = counter.load();
        counter.store(v + 1);
      } else {
        std::lock_guard<Lock> g(lock);
        counter.store(counter.load() + 1);
      }
      order += name;
    }
  };
  Thread a([&] { work('a'); }), b([&] { work('b'); }), c([&] { work('c'); });
  a.start();
  b.start();
  c.start();
  a.join();
  b.join();
  c.join();
  if (seen != nullptr) seen->push_back(order);
  check(counter.load() == 6, "lost an update");
}

}  // namespace

TEST_CASE("every failing scenario of weft list reports the same failure and schedule string with 1, 2 and 4 jobs, whatever the strategy") {
  std::size_t compared = 0;
  for (const scenarios::Scenario& s : scenarios::all()) {
    for (const Strategy strategy :
         {Strategy::surw, Strategy::random, Strategy::pct, Strategy::pos, Strategy::dfs, Strategy::dpor}) {
      const Result one = explore(quiet(strategy, 1), s.body);
      if (one.ok() || one.failure().kind == FailureKind::unresponsive) continue;  // the watchdog's wait, 4 times
      CAPTURE(s.name, to_string(strategy), one.failure().message);
      for (const unsigned jobs : {2u, 4u}) {
        CAPTURE(jobs);
        const Result many = explore(quiet(strategy, jobs), s.body);
        REQUIRE_FALSE(many.ok());
        CHECK(many.failure().report() == one.failure().report());
        CHECK(many.failure().schedule == one.failure().schedule);
        CHECK(many.stats().executions == one.stats().executions);
        CHECK(many.stats().steps == one.stats().steps);
        if (strategy == Strategy::dpor) CHECK(many.stats().jobs == 1);  // helpers only for budgets of 2^20 and up
        if (strategy == Strategy::dfs) CHECK(many.stats().jobs == jobs);  // split into units
      }
      if (strategy == Strategy::dpor) {  // and with a budget that lets helpers explore ahead
        Options big = quiet(strategy, 1);
        big.max_executions = std::uint64_t{1} << 21;
        const Result alone = explore(big, s.body);
        REQUIRE_FALSE(alone.ok());
        for (const unsigned jobs : {2u, 4u}) {
          CAPTURE(jobs);
          big.jobs = jobs;
          const Result many = explore(big, s.body);
          REQUIRE_FALSE(many.ok());
          CHECK(many.failure().report() == alone.failure().report());
          CHECK(many.failure().schedule == alone.failure().schedule);
          CHECK(many.stats().executions == alone.stats().executions);
          CHECK(many.stats().steps == alone.stats().steps);
        }
      }
      ++compared;
    }
  }
  CHECK(compared >= 60);  // most scenarios fail under every strategy
}

TEST_CASE("parallel workers: a passing sampling search runs the same executions with any number of jobs, and uses them") {
  for (const Strategy strategy : {Strategy::surw, Strategy::random, Strategy::pct, Strategy::pos}) {
    CAPTURE(to_string(strategy));
    Options o = quiet(strategy, 1);
    o.max_executions = 500;
    o.count_final_states = true;
    const Result one = explore(o, [] { racy_counter(false); });
    REQUIRE(one.ok());
    for (const unsigned jobs : {2u, 3u}) {
      o.jobs = jobs;
      const Result many = explore(o, [] { racy_counter(false); });
      REQUIRE(many.ok());
      CHECK(many.stats().jobs == jobs);
      CHECK(many.stats().executions == one.stats().executions);
      CHECK(many.stats().steps == one.stats().steps);
      CHECK(many.stats().distinct_final_states == one.stats().distinct_final_states);
      CHECK(many.stats().max_enabled_threads == one.stats().max_enabled_threads);
      CHECK(many.stats().executions_with_conflicts == one.stats().executions_with_conflicts);
    }
  }
}

TEST_CASE("parallel workers: a failure found late is the lowest-numbered one whatever the jobs") {
  for (const Strategy strategy : {Strategy::random, Strategy::surw}) {
    CAPTURE(to_string(strategy));
    Options o = quiet(strategy, 1);
    o.max_executions = 5000;
    o.detect_races = false;
    o.shrink = false;
    const Result one = explore(o, [] { racy_counter(true); });
    REQUIRE_FALSE(one.ok());
    for (const unsigned jobs : {2u, 4u}) {
      o.jobs = jobs;
      const Result many = explore(o, [] { racy_counter(true); });
      REQUIRE_FALSE(many.ok());
      CHECK(many.failure().schedule == one.failure().schedule);
      CHECK(many.stats().executions == one.stats().executions);
    }
  }
}

TEST_CASE("two shards of a sampling search run exactly the executions of the unsharded search between them") {
  for (const Strategy strategy : {Strategy::random, Strategy::pos, Strategy::surw, Strategy::pct}) {
    CAPTURE(to_string(strategy));
    Options o = quiet(strategy, 1);
    o.max_executions = 301;
    std::vector<std::string> whole, first, second;
    REQUIRE(explore(o, [&] { racy_counter(false, &whole); }).ok());
    o.shard_count = 2;
    o.shard_index = 0;
    const Result r0 = explore(o, [&] { racy_counter(false, &first); });
    o.shard_index = 1;
    const Result r1 = explore(o, [&] { racy_counter(false, &second); });
    REQUIRE((r0.ok() && r1.ok()));
    CHECK(r0.stats().executions == 151);
    CHECK(r1.stats().executions == 150);
    CHECK(r0.stats().what_ran().find("shard 0/2") != std::string::npos);
    // Execution k of the whole search is shard k % 2's. A learning strategy's shard also
    // runs the other shard's executions that teach, for their lessons (and its body runs
    // then too): each shard's bodies ran, in order, its own executions and those.
    const bool learns = strategy == Strategy::surw || strategy == Strategy::pct;
    REQUIRE(whole.size() == 301);
    std::vector<std::string> expect[2];
    for (std::size_t k = 0; k < whole.size(); ++k)
      for (std::size_t shard = 0; shard < 2; ++shard)
        if (k % 2 == shard || (learns && model::teaches(k))) expect[shard].push_back(whole[k]);
    CHECK(first == expect[0]);
    CHECK(second == expect[1]);
    // The other shard's executions a shard ran are counted apart, and said.
    CHECK(r0.stats().lesson_executions == expect[0].size() - 151);
    CHECK(r1.stats().lesson_executions == expect[1].size() - 150);
    CHECK((r1.stats().what_ran().find(", " + std::to_string(expect[1].size() - 150) + " more run for their lessons") !=
           std::string::npos) == learns);
    // The comparison means something only if the executions differ from one another.
    CHECK(std::set<std::string>(whole.begin(), whole.end()).size() > 10);
  }
}

TEST_CASE("a shard of a surw search counts only its own executions, though it runs the ones that teach") {
  // The unsharded search fails in execution 0 (every execution fails); shard 1 runs
  // execution 0 for its lesson, does not report that failure (shard 0's), and reports its own
  // first execution, 1.
  Options o = quiet(Strategy::surw, 1);
  o.max_executions = 100;
  o.shrink = false;
  o.detect_races = false;
  o.shard_count = 2;
  o.shard_index = 1;
  const Result r = explore(o, [] {
    racy_counter(false);
    check(false, "always");
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.stats().executions == 1);
  CHECK(r.failure().execution == 1);
}

TEST_CASE("a shard does not judge coverage labels, which only the whole search can satisfy") {
  // A label that about one execution in 50 satisfies (the data choice 49): the unsharded
  // search of 400 executions reaches it; its 200 shards run 2 executions each, and most of
  // them never see it, which a judged shard would report as FailureKind::never_reached.
  Options o = quiet(Strategy::random, 1);
  o.max_executions = 400;
  const auto body = [] { sometimes(choose(50) == 49, "the rare choice"); };
  REQUIRE(explore(o, body).ok());
  o.shard_count = 200;
  for (std::uint32_t k = 0; k < 200; ++k) {
    o.shard_index = k;
    CHECK(explore(o, body).ok());
  }
}

TEST_CASE("dpor runs whole on shard 0 and not at all on the others") {
  Options o = quiet(Strategy::dpor, 1);
  o.max_executions = 100000;
  const Result whole = explore(o, [] { racy_counter(false); });
  REQUIRE(whole.stats().complete);
  o.shard_count = 3;
  for (std::uint32_t k = 0; k < 3; ++k) {
    o.shard_index = k;
    const Result part = explore(o, [] { racy_counter(false); });
    REQUIRE(part.ok());
    CHECK(part.stats().executions == (k == 0 ? whole.stats().executions : 0));
    // The shards that run nothing say why, instead of passing as if searched.
    CHECK(part.stats().left_to_shard_0() == (k != 0));
    CHECK((part.summary().find("shard 0 runs the whole search") != std::string::npos) == (k != 0));
  }
}

TEST_CASE("parallel workers: an object constructed outside the body keeps the search on one job; used only later, it is a misuse") {
  Lock outside;
  Options o = quiet(Strategy::random, 4);
  o.max_executions = 200;
  const Result r = explore(o, [&] {
    std::lock_guard<Lock> g(outside);
    racy_counter(false);
  });
  CHECK(r.ok());
  CHECK(r.stats().jobs == 1);
  CHECK(r.stats().executions == 200);

  // Execution 0 does not use it (the counter says so), so the workers start; the next
  // execution that uses it fails with a misuse naming the option. (The body is not
  // deterministic, so the failure is reported without the replay check.)
  Semaphore late(1);
  std::atomic<int> runs{0};
  o.verify_replay = false;
  const Result m = explore(o, [&] {
    if (runs.fetch_add(1) > 0) {
      late.acquire();
      late.release();
    }
    racy_counter(false);
  });
  REQUIRE_FALSE(m.ok());
  CHECK(m.failure().kind == FailureKind::misuse);
  CHECK(m.failure().message.find("Options::jobs") != std::string::npos);
  CHECK(m.stats().executions == 2);
}

TEST_CASE("WEFT_JOBS, WEFT_SHARD and Bazel's sharding variables: parsed, and a bad value names the variable") {
  const auto with = [](std::map<std::string, std::string> vars) {
    for (const char* v : {"WEFT_JOBS", "WEFT_SHARD", "TEST_TOTAL_SHARDS", "TEST_SHARD_INDEX", "TEST_SHARD_STATUS_FILE"})
      ::unsetenv(v);
    for (const auto& [k, v] : vars) ::setenv(k.c_str(), v.c_str(), 1);
    struct Clear {
      ~Clear() {
        for (const char* v : {"WEFT_JOBS", "WEFT_SHARD", "TEST_TOTAL_SHARDS", "TEST_SHARD_INDEX", "TEST_SHARD_STATUS_FILE"})
          ::unsetenv(v);
      }
    } clear;
    return apply_environment(Options{});
  };
  CHECK(with({{"WEFT_JOBS", "3"}}).jobs == 3);
  CHECK(with({{"WEFT_JOBS", "auto"}}).jobs == 0);
  CHECK_THROWS_WITH(with({{"WEFT_JOBS", "two"}}), Catch::Contains("WEFT_JOBS='two'"));
  CHECK_THROWS_WITH(with({{"WEFT_JOBS", "100000"}}), Catch::Contains("too many jobs"));
  const Options s = with({{"WEFT_SHARD", "2/5"}});
  CHECK((s.shard_index == 2 && s.shard_count == 5));
  CHECK_THROWS_WITH(with({{"WEFT_SHARD", "5/5"}}), Catch::Contains("WEFT_SHARD='5/5' is not a shard"));
  CHECK_THROWS_WITH(with({{"WEFT_SHARD", "1"}}), Catch::Contains("WEFT_SHARD='1' is not a shard"));
  CHECK_THROWS_WITH(with({{"WEFT_SHARD", "-1/2"}}), Catch::Contains("is not a shard"));
  const std::string status = "/tmp/weft_shard_status_" + std::to_string(::getpid());
  std::remove(status.c_str());
  const Options b = with({{"TEST_TOTAL_SHARDS", "4"}, {"TEST_SHARD_INDEX", "3"}, {"TEST_SHARD_STATUS_FILE", status}});
  CHECK((b.shard_index == 3 && b.shard_count == 4));
  std::FILE* touched = std::fopen(status.c_str(), "r");
  CHECK(touched != nullptr);
  if (touched != nullptr) std::fclose(touched);
  std::remove(status.c_str());
  CHECK_THROWS_WITH(with({{"TEST_TOTAL_SHARDS", "4"}, {"TEST_SHARD_INDEX", "4"}}),
                    Catch::Contains("TEST_SHARD_INDEX=4 is not below TEST_TOTAL_SHARDS=4"));
  CHECK_THROWS_WITH(with({{"TEST_SHARD_INDEX", "0"}}), Catch::Contains("without TEST_TOTAL_SHARDS"));
  // WEFT_SHARD wins over Bazel's variables.
  const Options w = with({{"TEST_TOTAL_SHARDS", "4"}, {"TEST_SHARD_INDEX", "3"}, {"WEFT_SHARD", "0/2"}});
  CHECK((w.shard_index == 0 && w.shard_count == 2));
  Options bad = quiet(Strategy::random, 1);
  bad.shard_count = 2;
  bad.shard_index = 2;
  CHECK_THROWS_WITH(explore(bad, [] {}), Catch::Contains("Options::shard_index"));
}
