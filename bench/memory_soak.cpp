// Resident memory over many executions: runs a tiny program N times (default 1,000,000) and
// prints RSS at ten checkpoints, so "memory is flat" is a measured statement.
//   weft_bench_memory [N] [off|on] [JOBS]
// off (default): program (a), 2 threads x 1 unlocked increment, with the detectors off (it
//   races on purpose; the runtime's own memory).
// on: 2 threads x 1 increment under two nested Locks (race-free, so every execution runs to
//   the end) with both detectors on: happens-before, the race detector and the lock-order
//   edges are built and judged in every execution.
// JOBS (default 1): Options::jobs, the parallel workers (0: one per hardware thread).
// Prints VmRSS and the peak (VmHWM) before the first execution and after each tenth.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "bench_args.hpp"
#include "programs.hpp"

namespace {
// A field of /proc/self/status in KiB ("VmRSS:", "VmHWM:"), or -1.
long status_kib(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string key;
  long value = 0;
  while (status >> key) {
    if (key == field) {
      status >> value;
      return value;
    }
    status.ignore(1 << 12, '\n');
  }
  return -1;
}
}  // namespace

int main(int argc, char** argv) {
  constexpr const char* kUsage = "weft_bench_memory [executions] [off|on] [jobs]";
  const unsigned long long total = weft::bench::count_arg(argc, argv, 1, 1000000ULL, "executions", kUsage);
  const bool detect = argc > 2 && std::strcmp(argv[2], "on") == 0;
  const auto jobs = static_cast<unsigned>(weft::bench::count_arg(argc, argv, 3, 1, "jobs", kUsage, 1, 1024));
  if (argc > 4 || (argc > 2 && !detect && std::strcmp(argv[2], "off") != 0)) {
    std::fprintf(stderr, "usage: weft_bench_memory [executions] [off|on] [jobs]\n");
    return 2;
  }
  const unsigned long long chunk = total / 10 ? total / 10 : 1;
  std::printf("# jobs %u; %s\n", jobs, detect ? "nested_locked_increment_2x1, detect_races and detect_lock_order on"
                                : "unlocked_increment_2x1, detectors off");
  std::printf("executions,rss_kib,peak_rss_kib\n");
  std::printf("0,%ld,%ld\n", status_kib("VmRSS:"), status_kib("VmHWM:"));
  unsigned long long done = 0;
  while (done < total) {
    weft::Options o;
    o.max_executions = chunk;
    o.use_environment = false;
    o.seed = done;
    o.detect_races = detect;
    o.detect_lock_order = detect;
    o.jobs = jobs;
    const weft::Result r =
        weft::explore(o, detect ? weft::bench::nested_locked_increment_2x1 : weft::bench::unlocked_increment_2x1);
    if (!r.ok()) {
      std::printf("unexpected failure: %s\n", r.failure().message.c_str());
      return 1;
    }
    done += r.stats().executions;
    std::printf("%llu,%ld,%ld\n", done, status_kib("VmRSS:"), status_kib("VmHWM:"));
    std::fflush(stdout);
  }
  return 0;
}
