// A linearization of a distinct-value queue history that the queue check found free of
// violations (lincheck/queue_check.cpp), built in one pass without backtracking.
//
// It walks the history like the search (lincheck/wgl_search.cpp): the candidates are the
// operations invoked before the first response of an unplaced operation, and one is placed at a
// time, simulating the queue. Which one:
//   1. the dequeue of the value at the front, when it is a candidate: whatever a valid order
//      places before it can only be enqueues (the front stays until it is dequeued), and moving
//      it ahead of them changes no result and keeps real time (they all return later);
//   2. else, when the queue is empty, a candidate dequeue that returned empty (the same
//      exchange: between now and it, the queue's contents come and go back to empty);
//   3. else a candidate enqueue: the one whose value's dequeue was invoked first (values never
//      dequeued last, then by id). Any valid continuation places an enqueue next here, since
//      rules 1 and 2 found nothing to place. Why the dequeue's invocation: the values' queue
//      order must be one in which their dequeues can take effect in turn, and the order of
//      invocations always is; it also agrees with every order forced through a third value
//      (if x must precede z, whose dequeue returned before y's was invoked, then x's dequeue
//      was invoked before y's). Ordering by the dequeues' responses does not: enqueue(x)
//      [0,1], enqueue(y) [0,20], enqueue(z) [2,3], dequeues of z [5,6], y [7,8], x [4,30]
//      force x, z, y, but y's dequeue returned first (tests/lincheck/queue_check_test.cpp).
// Every placement is checked as it is made (a dequeue only ever takes the front, an empty one
// only an empty queue), so what comes out is a linearization. Rule 3's choice is argued, not
// proved, here: when no rule applies the construction stops and returns no order, and the
// caller documents that case (the randomized cross-check has never hit it).
#include <cstdint>
#include <deque>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

#include "lincheck/queue_check.hpp"

namespace weft::lin::detail::queue {

namespace {

class Linearizer {
 public:
  Linearizer(const History& h, const Reduced& r)
      : h_(h), r_(r), item_of_(h.size(), -1), kept_(h.size(), 0), empty_deq_(h.size(), 0), is_enq_(h.size(), 0),
        candidate_(h.size(), 0), placed_(h.size(), 0) {
    select();
    order_.reserve(to_place_);
  }

  std::vector<OpId> run() {
    while (order_.size() < to_place_) {
      take_invocations();
      if (!place_next()) return {};
    }
    return std::move(order_);
  }

 private:
  // The operations to place: every completed one, and the pending enqueues whose value was
  // dequeued (so they took effect). A pending enqueue of a value never dequeued is left out.
  void select() {
    for (std::size_t i = 0; i < r_.items.size(); ++i) {
      const Item& v = r_.items[i];
      if (v.enq_resp == never && !v.deq) continue;
      kept_[v.enq] = is_enq_[v.enq] = 1;
      item_of_[v.enq] = static_cast<std::int64_t>(i);
      ++to_place_;
      if (v.deq) {
        kept_[*v.deq] = 1;
        item_of_[*v.deq] = static_cast<std::int64_t>(i);
        ++to_place_;
      }
    }
    for (OpId x : r_.empties) {
      kept_[x] = empty_deq_[x] = 1;
      ++to_place_;
    }
  }

  // Takes in the invocations up to the first response of an unplaced operation.
  void take_invocations() {
    const std::vector<HistoryEvent>& events = h_.events();
    for (; next_event_ < events.size(); ++next_event_) {
      const HistoryEvent& e = events[next_event_];
      if (kept_[e.op] == 0 || (e.kind == HistoryEvent::Kind::respond && placed_[e.op] != 0)) continue;
      if (e.kind == HistoryEvent::Kind::respond) break;
      candidate_[e.op] = 1;
      if (empty_deq_[e.op] != 0) {
        empties_.push(e.op);
      } else if (is_enq_[e.op] != 0) {
        const Item& v = r_.items[static_cast<std::size_t>(item_of_[e.op])];
        enqueues_.emplace(v.deq ? v.deq_inv : never, e.op);
      }
    }
  }

  // Places one candidate by the rules above; false when none applies.
  bool place_next() {
    if (!queue_.empty()) {  // rule 1
      const Item& front = r_.items[queue_.front()];
      if (front.deq && candidate_[*front.deq] != 0) {
        place(*front.deq);
        queue_.pop_front();
        return true;
      }
    }
    if (queue_.empty() && !empties_.empty()) {  // rule 2
      place(empties_.top());
      empties_.pop();
      return true;
    }
    if (enqueues_.empty()) return false;  // stuck: rule 3 has nothing to place
    const OpId e = enqueues_.top().second;  // rule 3
    enqueues_.pop();
    place(e);
    queue_.push_back(static_cast<std::size_t>(item_of_[e]));
    return true;
  }

  void place(OpId op) {
    placed_[op] = 1;
    order_.push_back(op);
  }

  const History& h_;
  const Reduced& r_;
  std::vector<std::int64_t> item_of_;  // enqueue or value-returning dequeue -> item
  std::vector<char> kept_, empty_deq_, is_enq_, candidate_, placed_;
  std::size_t to_place_ = 0;
  std::size_t next_event_ = 0;

  using Deadline = std::pair<std::size_t, OpId>;  // (dequeue's invocation or never, enqueue id)
  std::priority_queue<Deadline, std::vector<Deadline>, std::greater<>> enqueues_;
  std::priority_queue<OpId, std::vector<OpId>, std::greater<>> empties_;  // candidates, by id
  std::deque<std::size_t> queue_;  // items, front first
  std::vector<OpId> order_;
};

}  // namespace

std::vector<OpId> linearize(const History& h, const Reduced& r) { return Linearizer(h, r).run(); }

}  // namespace weft::lin::detail::queue
