// A lock the owner may take again (RLock), and a value every thread has its own copy of (Local).
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "scenarios/scenario.hpp"

namespace weft::scenarios {
namespace {

// The seed documents' outer()/inner(): both take the same RLock; outer() calls inner().
void rlock_recursion() {
  RLock rlock;
  Shared<int> balance{0};
  auto inner = [&] {
    rlock.acquire();
    check(rlock.recursion_count() == 2, "inner() holds the RLock twice: once from outer(), once itself");
    balance += 1;
    rlock.release();
  };
  auto outer = [&] {
    rlock.acquire();
    const int before = balance.load();
    inner();  // takes rlock again: fine for its owner
    check(balance.load() == before + 1, "nobody else got in between outer() and inner()");
    rlock.release();
  };
  Thread a(outer), b(outer);
  a.start();
  b.start();
  a.join();
  b.join();
  check(balance.load() == 2 && !rlock.locked(), "both calls counted and the RLock is free again");
}

// Each thread writes its own value, lets the others write theirs, and reads its own back.
void thread_local_values() {
  Local<std::string> name;
  auto worker = [&] {
    check(name.get().empty(), "a thread starts with its own fresh (empty) value");
    name.get() = current_thread().name();
    yield();  // the other threads may write theirs now
    check(name.get() == current_thread().name(), "a thread reads back the value it wrote itself");
  };
  std::vector<Thread> threads;
  for (int i = 0; i < 3; ++i) threads.emplace_back(worker);
  for (auto& t : threads) t.start();
  for (auto& t : threads) t.join();
  check(!name.has_value(), "MainThread never set its own value");
}

const Registrar rlock_recursion_reg{{
    "rlock_recursion",
    "2 threads call outer(), which holds an RLock and calls inner(), which takes it again -> passes",
    "An RLock remembers its owner and counts: the owner may acquire it again (the count goes "
    "up) and must release it as many times. So a locked function can call another locked "
    "function on the same lock, as outer() calls inner() here, while other threads are still "
    "kept out until the count is back to zero. With a plain Lock, inner()'s acquire would wait "
    "for a lock its own thread holds: a self-deadlock. A passing run prints no table; were "
    "`RLock rlock;` a plain Lock, the table of that deadlock would end with a lane waiting in "
    "inner()'s acquire for the lock held by that same lane.",
    Expect::passes, true, rlock_recursion}};

const Registrar thread_local_reg{{
    "thread_local",
    "3 threads each write their own name into one Local<std::string> and read it back -> passes",
    "A Local<T> (Python's threading.local()) gives every thread its own value behind one "
    "shared name: a write by one thread is invisible to the others, so no lock is needed and "
    "no interleaving can mix them up. Each thread starts from a fresh default value. A passing "
    "run prints no table: whatever the other lanes do at the yield(), no row of theirs touches "
    "this thread's value, where one shared variable would let each lane overwrite the others.",
    Expect::passes, true, thread_local_values}};

}  // namespace
}  // namespace weft::scenarios
