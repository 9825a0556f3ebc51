// Two locks taken in opposite orders: the classic deadlock.
#include <weft/weft.hpp>

#include "scenarios/scenario.hpp"

namespace weft::scenarios {
namespace {

void lock_order_deadlock() {
  Lock first, second;
  Thread forward(ThreadOptions{"forward", {}}, [&] {
    first.acquire();
    second.acquire();
    second.release();
    first.release();
  });
  Thread backward(ThreadOptions{"backward", {}}, [&] {
    second.acquire();
    first.acquire();
    first.release();
    second.release();
  });
  forward.start();
  backward.start();
  forward.join();
  backward.join();
}

// The same ABBA, but 'backward' sleeps first. Under the default timeout policy (when_idle) a
// sleep ends only when no other thread can run, so 'forward' has always released both locks
// by then and no schedule deadlocks; yet the sleep orders nothing, and on a loaded machine
// (or with --timeouts explore) the two critical sections overlap.
void lock_order_inversion() {
  Lock first, second;
  Thread forward(ThreadOptions{"forward", {}}, [&] {
    first.acquire();
    second.acquire();
    second.release();
    first.release();
  });
  Thread backward(ThreadOptions{"backward", {}}, [&] {
    sleep(0.1);  // "forward is surely done by now"
    second.acquire();
    first.acquire();
    first.release();
    second.release();
  });
  forward.start();
  backward.start();
  forward.join();
  backward.join();
}

const Registrar lock_order_deadlock_reg{{
    "lock_order_deadlock",
    "two threads take two Locks in opposite order -> deadlock (other strategies: lock-order inversion first)",
    "'forward' takes first then second; 'backward' takes second then first. If each gets its "
    "first lock before the other gets its second, each waits forever for a lock the other "
    "holds. The report names the cycle: who holds which lock, who waits where. The random strategy's first "
    "execution deadlocks; the other strategies (pct, pos, surw, dfs, dpor) start with one that "
    "does not, such as 'forward' finishing before 'backward' starts, and the lock-order detector "
    "reports the inversion there, before any deadlock (--lock-order=0: the search goes on to "
    "the deadlock). In the table, look at forward's lock.acquire of Lock#1, the switch to "
    "backward ('preempted'), and backward's lock.acquire of Lock#2: the table ends there, "
    "because neither thread can take its second lock. The cure is a global lock order, every "
    "thread taking first before second; the fix: in scenarios/deadlocks.cpp, in backward, "
    "replace `second.acquire(); first.acquire();` with `first.acquire(); second.acquire();` "
    "(and release in the opposite order).",
    Expect::fails, false, lock_order_deadlock, FailureKind::deadlock, Strategy::random}};

const Registrar lock_order_inversion_reg{{
    "lock_order_inversion",
    "the same opposite lock orders, one thread sleeps first -> lock-order inversion (with --lock-order=0: passes)",
    "'backward' sleeps 0.1 s before taking second then first, so with the default timeout "
    "policy (a sleep ends only when nothing else can run) 'forward' always holds and releases "
    "both locks first: no explored schedule deadlocks, and with --lock-order=0 even a complete "
    "dfs search passes. The lock-order detector still reports the inversion in the first "
    "execution: 'forward' took second while holding first, 'backward' took first while holding "
    "second, no common lock gates them and nothing but a sleep keeps them apart, and a sleep "
    "orders nothing. With --timeouts explore (a slow machine) the search reaches the deadlock "
    "itself. In the table, the rows marked => are forward's lock.acquire of Lock#1 then Lock#2 "
    "and backward's lock.acquire of Lock#2 then Lock#1; the only row between the two pairs on "
    "backward's side is its sleep 100ms, which is not synchronisation. The cure is the same "
    "global lock order; the fix: in scenarios/deadlocks.cpp, in lock_order_inversion's "
    "backward, replace `second.acquire(); first.acquire();` with `first.acquire(); "
    "second.acquire();` (and release in the opposite order); the `sleep(0.1);` can then go.",
    Expect::fails, false, lock_order_inversion, FailureKind::lock_order_inversion}};

}  // namespace
}  // namespace weft::scenarios
