#pragma once
// The DPOR literature's programs with every access logged (tests/model/access_log.hpp), so a
// test can name the trace each execution reached: `sink` gets it when the execution ends.
// lastzero and readers race on purpose (their traces are what is counted): turn the race
// detector off.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "access_log.hpp"

namespace weft::test {

using TraceSink = std::function<void(const std::string&)>;

/// lastzero(N) (Abdulla et al., "Optimal Dynamic Partial Order Reduction", POPL 2014),
/// (N+3)*2^(N-2) traces: a[0..N] = 0; thread 0 scans i = N down while a[i] != 0; writer j
/// (1..N) does a[j] = a[j-1] + 1. With stop >= 0, one trace fails weft::check: the scanner
/// stopping at a[stop] while writer `late` read a[late-1] before it was written.
inline std::function<void()> logged_lastzero(int n, TraceSink sink, int stop = -1, int late = -1) {
  return [=] {
    AccessLog log;
    std::vector<std::unique_ptr<Shared<int>>> a;
    for (int i = 0; i <= n; ++i) a.push_back(std::make_unique<Shared<int>>(0));
    int stopped = -1, seen_by_late = -1;
    std::vector<Thread> ts;
    ts.emplace_back([&] {
      for (int i = n; i >= 0; --i) {
        const int v = a[static_cast<std::size_t>(i)]->load();
        log.read(i, 0);
        stopped = i;
        if (v == 0) break;
      }
    });
    for (int j = 1; j <= n; ++j)
      ts.emplace_back([&, j] {
        const int v = a[static_cast<std::size_t>(j - 1)]->load();
        log.read(j - 1, j);
        if (j == late) seen_by_late = v;
        a[static_cast<std::size_t>(j)]->store(v + 1);
        log.write(j, j);
      });
    for (auto& t : ts) t.start();
    for (auto& t : ts) t.join();
    if (sink) sink(log.trace());
    if (stop >= 0) check(!(stopped == stop && seen_by_late == 0), "the rare trace");
  };
}

/// readers(N): one thread writes x, N threads read it; 2^N traces (each reader before or after
/// the write).
inline std::function<void()> logged_readers(int n, TraceSink sink) {
  return [=] {
    AccessLog log;
    Shared<int> x{0};
    std::vector<Thread> ts;
    ts.emplace_back([&] {
      x.store(1);
      log.write(0, 0);
    });
    for (int j = 1; j <= n; ++j)
      ts.emplace_back([&, j] {
        (void)x.load();
        log.read(0, j);
      });
    for (auto& t : ts) t.start();
    for (auto& t : ts) t.join();
    if (sink) sink(log.trace());
  };
}

/// Two writers of x and y in opposite orders and two readers of both: wake-up sequences
/// several steps long, whose steps' accesses decide where later reversals go (not logged).
inline void crossing_writers_readers() {
  Shared<int> x{0}, y{0};
  Thread w1([&] {
    x.store(1);
    y.store(1);
  });
  Thread w2([&] {
    y.store(2);
    x.store(2);
  });
  Thread r1([&] { (void)(x.load() + y.load()); });
  Thread r2([&] { (void)(y.load() + x.load()); });
  for (Thread* t : {&w1, &w2, &r1, &r2}) t->start();
  for (Thread* t : {&w1, &w2, &r1, &r2}) t->join();
}

}  // namespace weft::test
