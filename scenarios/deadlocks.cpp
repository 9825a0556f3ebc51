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

const Registrar lock_order_deadlock_reg{{
    "lock_order_deadlock",
    "two threads take two Locks in opposite order -> deadlock",
    "'forward' takes first then second; 'backward' takes second then first. If each gets its "
    "first lock before the other gets its second, each waits forever for a lock the other "
    "holds. The report names the cycle: who holds which lock, who waits where. The fix is a "
    "global lock order: every thread takes first before second.",
    Expect::fails, false, lock_order_deadlock}};

}  // namespace
}  // namespace weft::scenarios
