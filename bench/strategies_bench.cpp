// For each strategy: executions and time to the first failure on each failing scenario, and
// executions for a complete search (or the budget) on each passing one; then lastzero(N)
// under dpor. A plain program printing a table: `weft_bench_strategies [budget]`.
#include <cstdio>
#include <cstdlib>

#include <weft/weft.hpp>

#include "scenarios/scenario.hpp"

#include "programs.hpp"

int main(int argc, char** argv) {
  const std::uint64_t budget = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  const weft::Strategy strategies[] = {weft::Strategy::random, weft::Strategy::pct, weft::Strategy::dfs,
                                       weft::Strategy::dpor};
  std::printf("%-28s %-7s %-9s %12s %10s  %s\n", "scenario", "expect", "strategy", "executions", "seconds", "outcome");
  for (const auto& s : weft::scenarios::all()) {
    for (weft::Strategy st : strategies) {
      weft::Options o;
      o.strategy = st;
      o.max_executions = budget;
      o.use_environment = false;
      const weft::Result r = weft::explore(o, s.body);
      const char* outcome = !r.ok() ? "failure found" : r.stats().complete ? "complete, no failure" : "budget, no failure";
      std::printf("%-28s %-7s %-9s %12llu %10.3f  %s\n", s.name.c_str(),
                  s.expect == weft::scenarios::Expect::fails ? "fails" : "passes",
                  std::string(weft::to_string(st)).c_str(), static_cast<unsigned long long>(r.stats().executions),
                  r.stats().elapsed_seconds, outcome);
    }
  }
  std::printf("\n%-12s %12s %10s %9s\n", "lastzero(N)", "dpor execs", "seconds", "complete");
  for (int n = 2; n <= 7; ++n) {
    weft::Options o;
    o.strategy = weft::Strategy::dpor;
    o.max_executions = 20000000;
    o.time_budget_seconds = 60;
    o.use_environment = false;
    const weft::Result r = weft::explore(o, [n] { weft::bench::lastzero(n); });
    std::printf("%-12d %12llu %10.3f %9s\n", n, static_cast<unsigned long long>(r.stats().executions),
                r.stats().elapsed_seconds, r.stats().complete ? "yes" : "no");
  }
  return 0;
}
