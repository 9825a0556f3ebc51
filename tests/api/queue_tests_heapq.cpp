// PriorityQueue pops equal items in exactly CPython's order: queue.PriorityQueue is heapq's
// heappush/heappop, so weft is checked against a transcription of Lib/heapq.py (CPython
// 3.13) and against one order printed by CPython itself.
#include <rapidcheck/catch.h>

#include <cstddef>
#include <utility>
#include <vector>

#include "queue_helpers.hpp"

using namespace queuetests;

namespace {

// An item ordered by priority only, so that equal priorities are distinguishable by tag.
struct Item {
  int priority;
  int tag;
  bool operator<(const Item& o) const { return priority < o.priority; }
};

// Lib/heapq.py, line for line (heappush = append + _siftdown; heappop = pop + _siftup).
void siftdown(std::vector<Item>& heap, std::size_t startpos, std::size_t pos) {
  Item newitem = heap[pos];
  while (pos > startpos) {
    const std::size_t parentpos = (pos - 1) >> 1;
    Item parent = heap[parentpos];
    if (newitem < parent) {
      heap[pos] = parent;
      pos = parentpos;
      continue;
    }
    break;
  }
  heap[pos] = newitem;
}

void siftup(std::vector<Item>& heap, std::size_t pos) {
  const std::size_t endpos = heap.size();
  const std::size_t startpos = pos;
  Item newitem = heap[pos];
  std::size_t childpos = 2 * pos + 1;
  while (childpos < endpos) {
    const std::size_t rightpos = childpos + 1;
    if (rightpos < endpos && !(heap[childpos] < heap[rightpos])) childpos = rightpos;
    heap[pos] = heap[childpos];
    pos = childpos;
    childpos = 2 * pos + 1;
  }
  heap[pos] = newitem;
  siftdown(heap, startpos, pos);
}

void heappush(std::vector<Item>& heap, Item item) {
  heap.push_back(item);
  siftdown(heap, 0, heap.size() - 1);
}

Item heappop(std::vector<Item>& heap) {
  Item lastelt = heap.back();
  heap.pop_back();
  if (!heap.empty()) {
    Item returnitem = heap[0];
    heap[0] = lastelt;
    siftup(heap, 0);
    return returnitem;
  }
  return lastelt;
}

}  // namespace

TEST_CASE("queue heapq: equal priorities come out in the order CPython prints", "[queue]") {
  run_both("PriorityQueue", [] {
    // Computed with CPython 3.13: put It(p, i) for i, p in enumerate(priorities) into a
    // queue.PriorityQueue (It compares by p only), then get() until empty, printing i.
    const std::vector<int> priorities{3, 1, 2, 1, 3, 2, 1, 2, 3, 1, 1, 2};
    const std::vector<int> cpython{1, 6, 3, 9, 10, 2, 11, 5, 7, 8, 0, 4};
    PriorityQueue<Item> q;
    for (std::size_t i = 0; i < priorities.size(); ++i) q.put(Item{priorities[i], static_cast<int>(i)});
    std::vector<int> tags;
    while (!q.empty()) tags.push_back(q.get().tag);
    check(tags == cpython, "CPython's heapq order");
  }, 5);
}

TEST_CASE("queue heapq: any sequence of put/get matches Lib/heapq.py", "[queue]") {
  // An operation is a priority in 0..3 to put, or -1 for a get (skipped when empty).
  rc::prop("same items in the same order as heapq", [](const std::vector<int>& raw) {
    PriorityQueue<Item> q;
    std::vector<Item> heap;
    int tag = 0;
    for (int r : raw) {
      const int op = r % 5 - 1;  // -1..3
      if (op >= 0) {
        q.put(Item{op, tag});
        heappush(heap, Item{op, tag});
        ++tag;
      } else if (!heap.empty()) {
        const Item want = heappop(heap);
        const Item got = q.get();
        RC_ASSERT(got.tag == want.tag);
      }
    }
    while (!heap.empty()) RC_ASSERT(q.get().tag == heappop(heap).tag);
    RC_ASSERT(q.empty());
  });
}
