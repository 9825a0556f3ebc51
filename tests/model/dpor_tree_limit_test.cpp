// dpor past its wake-up tree limit (DporStrategy::limit_tree_nodes, Options::dpor_tree_mb):
// the search switches to source-DPOR's insertions and must still visit every trace exactly
// once, from the start (limit 0) or from any point in the middle (small limits); only the
// sleep-set blocked executions may grow. With jobs, the switch must come at the same point.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <weft/weft.hpp>

#include "logged_programs.hpp"
#include "model/dpor_strategy.hpp"
#include "model/judged_run.hpp"
#include "sim/execution.hpp"

using namespace weft;

namespace {

struct Search {
  std::multiset<std::string> traces;  // of the executions that ran to their end
  std::uint64_t executions = 0, pruned = 0;
  std::size_t peak_tree_nodes = 0;
  bool switched = false;
};

// A dpor search of the program `make(sink)` with its trees limited to `nodes`.
Search search(const std::function<std::function<void()>(test::TraceSink)>& make, std::size_t nodes) {
  Search out;
  const std::function<void()> body = make([&out](const std::string& t) { out.traces.insert(t); });
  sim::Execution ex(model::config_of(Options{}));
  detect::ExecutionJudge judge(detect::JudgeOptions{false, false});
  model::DporStrategy dpor(nodes);
  for (std::uint64_t i = 0; !dpor.complete(); ++i) {
    REQUIRE(i < 2000000);
    dpor.begin_execution(i);
    REQUIRE_FALSE(model::run_judged(ex, body, dpor, judge));
    ++out.executions;
    if (ex.pruned()) ++out.pruned;
    out.peak_tree_nodes = std::max(out.peak_tree_nodes, dpor.tree_nodes());
    out.switched = out.switched || dpor.short_reversals();
  }
  return out;
}

// Each trace once: as many distinct traces as executions that were not pruned.
std::set<std::string> distinct(const Search& s) {
  const std::set<std::string> d(s.traces.begin(), s.traces.end());
  CHECK(d.size() == s.traces.size());
  CHECK(s.executions - s.pruned == s.traces.size());
  return d;
}

struct Program {
  const char* name;
  std::function<std::function<void()>(test::TraceSink)> make;
};

const std::vector<Program>& programs() {
  static const std::vector<Program> all = {
      {"lastzero(7)", [](test::TraceSink s) { return test::logged_lastzero(7, std::move(s)); }},
      {"readers(7)", [](test::TraceSink s) { return test::logged_readers(7, std::move(s)); }},
  };
  return all;
}

}  // namespace

TEST_CASE("dpor past its tree limit: every trace, once, whenever the switch comes", "[dpor]") {
  for (const Program& p : programs()) {
    CAPTURE(p.name);
    const Search whole = search(p.make, model::dpor_tree_nodes(Options{}.dpor_tree_mb));
    REQUIRE_FALSE(whole.switched);
    CHECK(whole.pruned == 0);  // optimal: none sleep-set blocked
    const std::set<std::string> traces = distinct(whole);
    REQUIRE(whole.peak_tree_nodes > 8);
    for (const std::size_t limit : {std::size_t{0}, std::size_t{1}, std::size_t{4}, whole.peak_tree_nodes / 2,
                                    whole.peak_tree_nodes - 1}) {
      CAPTURE(limit);
      const Search limited = search(p.make, limit);
      CHECK(limited.switched);
      CHECK(distinct(limited) == traces);
    }
  }
}

TEST_CASE("dpor past its tree limit: the trees stop growing", "[dpor]") {
  // readers(n)'s first tree holds about one node per trace still to explore; source-DPOR's
  // hold at most a leaf per thread, whatever n.
  const auto readers = [](int n) {
    return [n](test::TraceSink s) { return test::logged_readers(n, std::move(s)); };
  };
  const Search small = search(readers(6), 0), large = search(readers(10), 0);
  const Search whole = search(readers(10), model::dpor_tree_nodes(Options{}.dpor_tree_mb));
  CHECK(large.traces.size() == 1024);
  CHECK(large.pruned == 0);  // readers is one program where source-DPOR loses nothing
  CHECK(whole.peak_tree_nodes > 4 * large.peak_tree_nodes);
  CHECK(large.peak_tree_nodes <= small.peak_tree_nodes + 2 * (10 - 6) * 10);
}

TEST_CASE("dpor past its tree limit: explore() and its option, with sleep-set blocked executions counted",
          "[dpor]") {
  Options o;
  o.strategy = Strategy::dpor;
  o.max_executions = 1000000;
  o.detect_races = false;
  o.use_environment = false;
  o.progress = Progress::never;
  std::set<std::string> optimal, source;
  const Result r1 = explore(o, test::logged_lastzero(6, [&](const std::string& t) { optimal.insert(t); }));
  o.dpor_tree_mb = 0;
  const Result r0 = explore(o, test::logged_lastzero(6, [&](const std::string& t) { source.insert(t); }));
  REQUIRE(r1.ok());
  REQUIRE(r0.ok());
  CHECK(r1.stats().complete);
  CHECK(r0.stats().complete);
  CHECK(source == optimal);
  CHECK(r1.stats().pruned == 0);
  CHECK(r0.stats().pruned > 0);  // lastzero is one program where source-DPOR is not optimal
  CHECK(r0.stats().executions - r0.stats().pruned == optimal.size());
  // The result says so: the first execution's reversals are already past a limit of 0.
  CHECK(r1.stats().dpor_source_from == 0);
  CHECK(r0.stats().dpor_source_from == 1);
  CHECK_THAT(r0.summary(), Catch::Contains("dpor, source-DPOR from execution 1"));
}

TEST_CASE("dpor past its tree limit: the execution it switched in is where the trees first reach the limit",
          "[dpor]") {
  // readers(8)'s trees grow as the search goes. With the limit just above the most they held
  // in executions 1..k, the switch comes in execution k + 1 or later.
  const auto body = [](test::TraceSink s) { return test::logged_readers(8, std::move(s)); };
  std::vector<std::size_t> nodes_after;  // the most nodes so far, after each execution, unlimited
  {
    sim::Execution ex(model::config_of(Options{}));
    detect::ExecutionJudge judge(detect::JudgeOptions{false, false});
    model::DporStrategy dpor;
    const std::function<void()> run = body(nullptr);
    for (std::uint64_t i = 0; !dpor.complete(); ++i) {
      dpor.begin_execution(i);
      model::run_judged(ex, run, dpor, judge);
      nodes_after.push_back(dpor.peak_tree_nodes());
      CHECK(dpor.switched_at() == 0);
    }
  }
  REQUIRE(nodes_after.size() == 256);
  const std::size_t k = 20;
  REQUIRE(nodes_after[k - 1] > 0);
  REQUIRE(nodes_after[k - 1] < nodes_after.back());  // still growing: the limit is reached later
  sim::Execution ex(model::config_of(Options{}));
  detect::ExecutionJudge judge(detect::JudgeOptions{false, false});
  model::DporStrategy dpor(nodes_after[k - 1] + 1);
  const std::function<void()> run = body(nullptr);
  for (std::uint64_t i = 0; !dpor.complete(); ++i) {
    dpor.begin_execution(i);
    model::run_judged(ex, run, dpor, judge);
  }
  CHECK(dpor.switched_at() > k);
  CHECK(dpor.switched_at() <= nodes_after.size());
  // and no later than the first execution whose trees went past the limit, plus the one
  // whose reversal sees it.
  std::size_t first_past = 0;
  while (nodes_after[first_past] < nodes_after[k - 1] + 1) ++first_past;
  CHECK(dpor.switched_at() <= first_past + 2);
}

TEST_CASE("dpor past its tree limit: WEFT_DPOR_TREE_MB is read, and a bad one is a clear error", "[dpor][env]") {
  ::setenv("WEFT_DPOR_TREE_MB", "7", 1);
  CHECK(apply_environment(Options{}).dpor_tree_mb == 7);
  ::setenv("WEFT_DPOR_TREE_MB", "lots", 1);
  CHECK_THROWS_WITH(apply_environment(Options{}), Catch::Contains("WEFT_DPOR_TREE_MB='lots'"));
  ::setenv("WEFT_DPOR_TREE_MB", "99999999999", 1);
  CHECK_THROWS_WITH(apply_environment(Options{}), Catch::Contains("more memory than any machine has"));
  ::unsetenv("WEFT_DPOR_TREE_MB");
}
