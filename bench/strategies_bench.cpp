// For each strategy: executions and time to the first failure on each failing scenario, and
// executions for a complete search (or the budget) on each passing one, with the detectors as
// `weft run` has them (both on; `off` as a second argument turns them off); then lastzero(N)
// under dpor (detectors off: it races on purpose). A plain program printing a table:
// `weft_bench_strategies [budget] [off]`.
#include <cstdio>
#include <cstdlib>
#include <string>

#include <weft/weft.hpp>

#include "scenarios/scenario.hpp"

#include "bench_args.hpp"
#include "programs.hpp"

int main(int argc, char** argv) {
  const std::uint64_t budget =
      weft::bench::count_arg(argc, argv, 1, 100000, "budget", "weft_bench_strategies [budget] [off]");
  const bool detect = !(argc > 2 && std::string(argv[2]) == "off");
  const weft::Strategy strategies[] = {weft::Strategy::random, weft::Strategy::pct, weft::Strategy::pos,
                                       weft::Strategy::surw,   weft::Strategy::dfs, weft::Strategy::dpor};
  std::printf("%-34s %-20s %-9s %12s %10s  %s\n", "scenario", "expect", "strategy", "executions", "seconds",
              "outcome");
  for (const auto& s : weft::scenarios::all()) {
    for (weft::Strategy st : strategies) {
      weft::Options o;
      o.strategy = st;
      o.max_executions = budget;
      o.use_environment = false;
      o.detect_races = detect;
      o.detect_lock_order = detect;
      const weft::Result r = weft::explore(o, s.body);
      const std::string outcome = !r.ok()              ? std::string(weft::to_string(r.failure().kind))
                                  : r.stats().complete ? "complete, no failure"
                                                       : "budget, no failure";
      const std::string expect = s.expect == weft::scenarios::Expect::passes ? "passes"
                                 : s.failure                                ? std::string(weft::to_string(*s.failure))
                                                                            : "fails";
      std::printf("%-34s %-20s %-9s %12llu %10.3f  %s\n", s.name.c_str(), expect.c_str(),
                  std::string(weft::to_string(st)).c_str(), static_cast<unsigned long long>(r.stats().executions),
                  r.stats().elapsed_seconds, outcome.c_str());
    }
  }
  std::printf("\n%-12s %12s %10s %9s\n", "lastzero(N)", "dpor execs", "seconds", "complete");
  for (int n = 2; n <= 7; ++n) {
    weft::Options o;
    o.strategy = weft::Strategy::dpor;
    o.max_executions = 20000000;
    o.time_budget_seconds = 60;
    o.use_environment = false;
    o.detect_races = false;
    o.detect_lock_order = false;
    const weft::Result r = weft::explore(o, [n] { weft::bench::lastzero(n); });
    std::printf("%-12d %12llu %10.3f %9s\n", n, static_cast<unsigned long long>(r.stats().executions),
                r.stats().elapsed_seconds, r.stats().complete ? "yes" : "no");
  }
  return 0;
}
