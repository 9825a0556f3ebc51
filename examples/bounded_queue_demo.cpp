// Explores BoundedQueue<true> (put() waits with `if`) and BoundedQueue<false> (a `while` loop)
// on one small scenario with every interleaving (dpor: docs/exploration.md), prints both
// results, and exits 0 exactly when the buggy queue fails the capacity check and the correct
// one passes a complete search. Run: build/examples/bounded_queue_demo
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "bounded_queue.hpp"
#include "demo.hpp"

namespace {

using weft::examples::BoundedQueue;

// Capacity 1, holding 1. A puts 2 (so it waits: the queue is full); B gets, then puts 3.
// B's get wakes A, but B may take the lock again before A does and fill the slot with 3.
// Afterwards the queue is drained: it must never hold more than its capacity, and what was
// taken out must be exactly what went in, in FIFO order.
template <bool Buggy>
void scenario() {
  constexpr int kCapacity = 1;
  constexpr double kTimeout = 1.0;  // virtual seconds: expires only when nothing else can run
  BoundedQueue<Buggy> q(kCapacity);
  weft::check(q.put(1, 0), "the first put finds the queue empty");

  bool a_put = false, b_put = false;
  std::optional<int> b_got;
  weft::Thread a(weft::ThreadOptions{"A", {}}, [&] { a_put = q.put(2, kTimeout); });
  weft::Thread b(weft::ThreadOptions{"B", {}}, [&] {
    b_got = q.get(kTimeout);
    b_put = q.put(3, kTimeout);
  });
  a.start();
  b.start();
  a.join();
  b.join();

  std::vector<int> left;  // what the queue still holds, front first
  while (std::optional<int> v = q.get(0)) left.push_back(*v);
  weft::check(left.size() <= static_cast<std::size_t>(kCapacity),
              "the queue holds " + std::to_string(left.size()) + " items, more than its capacity " +
                  std::to_string(kCapacity));

  // Conservation: 1 went in first and B's get is the only get during the run, so B got 1;
  // what is left is exactly the items whose puts returned true (at most one of 2 and 3 after
  // the capacity check, so their order does not matter).
  weft::check(b_got == 1, "B's get returned the first item, 1");
  std::vector<int> in;
  if (a_put) in.push_back(2);
  if (b_put) in.push_back(3);
  weft::check(left == in, "the queue holds exactly the items of the puts that returned true");
}

}  // namespace

int main() {
  const weft::Result buggy = weft::examples::explore_demo(scenario<true>);
  std::printf("== BoundedQueue<true>: put() checks `full` with `if`, waits once, appends ==\n%s\n\n",
              buggy.summary().c_str());
  const weft::Result correct = weft::examples::explore_demo(scenario<false>);
  std::printf("== BoundedQueue<false>: put() re-checks `full` in a `while` loop ==\n%s\n\n",
              correct.summary().c_str());

  return weft::examples::demo_verdict("capacity bug", buggy, correct);
}
