#pragma once
// Helpers for the CPython Lib/test/test_queue.py port (docs/python_semantics.md, "The CPython
// test suites weft runs"), on top of the lock-tests harness (run_both: once under explore(),
// once on real threads).
#include <cstdint>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include <weft/queue.hpp>

#include "both_backends.hpp"

namespace queuetests {

using namespace weft;
using namespace locktests;

inline constexpr int QUEUE_SIZE = 5;

// The three classes BaseQueueTestMixin runs for; type<T> picks the item type per test.
struct Fifo {
  template <class T>
  using type = Queue<T>;
  static constexpr const char* name = "Queue";
};
struct Lifo {
  template <class T>
  using type = LifoQueue<T>;
  static constexpr const char* name = "LifoQueue";
};
struct Prio {
  template <class T>
  using type = PriorityQueue<T>;
  static constexpr const char* name = "PriorityQueue";
};
#define QUEUE_KINDS Fifo, Lifo, Prio

template <class Q>
bool qfull(Q& q) {
  return q.maxsize() > 0 && static_cast<std::int64_t>(q.qsize()) == q.maxsize();
}

// CPython's _TriggerThread: sleeps 0.1 s, sets startedEvent, then calls `trigger`.
class TriggerThread {
 public:
  template <class F>
  explicit TriggerThread(F trigger)
      : thread_([this, trigger]() mutable {
          sleep(secs(0.1));
          started.set();
          trigger();
        }) {
    thread_.start();
  }
  ~TriggerThread() { join(); }
  void join() {  // threading_helper.join_thread
    if (!joined_) thread_.join();
    joined_ = true;
  }
  TriggerThread(const TriggerThread&) = delete;
  TriggerThread& operator=(const TriggerThread&) = delete;
  Event started;

 private:
  Thread thread_;
  bool joined_ = false;
};

// do_blocking_test: `block` must not return before the trigger ran (exact in virtual time:
// the trigger's sleep ends only once `block` is blocked). Returns what `block` returns.
template <class Block, class Trigger>
auto do_blocking_test(Block block, Trigger trigger) {
  TriggerThread t(trigger);
  if constexpr (std::is_void_v<decltype(block())>) {
    block();
    check(t.started.is_set(), "blocking function appeared not to block");
  } else {
    auto result = block();
    check(t.started.is_set(), "blocking function appeared not to block");
    return result;
  }
}

// do_exceptional_blocking_test: `block` must raise E; the trigger must have run by the end.
template <class E, class Block, class Trigger>
void do_exceptional_blocking_test(Block block, Trigger trigger) {
  TriggerThread t(trigger);
  const bool raised = raises<E>(block);
  t.join();
  check(t.started.is_set(), "trigger thread ended but event never set");
  check(raised, "expected the blocking call to raise");
}

// A list popped from several threads (Python's list.pop is atomic under the GIL).
template <class T>
class PopList {
 public:
  explicit PopList(std::vector<T> items) : items_(std::move(items)) {}
  bool pop(T& out) {
    std::lock_guard g(m_);
    if (items_.empty()) return false;
    out = items_.back();
    items_.pop_back();
    return true;
  }

 private:
  std::mutex m_;
  std::vector<T> items_;
};

}  // namespace queuetests
