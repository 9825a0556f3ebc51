#pragma once
// The benchmarked program shapes: (a) 2 threads x 1 unlocked increment, (b) 4 threads x 50
// lock/unlock pairs on one Lock (issue 2); lastzero(N) and readers(N) from the DPOR
// literature (issue 5); race-free Shared-heavy and nested-lock shapes for the detectors
// (issue 10); philosophers(N) with ordered forks (issue 13). (a), lastzero and readers race on purpose: the detectors report them in the
// first execution, so the benchmarks that explore them many times turn the detectors off.
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

// Starts four threads running `work`, then joins them.
template <class Work>
void run_four(const Work& work) {
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

inline void lock_pairs_4x50() {
  Lock lock;
  auto work = [&] {
    for (int i = 0; i < 50; ++i) {
      lock.acquire();
      lock.release();
    }
  };
  run_four(work);
}

// Issue 13's Relacy comparison: 4 threads x 10 rounds of { lock; read and write a plain
// variable; unlock; fetch_add; load; store }, the atomics seq_cst (weft's only order). Relacy's
// side (rl::mutex, rl::var<int>, rl::atomic<int> with mo_seq_cst) is built outside the
// repository. By default the plain-variable accesses are scheduling points here (Relacy only
// checks them for races): weft takes 294 steps an execution, Relacy schedules 229 times.
// Under SharedPoints::sync_only weft schedules as Relacy does (the 80 accesses are still
// events, committed within their steps, and judged for races).
inline void relacy_rounds_4x10() {
  Lock lock;
  Shared<int> plain{0};
  Atomic<int> counter{0};
  auto work = [&] {
    for (int i = 0; i < 10; ++i) {
      lock.acquire();
      plain.store(plain.load() + 1);
      lock.release();
      counter.fetch_add(1);
      const int v = counter.load();
      counter.store(v);
    }
  };
  run_four(work);
  check(plain.load() == 40, "40 locked increments");
}

// 4 threads x 50 locked increments of one Shared<int>: 200 lock pairs and 400 Shared
// accesses, every access ordered by the lock (race-free: the race detector checks each one).
inline void locked_shared_4x50() {
  Lock lock;
  Shared<int> counter{0};
  auto work = [&] {
    for (int i = 0; i < 50; ++i) {
      lock.acquire();
      counter.store(counter.load() + 1);
      lock.release();
    }
  };
  run_four(work);
  check(counter.load() == 200, "200 locked increments");
}

// 4 threads x 50 increments of each thread's own Shared<int>, summed by main after the joins:
// 400 unlocked Shared accesses, ordered by start and join only (race-free).
inline void owned_shared_4x50() {
  Shared<int> c1{0}, c2{0}, c3{0}, c4{0};
  auto work = [](Shared<int>& c) {
    for (int i = 0; i < 50; ++i) c.store(c.load() + 1);
  };
  Thread t1([&] { work(c1); }), t2([&] { work(c2); }), t3([&] { work(c3); }), t4([&] { work(c4); });
  t1.start();
  t2.start();
  t3.start();
  t4.start();
  t1.join();
  t2.join();
  t3.join();
  t4.join();
  check(c1.load() + c2.load() + c3.load() + c4.load() == 200, "each thread's 50 increments");
}

// 4 threads x 25 nested pairs: outer then inner, always in that order (an edge outer -> inner
// per thread for the lock-order detector, and no cycle).
inline void nested_locks_4x25() {
  Lock outer, inner;
  auto work = [&] {
    for (int i = 0; i < 25; ++i) {
      outer.acquire();
      inner.acquire();
      inner.release();
      outer.release();
    }
  };
  run_four(work);
}

// The memory soak's race-free program: 2 threads x 1 increment under two nested Locks, so
// both detectors have work in every execution (happens-before, a checked access, an edge).
inline void nested_locked_increment_2x1() {
  Lock outer, inner;
  Shared<int> counter{0};
  auto inc = [&] {
    outer.acquire();
    inner.acquire();
    counter.store(counter.load() + 1);
    inner.release();
    outer.release();
  };
  Thread a(inc), b(inc);
  a.start();
  b.start();
  a.join();
  b.join();
}

// lastzero(N): thread 0 scans a[N], a[N-1], ... down to the first zero; thread j (1..N) does
// a[j] = a[j-1] + 1. (N+3)*2^(N-2) Mazurkiewicz traces (tests/model/dpor_test.cpp derives it).
// Written as its C original is (one array, one array of threads): the program's own heap
// traffic is not what the benchmark measures.
inline void lastzero(int n) {
  const auto size = static_cast<std::size_t>(n) + 1;
  std::vector<Shared<int>> a(size);  // each starts at 0
  std::vector<Thread> ts;
  ts.reserve(size);
  ts.emplace_back([&] {
    for (int i = n; i >= 0 && a[static_cast<std::size_t>(i)].load() != 0; --i) {
    }
  });
  for (int j = 1; j <= n; ++j)
    ts.emplace_back([&, j] { a[static_cast<std::size_t>(j)].store(a[static_cast<std::size_t>(j - 1)].load() + 1); });
  for (auto& t : ts) t.start();
  for (auto& t : ts) t.join();
}

// readers(N): one thread writes x, N threads read it: 2^N traces.
inline void readers(int n) {
  Shared<int> x{0};
  std::vector<Thread> ts;
  ts.reserve(static_cast<std::size_t>(n) + 1);
  ts.emplace_back([&] { x.store(1); });
  for (int j = 1; j <= n; ++j) ts.emplace_back([&] { (void)x.load(); });
  for (auto& t : ts) t.start();
  for (auto& t : ts) t.join();
}

// philosophers(N): N dining philosophers with ordered forks, each eating once: philosopher i
// takes the lower-numbered of forks i and (i+1)%N first, then the other, and puts both down
// (so no deadlock). The DPOR literature's lock benchmark (issue 13: N = 6 has 62 traces).
inline void philosophers(int n) {
  std::vector<Lock> forks(static_cast<std::size_t>(n));
  std::vector<Thread> ts;
  ts.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    ts.emplace_back([&, i] {
      const int left = i, right = (i + 1) % n;
      Lock& first = forks[static_cast<std::size_t>(left < right ? left : right)];
      Lock& second = forks[static_cast<std::size_t>(left < right ? right : left)];
      first.acquire();
      second.acquire();
      second.release();
      first.release();
    });
  for (auto& t : ts) t.start();
  for (auto& t : ts) t.join();
}

}  // namespace weft::bench
