#pragma once
// The benchmarked program shapes (issue 2): (a) 2 threads x 1 unlocked increment,
// (b) 4 threads x 50 lock/unlock pairs on one Lock.
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

}  // namespace weft::bench
