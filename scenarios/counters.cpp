// The lost update and its fix: the first lesson of concurrency (seed documents' counter).
#include <weft/weft.hpp>

#include "scenarios/scenario.hpp"

namespace weft::scenarios {
namespace {

// Python's `counter += 1` is a read, an add and a write; another thread may run in between.
void lost_update() {
  Shared<int> counter{0};
  auto increment = [&] {
    int seen = counter.load();
    counter.store(seen + 1);
  };
  Thread a(increment), b(increment);
  a.start();
  b.start();
  a.join();
  b.join();
  check(counter.load() == 2, "lost update: two increments, but counter != 2");
}

void locked_counter() {
  Shared<int> counter{0};
  Lock lock;
  auto increment = [&] {
    lock.acquire();
    int seen = counter.load();
    counter.store(seen + 1);
    lock.release();
  };
  Thread a(increment), b(increment);
  a.start();
  b.start();
  a.join();
  b.join();
  check(counter.load() == 2, "counter != 2 although every increment held the lock");
}

const Registrar lost_update_reg{{
    "lost_update",
    "two threads increment an unlocked counter once each -> data race (with --races=0: fails its check)",
    "counter += 1 is not one step: it reads the counter, adds one and writes it back. If the "
    "second thread reads before the first one writes, both write 1 and one increment is lost. "
    "Nothing orders the two threads' accesses, so the race detector reports a data race in the "
    "very first execution, whatever its interleaving (the cause), and the report adds the lost "
    "update when that execution also lost it. With --races=0 the search goes on to the "
    "interleaving that breaks the check: the table shows the read, the switch, and the two "
    "writes of 1. In the table of a plain run, look at the two rows marked =>: one thread's "
    "write of the counter (Shared#1) and, after the switch line, the other thread's read of it; "
    "no lock or join row stands between them in either lane. The fix: in scenarios/counters.cpp, "
    "hold one Lock around `int seen = counter.load(); counter.store(seen + 1);`, with "
    "`lock.acquire();` before it and `lock.release();` after it, as locked_counter does.",
    Expect::fails, true, lost_update, FailureKind::data_race}};

const Registrar locked_counter_reg{{
    "locked_counter",
    "the same counter with a Lock around read+write -> passes every execution",
    "Holding one Lock around the read and the write makes the pair indivisible with respect to "
    "every other thread that also takes the Lock: no interleaving can put another increment "
    "between them, so the final count is always 2. A passing run prints no table, only its "
    "ok line; delete `lock.acquire();` and `lock.release();` and it is lost_update again, whose "
    "table shows a read of the counter, a switch, and the other thread's write.",
    Expect::passes, true, locked_counter}};

}  // namespace
}  // namespace weft::scenarios
