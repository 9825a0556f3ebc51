#pragma once
// A deadlock as data: the wait-for graph of an execution in which no thread can run and no
// timeout is pending. The simulator fills it in; report/ renders it (docs/exploration.md,
// "The failure report"), so the text of Failure::message and Failure::details and any other
// rendering read the same graph.
#include <optional>
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
    /// The user-level call it waits inside (Queue.get, Future.result...; docs/exploration.md,
    /// "User-level rows"), if any, and the label of that call's object ("Queue#2").
    std::optional<UserCall> call;
    std::string call_object_label;
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
  /// cycle; each line ends in '\n' (report/deadlock_text.cpp). Preceded by calls() when
  /// some thread waits inside a user-level call.
  std::string details() const;
  /// The waits at the user's level, for threads inside a user-level call (Waiter::call):
  /// "T0 (MainThread) waits forever in Queue#2.join() at x.cpp:63: 1 task is not done and no
  /// thread will call task_done()\n"; threads waiting in the same call at the same line share a
  /// line ("T1 (a), T2 (b) and T3 (c) wait forever in Queue#2.get() at x.cpp:50: the queue is
  /// empty and no thread will put"). "" when no waiter is inside a call.
  std::string calls() const;
};

}  // namespace weft
