// The detectors' cost (issue 10): executions/s of the random strategy on race-free programs
// with Options::detect_races / detect_lock_order off, each alone, and both (the default), and
// of weft's defaults (surw with both detectors), in one run; and, per program, a paired case
// that alternates batches with the detectors off and on inside every iteration and reports
// on/off from the thread's CPU time, so a noisy machine (the other core busy) shifts both
// sides alike.
//   weft_bench_detectors --benchmark_min_time=1 --benchmark_repetitions=3
// Memory over 1,000,000 executions with both detectors on: `weft_bench_memory 1000000 on`.
#include <benchmark/benchmark.h>

#include <time.h>

#include <string>

#include "programs.hpp"

namespace {

constexpr std::uint64_t kBatch = 500;

struct Mode {
  const char* name;
  bool races;
  bool lock_order;
  weft::Strategy strategy = weft::Strategy::random;
};
// "defaults" is what a user gets without options: surw, the default strategy, with both
// detectors; beside "both" it shows what surw costs over random.
constexpr Mode kModes[] = {{"off", false, false},
                           {"races", true, false},
                           {"lock_order", false, true},
                           {"both", true, true},
                           {"defaults", true, true, weft::Strategy::surw}};

struct Program {
  const char* name;
  void (*body)();
};
constexpr Program kPrograms[] = {{"lock_pairs_4x50", weft::bench::lock_pairs_4x50},
                                 {"locked_shared_4x50", weft::bench::locked_shared_4x50},
                                 {"owned_shared_4x50", weft::bench::owned_shared_4x50},
                                 {"nested_locks_4x25", weft::bench::nested_locks_4x25}};

weft::Options options(bool races, bool lock_order, weft::Strategy strategy = weft::Strategy::random) {
  weft::Options o;
  o.strategy = strategy;  // the README's table is random's; "defaults" runs surw
  o.max_executions = kBatch;
  o.use_environment = false;
  o.detect_races = races;
  o.detect_lock_order = lock_order;
  return o;
}

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void explore_mode(benchmark::State& state, void (*program)(), Mode mode) {
  const weft::Options o = options(mode.races, mode.lock_order, mode.strategy);
  (void)weft::explore(o, program);  // warm-up: pools and vectors reach their steady size
  std::uint64_t executions = 0, steps = 0;
  for (auto _ : state) {
    const weft::Result r = weft::explore(o, program);
    if (!r.ok()) {
      state.SkipWithError(("unexpected failure: " + r.failure().message).c_str());
      return;
    }
    executions += r.stats().executions;
    steps += r.stats().steps;
  }
  state.counters["executions/s"] = benchmark::Counter(static_cast<double>(executions), benchmark::Counter::kIsRate);
  state.counters["steps/exec"] = static_cast<double>(steps) / static_cast<double>(executions);
}

// One iteration: a batch with both detectors off, then one with both on (the order swaps every
// iteration). on/off is the ratio of their summed CPU times.
void paired(benchmark::State& state, void (*program)()) {
  const weft::Options off = options(false, false), on = options(true, true);
  (void)weft::explore(off, program);
  (void)weft::explore(on, program);
  double t_off = 0, t_on = 0;
  bool on_first = false;
  for (auto _ : state) {
    for (int k = 0; k < 2; ++k) {
      const bool detect = (k == 0) == on_first;
      const double t0 = thread_cpu_seconds();
      const weft::Result r = weft::explore(detect ? on : off, program);
      (detect ? t_on : t_off) += thread_cpu_seconds() - t0;
      if (!r.ok()) {
        state.SkipWithError("unexpected failure");
        return;
      }
    }
    on_first = !on_first;
  }
  const double n = static_cast<double>(state.iterations()) * kBatch;
  state.counters["off exec/s"] = n / t_off;
  state.counters["on exec/s"] = n / t_on;
  state.counters["on/off"] = t_on / t_off;
}

}  // namespace

int main(int argc, char** argv) {
  for (const Program& p : kPrograms) {
    for (const Mode& m : kModes)
      benchmark::RegisterBenchmark((std::string(p.name) + "/" + m.name).c_str(), explore_mode, p.body, m)
          ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark((std::string(p.name) + "/paired").c_str(), paired, p.body)
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
