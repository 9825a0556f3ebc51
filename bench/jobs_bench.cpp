// Executions per second of a sampling search with 1, 2 and all hardware threads as workers
// (Options::jobs, docs/parallel.md), measured in one run, so the speed-up is a ratio of
// figures taken side by side on the same (possibly busy) machine. Wall time: the point of
// jobs is to finish sooner.
//   weft_bench_jobs [EXECUTIONS [PROGRAM]]   (default 20,000 per search; PROGRAM: run only the
//                                             programs whose name starts with it, e.g. Relacy)
// Programs: lastzero(15), readers(14), philosophers(6), (b) 4 threads x 50 lock pairs and
// issue 13's Relacy program (every Shared access scheduled, as weft_bench_explore's row; then
// again on Relacy's own terms, SharedPoints::sync_only with races judged), under `random`,
// `surw` and `dfs` (its tree cut into units), detectors off otherwise (lastzero and readers
// race on purpose). A dpor search with this budget runs on one worker (helpers start
// only for budgets of 2^20 and more): its rows show that. Then the complete dpor searches of
// lastzero(15), readers(14) and philosophers(6), where helpers explore subtrees ahead.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <weft/weft.hpp>
#include "bench_args.hpp"

#include "programs.hpp"

namespace {

struct Program {
  const char* name;
  std::function<void()> body;
  // Relacy's own terms: only synchronisation scheduled, the plain variable's races judged.
  bool sync_only = false;
};

// Runs one search; returns its wall time in seconds, with the executions it ran and the
// workers it used.
double seconds_for(weft::Strategy strategy, unsigned jobs, std::uint64_t executions, const Program& p,
                   std::uint64_t& ran, unsigned& used) {
  weft::Options o;
  o.strategy = strategy;
  o.jobs = jobs;
  o.max_executions = executions;
  o.use_environment = false;
  o.detect_races = p.sync_only;
  o.detect_lock_order = false;
  if (p.sync_only) o.shared_points = weft::SharedPoints::sync_only;
  o.progress = weft::Progress::never;
  const auto start = std::chrono::steady_clock::now();
  const weft::Result r = weft::explore(o, p.body);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ran = r.stats().executions;
  used = r.stats().jobs;
  if (!r.ok()) std::printf("  (%s failed: %s)\n", p.name, r.failure().message.c_str());
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const char* usage = "weft_bench_jobs [executions [program]]";
  const std::uint64_t executions = weft::bench::count_arg(argc, argv, 1, 20000, "executions", usage);
  const std::string only = argc > 2 ? argv[2] : "";
  const unsigned all = std::max(1u, std::thread::hardware_concurrency());
  const std::vector<Program> programs{{"lastzero(15)", [] { weft::bench::lastzero(15); }},
                                      {"readers(14)", [] { weft::bench::readers(14); }},
                                      {"philosophers(6)", [] { weft::bench::philosophers(6); }},
                                      {"4x50 lock pairs", weft::bench::lock_pairs_4x50},
                                      {"Relacy program", weft::bench::relacy_rounds_4x10},
                                      {"Relacy sync_only", weft::bench::relacy_rounds_4x10, true}};
  const auto chosen = [&](const Program& p) { return std::string_view(p.name).starts_with(only); };
  if (std::none_of(programs.begin(), programs.end(), chosen)) {
    std::fprintf(stderr, "%s: no program's name starts with \"%s\"; the programs are", argv[0], only.c_str());
    for (const Program& p : programs) std::fprintf(stderr, " \"%s\"", p.name);
    std::fprintf(stderr, "\nusage: %s\n", usage);
    return 2;
  }
  std::vector<unsigned> jobs{1, 2};
  if (all > 2) jobs.push_back(all);
  std::printf("%u hardware threads; %llu executions per search (dfs, dpor: until complete or that many)\n", all,
              static_cast<unsigned long long>(executions));
  std::printf("%-17s %-7s %5s %5s %10s %12s %9s\n", "program", "strategy", "jobs", "used", "seconds", "executions/s",
              "speed-up");
  for (const Program& p : programs) {
    if (!chosen(p)) continue;
    for (const weft::Strategy s : {weft::Strategy::random, weft::Strategy::surw, weft::Strategy::dfs, weft::Strategy::dpor}) {
      double base = 0;
      for (const unsigned j : jobs) {
        std::uint64_t ran = 0;
        unsigned used = 0;
        const double t = seconds_for(s, j, executions, p, ran, used);
        if (j == 1) base = t;
        std::printf("%-17s %-7s %5u %5u %10.3f %12.0f %8.2fx\n", p.name, std::string(weft::to_string(s)).c_str(), j,
                    used, t, static_cast<double>(ran) / t, base / t);
        std::fflush(stdout);
      }
    }
  }
  std::printf("\ncomplete dpor searches (budget 2^40)\n");
  for (std::size_t k = 0; k < 3; ++k) {
    if (!chosen(programs[k])) continue;
    double base = 0;
    for (const unsigned j : jobs) {
      std::uint64_t ran = 0;
      unsigned used = 0;
      const double t = seconds_for(weft::Strategy::dpor, j, std::uint64_t{1} << 40, programs[k], ran, used);
      if (j == 1) base = t;
      std::printf("%-17s %-7s %5u %5u %10.3f %12.0f %8.2fx\n", programs[k].name, "dpor", j, used, t,
                  static_cast<double>(ran) / t, base / t);
      std::fflush(stdout);
    }
  }
  return 0;
}
