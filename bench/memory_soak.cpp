// Resident memory over many executions, so "memory is flat" is a measured statement.
//   weft_bench_memory [N] [off|on|dpor|dpor-lastzero] [JOBS] [TREE_MB]
// off (default): program (a), 2 threads x 1 unlocked increment, with the detectors off (it
//   races on purpose; the runtime's own memory), N executions of `random` in ten searches.
// on: 2 threads x 1 increment under two nested Locks (race-free, so every execution runs to
//   the end) with both detectors on: happens-before, the race detector and the lock-order
//   edges are built and judged in every execution.
// dpor: ONE complete dpor search of readers(k), the smallest k with 2^k >= N traces
//   (N = 1,000,000: readers(20), 1,048,576 traces); dpor-lastzero: of lastzero(k), the
//   smallest k with (k+3)*2^(k-2) >= N (lastzero(18), 1,376,256 traces). A search keeps its
//   wake-up trees, sleep sets and (with jobs) the helpers' subtrees between executions, so
//   this is what would grow if anything did. A thread beside the search reads the memory
//   each time another tenth of N bodies has started.
// JOBS (default 1): Options::jobs, the parallel workers (0: one per hardware thread).
// TREE_MB (dpor only; default Options::dpor_tree_mb's): Options::dpor_tree_mb, the wake-up
//   trees a search keeps before it switches to source-DPOR; the last line then also gives the
//   sleep-set blocked executions that switch cost.
// Prints VmRSS and the peak (VmHWM) before the first execution and after each tenth.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

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

void print_row(unsigned long long executions) {
  std::printf("%llu,%ld,%ld\n", executions, status_kib("VmRSS:"), status_kib("VmHWM:"));
  std::fflush(stdout);
}

// N executions of a tiny program, in ten searches of N/10 (seeds differ).
int soak_sampling(unsigned long long total, bool detect, unsigned jobs) {
  const unsigned long long chunk = total / 10 ? total / 10 : 1;
  std::printf("# jobs %u; %s\n", jobs, detect ? "nested_locked_increment_2x1, detect_races and detect_lock_order on"
                                : "unlocked_increment_2x1, detectors off");
  std::printf("executions,rss_kib,peak_rss_kib\n");
  print_row(0);
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
    print_row(done);
  }
  return 0;
}

// One complete dpor search of at least `total` traces; memory read every tenth of `total`
// bodies started (the count includes bodies a helper ran for a subtree the search did not
// adopt, so it may pass `total` before the search ends).
int soak_dpor(unsigned long long total, bool lastzero, unsigned jobs, std::size_t tree_mb) {
  int k = 1;
  auto traces = [lastzero](int n) {
    return lastzero ? (static_cast<unsigned long long>(n) + 3) << (n - 2) : 1ull << n;
  };
  while (traces(k) < total) ++k;
  std::printf("# jobs %u; one dpor search of %s(%d), %llu traces, detectors off, wake-up trees up to %zu MiB\n",
              jobs, lastzero ? "lastzero" : "readers", k, traces(k), tree_mb);
  std::printf("executions,rss_kib,peak_rss_kib\n");
  print_row(0);
  std::atomic<unsigned long long> started{0};
  std::atomic<bool> done{false};
  const unsigned long long tenth = total / 10 ? total / 10 : 1;
  std::thread sampler([&] {
    unsigned long long next = tenth;
    while (!done.load()) {
      const unsigned long long now = started.load(std::memory_order_relaxed);
      if (now >= next) {
        print_row(now);
        while (next <= now) next += tenth;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  weft::Options o;
  o.strategy = weft::Strategy::dpor;
  o.max_executions = 1ull << 40;
  o.use_environment = false;
  o.detect_races = false;
  o.detect_lock_order = false;
  o.jobs = jobs;
  o.dpor_tree_mb = tree_mb;
  const weft::Result r = weft::explore(o, [&] {
    started.fetch_add(1, std::memory_order_relaxed);
    if (lastzero)
      weft::bench::lastzero(k);
    else
      weft::bench::readers(k);
  });
  done = true;
  sampler.join();
  print_row(r.stats().executions);
  const std::uint64_t ran = r.stats().executions - r.stats().pruned;
  std::printf("# %llu executions, %llu of them sleep-set blocked\n", static_cast<unsigned long long>(r.stats().executions),
              static_cast<unsigned long long>(r.stats().pruned));
  if (!r.ok() || ran != traces(k)) {
    std::printf("unexpected: %llu complete executions for %llu traces%s\n", static_cast<unsigned long long>(ran),
                traces(k), r.ok() ? "" : " (failed)");
    return 1;
  }
  return 0;
}
}  // namespace

int main(int argc, char** argv) {
  constexpr const char* kUsage = "weft_bench_memory [executions] [off|on|dpor|dpor-lastzero] [jobs] [tree_mb]";
  const unsigned long long total = weft::bench::count_arg(argc, argv, 1, 1000000ULL, "executions", kUsage);
  const std::string mode = argc > 2 ? argv[2] : "off";
  const auto jobs = static_cast<unsigned>(weft::bench::count_arg(argc, argv, 3, 1, "jobs", kUsage, 0, 1024));
  const auto tree_mb = static_cast<std::size_t>(weft::bench::count_arg(argc, argv, 4, weft::Options{}.dpor_tree_mb,
                                                                      "tree_mb", kUsage, 0, weft::kMaxDporTreeMb));
  if (argc > 5 || (mode != "off" && mode != "on" && mode != "dpor" && mode != "dpor-lastzero") ||
      (argc > 4 && mode != "dpor" && mode != "dpor-lastzero")) {
    std::fprintf(stderr, "usage: %s\n", kUsage);
    return 2;
  }
  if (mode == "dpor" || mode == "dpor-lastzero") return soak_dpor(total, mode == "dpor-lastzero", jobs, tree_mb);
  return soak_sampling(total, mode == "on", jobs);
}
