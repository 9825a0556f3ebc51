// Resident memory over many executions: runs the 2x1 program N times (default 1,000,000)
// and prints RSS at ten checkpoints, so "memory is flat" is a measured statement.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "programs.hpp"

namespace {
long rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string key;
  long value = 0;
  while (status >> key) {
    if (key == "VmRSS:") {
      status >> value;
      return value;
    }
    status.ignore(1 << 12, '\n');
  }
  return -1;
}
}  // namespace

int main(int argc, char** argv) {
  const unsigned long long total = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000ULL;
  const unsigned long long chunk = total / 10 ? total / 10 : 1;
  std::printf("executions,rss_kib\n");
  unsigned long long done = 0;
  while (done < total) {
    weft::Options o;
    o.max_executions = chunk;
    o.use_environment = false;
    o.seed = done;
    const weft::Result r = weft::explore(o, weft::bench::unlocked_increment_2x1);
    done += r.stats().executions;
    std::printf("%llu,%ld\n", done, rss_kib());
    std::fflush(stdout);
  }
  return 0;
}
