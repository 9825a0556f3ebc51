#pragma once
// weft::examples::TreiberStack<Buggy>: Treiber's lock-free stack of int (R. K. Treiber,
// "Systems Programming: Coping with Parallelism", IBM Research Report RJ 5118, 1986) on
// weft::Atomic, with its nodes taken from a fixed pool and named by index (-1 = none).
//
// A popped node goes back to a free list and is reused by a later push. That is what makes
// the ABA problem reachable: a pop reads top = A and A's next = B, is preempted; others pop A,
// pop B and push a new value into the reused A; the first pop's compare-and-swap still sees
// top == A, succeeds, and sets top to B, a node that is no longer on the stack. B's value is
// then popped a second time. TreiberStack<true> has that bug: top is a plain index.
// TreiberStack<false> pairs top with a version counter that every successful CAS increments,
// so a CAS based on a stale read fails after a reuse (the counted-pointer fix: M. M. Michael
// and M. L. Scott, "Simple, fast, and practical non-blocking and blocking concurrent queue
// algorithms", PODC 1996).
//
// No memory is ever freed: the pool lives as long as the stack, every index a thread can read
// is in [-1, pool_size), and a node's fields are weft::Atomic, so even the buggy version's
// stale reads are well-defined. The free list is a FIFO guarded by a weft::Lock (so a node
// freed earlier is reused first, which is what brings A back in the scenario above); the
// ABA is on `top` only. The free list and the pool are plain members, not reset between
// executions (docs/outside_objects.md): construct the stack inside the explore() body.
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include <weft/atomic.hpp>
#include <weft/errors.hpp>
#include <weft/lock.hpp>

#include "hold.hpp"

namespace weft::examples {

/// A LIFO stack of int with at most `pool_size` nodes in use at once. Buggy = true: top is a
/// bare index and pop() suffers the ABA problem (see the top of this file). Thread-safe; on
/// real threads and inside explore() alike. Sequential specification (what a linearizability
/// check compares against): a stack; push adds on top, pop removes the top or returns nullopt
/// when empty. The correct version is linearizable with respect to it (each call takes effect
/// at its successful compare-and-swap on top, an empty pop at its read of top); the buggy one
/// is not. Each push and pop also takes the free-list lock once.
template <bool Buggy>
class TreiberStack {
 public:
  /// An empty stack with `pool_size` nodes (>= 1, else weft::ValueError). A node is in use
  /// from the push that takes it until the pop that removed it from the stack has returned it,
  /// so pool_size must be at least the most values the stack ever holds plus the number of
  /// threads that may be inside push() or pop() at once.
  explicit TreiberStack(int pool_size) : nodes_(checked_pool_size(pool_size)) {}
  TreiberStack(const TreiberStack&) = delete;
  TreiberStack& operator=(const TreiberStack&) = delete;

  /// Pushes `v` on top. Lock-free apart from taking a node from the free list.
  /// weft::RuntimeError when no node is free (pool_size too small: see the constructor);
  /// the stack is then unchanged.
  void push(int v) {
    const int n = take_node();
    nodes_[n].value.store(v);
    std::int64_t old = top_.load();
    do {
      nodes_[n].next.store(index_of(old));
    } while (!top_.compare_exchange(old, pack(n, next_version(old))));
  }

  /// Removes and returns the value on top, or std::nullopt when the stack is empty. Never
  /// blocks on another pop or push (it retries when its compare-and-swap on top fails), then
  /// returns the node to the free list.
  /// Buggy version: may return a value that was already popped (and lose others).
  std::optional<int> pop() {
    std::int64_t old = top_.load();
    for (;;) {
      const int i = index_of(old);
      if (i < 0) return std::nullopt;
      const int next = nodes_[i].next.load();
      // Buggy: succeeds whenever top is node i again, even if i was popped and reused since
      // the read above, so `next` may be stale. Correct: the version differs after a reuse.
      if (top_.compare_exchange(old, pack(next, next_version(old)))) {
        const int v = nodes_[i].value.load();  // node i is ours until we free it
        free_node(i);
        return v;
      }
    }
  }

 private:
  struct Node {
    Atomic<int> value{0};
    Atomic<int> next{-1};  // index of the node below, -1 = none
  };

  // top_ holds version * 2^32 + index, index in [-1, 2^31 - 1), version in [0, 2^31): one
  // 64-bit word, so one compare-and-swap covers both. The buggy version's version is always 0,
  // so its top_ is the bare index (readable in interleaving tables). The version wraps after
  // 2^31 successful CASes, the usual limit of a counted pointer.
  static constexpr std::int64_t kVersionUnit = std::int64_t{1} << 32;
  static constexpr std::int64_t kVersionMask = (std::int64_t{1} << 31) - 1;
  static constexpr std::int64_t pack(int index, std::int64_t version) { return version * kVersionUnit + index; }
  static constexpr int index_of(std::int64_t top) {
    return static_cast<int>(((top + 1) & (kVersionUnit - 1)) - 1);
  }
  static constexpr std::int64_t version_of(std::int64_t top) { return (top + 1) / kVersionUnit; }
  static constexpr std::int64_t next_version(std::int64_t top) {
    if constexpr (Buggy) return 0;
    return (version_of(top) + 1) & kVersionMask;
  }
  static_assert(index_of(pack(-1, 0)) == -1 && version_of(pack(-1, 0)) == 0);
  static_assert(index_of(pack(-1, kVersionMask)) == -1 && version_of(pack(-1, kVersionMask)) == kVersionMask);
  static_assert(index_of(pack(5, 7)) == 5 && version_of(pack(5, 7)) == 7);

  static std::size_t checked_pool_size(int pool_size) {
    if (pool_size < 1) throw ValueError("TreiberStack: pool_size must be at least 1");
    return static_cast<std::size_t>(pool_size);
  }

  // A freed node first, the one freed longest ago (so a node popped early is soon reused:
  // what lets the ABA happen in few operations), else a node never used yet.
  int take_node() {
    detail::Hold hold(free_lock_);
    if (free_.empty()) {
      if (fresh_ == static_cast<int>(nodes_.size())) throw RuntimeError("TreiberStack: every node of the pool is in use");
      return fresh_++;
    }
    const int n = free_.front();
    free_.pop_front();
    return n;
  }
  void free_node(int n) {
    detail::Hold hold(free_lock_);
    free_.push_back(n);
  }

  std::vector<Node> nodes_;            // the pool; never resized, never freed before the stack
  Atomic<std::int64_t> top_{pack(-1, 0)};
  Lock free_lock_;
  std::deque<int> free_;               // FIFO of freed node indexes; guarded by free_lock_
  int fresh_ = 0;                      // nodes [fresh_, size) were never used; guarded by free_lock_
};

}  // namespace weft::examples
