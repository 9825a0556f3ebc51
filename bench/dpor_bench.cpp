// The DPOR literature's benchmarks under `dpor`, with their known trace counts:
//   weft_bench_dpor lastzero N     (N+3)·2^(N-2) traces (Abdulla et al., JACM 2017)
//   weft_bench_dpor readers N      2^N traces
// Prints executions, pruned executions, wall time, rate and peak resident memory, and whether
// the count matches. Exit status 1 when it does not. Both programs race on purpose (that is
// what makes their traces differ), so the detectors are off: they would stop at execution 1.
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

}  // namespace

int main(int argc, char** argv) {
  // A third argument "random" runs as many random executions instead, for the runtime's floor.
  const bool floor = argc == 4 && std::strcmp(argv[3], "random") == 0;
  if ((argc != 3 && !floor) || (std::strcmp(argv[1], "lastzero") != 0 && std::strcmp(argv[1], "readers") != 0)) {
    std::fprintf(stderr, "usage: weft_bench_dpor lastzero|readers N [random]\n");
    return 2;
  }
  const int n = std::atoi(argv[2]);
  const bool lz = std::strcmp(argv[1], "lastzero") == 0;
  if (n < (lz ? 2 : 1) || n > 30) {
    std::fprintf(stderr, "weft_bench_dpor: N must be between %d and 30\n", lz ? 2 : 1);
    return 2;
  }
  const unsigned long long expected = lz ? (static_cast<unsigned long long>(n) + 3) << (n - 2) : 1ull << n;
  weft::Options o;
  o.strategy = floor ? weft::Strategy::random : weft::Strategy::dpor;
  o.max_executions = floor ? expected : 1ull << 40;
  if (const char* cap = std::getenv("WEFT_MAX_EXECUTIONS")) o.max_executions = std::strtoull(cap, nullptr, 10);
  o.use_environment = false;
  o.detect_races = false;
  o.detect_lock_order = false;
  const weft::Result r = weft::explore(o, [n, lz] { lz ? weft::bench::lastzero(n) : weft::bench::readers(n); });
  const auto& s = r.stats();
  std::printf("%s(%d): %llu executions (%llu pruned), expected %llu traces; %.2f s, %.0f executions/s, "
              "%llu steps, peak RSS %ld KiB, %s\n",
              argv[1], n, static_cast<unsigned long long>(s.executions), static_cast<unsigned long long>(s.pruned),
              expected, s.elapsed_seconds, s.executions / (s.elapsed_seconds > 0 ? s.elapsed_seconds : 1),
              static_cast<unsigned long long>(s.steps), peak_rss_kib(), s.complete ? "complete" : "NOT complete");
  return r.ok() && s.complete && s.executions == expected ? 0 : 1;
}
