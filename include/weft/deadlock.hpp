#pragma once
// A deadlock as data: the wait-for graph of an execution in which no thread can run and no
// timeout is pending. The simulator fills it in; report/ renders it (docs/exploration.md,
// "The failure report"), so the text of Failure::message and Failure::details and any other
// rendering read the same graph.
#include <source_location>
#include <string>
#include <vector>

#include "trace.hpp"

namespace weft {

/// Who waits for what when an execution deadlocks, and the cycle if there is one.
struct DeadlockGraph {
  /// One thread that can never run again, and what it waits for.
  struct Waiter {
    ThreadId thread = kNoThread;
    std::string thread_name;             // "MainThread", "Thread-1 (worker)", ...
    OpKind op = OpKind::yield;           // what it waits in: lock.acquire, thread.join, ...
    ObjectId object = kNoObject;         // what it waits on (a join: the thread's object)
    ObjectKind object_kind = ObjectKind::none;
    std::string object_label;            // "Lock#3", "T2" (a join names the thread); "-" for none
    std::source_location where{};        // the waiting call
    /// The thread that alone could let it go on: a lock's holder, a join's target;
    /// kNoThread when no particular thread can (a Condition wait, a Queue get, ...).
    ThreadId waits_for = kNoThread;
    /// Lock and RLock acquires: who holds the lock and where it took it (kNoThread: no one).
    ThreadId holder = kNoThread;
    std::string holder_name;
    std::source_location held_at{};
  };

  /// Every blocked thread, in ThreadId order.
  std::vector<Waiter> waiters;
  /// The first wait-for cycle reachable from the lowest-numbered blocked thread: cycle[i]
  /// waits for cycle[i + 1], the last for cycle[0]. Empty when there is none (someone waits
  /// for a notify, a set or a release that no thread will ever do).
  std::vector<ThreadId> cycle;

  /// The waiter entry of thread t, or nullptr when t is not blocked.
  const Waiter* waiter(ThreadId t) const noexcept {
    for (const Waiter& w : waiters)
      if (w.thread == t) return &w;
    return nullptr;
  }

  /// One line: "T1 (a) and T2 (b) wait for each other: T1 -> Lock#1 -> T2 -> Lock#2 -> T1",
  /// or, without a cycle, who waits forever where (report/deadlock_text.cpp).
  std::string message() const;
  /// One line per blocked thread (what it waits in, where, who holds the lock), then the
  /// cycle; each line ends in '\n' (report/deadlock_text.cpp).
  std::string details() const;
};

}  // namespace weft
