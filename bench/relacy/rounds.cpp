// Issue 13's comparison program written for Relacy (github.com/dvyukov/relacy), the C++ tool
// weft's executions/s are measured against: 4 threads x 10 rounds of (lock, read and write a
// plain variable, unlock, fetch_add, load, store), explored by Relacy's random scheduler.
// weft's version of the same program is bench/programs.hpp's relacy_rounds_4x10.
//
// Not part of weft's build, and Relacy is never a dependency: build.sh compiles this file
// against a Relacy checkout you provide, for the measurement only (README, "Performance").
//   relacy_rounds [ITERATIONS]   (default 200,000) prints executions/s in CPU time.
#include <relacy/relacy_std.hpp>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

struct RoundsTest : rl::test_suite<RoundsTest, 4> {
  std::mutex lock;
  rl::var<int> plain;       // checked for races, not scheduled (as weft's SharedPoints::sync_only)
  std::atomic<int> counter;  // every operation a scheduling point

  void before() {
    plain($) = 0;
    counter.store(0, std::memory_order_relaxed, $);
  }
  void thread(unsigned) {
    for (int i = 0; i < 10; ++i) {
      lock.lock($);
      plain($) = plain($) + 1;
      lock.unlock($);
      counter.fetch_add(1, std::memory_order_seq_cst, $);
      const int v = counter.load(std::memory_order_seq_cst, $);
      counter.store(v, std::memory_order_seq_cst, $);
    }
  }
  void after() { RL_ASSERT(plain($) == 40); }
};

static double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

int main(int argc, char** argv) {
  // std::from_chars: it refuses trailing characters and values out of range (Relacy's headers
  // redefine errno, which strtol's overflow report needs).
  long iterations = 200000;
  if (argc > 1) {
    const char* text = argv[1];
    const char* text_end = text + std::strlen(text);
    const auto [end, error] = std::from_chars(text, text_end, iterations);
    if (error != std::errc{} || end != text_end) iterations = 0;
  }
  if (iterations <= 0) {
    std::fprintf(stderr, "usage: %s [iterations]  (a whole number above 0)\n", argv[0]);
    return 2;
  }
  rl::test_params params;
  params.iteration_count = static_cast<rl::iteration_t>(iterations);
  params.search_type = rl::random_scheduler_type;
  const double start = cpu_seconds();
  const bool ok = rl::simulate<RoundsTest>(params);
  const double seconds = cpu_seconds() - start;
  std::printf("relacy_rounds: %s, %ld executions in %.3f s CPU: %.1f k executions/s\n", ok ? "passed" : "FAILED",
              iterations, seconds, static_cast<double>(iterations) / seconds / 1000.0);
  return ok ? 0 : 1;
}
