#pragma once
// The benchmarked program shapes: (a) 2 threads x 1 unlocked increment, (b) 4 threads x 50
// lock/unlock pairs on one Lock (issue 2); lastzero(N) and readers(N) from the DPOR
// literature (issue 5).
#include <memory>
#include <vector>

#include <weft/weft.hpp>

namespace weft::bench {

inline void unlocked_increment_2x1() {
  Shared<int> counter{0};
  auto inc = [&] { counter.store(counter.load() + 1); };
  Thread a(inc), b(inc);
  a.start();
  b.start();
  a.join();
  b.join();
}

inline void lock_pairs_4x50() {
  Lock lock;
  auto work = [&] {
    for (int i = 0; i < 50; ++i) {
      lock.acquire();
      lock.release();
    }
  };
  Thread t1(work), t2(work), t3(work), t4(work);
  t1.start();
  t2.start();
  t3.start();
  t4.start();
  t1.join();
  t2.join();
  t3.join();
  t4.join();
}

// lastzero(N): thread 0 scans a[N], a[N-1], ... down to the first zero; thread j (1..N) does
// a[j] = a[j-1] + 1. (N+3)*2^(N-2) Mazurkiewicz traces (tests/model/dpor_test.cpp derives it).
inline void lastzero(int n) {
  std::vector<std::unique_ptr<Shared<int>>> a;
  for (int i = 0; i <= n; ++i) a.push_back(std::make_unique<Shared<int>>(0));
  std::vector<Thread> ts;
  ts.emplace_back([&] {
    for (int i = n; i >= 0 && a[static_cast<std::size_t>(i)]->load() != 0; --i) {
    }
  });
  for (int j = 1; j <= n; ++j)
    ts.emplace_back([&, j] { a[static_cast<std::size_t>(j)]->store(a[static_cast<std::size_t>(j - 1)]->load() + 1); });
  for (auto& t : ts) t.start();
  for (auto& t : ts) t.join();
}

// readers(N): one thread writes x, N threads read it: 2^N traces.
inline void readers(int n) {
  Shared<int> x{0};
  std::vector<Thread> ts;
  ts.emplace_back([&] { x.store(1); });
  for (int j = 1; j <= n; ++j) ts.emplace_back([&] { (void)x.load(); });
  for (auto& t : ts) t.start();
  for (auto& t : ts) t.join();
}

}  // namespace weft::bench
