// Which acquisitions make a lock-order edge (detect/lock_order.cpp): a try or timed acquire of
// the inner lock makes none, nor does an RLock's re-entry; a lock taken with a try-acquire is
// still held, so a blocking acquire under it is one; RLocks make edges as Locks do; and the
// same lock taken again under other locks is a new edge. Names start with "lock order: " (the
// TSan job selects real-thread tests by other prefixes).
#include <catch2/catch.hpp>

#include <functional>
#include <mutex>

#include <weft/weft.hpp>

#include "tests/detect/lock_order_checks.hpp"

using namespace weft;
using weft::test::check_marked_acquisitions;
using weft::test::expect_inversion;
using weft::test::expect_ok_and_complete;
using weft::test::run_two;

namespace {

// ABBA, except that the first thread takes its inner lock b with `take`, which may fail: when
// such an acquire makes no edge, there is no inversion.
std::function<void()> abba_with_inner(bool (*take)(Lock&)) {
  return [take] {
    Lock a, b;
    run_two(
        [&] {
          a.acquire();
          if (take(b)) b.release();
          a.release();
        },
        [&] {
          b.acquire();
          a.acquire();
          a.release();
          b.release();
        });
  };
}

}  // namespace

TEST_CASE("lock order: a try-acquire of the inner lock adds no edge", "[lock-order]") {
  expect_ok_and_complete(abba_with_inner([](Lock& b) { return b.acquire(false); }));
}

// A try-acquire makes no edge of its own, but the lock it took is held: taking another then
// is an edge (and the judge must not skip the execution for want of a nested blocking acquire).
TEST_CASE("lock order: outer locks taken with try-acquires still make an inversion", "[lock-order]") {
  const Failure f = expect_inversion([] {
    Lock a, b;
    run_two(
        [&] {
          if (!a.acquire(false)) return;
          b.acquire();
          b.release();
          a.release();
        },
        [&] {
          if (!b.acquire(false)) return;
          a.acquire();
          a.release();
          b.release();
        });
  });
  check_marked_acquisitions(f, 2);
}

TEST_CASE("lock order: a timed acquire of the inner lock adds no edge", "[lock-order]") {
  expect_ok_and_complete(abba_with_inner([](Lock& b) { return b.acquire(true, 0.25); }));
}

TEST_CASE("lock order: RLock re-entry is no edge", "[lock-order]") {
  // Were re-entry an edge r -> r, the two threads' self-edges would close a cycle.
  expect_ok_and_complete([] {
    RLock r;
    auto reenter = [&] {
      r.acquire();
      r.acquire();
      r.release();
      r.release();
    };
    run_two(reenter, reenter);
  });
}

TEST_CASE("lock order: ABBA with RLocks is an inversion too", "[lock-order]") {
  const Failure f = expect_inversion([] {
    RLock a, b;
    run_two(
        [&] {
          std::lock_guard ga(a);
          std::lock_guard gb(b);
        },
        [&] {
          std::lock_guard gb(b);
          std::lock_guard ga(a);
        });
  });
  CHECK(f.execution == 0);
  CHECK(f.marked_steps.size() == 4);
}

// One thread takes c first under a, then under b: the second acquisition of c repeats the lock
// taken but not the locks held, so its edge b -> c is new and closes a cycle with c -> b.
TEST_CASE("lock order: the same lock taken again under another lock makes a new edge", "[lock-order]") {
  const Failure f = expect_inversion([] {
    Lock a, b, c;
    run_two(
        [&] {
          for (int round = 0; round < 2; ++round) {
            {
              std::lock_guard ga(a);
              std::lock_guard gc(c);
            }
            std::lock_guard gb(b);
            std::lock_guard gc(c);
          }
        },
        [&] {
          std::lock_guard gc(c);
          std::lock_guard gb(b);
        });
  });
  check_marked_acquisitions(f, 2);
}
