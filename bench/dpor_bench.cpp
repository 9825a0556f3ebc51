// The DPOR literature's benchmarks under `dpor`, with their known trace counts:
//   weft_bench_dpor lastzero N        (N+3)·2^(N-2) traces (Abdulla et al., JACM 2017)
//   weft_bench_dpor readers N         2^N traces
//   weft_bench_dpor philosophers N    2^N - 2 traces (ordered forks; tests/model/dpor_locks_test.cpp)
//   weft_bench_dpor                   one line per program: executions, traces, sleep-set blocked
// Prints executions, pruned (sleep-set blocked) executions, wall time, rate and peak resident
// memory, and whether the count matches (exit status 1 when it does not), then Knuth's
// estimate of the search from 1,000 probes beside it (docs/estimation.md). lastzero and readers
// race on purpose (that is what makes their traces differ), so the detectors are off: they
// would stop at execution 1. WEFT_JOBS=N runs the search with N jobs (helpers explore subtrees
// ahead: docs/parallel.md); WEFT_MAX_EXECUTIONS=N sets the budget (default 2^40).
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "programs.hpp"

namespace {

long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

struct Program {
  const char* name;
  int min_n;
  unsigned long long (*traces)(int n);
  void (*run)(int n);
};

const Program kPrograms[] = {
    {"lastzero", 2, [](int n) { return (static_cast<unsigned long long>(n) + 3) << (n - 2); }, weft::bench::lastzero},
    {"readers", 1, [](int n) { return 1ull << n; }, weft::bench::readers},
    {"philosophers", 2, [](int n) { return (1ull << n) - 2; }, weft::bench::philosophers},
};

const Program* find_program(const char* name) {
  for (const Program& p : kPrograms)
    if (std::strcmp(p.name, name) == 0) return &p;
  return nullptr;
}

weft::Options options(weft::Strategy strategy, unsigned long long budget) {
  weft::Options o;
  o.strategy = strategy;
  o.max_executions = budget;
  if (const char* cap = std::getenv("WEFT_MAX_EXECUTIONS")) o.max_executions = std::strtoull(cap, nullptr, 10);
  if (const char* jobs = std::getenv("WEFT_JOBS")) o.jobs = static_cast<unsigned>(std::strtoul(jobs, nullptr, 10));
  o.use_environment = false;
  o.detect_races = false;
  o.detect_lock_order = false;
  return o;
}

// Without arguments: each program once, at a size that runs in about a second. A dpor
// execution that is pruned here was abandoned sleep-set blocked (these programs make no data
// choices and have no timeouts); the rest are the traces, each run once.
int summary() {
  const struct {
    const Program* program;
    int n;
  } runs[] = {{&kPrograms[0], 12}, {&kPrograms[1], 12}, {&kPrograms[2], 6}};
  std::printf("%-18s %12s %12s %12s %22s %9s\n", "program", "executions", "traces", "expected", "sleep-set blocked",
              "seconds");
  bool all_ok = true;
  for (const auto& [program, n] : runs) {
    const weft::Result r = weft::explore(options(weft::Strategy::dpor, 1ull << 40), [program, n] { program->run(n); });
    const auto& s = r.stats();
    const std::string name = std::string(program->name) + "(" + std::to_string(n) + ")";
    std::printf("%-18s %12llu %12llu %12llu %22llu %9.2f\n", name.c_str(), static_cast<unsigned long long>(s.executions),
                static_cast<unsigned long long>(s.executions - s.pruned), program->traces(n),
                static_cast<unsigned long long>(s.pruned), s.elapsed_seconds);
    all_ok = all_ok && r.ok() && s.complete && s.executions - s.pruned == program->traces(n);
  }
  return all_ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 1) return summary();
  // A third argument "random" runs as many random executions instead, for the runtime's floor.
  const bool floor = argc == 4 && std::strcmp(argv[3], "random") == 0;
  const Program* program = argc >= 2 ? find_program(argv[1]) : nullptr;
  if ((argc != 3 && !floor) || program == nullptr) {
    std::fprintf(stderr, "usage: weft_bench_dpor [lastzero|readers|philosophers N [random]]\n");
    return 2;
  }
  const int n = std::atoi(argv[2]);
  if (n < program->min_n || n > 30) {
    std::fprintf(stderr, "weft_bench_dpor: N must be between %d and 30\n", program->min_n);
    return 2;
  }
  const unsigned long long expected = program->traces(n);
  const weft::Options o =
      floor ? options(weft::Strategy::random, expected) : options(weft::Strategy::dpor, 1ull << 40);
  const auto body = [program, n] { program->run(n); };
  const weft::Result r = weft::explore(o, body);
  const auto& s = r.stats();
  std::printf("%s(%d): %llu executions (%llu pruned), expected %llu traces; %.3f s, %.0f executions/s, "
              "%llu steps, peak RSS %ld KiB, %s\n",
              argv[1], n, static_cast<unsigned long long>(s.executions), static_cast<unsigned long long>(s.pruned),
              expected, s.elapsed_seconds, s.executions / (s.elapsed_seconds > 0 ? s.elapsed_seconds : 1),
              static_cast<unsigned long long>(s.steps), peak_rss_kib(), s.complete ? "complete" : "NOT complete");
  if (!floor) {  // Knuth's estimate of the same search (docs/estimation.md), beside what it ran
    const weft::SearchEstimate e = weft::estimate_search(o, body, 1000);
    std::printf("estimated %s; ran %llu traces (estimate / actual = %.2f)\n", e.summary().c_str(),
                static_cast<unsigned long long>(s.executions - s.pruned),
                e.size / static_cast<double>(s.executions - s.pruned > 0 ? s.executions - s.pruned : 1));
  }
  return r.ok() && s.complete && s.executions == expected ? 0 : 1;
}
