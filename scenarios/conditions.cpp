// Condition variables: why the wait goes in a `while` loop, and why a notify with nobody
// waiting is lost.
#include <vector>

#include <weft/weft.hpp>

#include "scenarios/scenario.hpp"

namespace weft::scenarios {
namespace {

// Two consumers take one item each; one producer makes two items, one at a time. `items` is
// only touched while holding the Condition's lock.
void consumers_and_producer(bool recheck_in_a_loop) {
  Condition cond;
  std::vector<int> items;
  auto consumer = [&] {
    cond.acquire();
    if (recheck_in_a_loop) {
      while (items.empty()) cond.wait();
    } else {
      if (items.empty()) cond.wait();
    }
    check(!items.empty(), "a consumer woke up and popped from an empty list");
    items.pop_back();
    cond.release();
  };
  auto producer = [&] {
    for (int i = 1; i <= 2; ++i) {
      cond.acquire();
      items.push_back(i);
      cond.notify();
      cond.release();
    }
  };
  Thread c1(ThreadOptions{"consumer-1", {}}, consumer);
  Thread c2(ThreadOptions{"consumer-2", {}}, consumer);
  Thread p(ThreadOptions{"producer", {}}, producer);
  c1.start();
  c2.start();
  p.start();
  c1.join();
  c2.join();
  p.join();
  check(items.empty(), "two items were produced and two consumed");
}

void condition_if_not_while() { consumers_and_producer(false); }
void condition_while() { consumers_and_producer(true); }

// The notifier may run first; its notify finds no waiter and is lost. The waiter then waits
// for a notify that already happened.
void lost_wakeup() {
  Condition cond;
  Thread waiter(ThreadOptions{"waiter", {}}, [&] {
    cond.acquire();
    cond.wait();
    cond.release();
  });
  Thread notifier(ThreadOptions{"notifier", {}}, [&] {
    cond.acquire();
    cond.notify();
    cond.release();
  });
  waiter.start();
  notifier.start();
  waiter.join();
  notifier.join();
}

const Registrar condition_if_not_while_reg{{
    "condition_if_not_while",
    "2 consumers check the list with `if` before cond.wait(), 1 producer makes 2 items -> fails",
    "A notify only says 'something changed'; it does not hand the item to the thread it wakes. "
    "The woken consumer must get the lock back first, and in between the other consumer can "
    "arrive, see the item and take it. Having checked with `if`, the woken consumer does not "
    "look again and pops from an empty list. The report shows the notify, the other consumer "
    "taking the lock, and the failed check. In the table, look at the producer's "
    "condition.notify row, then consumer-1's condition.wait row followed by the switch "
    "'blocked on RLock#1' (it is awake but needs the lock back), then consumer-2's lane taking "
    "the lock and leaving with the item, and finally consumer-1's lock.acquire and its check "
    "failed row. The fix: in scenarios/conditions.cpp, replace `if (items.empty()) cond.wait();` "
    "with `while (items.empty()) cond.wait();`, which is condition_while.",
    Expect::fails, true, condition_if_not_while, FailureKind::check_failed}};

const Registrar condition_while_reg{{
    "condition_while",
    "the same consumers re-check with `while items.empty(): cond.wait()` -> passes",
    "Re-checking the condition in a loop after every wake-up makes the consumer correct no "
    "matter who got the lock first: if the item was taken, it simply waits again. This is "
    "Python's `while not items: condition.wait()` (or `condition.wait_for(lambda: items)`), and "
    "the documentation's advice for every Condition. Two items for two consumers, so no "
    "execution can end with a consumer still waiting. A passing run prints no table; turn the "
    "`while` back into an `if` and condition_if_not_while's table shows a consumer woken by the "
    "notify, overtaken by the other consumer, and failing its check.",
    Expect::passes, true, condition_while}};

const Registrar lost_wakeup_reg{{
    "lost_wakeup",
    "a notify sent before anyone waits, then cond.wait() with no predicate -> deadlock",
    "A Condition has no memory: notify() wakes threads that are waiting now and is forgotten "
    "otherwise. When the notifier runs first, the waiter then waits for a notify that already "
    "happened and blocks forever. The deadlock report names the 'waiter' thread and the line of "
    "its cond.wait(). In the table, all of the notifier's rows, its condition.notify included, "
    "come before the waiter's first one (the switch says 'T2 finished'); the waiter's lane then "
    "shows only the lock taken and released at its wait, and the table ends: nobody is left to "
    "notify it. The cure is to wait for a state, not for a signal, or to use an Event; the fix: "
    "in scenarios/conditions.cpp, give the two threads a flag that the notifier sets under the "
    "lock just before `cond.notify();`, and make the waiter loop on it, while (!flag), around "
    "its `cond.wait();` instead of waiting once.",
    Expect::fails, false, lost_wakeup, FailureKind::deadlock}};

}  // namespace
}  // namespace weft::scenarios
