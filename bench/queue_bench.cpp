// Queue benchmarks (Google Benchmark):
// - real threads: weft::Queue<int> put/get throughput with 1, 2 and 4 producer/consumer
//   pairs, against a plain std::mutex + std::condition_variable queue doing the same work
//   (unbounded, one notify per put, as CPython's Queue);
// - simulated: executions/s and steps/s of exploring the producer_consumer scenario.
#include <benchmark/benchmark.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include <weft/weft.hpp>

#include "scenarios/scenario.hpp"

namespace {

constexpr int kItemsPerProducer = 20000;

// The baseline: what one would write by hand with the standard library.
class StdQueue {
 public:
  void put(int v) {
    {
      std::lock_guard g(m_);
      items_.push_back(v);
    }
    not_empty_.notify_one();
  }
  int get() {
    std::unique_lock l(m_);
    not_empty_.wait(l, [&] { return !items_.empty(); });
    const int v = items_.front();
    items_.pop_front();
    return v;
  }

 private:
  std::mutex m_;
  std::condition_variable not_empty_;
  std::deque<int> items_;
};

template <class Q>
void run_pairs(benchmark::State& state) {
  const auto pairs = static_cast<int>(state.range(0));
  std::int64_t sink = 0;
  for (auto _ : state) {
    Q q;
    std::vector<std::int64_t> sums(static_cast<std::size_t>(pairs), 0);
    std::vector<std::thread> threads;
    for (int p = 0; p < pairs; ++p)
      threads.emplace_back([&q] {
        for (int i = 0; i < kItemsPerProducer; ++i) q.put(i);
      });
    for (int c = 0; c < pairs; ++c)
      threads.emplace_back([&q, &sums, c] {
        std::int64_t s = 0;
        for (int i = 0; i < kItemsPerProducer; ++i) s += q.get();
        sums[static_cast<std::size_t>(c)] = s;
      });
    for (auto& t : threads) t.join();
    for (std::int64_t s : sums) sink += s;
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(state.iterations() * pairs * kItemsPerProducer);
}

void BM_weft_Queue_int(benchmark::State& s) { run_pairs<weft::Queue<int>>(s); }
void BM_std_mutex_cv_queue(benchmark::State& s) { run_pairs<StdQueue>(s); }

// Exploring the producer_consumer scenario: whole executions per second.
void BM_sim_producer_consumer(benchmark::State& state) {
  const weft::scenarios::Scenario* scenario = weft::scenarios::find("producer_consumer");
  if (scenario == nullptr) {
    state.SkipWithError("producer_consumer scenario not linked");
    return;
  }
  weft::Options o;
  o.strategy = weft::Strategy::random;  // as the README's table says; weft_bench_explore compares surw
  o.max_executions = 1000;
  o.use_environment = false;
  (void)weft::explore(o, scenario->body);  // warm-up
  std::uint64_t executions = 0, steps = 0;
  for (auto _ : state) {
    const weft::Result r = weft::explore(o, scenario->body);
    if (!r.ok()) state.SkipWithError("unexpected failure");
    executions += r.stats().executions;
    steps += r.stats().steps;
  }
  state.counters["executions/s"] = benchmark::Counter(static_cast<double>(executions), benchmark::Counter::kIsRate);
  state.counters["steps/s"] = benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
  state.counters["steps/exec"] = static_cast<double>(steps) / static_cast<double>(executions);
}

BENCHMARK(BM_weft_Queue_int)->Arg(1)->Arg(2)->Arg(4)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_std_mutex_cv_queue)->Arg(1)->Arg(2)->Arg(4)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_sim_producer_consumer)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
