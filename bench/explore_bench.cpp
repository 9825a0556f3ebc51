// Executions/s and scheduling steps/s of the random and surw (default) strategies on the
// issue-2 program shapes,
// heap allocations per step and per execution in steady state, and the cost of one raw
// Boost.Context switch for scale. The runtime alone: the detectors are off here ((a) races on
// purpose and would stop at its first execution); weft_bench_detectors measures them.
#include <benchmark/benchmark.h>

#include <boost/context/detail/fcontext.hpp>

#include "alloc_counter.hpp"
#include "programs.hpp"

namespace {

using weft::bench::allocations;

void run_explore(benchmark::State& state, void (*program)(), weft::Strategy strategy) {
  constexpr std::uint64_t kBatch = 2000;
  weft::Options o;
  o.strategy = strategy;
  o.max_executions = kBatch;
  o.use_environment = false;
  o.detect_races = false;
  o.detect_lock_order = false;
  (void)weft::explore(o, program);  // warm-up: pools and vectors reach their steady size
  std::uint64_t executions = 0, steps = 0, allocs = 0;
  for (auto _ : state) {
    const std::uint64_t before = allocations();
    const weft::Result r = weft::explore(o, program);
    allocs += allocations() - before;
    executions += r.stats().executions;
    steps += r.stats().steps;
    if (!r.ok()) state.SkipWithError("unexpected failure");
  }
  state.counters["executions/s"] = benchmark::Counter(static_cast<double>(executions), benchmark::Counter::kIsRate);
  state.counters["steps/s"] = benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
  state.counters["steps/exec"] = static_cast<double>(steps) / static_cast<double>(executions);
  state.counters["allocs/exec"] = static_cast<double>(allocs) / static_cast<double>(executions);
  state.counters["allocs/step"] = static_cast<double>(allocs) / static_cast<double>(steps);
}

void BM_unlocked_increment_2x1(benchmark::State& s) {
  run_explore(s, weft::bench::unlocked_increment_2x1, weft::Strategy::random);
}
void BM_lock_pairs_4x50(benchmark::State& s) { run_explore(s, weft::bench::lock_pairs_4x50, weft::Strategy::random); }
void BM_unlocked_increment_2x1_surw(benchmark::State& s) {
  run_explore(s, weft::bench::unlocked_increment_2x1, weft::Strategy::surw);
}
void BM_lock_pairs_4x50_surw(benchmark::State& s) {
  run_explore(s, weft::bench::lock_pairs_4x50, weft::Strategy::surw);
}

// Two contexts bouncing control: one iteration = two jump_fcontext calls.
namespace ctx = boost::context::detail;
void bounce(ctx::transfer_t t) {
  for (;;) t = ctx::jump_fcontext(t.fctx, nullptr);
}
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
BENCHMARK(BM_unlocked_increment_2x1_surw)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_lock_pairs_4x50_surw)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_raw_fiber_switch);

}  // namespace

BENCHMARK_MAIN();
