#pragma once
// weft::Queue, LifoQueue, PriorityQueue and SimpleQueue: Python's queue module (docs/python_semantics.md),
// built as CPython builds it (one Lock shared by three Conditions), so they are exact on both
// backends and the simulator explores CPython's interleavings. Header-only: everything sits on
// the public Lock and Condition. Traces and deadlock reports name the Conditions "Queue#n".
#include <array>
#include <atomic>
#include <concepts>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <source_location>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

#include "condition.hpp"
#include "detail/call_scope.hpp"
#include "detail/held.hpp"
#include "detail/sim_reset.hpp"
#include "errors.hpp"
#include "lock.hpp"
#include "name.hpp"
#include "runtime.hpp"
#include "timeout.hpp"

namespace weft {

/// queue.Empty: a non-blocking or timed get() found no item. Unrelated to Full and ShutDown.
class Empty : public std::runtime_error {
 public:
  Empty() : std::runtime_error("Empty") {}
};
/// queue.Full: a non-blocking or timed put() found no room.
class Full : public std::runtime_error {
 public:
  Full() : std::runtime_error("Full") {}
};
/// queue.ShutDown: put() after shutdown(), or get() on a shut-down queue that is empty.
class ShutDown : public std::runtime_error {
 public:
  ShutDown() : std::runtime_error("ShutDown") {}
};

namespace detail {
/// True for a plain number that is not a bool: catches `q.get(0.5)`, which C++ would read as
/// get(block=true) — Python's get(0.5) is also block=0.5; spell a timeout get(true, 0.5).
template <class N>
concept NonBoolNumber = std::is_arithmetic_v<N> && !std::is_same_v<N, bool>;
}  // namespace detail

/// A FIFO queue for any movable T (docs/python_semantics.md). maxsize <= 0 means unbounded.
/// - put(item, block, timeout): ShutDown after shutdown() (even non-blocking, even with room);
///   while full: Full at once (block=false), wait (timeout=forever), or wait until the one
///   deadline then Full; a negative timeout is ValueError only when blocking on a bounded
///   queue (as CPython; docs/python_semantics.md, Timeouts). Then stores the item, counts an
///   unfinished task and wakes one getter. A blocked putter woken by shutdown() raises ShutDown.
/// - get(block, timeout): ShutDown if shut down and empty; Empty at once (block=false) or at
///   the deadline; a negative timeout with block=true is ValueError even if an item is there.
///   Removes the item, wakes one putter, returns it. Blocked getters woken by shutdown() take
///   an item if one is left, else raise ShutDown.
/// - task_done(): ValueError("task_done() called too many times") below zero (nothing
///   changes); at zero wakes every join(). join() waits for zero; it never raises ShutDown.
/// - shutdown(immediate): later puts raise ShutDown; immediate also discards the items, each
///   lowering the unfinished count (never below 0), and wakes joiners.
/// An exception from the storage hooks (put_item/get_item) propagates with nothing counted.
/// qsize/empty/full take the lock: snapshots. Inside explore() every lock and Condition
/// operation is a scheduling point; a consumer waiting forever is reported as a deadlock at
/// its get() line. Constructed outside explore(), every execution starts with the items,
/// maxsize, unfinished count and shutdown flag it had when the exploration began (the items
/// are copied: with a non-copyable T it must then be empty, else its first use in the
/// exploration raises UsageError; storage of a subclass's own is not reset).
template <class T>
class Queue : private detail::SimResettable {
  using loc = std::source_location;

 public:
  /// maxsize <= 0: unbounded.
  explicit Queue(std::int64_t maxsize = 0) : maxsize_(maxsize) {
    for (Condition* c : {&not_empty_, &not_full_, &all_tasks_done_}) c->set_display_kind(ObjectKind::queue);
    mutex_.sim_.reset = this;
    mutex_.sim_.internal = true;
  }
  /// As above, and reports call its Conditions `name (Queue#4)`, its lock `name (Lock#3)`
  /// (docs/labels.md): `weft::Queue<int> jobs{weft::Name{"jobs"}, 10};`.
  explicit Queue(Name name, std::int64_t maxsize = 0) : Queue(maxsize) {
    mutex_.sim_.name = detail::sim_name(name.text);
    for (Condition* c : {&not_empty_, &not_full_, &all_tasks_done_}) c->set_display_name(name.text);
  }
  virtual ~Queue() = default;
  Queue(const Queue&) = delete;
  Queue& operator=(const Queue&) = delete;

  /// Adds item (moved in), waiting for room as the class comment says. Raises ShutDown,
  /// Full, ValueError (negative timeout, bounded, blocking) or OverflowError (> TIMEOUT_MAX).
  void put(T item, bool block = true, OptSeconds timeout = forever, loc where = loc::current()) {
    detail::CallScope call(CallKind::queue_put, not_empty_.sim_handle(), where);
    call.arg_traceable(item);
    if (block) call.timeout(timeout);
    detail::Held<Lock> hold(mutex_, where);
    if (is_shutdown_.load()) throw ShutDown();
    const std::int64_t max = maxsize_.load();
    if (max > 0) {
      auto is_full = [&] { return static_cast<std::int64_t>(item_count()) >= maxsize_.load(); };
      if (!block) {
        if (is_full()) throw Full();
      } else if (!timeout) {
        while (is_full()) {
          not_full_.wait(forever, where);
          if (is_shutdown_.load()) throw ShutDown();
        }
      } else if (timeout->count() < 0) {
        throw ValueError("'timeout' must be a non-negative number", where);
      } else {
        const double end = monotonic(where) + timeout->count();
        while (is_full()) {
          const double remaining = end - monotonic(where);
          if (remaining <= 0) throw Full();
          not_full_.wait(remaining, where);
          if (is_shutdown_.load()) throw ShutDown();
        }
      }
    }
    put_item(std::move(item));
    unfinished_tasks_.store(unfinished_tasks_.load() + 1);
    not_empty_.notify(1, where);
    call.returned();
  }

  /// Removes and returns the next item (moved out), waiting while empty. Raises ShutDown,
  /// Empty, ValueError (negative timeout with block) or OverflowError (> TIMEOUT_MAX).
  T get(bool block = true, OptSeconds timeout = forever, loc where = loc::current()) {
    detail::CallScope call(CallKind::queue_get, not_empty_.sim_handle(), where);
    if (block) call.timeout(timeout);
    detail::Held<Lock> hold(mutex_, where);
    auto shut_and_empty = [&] { return is_shutdown_.load() && item_count() == 0; };
    if (shut_and_empty()) throw ShutDown();
    if (!block) {
      if (item_count() == 0) throw Empty();
    } else if (!timeout) {
      while (item_count() == 0) {
        not_empty_.wait(forever, where);
        if (shut_and_empty()) throw ShutDown();
      }
    } else if (timeout->count() < 0) {
      throw ValueError("'timeout' must be a non-negative number", where);
    } else {
      const double end = monotonic(where) + timeout->count();
      while (item_count() == 0) {
        const double remaining = end - monotonic(where);
        if (remaining <= 0) throw Empty();
        not_empty_.wait(remaining, where);
        if (shut_and_empty()) throw ShutDown();
      }
    }
    T item = get_item();
    not_full_.notify(1, where);
    call.returned_traceable(item);
    return item;
  }
  template <detail::NonBoolNumber N>
  T get(N) = delete;  // get(0.5) would mean get(block=true): write get(true, 0.5)
  template <detail::NonBoolNumber N>
  void put(T, N) = delete;  // likewise: write put(item, true, 0.5)

  /// put(item, block=false): ShutDown or Full instead of waiting.
  void put_nowait(T item, loc where = loc::current()) { put(std::move(item), false, forever, where); }
  /// get(block=false): ShutDown or Empty instead of waiting.
  T get_nowait(loc where = loc::current()) { return get(false, forever, where); }

  /// Marks one put() item as processed; ValueError("task_done() called too many times").
  void task_done(loc where = loc::current()) {
    detail::CallScope call(CallKind::queue_task_done, not_empty_.sim_handle(), where);
    detail::Held<Lock> hold(mutex_, where);
    const std::int64_t unfinished = unfinished_tasks_.load() - 1;
    if (unfinished <= 0) {
      if (unfinished < 0) throw ValueError("task_done() called too many times", where);
      all_tasks_done_.notify_all(where);
    }
    unfinished_tasks_.store(unfinished);
    call.returned();
  }

  /// Waits until every put() item has had its task_done(). Never raises ShutDown.
  void join(loc where = loc::current()) {
    detail::CallScope call(CallKind::queue_join, not_empty_.sim_handle(), where);
    detail::Held<Lock> hold(mutex_, where);
    call.arg(unfinished_tasks_.load());  // the tasks not done when it began (deadlock reports)
    while (unfinished_tasks_.load() != 0) all_tasks_done_.wait(forever, where);
    call.returned();
  }

  /// Never raises; may be called again in either mode. Discarded items (immediate) are
  /// destroyed after the lock is released.
  void shutdown(bool immediate = false, loc where = loc::current()) {
    std::vector<T> discarded;
    detail::Held<Lock> hold(mutex_, where);
    is_shutdown_.store(true);
    if (immediate) {
      while (item_count() != 0) {
        discarded.push_back(get_item());
        if (unfinished_tasks_.load() > 0) unfinished_tasks_.store(unfinished_tasks_.load() - 1);
      }
      all_tasks_done_.notify_all(where);
    }
    not_empty_.notify_all(where);
    not_full_.notify_all(where);
  }

  /// Number of items (a snapshot, under the lock); empty() is qsize() == 0.
  std::size_t qsize(loc where = loc::current()) {
    detail::Held<Lock> hold(mutex_, where);
    return item_count();
  }
  bool empty(loc where = loc::current()) { return qsize(where) == 0; }
  /// 0 < maxsize <= qsize(); always false when unbounded.
  bool full(loc where = loc::current()) {
    detail::Held<Lock> hold(mutex_, where);
    const std::int64_t max = maxsize_.load();
    return 0 < max && max <= static_cast<std::int64_t>(item_count());
  }

  /// Python's public attributes (read without the lock; maxsize may be changed at any time).
  std::int64_t maxsize() const {
    touch();
    return maxsize_.load();
  }
  void set_maxsize(std::int64_t n) {
    touch();
    maxsize_.store(n);
  }
  std::int64_t unfinished_tasks() const {
    touch();
    return unfinished_tasks_.load();
  }
  bool is_shutdown() const {
    touch();
    return is_shutdown_.load();
  }

 protected:
  /// Python's _put/_get/_qsize, called with the lock held; override to change the order.
  virtual void put_item(T&& item) { items_.push_back(std::move(item)); }
  virtual T get_item() {
    T item = std::move(items_.front());
    items_.pop_front();
    return item;
  }
  virtual std::size_t item_count() const { return items_.size(); }

  std::deque<T> items_;  // Python's `queue` attribute; guarded by the lock

 private:
  struct Saved final : detail::SimSaved {
    std::deque<T> items;
    std::int64_t maxsize = 0, unfinished_tasks = 0;
    bool is_shutdown = false;
  };
  // An outside queue's first use in an execution resets it, also for the unlocked accessors.
  void touch() const { detail::sim_touch(mutex_.sim_, ObjectKind::lock); }
  std::unique_ptr<detail::SimSaved> sim_save() const override {
    auto saved = std::make_unique<Saved>();
    if constexpr (detail::kSimCopyable<T>)
      saved->items = std::deque<T>(items_);
    else if (!items_.empty())
      throw UsageError("weft: a Queue of non-copyable items was constructed outside explore() and held items "
                       "when the exploration first used it: they cannot be put back for every execution; "
                       "start with it empty or construct it in the body");
    saved->maxsize = maxsize_.load();
    saved->unfinished_tasks = unfinished_tasks_.load();
    saved->is_shutdown = is_shutdown_.load();
    return saved;
  }
  void sim_restore(const detail::SimSaved& base) override {
    const Saved& saved = static_cast<const Saved&>(base);
    std::deque<T> items;
    if constexpr (detail::kSimCopyable<T>) items = std::deque<T>(saved.items);
    items_.swap(items);  // the last execution's items are destroyed on return
    maxsize_.store(saved.maxsize);
    unfinished_tasks_.store(saved.unfinished_tasks);
    is_shutdown_.store(saved.is_shutdown);
  }

  Lock mutex_;
  Condition not_empty_{mutex_};
  Condition not_full_{mutex_};
  Condition all_tasks_done_{mutex_};
  std::atomic<std::int64_t> maxsize_;
  std::atomic<std::int64_t> unfinished_tasks_{0};  // written under the lock
  std::atomic<bool> is_shutdown_{false};            // written under the lock
};

/// A Queue that returns the most recently added item first.
template <class T>
class LifoQueue : public Queue<T> {
 public:
  using Queue<T>::Queue;

 protected:
  T get_item() override {
    T item = std::move(this->items_.back());
    this->items_.pop_back();
    return item;
  }
};

/// A Queue that returns the smallest item first (by Compare, default `<`), as a binary heap.
/// Items are pushed and popped exactly as CPython's heapq does, so equal items come out in
/// CPython's order (which is not FIFO: use (priority, sequence, item) tuples for that). Unlike
/// CPython (docs/python_semantics.md, "Deliberate differences") a comparison that throws leaves
/// the queue exactly as it was: the heap is sifted by comparisons first and only then moved.
template <class T, class Compare = std::less<T>>
class PriorityQueue : public Queue<T> {
 public:
  explicit PriorityQueue(std::int64_t maxsize = 0, Compare less = Compare()) : Queue<T>(maxsize), less_(less) {}
  /// As above, named as Queue(Name, maxsize) is (docs/labels.md).
  explicit PriorityQueue(Name name, std::int64_t maxsize = 0, Compare less = Compare())
      : Queue<T>(std::move(name), maxsize), less_(less) {}

 protected:
  void put_item(T&& item) override {
    auto& h = this->items_;
    h.push_back(std::move(item));
    std::size_t hole = h.size() - 1;
    std::array<std::size_t, 64> path;  // indices the new item climbs past (depth < 64)
    std::size_t n = 0;
    try {
      while (hole > 0 && less_(h.back(), h[(hole - 1) / 2])) path[n++] = hole = (hole - 1) / 2;
    } catch (...) {
      h.pop_back();
      throw;
    }
    if (n == 0) return;
    T moving = std::move(h.back());
    std::size_t at = h.size() - 1;
    for (std::size_t i = 0; i < n; ++i) {
      h[at] = std::move(h[path[i]]);
      at = path[i];
    }
    h[at] = std::move(moving);
  }
  // CPython's heappop: the last item goes to the root, _siftup moves the hole down to a leaf
  // along the smaller children (the right one on ties), then _siftdown moves the item back up
  // while it is smaller than its parent. Same comparisons in the same order, all made before
  // anything moves.
  T get_item() override {
    auto& h = this->items_;
    const std::size_t last = h.size() - 1;  // h[last] is CPython's lastelt
    std::array<std::size_t, 64> path;       // path[0] = 0, then the hole's way down
    std::size_t n = 1;
    path[0] = 0;
    for (std::size_t child = 1; child < last; child = 2 * path[n - 1] + 1) {
      if (child + 1 < last && !less_(h[child], h[child + 1])) ++child;
      path[n++] = child;
    }
    std::size_t land = n - 1;  // _siftdown: climbs while smaller than the item above
    while (land > 0 && less_(h[last], h[path[land]])) --land;
    T top = std::move(h.front());
    if (last == 0) {
      h.pop_back();
      return top;
    }
    for (std::size_t i = 0; i < land; ++i) h[path[i]] = std::move(h[path[i + 1]]);
    h[path[land]] = std::move(h[last]);
    h.pop_back();
    return top;
  }

 private:
  Compare less_;
};

}  // namespace weft

#include "simple_queue.hpp"  // queue.SimpleQueue, as Python's queue module has it
