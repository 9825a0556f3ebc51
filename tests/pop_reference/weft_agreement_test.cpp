// The POP reference's toy programs (program.hpp) run as weft programs under weft's `dpor`:
// weft must see exactly the traces the brute-force oracle names, once each. This ties the
// reference's notion of a trace to weft's own dependency relation (model/dependency.hpp:
// reads of one variable commute; a lock's acquires and releases are writes of it), so a port
// of POP into weft can be checked against the reference on the same programs
// (docs/pop_notes.md, "A plan for weft").
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <random>
#include <set>
#include <vector>

#include <weft/weft.hpp>

#include "pop_explore.hpp"
#include "program.hpp"
#include "trace_oracle.hpp"

namespace {

using pop_ref::Program;
using pop_ref::TraceKey;

// Runs `program` as weft threads, appending each toy thread's index to `run` right after each
// of its operations: between one operation and the next scheduling point no other thread runs,
// so `run` is the order in which the operations happened.
std::function<void()> as_weft(const Program& program, std::vector<std::vector<int>>& runs) {
  return [&program, &runs] {
    std::array<weft::Shared<int>, 3> vars;
    std::array<weft::Lock, 2> mutexes;
    std::vector<int> run;
    std::vector<weft::Thread> threads;
    for (std::size_t t = 0; t < program.threads.size(); ++t)
      threads.emplace_back([&, t] {
        for (const pop_ref::Op& op : program.threads[t]) {
          const auto at = static_cast<std::size_t>(op.object);
          switch (op.kind) {
            case pop_ref::OpKind::read: (void)vars[at].load(); break;
            case pop_ref::OpKind::write: vars[at].store(static_cast<int>(t)); break;
            case pop_ref::OpKind::lock: mutexes[at].acquire(); break;
            case pop_ref::OpKind::unlock: mutexes[at].release(); break;
          }
          run.push_back(static_cast<int>(t));
        }
      });
    for (auto& th : threads) th.start();
    for (auto& th : threads) th.join();
    runs.push_back(run);
  };
}

// Whether some trace of `program` ends before all its operations ran: a deadlock.
bool deadlocks(const Program& program, const std::set<TraceKey>& traces) {
  std::size_t operations = 0;
  for (const auto& ops : program.threads) operations += ops.size();
  for (const TraceKey& key : traces)
    if (key.size() < operations) return true;
  return false;
}

weft::Options dpor_options() {
  weft::Options options;
  options.strategy = weft::Strategy::dpor;
  options.max_executions = 100000;
  options.use_environment = false;
  options.detect_races = false;       // the toy programs race on purpose
  options.detect_lock_order = false;  // and may take two mutexes in either order
  return options;
}

}  // namespace

TEST_CASE("pop reference: weft's dpor runs exactly the oracle's traces of the toy programs", "[pop][reference]") {
  const weft::Options options = dpor_options();
  std::mt19937_64 rng(2026);
  const pop_ref::GenParams params;
  int compared = 0, with_deadlock = 0;
  for (int i = 0; i < 1000; ++i) {
    const Program program = pop_ref::random_program(rng, params);
    INFO(pop_ref::to_string(program));
    const std::set<TraceKey> traces = pop_ref::traces_by_normal_forms(program);
    // weft ends its search at a deadlock (a failure): compare only programs without one.
    std::vector<std::vector<int>> runs;
    const weft::Result result = weft::explore(options, as_weft(program, runs));
    if (deadlocks(program, traces)) {
      ++with_deadlock;
      CHECK_FALSE(result.ok());  // weft found one too
      continue;
    }
    REQUIRE(result.ok());
    REQUIRE(result.stats().complete);
    std::set<TraceKey> seen;
    for (const std::vector<int>& run : runs) seen.insert(pop_ref::trace_of(program, run));
    CHECK(seen == traces);
    CHECK(runs.size() == traces.size());  // each once
    CHECK(result.stats().pruned == 0);    // none sleep-set blocked
    ++compared;
  }
  INFO(compared << " programs compared, " << with_deadlock << " with a deadlock");
  CHECK(compared >= 900);
}

TEST_CASE("pop reference: the reference POP, weft's dpor and the oracle agree on longer programs", "[pop][reference]") {
  // Longer threads than the reference's own tests use (2-3 threads of 3-6 operations): the reference
  // must explore each of the oracle's traces once, and weft's dpor must run as many.
  const weft::Options options = dpor_options();
  std::mt19937_64 rng(55);
  pop_ref::GenParams params;
  params.min_ops = 3;
  params.max_ops = 6;
  params.max_threads = 3;
  int compared = 0;
  for (int i = 0; i < 200; ++i) {
    const Program program = pop_ref::random_program(rng, params);
    INFO(pop_ref::to_string(program));
    const std::set<TraceKey> traces = pop_ref::traces_by_normal_forms(program);
    const pop_ref::PopResult pop = pop_ref::explore_pop(program);
    REQUIRE_FALSE(pop.capped);
    const std::set<TraceKey> by_pop(pop.executions.begin(), pop.executions.end());
    CHECK(by_pop == traces);
    CHECK(pop.executions.size() == traces.size());  // each once
    if (deadlocks(program, traces)) continue;
    std::vector<std::vector<int>> runs;
    const weft::Result result = weft::explore(options, as_weft(program, runs));
    REQUIRE(result.ok());
    CHECK(runs.size() == traces.size());
    ++compared;
  }
  CHECK(compared >= 150);
}


namespace {
// The program of the known defect below, shrunk from a four-thread program of the test above.
const char* const kMissedByDpor = "w(x) w(z) | r(x) r(z) | w(y) w(x) | r(x) w(y) w(y) r(y)";
}  // namespace

TEST_CASE("pop reference: the program dpor gets wrong has 90 traces, all of them explored by POP", "[pop][reference]") {
  const Program program = pop_ref::parse_program(kMissedByDpor);
  const std::set<TraceKey> traces = pop_ref::traces_by_normal_forms(program);
  CHECK(traces.size() == 90);
  CHECK(pop_ref::traces_by_interleavings(program, 1'000'000) == traces);  // all 18,900 interleavings
  const pop_ref::PopResult pop = pop_ref::explore_pop(program);
  CHECK(std::set<TraceKey>(pop.executions.begin(), pop.executions.end()) == traces);
  CHECK(pop.executions.size() == traces.size());
}

TEST_CASE("pop reference: a trace weft's dpor misses (known defect, to fix)", "[pop][reference][!shouldfail]") {
  // Found by the three-way test above with four threads (3-6 operations each, seed 55), then shrunk:
  // the oracle and the reference POP give 90 traces, dfs reaches all 90 (1,179,106
  // executions), and dpor completes after 89 with none pruned. It misses the trace
  //   T1 r(x), T3 r(x), T0 w(x), T0 w(z), T1 r(z), T3 w(y), T2 w(y), T2 w(x), T3 w(y), T3 r(y).
  // dpor finds all 90 when its sleep-set test no longer skips a reversal that a sleeping
  // thread is only a weak initial of without a step in it (SleepTest::weak_only in
  // model/dpor_races.cpp), and when it inserts only first steps (dpor_tree_mb = 0): the
  // skip is what loses it. tests/pop_reference/optimal_dpor_sketch.py restates Algorithm 2
  // as dpor reads it and misses the same trace when a new state keeps the running thread (as
  // dpor does), but not when it takes the lowest or highest thread: the defect is in that
  // reading of the algorithm, not only in weft's code (docs/pop_notes.md). Marked [!shouldfail]: it passes while dpor misses the trace, and
  // fails (so the mark must go) once dpor is fixed.
  const Program program = pop_ref::parse_program(kMissedByDpor);
  const std::set<TraceKey> traces = pop_ref::traces_by_normal_forms(program);  // 90 (the test above)
  std::vector<std::vector<int>> runs;
  const weft::Result result = weft::explore(dpor_options(), as_weft(program, runs));
  REQUIRE(result.stats().complete);
  std::set<TraceKey> seen;
  for (const std::vector<int>& run : runs) seen.insert(pop_ref::trace_of(program, run));
  CHECK(seen == traces);
}
