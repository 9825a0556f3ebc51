// The seed tutorials' synchronisation examples (docs/seed_examples.md): Event, Condition,
// Semaphore, threading.local, RLock and Barrier, as checked programs. Prints are left out (a
// scenario runs thousands of times); each scenario checks what its example promises under
// every explored interleaving. Examples needing Queue or ThreadPoolExecutor come later.
#include <optional>
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "scenarios/scenario.hpp"

namespace weft::scenarios {
namespace {

// "Event - Thread Signaling": the waiter blocks until the setter, after sleeping 2 s, sets.
void event_wait() {
  Event event;
  Shared<bool> received{false};
  Thread waiter([&] {
    const bool signalled = event.wait();  // blocks until set
    check(signalled && event.is_set(), "wait() without a timeout returns true, once the flag is set");
    check(monotonic() == 2.0, "the waiter wakes exactly when the setter sets the event, at t = 2 s");
    received.store(true);
  });
  Thread setter([&] {
    sleep(2.0);
    event.set();  // releases all waiting threads
  });
  waiter.start();
  setter.start();
  waiter.join();
  setter.join();
  check(received.load(), "the waiter received the event");
}

// The "Quick Reference": event.set(); event.wait(); event.clear() on one thread.
void event_set_wait_clear() {
  Event event;
  check(!event.is_set(), "a new Event is unset");
  event.set();
  check(event.wait(), "wait() on a set Event returns true at once");
  event.clear();
  check(!event.is_set() && !event.wait(0), "after clear() the flag is down and wait(0) returns false");
}

// "condition": the consumer waits `while len(items) == 0`; the producer makes 5 items, one
// per second, notifying after each. The consumer takes one item, as in the seed.
void condition_producer() {
  Condition condition;
  std::vector<std::string> items;  // guarded by condition's lock
  std::string consumed;
  double consumed_at = -1;
  Thread consumer([&] {
    condition.acquire();
    while (items.empty()) condition.wait();
    consumed = items.front();  // items.pop(0)
    items.erase(items.begin());
    consumed_at = monotonic();
    condition.release();
  });
  Thread producer([&] {
    for (int i = 0; i < 5; ++i) {
      sleep(1.0);
      condition.acquire();
      items.push_back("item-" + std::to_string(i));
      condition.notify();
      condition.release();
    }
  });
  consumer.start();
  producer.start();
  consumer.join();
  producer.join();
  check(consumed == "item-0" && consumed_at == 1.0, "the consumer takes the first item as soon as it is made");
  check(items.size() == 4 && monotonic() == 5.0, "the other 4 items stay; producing took 5 s");
}

// "Condition Variables": one consumer, one producer of one item, in either order.
void condition_notify() {
  Condition condition;
  std::vector<std::string> items;  // guarded by condition's lock
  std::string consumed;
  Thread consumer([&] {
    condition.acquire();
    while (items.empty()) condition.wait();  // release the lock and wait
    consumed = items.back();                  // items.pop()
    items.pop_back();
    condition.release();
  });
  Thread producer([&] {
    condition.acquire();
    items.push_back("item");
    condition.notify();  // wake up one waiter
    condition.release();
  });
  consumer.start();
  producer.start();
  consumer.join();
  producer.join();
  check(consumed == "item" && items.empty(), "the consumer got the item whichever thread ran first");
}

// "Semaphore - Limit Concurrency": 10 workers, at most 3 at a time, each working 2 s.
void semaphore_limit() {
  Semaphore semaphore(3);  // max 3 threads
  Lock count_lock;
  Shared<int> inside{0};
  auto worker = [&] {
    semaphore.acquire();  // with semaphore:
    count_lock.acquire();
    inside += 1;
    check(inside.load() <= 3, "more than 3 workers inside a Semaphore(3)");
    count_lock.release();
    sleep(2.0);
    count_lock.acquire();
    inside -= 1;
    count_lock.release();
    semaphore.release();
  };
  std::vector<Thread> threads;
  for (int i = 0; i < 10; ++i) threads.emplace_back(ThreadOptions{"Worker " + std::to_string(i), {}}, worker);
  for (auto& t : threads) t.start();
  for (auto& t : threads) t.join();
  check(monotonic() == 8.0, "10 workers of 2 s, 3 at a time: 4 rounds, 8 s");
}

// "Thread Local Storage": each thread counts in its own thread_local.value.
void thread_local_counter() {
  Local<int> value;
  auto process = [&] {
    if (!value.has_value()) value.get() = 0;  // if not hasattr(thread_local, 'value')
    value.get() += 1;
    yield();
    check(value.get() == 1, "each thread's value is its own, so every thread sees 1");
  };
  std::vector<Thread> threads;
  for (int i = 0; i < 5; ++i) threads.emplace_back(process);
  for (auto& t : threads) t.start();
  for (auto& t : threads) t.join();
}

// "Thread-Local Data": set_name / get_name with getattr's default "unknown".
void thread_local_name() {
  Local<std::string> local_data;
  auto set_name = [&](const std::string& name) { local_data.get() = name; };
  auto get_name = [&]() -> std::string { return local_data.has_value() ? local_data.get() : "unknown"; };
  auto process = [&] {
    check(get_name() == "unknown", "a thread that never set its name reads 'unknown'");
    set_name(current_thread().name());
    yield();  // the other threads may set theirs now
    check(get_name() == current_thread().name(), "each thread reads back its own name");
  };
  std::vector<Thread> threads;
  for (int i = 0; i < 3; ++i) threads.emplace_back(process);
  for (auto& t : threads) t.start();
  for (auto& t : threads) t.join();
  check(get_name() == "unknown", "MainThread sees none of the names the threads set");
}

// "RLock (Reentrant Lock)": outer() holds the RLock and calls inner(), which takes it again.
void rlock_outer_inner() {
  RLock rlock;
  Shared<int> inner_calls{0};
  auto inner = [&] {
    rlock.acquire();  // with rlock:
    check(rlock.recursion_count() == 2, "inner() runs holding the RLock twice");
    inner_calls += 1;
    rlock.release();
  };
  auto outer = [&] {
    rlock.acquire();  // with rlock:
    inner();          // can acquire the same lock again
    rlock.release();
  };
  Thread t(outer);
  t.start();
  outer();
  t.join();
  check(inner_calls.load() == 2, "both calls of outer() reached inner()");
}

// "RLock": recursive_func(n) takes the RLock at every level of its recursion.
void rlock_recursive() {
  RLock rlock;
  Shared<int> deepest{0};
  auto recursive_func = [&](auto& self, int n, unsigned depth) -> void {
    rlock.acquire();  // with rlock:
    check(rlock.recursion_count() == depth, "each level adds one to the owner's count");
    if (n > 0)
      self(self, n - 1, depth + 1);
    else
      deepest += 1;
    rlock.release();
  };
  auto call = [&] { recursive_func(recursive_func, 3, 1); };
  Thread a(call), b(call);
  a.start();
  b.start();
  a.join();
  b.join();
  check(deepest.load() == 2 && !rlock.locked(), "both recursions reached the bottom and released every level");
}

// "Barrier": three parties wait for each other, then all cross.
void barrier_party() {
  Barrier barrier(3);
  Atomic<int> arrived{0};
  Atomic<int> index_mask{0};
  auto party = [&] {
    arrived.fetch_add(1);  // "Waiting at barrier"
    const int index = barrier.wait();
    check(arrived.load() == 3, "a party crossed before all three arrived");  // "Barrier crossed"
    index_mask.fetch_add(1 << index);
  };
  std::vector<Thread> threads;
  for (int i = 0; i < 3; ++i) threads.emplace_back(party);
  for (auto& t : threads) t.start();
  for (auto& t : threads) t.join();
  check(index_mask.load() == 0b111, "wait() returned the arrival indices 0, 1 and 2, once each");
}

const Registrar event_wait_reg{{
    "seed_event_wait", "seed: waiter blocks on an Event until the setter sets it after 2 s -> passes",
    "event.wait() blocks until another thread calls event.set(), which releases every waiting "
    "thread. On weft's virtual clock the waiter wakes at exactly t = 2 s, the moment the setter "
    "sets the event, and the run takes no real time. A passing run prints no table; it holds "
    "because the waiter's event.wait() orders it after the set: without that wait its checks "
    "fail at t = 0, in a table whose waiter lane never waits.",
    Expect::passes, false, event_wait}};
const Registrar event_set_wait_clear_reg{{
    "seed_event_set_wait_clear", "seed: quick reference event.set(); event.wait(); event.clear() -> passes",
    "An Event is a flag: set() raises it, clear() lowers it, and wait() returns at once while "
    "it is raised. wait(0) only looks at the flag and returns it without blocking. A passing "
    "run prints no table: one thread, so there is no interleaving, and every row would be "
    "MainThread's.",
    Expect::passes, true, event_set_wait_clear}};
const Registrar condition_producer_reg{{
    "seed_condition_producer", "seed: consumer waits `while len(items) == 0`; producer makes 5 items -> passes",
    "The consumer holds the Condition's lock, finds no items and waits, which releases the lock "
    "so the producer can add one and notify. The consumer wakes, retakes the lock, checks again "
    "and pops item-0 at t = 1 s; the producer goes on making the other four. A passing run "
    "prints no table; it holds because the consumer looks at `items` under the lock before "
    "every wait, so it waits only while there is nothing to take (seed_condition_notify and "
    "lost_wakeup show what a wait without that check risks).",
    Expect::passes, false, condition_producer}};
const Registrar condition_notify_reg{{
    "seed_condition_notify", "seed: `while not items: condition.wait()`, one item, either order -> passes",
    "If the producer runs first, its notify finds nobody waiting and is lost, but nothing is "
    "lost with it: the consumer's while loop sees the item and never waits. If the consumer "
    "runs first, it waits and the notify wakes it. Compare lost_wakeup, which waits without "
    "checking, and whose table ends in a wait nobody notifies. A passing run prints no table; "
    "replace the while loop by a bare `condition.wait();` and this becomes lost_wakeup.",
    Expect::passes, true, condition_notify}};
const Registrar semaphore_limit_reg{{
    "seed_semaphore_limit", "seed: Semaphore(3) lets 10 workers of 2 s in 3 at a time -> passes",
    "`with semaphore:` takes one of 3 permits and gives it back at the end, so at most 3 "
    "workers are inside at once and the others wait at the door. 10 workers of 2 s each take "
    "4 rounds: 8 s of virtual time. A passing run prints no table; delete "
    "`semaphore.acquire();` (and its release) and the check of `inside` fails, its table "
    "showing a fourth worker's lane incrementing the count while three are inside.",
    Expect::passes, false, semaphore_limit}};
const Registrar thread_local_counter_reg{{
    "seed_thread_local_counter", "seed: 5 threads each increment their own thread_local.value -> passes",
    "Every thread finds no value yet in the shared threading.local() object, creates its own 0 "
    "and increments it to 1: increments in one thread never reach another thread's value. A "
    "passing run prints no table: no row of one thread's lane can touch another lane's value, "
    "so the yield() between the increment and the check changes nothing.",
    Expect::passes, true, thread_local_counter}};
const Registrar thread_local_name_reg{{
    "seed_thread_local_name", "seed: set_name/get_name on thread-local data, default 'unknown' -> passes",
    "local_data.name set in one thread is not visible in any other: a thread that has not set "
    "it reads the default 'unknown', and each thread reads back exactly the name it set. A "
    "passing run prints no table: each lane's set and get touch only its own value, whatever "
    "the other lanes do at the yield() between them.",
    Expect::passes, true, thread_local_name}};
const Registrar rlock_outer_inner_reg{{
    "seed_rlock_outer_inner", "seed: outer() holds an RLock and calls inner(), which takes it again -> passes",
    "An RLock can be acquired again by the thread that holds it; each acquire must be matched "
    "by a release. outer() and inner() may both use `with rlock:` even though outer() calls "
    "inner(). With a plain Lock the second acquire would wait for ever. A passing run prints "
    "no table; were `RLock rlock;` a plain Lock, the table of the deadlock would end with a "
    "lane waiting in inner()'s acquire for the lock its own thread holds.",
    Expect::passes, true, rlock_outer_inner}};
const Registrar rlock_recursive_reg{{
    "seed_rlock_recursive", "seed: recursive_func(n) takes the RLock at each level, 2 threads -> passes",
    "A recursive function that locks on every call is exactly what an RLock is for: the owner's "
    "count grows by one per level and drops back as the calls return, and only at zero can the "
    "other thread get in. A passing run prints no table; it holds because every "
    "`rlock.acquire();` is matched by a `rlock.release();`: drop one release and the other "
    "thread's lane ends in a wait for the RLock, in the table of a deadlock.",
    Expect::passes, true, rlock_recursive}};
const Registrar barrier_party_reg{{
    "seed_barrier_party", "seed: 3 parties wait at a Barrier(3), then all cross -> passes",
    "No party crosses the barrier until all three have arrived. wait() returns each thread's "
    "arrival index, 0, 1 and 2 in some order; the barrier then resets for its next use. A "
    "passing run prints no table; without the barrier.wait() a party could cross early, the "
    "table ending on its check failed row before the other lanes have arrived.",
    Expect::passes, true, barrier_party}};

}  // namespace
}  // namespace weft::scenarios
