// Executions/s and scheduling steps/s of the random and surw (default) strategies on the
// issue-2 program shapes and issue 13's Relacy comparison program (relacy_rounds_4x10),
// heap allocations per step and per execution in steady state, and the cost of one raw
// Boost.Context switch for scale: every program also reports its CPU ns per step and that
// divided by a raw switch measured once at startup in the same process ("switches/step": what
// a step costs in raw switches). The raw switch stays Boost's jump_fcontext, the yardstick issue
// 13 names, even where weft switches with its own (sim/fiber_switch_x86_64.S): two contexts
// bouncing in loops never return, so this is the switch at its cheapest, with nothing
// mispredicted. The runtime alone: the detectors are off here ((a) races on purpose and would
// stop at its first execution); weft_bench_detectors measures them. The Relacy program runs
// twice: with every Shared access a scheduling point (weft's default), and with
// SharedPoints::sync_only, which schedules as Relacy does and judges races as it does.
#include <benchmark/benchmark.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <cstdio>

#include <boost/context/detail/fcontext.hpp>

#include "alloc_counter.hpp"
#include "programs.hpp"
#include "relacy_floor.hpp"

namespace {

using weft::bench::allocations;
namespace ctx = boost::context::detail;

double thread_cpu_ns() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e9 + static_cast<double>(t.tv_nsec);
}

// Two contexts bouncing control: each jump there returns here, so one round trip = two
// jump_fcontext calls.
void bounce(ctx::transfer_t t) {
  for (;;) t = ctx::jump_fcontext(t.fctx, nullptr);
}

// CPU ns of one raw Boost.Context switch, measured once per process (median of 7 batches of
// 1,000,000 round trips), so each program's ns/step is divided by a switch of the same run.
double raw_switch_ns() {
  static const double ns = [] {
    static char stack[64 * 1024];
    ctx::fcontext_t other = ctx::make_fcontext(stack + sizeof stack, sizeof stack, bounce);
    constexpr int kRounds = 1000000;
    for (int i = 0; i < kRounds; ++i) other = ctx::jump_fcontext(other, nullptr).fctx;  // warm-up
    std::array<double, 7> batch{};
    for (double& b : batch) {
      const double t0 = thread_cpu_ns();
      for (int i = 0; i < kRounds; ++i) other = ctx::jump_fcontext(other, nullptr).fctx;
      b = (thread_cpu_ns() - t0) / (2.0 * kRounds);
    }
    std::sort(batch.begin(), batch.end());
    std::fprintf(stderr, "raw Boost.Context switch (this run, CPU time): %.2f ns\n", batch[3]);
    return batch[3];
  }();
  return ns;
}

// `shared`: SharedPoints::sync_only needs the race detector, so it runs with races judged (as
// Relacy always does), which every_access runs do not pay.
void run_explore(benchmark::State& state, void (*program)(), weft::Strategy strategy,
                 weft::SharedPoints shared = weft::SharedPoints::every_access) {
  constexpr std::uint64_t kBatch = 2000;
  weft::Options o;
  o.strategy = strategy;
  o.max_executions = kBatch;
  o.use_environment = false;
  o.shared_points = shared;
  o.detect_races = shared == weft::SharedPoints::sync_only;
  o.detect_lock_order = false;
  (void)weft::explore(o, program);  // warm-up: pools and vectors reach their steady size
  const double switch_ns = raw_switch_ns();
  std::uint64_t executions = 0, steps = 0, allocs = 0;
  const double cpu0 = thread_cpu_ns();
  for (auto _ : state) {
    const std::uint64_t before = allocations();
    const weft::Result r = weft::explore(o, program);
    allocs += allocations() - before;
    executions += r.stats().executions;
    steps += r.stats().steps;
    if (!r.ok()) state.SkipWithError("unexpected failure");
  }
  const double ns_per_step = (thread_cpu_ns() - cpu0) / static_cast<double>(steps);
  state.counters["executions/s"] = benchmark::Counter(static_cast<double>(executions), benchmark::Counter::kIsRate);
  state.counters["steps/s"] = benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
  state.counters["steps/exec"] = static_cast<double>(steps) / static_cast<double>(executions);
  state.counters["allocs/exec"] = static_cast<double>(allocs) / static_cast<double>(executions);
  state.counters["allocs/step"] = static_cast<double>(allocs) / static_cast<double>(steps);
  state.counters["ns/step"] = ns_per_step;
  state.counters["switches/step"] = ns_per_step / switch_ns;
}

void BM_unlocked_increment_2x1(benchmark::State& s) {
  run_explore(s, weft::bench::unlocked_increment_2x1, weft::Strategy::random);
}
void BM_lock_pairs_4x50(benchmark::State& s) { run_explore(s, weft::bench::lock_pairs_4x50, weft::Strategy::random); }
void BM_relacy_rounds_4x10(benchmark::State& s) {
  run_explore(s, weft::bench::relacy_rounds_4x10, weft::Strategy::random);
}
// Relacy's own terms: only synchronisation is scheduled, the plain variable is checked for races.
void BM_relacy_rounds_4x10_sync_only(benchmark::State& s) {
  run_explore(s, weft::bench::relacy_rounds_4x10, weft::Strategy::random, weft::SharedPoints::sync_only);
}
void BM_unlocked_increment_2x1_surw(benchmark::State& s) {
  run_explore(s, weft::bench::unlocked_increment_2x1, weft::Strategy::surw);
}
void BM_lock_pairs_4x50_surw(benchmark::State& s) {
  run_explore(s, weft::bench::lock_pairs_4x50, weft::Strategy::surw);
}

// The program's floor (bench/relacy_floor.hpp): executions/s on bare fibers, and per
// scheduling point its ns and raw switches, beside weft's runs above and Relacy's figure.
void BM_relacy_rounds_4x10_floor(benchmark::State& state) {
  using Floor = weft::bench::RelacyFloor;
  Floor floor;
  constexpr int kPoints = Floor::kThreads * Floor::kRounds * Floor::kPointsPerRound;
  const double switch_ns = raw_switch_ns();
  std::uint64_t executions = 0;
  const double cpu0 = thread_cpu_ns();
  for (auto _ : state) {
    for (int i = 0; i < 2000; ++i) {
      if (floor.run_once(executions) != Floor::kThreads * Floor::kRounds)
        state.SkipWithError("the floor lost an increment");
      ++executions;
    }
  }
  const double ns_per_point = (thread_cpu_ns() - cpu0) / static_cast<double>(executions * kPoints);
  state.counters["executions/s"] = benchmark::Counter(static_cast<double>(executions), benchmark::Counter::kIsRate);
  state.counters["ns/point"] = ns_per_point;
  state.counters["switches/point"] = ns_per_point / switch_ns;
}

// One iteration = two jump_fcontext calls (bounce, above).
void BM_raw_fiber_switch(benchmark::State& state) {
  static char stack[64 * 1024];
  ctx::fcontext_t other = ctx::make_fcontext(stack + sizeof stack, sizeof stack, bounce);
  for (auto _ : state) {
    other = ctx::jump_fcontext(other, nullptr).fctx;  // there and back: 2 switches
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 2);
  state.counters["ns/switch"] = benchmark::Counter(static_cast<double>(state.iterations()) * 2,
                                                   benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

BENCHMARK(BM_unlocked_increment_2x1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_lock_pairs_4x50)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_relacy_rounds_4x10)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_relacy_rounds_4x10_sync_only)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_relacy_rounds_4x10_floor)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_unlocked_increment_2x1_surw)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_lock_pairs_4x50_surw)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_raw_fiber_switch);

}  // namespace

BENCHMARK_MAIN();
