// A linearization of a distinct-value queue history that the queue check found free of
// violations (lincheck/queue_check.cpp), built in one pass without backtracking.
//
// It walks the history like the search (lincheck/search.cpp): the candidates are the operations
// invoked before the first response of an unplaced operation, and one is placed at a time,
// simulating the queue. Which one:
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

std::vector<OpId> linearize(const History& h, const Reduced& r) {
  const std::size_t n = h.size();
  // The operations to place: every completed one, and the pending enqueues whose value was
  // dequeued (so they took effect). A pending enqueue of a value never dequeued is left out.
  std::vector<std::int64_t> item_of(n, -1);  // enqueue or value-returning dequeue -> item
  std::vector<char> kept(n, 0), empty_deq(n, 0), is_enq(n, 0), candidate(n, 0), placed(n, 0);
  std::size_t to_place = 0;
  for (std::size_t i = 0; i < r.items.size(); ++i) {
    const Item& v = r.items[i];
    if (v.enq_resp == never && !v.deq) continue;
    kept[v.enq] = is_enq[v.enq] = 1;
    item_of[v.enq] = static_cast<std::int64_t>(i);
    ++to_place;
    if (v.deq) {
      kept[*v.deq] = 1;
      item_of[*v.deq] = static_cast<std::int64_t>(i);
      ++to_place;
    }
  }
  for (OpId x : r.empties) {
    kept[x] = empty_deq[x] = 1;
    ++to_place;
  }

  using Deadline = std::pair<std::size_t, OpId>;  // (dequeue's invocation or never, enqueue id)
  std::priority_queue<Deadline, std::vector<Deadline>, std::greater<>> enqueues;
  std::priority_queue<OpId, std::vector<OpId>, std::greater<>> empties;  // candidates, by id
  std::deque<std::size_t> queue;  // items, front first
  std::vector<OpId> order;
  order.reserve(to_place);
  auto place = [&](OpId op) {
    placed[op] = 1;
    order.push_back(op);
  };

  const std::vector<HistoryEvent>& events = h.events();
  std::size_t next_event = 0;
  while (order.size() < to_place) {
    // Take in the invocations up to the first response of an unplaced operation.
    for (; next_event < events.size(); ++next_event) {
      const HistoryEvent& e = events[next_event];
      if (kept[e.op] == 0 || (e.kind == HistoryEvent::Kind::respond && placed[e.op] != 0)) continue;
      if (e.kind == HistoryEvent::Kind::respond) break;
      candidate[e.op] = 1;
      if (empty_deq[e.op] != 0) {
        empties.push(e.op);
      } else if (is_enq[e.op] != 0) {
        const Item& v = r.items[static_cast<std::size_t>(item_of[e.op])];
        enqueues.emplace(v.deq ? v.deq_inv : never, e.op);
      }
    }
    if (!queue.empty()) {  // rule 1
      const Item& front = r.items[queue.front()];
      if (front.deq && candidate[*front.deq] != 0) {
        place(*front.deq);
        queue.pop_front();
        continue;
      }
    }
    if (queue.empty() && !empties.empty()) {  // rule 2
      place(empties.top());
      empties.pop();
      continue;
    }
    if (enqueues.empty()) return {};  // stuck: rule 3 has nothing to place
    const OpId e = enqueues.top().second;  // rule 3
    enqueues.pop();
    place(e);
    queue.push_back(static_cast<std::size_t>(item_of[e]));
  }
  return order;
}

}  // namespace weft::lin::detail::queue
