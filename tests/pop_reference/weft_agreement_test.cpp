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

// dpor's runs of `program` (as_weft's, with their result) saw exactly `traces`, each once,
// and none ended sleep-set blocked.
void check_each_trace_once(const Program& program, const std::set<TraceKey>& traces,
                           const std::vector<std::vector<int>>& runs, const weft::Result& result) {
  REQUIRE(result.stats().complete);
  std::set<TraceKey> seen;
  for (const std::vector<int>& run : runs) seen.insert(pop_ref::trace_of(program, run));
  CHECK(seen == traces);
  CHECK(runs.size() == traces.size());
  CHECK(result.stats().pruned == 0);
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
    check_each_trace_once(program, traces, runs, result);
    ++compared;
  }
  INFO(compared << " programs compared, " << with_deadlock << " with a deadlock");
  CHECK(compared >= 900);
}

TEST_CASE("pop reference: the reference POP, weft's dpor and the oracle agree on longer programs", "[pop][reference]") {
  // Longer threads than the reference's own tests use (2-4 threads of 3-6 operations): the reference
  // must explore each of the oracle's traces once, and weft's dpor must run each once too.
  const weft::Options options = dpor_options();
  std::mt19937_64 rng(55);
  pop_ref::GenParams params;
  params.min_ops = 3;
  params.max_ops = 6;
  params.max_threads = 4;
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
    check_each_trace_once(program, traces, runs, result);
    ++compared;
  }
  CHECK(compared >= 150);
}


namespace {
// The program of a defect dpor had until stop 56, shrunk from a four-thread program of the test above.
const char* const kMissedByDpor = "w(x) w(z) | r(x) r(z) | w(y) w(x) | r(x) w(y) w(y) r(y)";
}  // namespace

TEST_CASE("pop reference: the program dpor got wrong has 90 traces, all of them explored by POP", "[pop][reference]") {
  const Program program = pop_ref::parse_program(kMissedByDpor);
  const std::set<TraceKey> traces = pop_ref::traces_by_normal_forms(program);
  CHECK(traces.size() == 90);
  CHECK(pop_ref::traces_by_interleavings(program, 1'000'000) == traces);  // all 18,900 interleavings
  const pop_ref::PopResult pop = pop_ref::explore_pop(program);
  CHECK(std::set<TraceKey>(pop.executions.begin(), pop.executions.end()) == traces);
  CHECK(pop.executions.size() == traces.size());
}

TEST_CASE("pop reference: weft's dpor explores each of the 90 traces it once missed one of", "[pop][reference]") {
  // Found by the three-way test above with four threads (3-6 operations each, seed 55), then shrunk.
  // dpor used to complete after 89 executions, missing the trace
  //   T1 r(x), T3 r(x), T0 w(x), T0 w(z), T1 r(z), T3 w(y), T2 w(y), T2 w(x), T3 w(y), T3 r(y),
  // because it reversed each race as soon as its second step ran, with notdep(e) cut at e':
  // Algorithm 2 reverses races once the execution has ended, and notdep(e) runs to its end
  // (docs/exploration.md, "A trace dpor missed").
  const Program program = pop_ref::parse_program(kMissedByDpor);
  const std::set<TraceKey> traces = pop_ref::traces_by_normal_forms(program);  // 90 (the test above)
  std::vector<std::vector<int>> runs;
  const weft::Result result = weft::explore(dpor_options(), as_weft(program, runs));
  check_each_trace_once(program, traces, runs, result);
}
