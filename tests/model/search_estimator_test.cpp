// Knuth's estimator of the dfs and dpor search sizes (model/search_estimator.hpp): close to the
// sizes the searches really have, deterministic, refused for samplers; and the progress line's
// estimate and ETA.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include <weft/weft.hpp>

#include "bench/programs.hpp"
#include "model/progress.hpp"

using namespace weft;

namespace {

Options quiet(Strategy s, std::uint64_t seed = kDefaultSeed) {
  Options o;
  o.strategy = s;
  o.seed = seed;
  o.max_executions = 10000000;
  o.use_environment = false;
  o.detect_races = false;  // lastzero and readers race by design; we count, not judge
  o.detect_lock_order = false;
  o.progress = Progress::never;
  return o;
}

// The executions a complete search ran that were not pruned: dfs's interleavings, dpor's traces.
double true_size(Strategy s, const std::function<void()>& body) {
  const Result r = explore(quiet(s), body);
  REQUIRE(r.ok());
  REQUIRE(r.stats().complete);
  return static_cast<double>(r.stats().executions - r.stats().pruned);
}

void check_within_factor_2(Strategy s, const std::function<void()>& body, double truth) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const SearchEstimate e = estimate_search(quiet(s, seed), body, 1000);
    INFO(e.summary() << " (seed " << seed << "); true size " << truth);
    CHECK(e.probes == 1000);
    CHECK(e.seed == seed);
    CHECK(e.size >= truth / 2);
    CHECK(e.size <= truth * 2);
  }
}

// Two threads of two unlocked writes each, and a main thread that picks one of three values:
// 3 * C(4,2) interleavings of the writes, dfs's exact count checked below.
void small_program() {
  Shared<int> x{0}, y{0};
  (void)choose(3);
  Thread a([&] {
    x.store(1);
    y.store(1);
  });
  Thread b([&] {
    y.store(2);
    x.store(2);
  });
  a.start();
  b.start();
  a.join();
  b.join();
}

}  // namespace

TEST_CASE("estimate: dpor's traces of lastzero(12), readers(12), philosophers(6) within a factor of 2", "[estimate]") {
  check_within_factor_2(Strategy::dpor, [] { bench::lastzero(12); }, (12 + 3) * 1024.0);  // (N+3)*2^(N-2)
  check_within_factor_2(Strategy::dpor, [] { bench::readers(12); }, 4096.0);              // 2^N
  // philosophers(6): the count dpor itself reports (its non-pruned executions). A trace is
  // which of its two philosophers takes each fork first: 2^6 orientations of the ring, less
  // the two cyclic ones, which ordered forks make impossible: 62, as issue 13 says.
  const double traces = true_size(Strategy::dpor, [] { bench::philosophers(6); });
  CHECK(traces == 62);
  check_within_factor_2(Strategy::dpor, [] { bench::philosophers(6); }, traces);
}

TEST_CASE("estimate: dfs's interleavings of a small program, with and without a preemption bound", "[estimate]") {
  const double all = true_size(Strategy::dfs, small_program);
  check_within_factor_2(Strategy::dfs, small_program, all);
  // The tree of a uniform program is balanced enough that the estimate is much closer.
  const SearchEstimate e = estimate_search(quiet(Strategy::dfs, 7), small_program, 1000);
  CHECK(e.size == Approx(all).epsilon(0.25));
  Options bounded = quiet(Strategy::dfs, 7);
  bounded.preemption_bound = 0;
  const Result r = explore(bounded, small_program);
  REQUIRE(r.stats().complete);
  const SearchEstimate b = estimate_search(bounded, small_program, 1000);
  INFO(b.summary() << "; bounded dfs ran " << r.stats().executions);
  CHECK(b.size == Approx(static_cast<double>(r.stats().executions)).epsilon(0.25));
  CHECK(b.size < e.size / 2);
}

TEST_CASE("estimate: the same seed gives the same estimate, another seed another one", "[estimate]") {
  const auto body = [] { bench::lastzero(6); };
  const SearchEstimate a = estimate_search(quiet(Strategy::dpor, 5), body, 200);
  const SearchEstimate b = estimate_search(quiet(Strategy::dpor, 5), body, 200);
  const SearchEstimate c = estimate_search(quiet(Strategy::dpor, 6), body, 200);
  CHECK(a.size == b.size);
  CHECK(a.standard_error == b.standard_error);
  CHECK(a.dead_probes == b.dead_probes);
  CHECK(a.size != c.size);
  CHECK(a.standard_error > 0);
}

TEST_CASE("estimate: a program without choices is one execution, exactly", "[estimate]") {
  const auto body = [] {
    Shared<int> x{0};
    x.store(1);
  };
  for (Strategy s : {Strategy::dfs, Strategy::dpor}) {
    const SearchEstimate e = estimate_search(quiet(s), body, 10);
    CHECK(e.size == 1);
    CHECK(e.standard_error == 0);
    CHECK(e.dead_probes == 0);
  }
}

TEST_CASE("estimate: the summary line", "[estimate]") {
  SearchEstimate e;
  e.strategy = Strategy::dpor;
  e.size = 15362.4;
  e.standard_error = 460;
  e.probes = 1000;
  CHECK(e.summary() == "dpor: about 15,400 traces (±3%, 1,000 probes)");
  e.dead_probes = 12;
  CHECK(e.summary() == "dpor: about 15,400 traces (±3%, 1,000 probes, 12 sleep-set blocked)");
  e.strategy = Strategy::dfs;
  e.size = 36;
  e.standard_error = 0.1;
  e.probes = 1;
  CHECK(e.summary() == "dfs: about 36 executions (±<1%, 1 probe)");
}

TEST_CASE("estimate: refused for samplers, for dpor with a bound, and for 0 probes", "[estimate]") {
  const auto body = [] {};
  const auto message = [&](const Options& o, std::uint64_t probes) -> std::string {
    try {
      (void)estimate_search(o, body, probes);
    } catch (const UsageError& e) {
      return e.what();
    }
    return "no UsageError";
  };
  const std::string surw = message(quiet(Strategy::surw), 10);
  CHECK(surw.find("Options::strategy is 'surw'") != std::string::npos);
  CHECK(surw.find("use dfs or dpor") != std::string::npos);
  Options bounded = quiet(Strategy::dpor);
  bounded.preemption_bound = 2;
  CHECK(message(bounded, 10).find("preemption bound") != std::string::npos);
  CHECK(message(quiet(Strategy::dfs), 0).find("probes is 0") != std::string::npos);
}

TEST_CASE("the progress line shows the share of an estimated total and an ETA", "[estimate][stats]") {
  std::string out;
  model::ProgressLine line(Progress::always, model::ProgressOutput{[&out](std::string_view s) { out += s; }, false},
                           "dpor", true);
  Stats st;
  st.executions = 250;
  st.pruned = 50;
  line.update(2.0, st, 9);  // no estimate yet
  CHECK(out.find("executions") != std::string::npos);
  CHECK(out.find("\u2248") == std::string::npos);
  line.set_estimate(1000);
  out.clear();
  line.update(2.5, st, 9);  // 200 of ~1,000 done in 2.5 s: 800 more at 80/s
  CHECK(out.find("pruned 50  \u2248 20% of ~1,000, ETA 10s") != std::string::npos);
  out.clear();
  st.executions = 20050;
  line.update(3.0, st, 9);  // 20,000 done: past it
  CHECK(out.find("past the estimate of ~1,000") != std::string::npos);
  line.set_estimate(1e6);
  out.clear();
  line.update(20.0, st, 9);  // 20,000 of ~1,000,000 in 20 s: 980 s more
  CHECK(out.find("\u2248 2% of ~1,000,000, ETA 16m20s") != std::string::npos);
}
