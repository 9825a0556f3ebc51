// SCTBench's CS programs ported to weft (bench/sctbench_subjects.hpp): one function a program,
// each named after its file in SCTBench (<name>_bad.c).
#include "sctbench_subjects.hpp"

#include <array>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include <weft/weft.hpp>

namespace sctbench {
namespace {

using weft::check;
using weft::Lock;
using weft::Shared;
using weft::Thread;

using Threads = std::vector<std::unique_ptr<Thread>>;

template <class F>
Thread& spawn(Threads& ts, F f) {
  ts.push_back(std::make_unique<Thread>(std::move(f)));
  ts.back()->start();
  return *ts.back();
}

void join_all(Threads& ts) {
  for (auto& t : ts) t->join();
}

// Joins in the order the original's main does, by creation index.
void join_in(Threads& ts, std::initializer_list<std::size_t> order) {
  for (std::size_t i : order) ts.at(i)->join();
}

}  // namespace

// account_bad.c: deposit, withdraw and a checker under one lock.
void account() {
  Lock m;
  Shared<int> balance{1}, deposit_done{0}, withdraw_done{0};
  const int x = 1, y = 2, z = 4;
  Threads ts;
  spawn(ts, [&] {
    std::lock_guard g(m);
    if (deposit_done.load() && withdraw_done.load()) check(balance.load() == (x - y) - z, "account: balance");
  });
  spawn(ts, [&] {
    std::lock_guard g(m);
    balance.store(balance.load() + y);
    deposit_done.store(1);
  });
  spawn(ts, [&] {
    std::lock_guard g(m);
    balance.store(balance.load() - z);
    withdraw_done.store(1);
  });
  join_in(ts, {2, 1, 0});
}

// bluetooth_driver_bad.c: the stopper may release the device while an add is in progress.
void bluetooth_driver() {
  Lock atomic;  // __ESBMC_atomic_begin/end
  Shared<int> pending_io{1}, stopping_flag{0}, stopping_event{0}, stopped{0};
  auto io_decrement = [&] {
    int p;
    {
      std::lock_guard g(atomic);
      pending_io.store(pending_io.load() - 1);
      p = pending_io.load();
    }
    if (p == 0) stopping_event.store(1);
  };
  Threads ts;
  spawn(ts, [&] {  // BCSP_PnpStop
    stopping_flag.store(1);
    io_decrement();
    if (stopping_event.load()) stopped.store(1);
  });
  // BCSP_PnpAdd, by main
  int status = 0;
  if (stopping_flag.load()) {
    status = -1;
  } else {
    std::lock_guard g(atomic);
    pending_io.store(pending_io.load() + 1);
  }
  if (status == 0) check(!stopped.load(), "bluetooth_driver: used after stop");
  io_decrement();
  join_all(ts);
}

// deadlock01_bad.c: two locks taken in opposite orders.
void deadlock01() {
  Lock a, b;
  Shared<int> counter{1};
  Threads ts;
  spawn(ts, [&] {
    std::lock_guard ga(a);
    std::lock_guard gb(b);
    counter.store(counter.load() + 1);
  });
  spawn(ts, [&] {
    std::lock_guard gb(b);
    std::lock_guard ga(a);
    counter.store(counter.load() - 1);
  });
  join_all(ts);
}

// lazy01_bad.c: the checker fails if both adders ran before it.
void lazy01() {
  Lock m;
  Shared<int> data{0};
  Threads ts;
  spawn(ts, [&] {  // thread3, created first
    std::lock_guard g(m);
    check(!(data.load() >= 3), "lazy01: data >= 3");
  });
  spawn(ts, [&] {  // thread2
    std::lock_guard g(m);
    data.store(data.load() + 2);
  });
  spawn(ts, [&] {  // thread1
    std::lock_guard g(m);
    data.store(data.load() + 1);
  });
  join_in(ts, {2, 1, 0});
}

// stack_bad.c: SIZE 10; the popper pops once the flag is set, even from an empty stack.
void stack() {
  constexpr int kSize = 10;
  Lock m;
  Shared<int> top{0}, flag{0};
  std::array<Shared<int>, kSize> arr;
  Threads ts;
  spawn(ts, [&] {
    for (int i = 0; i < kSize; ++i) {
      std::lock_guard g(m);
      const bool overflow = top.load() == kSize;
      if (!overflow) {
        arr[static_cast<std::size_t>(top.load())].store(i);
        top.store(top.load() + 1);
      }
      check(!overflow, "stack: overflow");
      flag.store(1);
    }
  });
  spawn(ts, [&] {
    for (int i = 0; i < kSize; ++i) {
      std::lock_guard g(m);
      if (flag.load()) {
        const bool underflow = top.load() == 0;
        if (!underflow) {
          top.store(top.load() - 1);
          (void)arr[static_cast<std::size_t>(top.load())].load();
        }
        check(!underflow, "stack: underflow");
      }
    }
  });
  join_all(ts);
}

// token_ring_bad.c: three atomic hand-offs and a checker.
void token_ring() {
  Lock atomic;
  Shared<int> x1{1}, x2{2}, x3{1}, f1{0}, f2{0}, f3{0};
  Threads ts;
  spawn(ts, [&] {
    std::lock_guard g(atomic);
    x1.store((x3.load() + 1) % 4);
    f1.store(1);
  });
  spawn(ts, [&] {
    std::lock_guard g(atomic);
    x2.store(x1.load());
    f2.store(1);
  });
  spawn(ts, [&] {
    std::lock_guard g(atomic);
    x3.store(x2.load());
    f3.store(1);
  });
  spawn(ts, [&] {
    std::lock_guard g(atomic);
    if (f1.load() && f2.load() && f3.load()) check(x1.load() == x2.load() && x2.load() == x3.load(), "token_ring");
  });
  join_in(ts, {3, 2, 1, 0});
}

// wronglock_bad.c (1 + 7 threads) and wronglock_3_bad.c (1 + 3): funcB increments under
// the wrong lock.
void wronglock(int others) {
  Lock data_lock, this_lock;
  Shared<int> value{0};
  Threads ts;
  spawn(ts, [&] {
    std::lock_guard g(data_lock);
    const int x = value.load();
    value.store(value.load() + 1);
    check(value.load() == x + 1, "wronglock: lost increment");
  });
  for (int i = 0; i < others; ++i)
    spawn(ts, [&] {
      std::lock_guard g(this_lock);
      value.store(value.load() + 1);
    });
  join_all(ts);
}

// reorder: setters write a = 1 then b = -1; checkers want the pair whole.
void reorder(int setters, int checkers) {
  Shared<int> a{0}, b{0};
  Threads ts;
  for (int i = 0; i < setters; ++i)
    spawn(ts, [&] {
      a.store(1);
      b.store(-1);
    });
  for (int i = 0; i < checkers; ++i)
    spawn(ts, [&] {
      const int va = a.load(), vb = b.load();
      check((va == 0 && vb == 0) || (va == 1 && vb == -1), "reorder: torn pair");
    });
  join_all(ts);
}

// twostage: writers in two stages under two locks; readers check they never see the first
// stage without the second.
void twostage(int writers, int readers) {
  Lock l1, l2;
  Shared<int> d1{0}, d2{0};
  Threads ts;
  for (int i = 0; i < writers; ++i)
    spawn(ts, [&] {
      {
        std::lock_guard g(l1);
        d1.store(1);
      }
      std::lock_guard g(l2);
      d2.store(d1.load() + 1);
    });
  for (int i = 0; i < readers; ++i)
    spawn(ts, [&] {
      int t1, t2;
      {
        std::lock_guard g(l1);
        if (d1.load() == 0) return;
        t1 = d1.load();
      }
      {
        std::lock_guard g(l2);
        t2 = d2.load();
      }
      check(t2 == t1 + 1, "twostage: reader between the stages");
    });
  join_all(ts);
}

}  // namespace sctbench
