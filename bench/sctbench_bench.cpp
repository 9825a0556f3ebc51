// Search power on SCTBench's CS programs (Thomson, Donaldson & Betts, "Concurrency testing
// using controlled schedulers: an empirical study", PPoPP'14 / TOPC'16), ported to weft.
//
//   weft_bench_sctbench [max_executions=10000] [seeds=20] [subject-prefix] [strategy...]
//
// For every subject and strategy: runs with seeds 1..seeds, each up to max_executions
// executions, and prints how many runs found the bug and the mean number of executions to
// the first bug over the runs that found it ("-" when none did). dfs and dpor ignore the
// seed: they run once and their one result stands for every seed.
//
// Beside them: the means published by the SURW artifact (Zhao, Wolff, Mathur & Roychoudhury,
// "Selectively Uniform Concurrency Testing", ASPLOS 2025; github.com/zhaohuanqdcn/SURW,
// commit 2a4c5de). Its raw results are one JSON file per run under stats/period/CS/<subject>/,
// named <config>-<run>.json with fields "iterations" and "found". We computed each mean as
// the artifact's own scripts/analyze/eval_period.py does: over the 20 runs of a config, the
// mean of "iterations" (+1 for every config except pos and rw) among runs with "found": true;
// found/20 counts those runs. The +1 is the artifact's dry run: its driver first runs the
// program once unsampled to count events, records "iterations": 0 when that run already fails,
// and otherwise numbers the sampled executions from 1; so its SURW means count the dry run as
// an execution, as weft's count its learning execution 0. Configs:
// SURW = rp-urw, URW = basicurw, POS = pos, PCT-3 = pct3, RW = rw (random walk, beside
// weft's random). Its twostage is our twostage_2.
//
// The ports and how they were made: bench/sctbench_subjects.hpp. Every subject runs with
// o.detect_races = false and detect_lock_order = false: SCTBench measures how fast a schedule
// search reaches the failing assertion (or the deadlock); with the race detector on, a race
// report in execution 0 would make every strategy look perfect on the racy subjects (reorder,
// wronglock, bluetooth_driver...).
//
// Shapes: reorder_N runs N-1 setters and one checker, twostage_N N-1 writers and one reader,
// as weft's issue asks. The artifact ran the programs of the PERIOD repository
// (github.com/wcventure/PERIOD, evaluation/CS/<subject>/<subject>_bad.c, whose iSet/iCheck and
// iTThreads/iRThreads say the mix): the same shape for reorder_3/4/5/10/100, twostage (1 + 1,
// our twostage_2) and twostage_100, but 10 + 10 threads for reorder_20 and twostage_20 and
// 40 + 10 for reorder_50 and twostage_50. Those four are run here too ("reorder_20/10+10"...),
// and a published mean is set beside a result only for the same program: the N-1 + 1 shapes of
// 20 and 50 have none ("other shape").
//
// At the end, for every sampler: on how many of the subjects with a published SURW mean its
// mean is at or below that mean, and where it is above twice that mean plus 5 (or missed runs).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "bench_args.hpp"
#include "sctbench_subjects.hpp"

namespace {

using namespace sctbench;

struct Published {  // SURW artifact: found of 20, mean executions (NAN: never found)
  int found;
  double mean;
};
// The artifact ran no program of this shape (its reorder_20 has 10 setters and 10 checkers...).
constexpr Published kOther{-1, 0};
struct Subject {
  std::string name;
  std::function<void()> body;
  Published surw, urw, pos, pct3, rw;
};

constexpr double kNever = NAN;

std::vector<Subject> subjects() {
  return {
      {"account", account, {20, 5.8}, {20, 2.9}, {20, 4.1}, {20, 4.3}, {20, 18.1}},
      {"bluetooth_driver", bluetooth_driver, {20, 70.2}, {19, 1493.9}, {20, 36.1}, {20, 112.5}, {20, 214.7}},
      {"deadlock01", deadlock01, {20, 1.8}, {20, 2.6}, {20, 3.5}, {20, 12.9}, {20, 3.2}},
      {"lazy01", lazy01, {20, 2.0}, {20, 4.0}, {20, 4.7}, {20, 4.9}, {20, 20.6}},
      {"stack", stack, {20, 4.6}, {19, 985.8}, {20, 1.7}, {20, 3.2}, {20, 176.0}},
      {"token_ring", token_ring, {20, 8.2}, {20, 9.0}, {20, 8.6}, {20, 8.2}, {20, 13.0}},
      {"wronglock", [] { wronglock(7); }, {20, 7.5}, {20, 3.5}, {20, 10.2}, {20, 51.1}, {20, 35.9}},
      {"wronglock_3", [] { wronglock(3); }, {20, 8.8}, {20, 4.6}, {20, 10.8}, {20, 58.1}, {20, 35.9}},
      {"reorder_3", [] { reorder(2, 1); }, {20, 7.3}, {20, 23.9}, {20, 85.5}, {20, 185.2}, {0, kNever}},
      {"reorder_4", [] { reorder(3, 1); }, {20, 7.3}, {20, 21.9}, {20, 533.0}, {20, 554.0}, {0, kNever}},
      {"reorder_5", [] { reorder(4, 1); }, {20, 10.4}, {20, 27.3}, {20, 2169.1}, {20, 646.8}, {0, kNever}},
      {"reorder_10", [] { reorder(9, 1); }, {20, 17.2}, {20, 74.2}, {0, kNever}, {16, 3225.3}, {0, kNever}},
      {"reorder_20", [] { reorder(19, 1); }, kOther, kOther, kOther, kOther, kOther},
      {"reorder_20/10+10", [] { reorder(10, 10); }, {20, 6.0}, {20, 9.7}, {0, kNever}, {20, 3005.1}, {0, kNever}},
      {"reorder_50", [] { reorder(49, 1); }, kOther, kOther, kOther, kOther, kOther},
      {"reorder_50/40+10", [] { reorder(40, 10); }, {20, 13.0}, {20, 74.9}, {0, kNever}, {6, 3304.5}, {0, kNever}},
      {"reorder_100", [] { reorder(99, 1); }, {20, 194.2}, {12, 3785.1}, {0, kNever}, {0, kNever}, {0, kNever}},
      {"twostage_2", [] { twostage(1, 1); }, {20, 7.5}, {20, 9.0}, {20, 15.1}, {20, 12.6}, {20, 464.1}},
      {"twostage_20", [] { twostage(19, 1); }, kOther, kOther, kOther, kOther, kOther},
      {"twostage_20/10+10", [] { twostage(10, 10); }, {20, 5.7}, {20, 23.8}, {20, 156.0}, {20, 159.2}, {0, kNever}},
      {"twostage_50", [] { twostage(49, 1); }, kOther, kOther, kOther, kOther, kOther},
      {"twostage_50/40+10", [] { twostage(40, 10); }, {20, 20.5}, {20, 92.9}, {20, 1637.2}, {20, 1676.0}, {0, kNever}},
      {"twostage_100", [] { twostage(99, 1); }, {20, 453.9}, {18, 2991.7}, {3, 6673.7}, {3, 7466.0}, {0, kNever}},
  };
}

struct Config {
  std::string name;
  weft::Strategy strategy;
  bool selective = true;
};

std::string cell(int found, double mean, int runs = 20) {
  char buf[48];
  if (found < 0) return "other shape";
  if (found == 0 || std::isnan(mean)) std::snprintf(buf, sizeof buf, "%2d/%d %8s", found, runs, "-");
  else std::snprintf(buf, sizeof buf, "%2d/%d %8.1f", found, runs, mean);
  return buf;
}

// What one strategy found on one subject over the seeds.
struct Outcome {
  int found = 0;    // runs that found the bug
  double mean = 0;  // mean executions to it over those runs (NAN when none did)
};

bool exhaustive(const Config& c) { return c.strategy == weft::Strategy::dfs || c.strategy == weft::Strategy::dpor; }

// Runs `s` under `c` with seeds 1..seeds (once for an exhaustive strategy, whose one result
// then stands for every seed), each run up to `budget` executions.
Outcome run_subject(const Subject& s, const Config& c, std::uint64_t budget, int seeds) {
  int found = 0;
  double sum = 0;
  for (int seed = 1; seed <= (exhaustive(c) ? 1 : seeds); ++seed) {
    weft::Options o;
    o.strategy = c.strategy;
    o.surw_selective = c.selective;
    o.seed = static_cast<std::uint64_t>(seed);
    o.max_executions = budget;
    o.use_environment = false;
    o.detect_races = false;       // see the header: schedule search power, not race reports
    o.detect_lock_order = false;  // deadlock01 must deadlock, not be predicted
    o.verify_replay = false;
    o.progress = weft::Progress::never;
    const weft::Result r = weft::explore(o, s.body);
    if (!r.ok()) {
      ++found;
      sum += static_cast<double>(r.stats().executions);
    }
  }
  if (exhaustive(c)) found *= seeds, sum *= seeds;
  return Outcome{found, found ? sum / found : NAN};
}

// The artifact's result beside weft's, for the strategy it has one of.
std::string published(const Subject& s, const Config& c) {
  if (exhaustive(c)) return "(deterministic: one run stands for every seed)";
  if (c.name == "surw") return "SURW  " + cell(s.surw.found, s.surw.mean);
  if (c.name == "urw") return "URW   " + cell(s.urw.found, s.urw.mean);
  if (c.name == "pos") return "POS   " + cell(s.pos.found, s.pos.mean);
  if (c.name == "pct") return "PCT-3 " + cell(s.pct3.found, s.pct3.mean);
  if (c.name == "random") return "RW    " + cell(s.rw.found, s.rw.mean);
  return "unavailable";
}

// Per sampler: how it compares with the artifact's SURW mean over the subjects that have one.
struct Tally {
  int subjects = 0, at_or_below = 0;
  std::string far_above;
};

void print_tallies(const std::vector<Config>& configs, const std::map<std::string, Tally>& tallies, int seeds) {
  std::printf("\nagainst the artifact's SURW mean, on the subjects it ran:\n");
  for (const Config& c : configs) {
    const auto it = tallies.find(c.name);
    if (it == tallies.end()) continue;
    const Tally& t = it->second;
    std::printf("%-7s at or below on %d of %d; found in fewer than %d runs or above twice it plus 5 on:%s\n",
                c.name.c_str(), t.at_or_below, t.subjects, seeds, t.far_above.empty() ? " none" : t.far_above.c_str());
  }
}

// The strategies named on the command line (argv[4...]), or all of them.
std::vector<Config> chosen_configs(int argc, char** argv) {
  const std::vector<Config> all_configs{{"random", weft::Strategy::random}, {"pct", weft::Strategy::pct},
                                        {"pos", weft::Strategy::pos},       {"surw", weft::Strategy::surw, true},
                                        {"urw", weft::Strategy::surw, false}, {"dfs", weft::Strategy::dfs},
                                        {"dpor", weft::Strategy::dpor}};
  std::vector<Config> configs;
  for (int i = 4; i < argc; ++i)
    for (const Config& c : all_configs)
      if (c.name == argv[i]) configs.push_back(c);
  if (configs.empty()) configs = all_configs;
  return configs;
}

}  // namespace

int main(int argc, char** argv) {
  constexpr const char* kUsage = "weft_bench_sctbench [max_executions] [seeds] [subject-prefix] [strategy...]";
  const std::uint64_t budget = weft::bench::count_arg(argc, argv, 1, 10000, "max_executions", kUsage);
  const int seeds = static_cast<int>(weft::bench::count_arg(argc, argv, 2, 20, "seeds", kUsage, 1, 100000));
  const std::string only = argc > 3 ? argv[3] : "";
  const std::vector<Config> configs = chosen_configs(argc, argv);

  std::map<std::string, Tally> tallies;
  std::printf("budget %llu executions, seeds 1..%d; cells: runs that found the bug, mean executions to it\n",
              static_cast<unsigned long long>(budget), seeds);
  std::printf("%-18s %-7s %16s   %-26s\n", "subject", "weft", "found  mean", "artifact (found mean)");
  for (const Subject& s : subjects()) {
    if (!only.empty() && s.name.rfind(only, 0) != 0) continue;
    for (const Config& c : configs) {
      const Outcome out = run_subject(s, c, budget, seeds);
      std::printf("%-18s %-7s %16s   %s\n", s.name.c_str(), c.name.c_str(), cell(out.found, out.mean, seeds).c_str(),
                  published(s, c).c_str());
      std::fflush(stdout);
      if (exhaustive(c) || s.surw.found < 0) continue;
      Tally& t = tallies[c.name];
      ++t.subjects;
      const bool all_found = out.found == seeds;
      if (all_found && out.mean <= s.surw.mean) ++t.at_or_below;
      if (!all_found || out.mean > 2 * s.surw.mean + 5) t.far_above += " " + s.name;
    }
  }
  print_tallies(configs, tallies, seeds);
  return 0;
}
