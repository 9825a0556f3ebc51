#pragma once
// weft::SimpleQueue: Python's queue.SimpleQueue (docs/python_semantics.md), over a Lock and one Condition.
// Included by queue.hpp.
#include <deque>
#include <source_location>

#include "queue.hpp"

namespace weft {

/// queue.SimpleQueue (the C version): an unbounded FIFO with no task tracking and no
/// shutdown. put() never blocks (block and timeout are accepted and ignored). get(): with
/// block=false the timeout is ignored (even a negative one); with block=true a negative
/// timeout is ValueError even with an item present; Empty at once or at the deadline. Items are moved in and out; the
/// lock is never held while a live item is destroyed, so an item's destructor may put().
/// Constructed outside explore(), every execution starts with the items it had when the
/// exploration began (copied: with a non-copyable T it must then be empty, else UsageError).
template <class T>
class SimpleQueue : private detail::SimResettable {
  using loc = std::source_location;

 public:
  /// An empty queue.
  SimpleQueue() {
    not_empty_.set_display_kind(ObjectKind::queue);
    mutex_.sim_.reset = this;
    mutex_.sim_.internal = true;
  }
  /// An empty queue that reports call `name (Queue#4)`, its lock `name (Lock#3)`
  /// (docs/labels.md). An empty name is no name.
  explicit SimpleQueue(Name name) : SimpleQueue() {
    mutex_.sim_.name = detail::sim_name(name.text);
    not_empty_.set_display_name(name.text);
  }
  SimpleQueue(const SimpleQueue&) = delete;
  SimpleQueue& operator=(const SimpleQueue&) = delete;

  /// Appends item (moved in); never blocks, never raises for a full queue.
  void put(T item, bool /*block*/ = true, OptSeconds /*timeout*/ = forever, loc where = loc::current()) {
    detail::Held<Lock> hold(mutex_, where);
    items_.push_back(std::move(item));
    not_empty_.notify(1, where);
  }
  void put_nowait(T item, loc where = loc::current()) { put(std::move(item), false, forever, where); }

  /// Removes and returns the oldest item, as the class comment says (Empty, ValueError).
  T get(bool block = true, OptSeconds timeout = forever, loc where = loc::current()) {
    if (block && timeout && timeout->count() < 0) throw ValueError("'timeout' must be a non-negative number", where);
    detail::Held<Lock> hold(mutex_, where);
    if (!block) {
      if (items_.empty()) throw Empty();
    } else if (!timeout) {
      while (items_.empty()) not_empty_.wait(forever, where);
    } else {
      const double end = monotonic(where) + timeout->count();
      while (items_.empty()) {
        const double remaining = end - monotonic(where);
        if (remaining <= 0) throw Empty();
        not_empty_.wait(remaining, where);
      }
    }
    T item = std::move(items_.front());
    items_.pop_front();
    return item;
  }
  template <detail::NonBoolNumber N>
  T get(N) = delete;  // get(0.5) would mean get(block=true): write get(true, 0.5)
  T get_nowait(loc where = loc::current()) { return get(false, forever, where); }

  /// Number of items (a snapshot); empty() is qsize() == 0.
  std::size_t qsize(loc where = loc::current()) {
    detail::Held<Lock> hold(mutex_, where);
    return items_.size();
  }
  bool empty(loc where = loc::current()) { return qsize(where) == 0; }

  /// What traces call its Condition (ThreadPoolExecutor's work queue says "Executor#n").
  /// Internal; set before first use.
  void set_display_kind(ObjectKind kind) { not_empty_.set_display_kind(kind); }
  /// Internal: what a user-level call's row names (detail/call_scope.hpp).
  const detail::SimHandle* sim_handle() const { return not_empty_.sim_handle(); }

 private:
  std::unique_ptr<detail::SimSaved> sim_save() const override {
    using Saved = detail::SimSavedValue<std::deque<T>>;
    if constexpr (detail::kSimCopyable<T>) {
      return std::make_unique<Saved>(std::deque<T>(items_));
    } else {
      if (!items_.empty())
        throw UsageError("weft: a SimpleQueue of non-copyable items was constructed outside explore() and "
                         "held items when the exploration first used it: they cannot be put back for every "
                         "execution; start with it empty or construct it in the body");
      return std::make_unique<Saved>(std::deque<T>());
    }
  }
  void sim_restore(const detail::SimSaved& saved) override {
    std::deque<T> items;
    if constexpr (detail::kSimCopyable<T>)
      items = std::deque<T>(static_cast<const detail::SimSavedValue<std::deque<T>>&>(saved).value);
    items_.swap(items);  // the last execution's items are destroyed on return
  }

  Lock mutex_;
  Condition not_empty_{mutex_};
  std::deque<T> items_;
};

}  // namespace weft
