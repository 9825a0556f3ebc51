// CPython Lib/test/test_queue.py (3.13): BaseSimpleQueueTest (26-32) and the
// CSimpleQueueTest extras (33-34), for weft::SimpleQueue (the C version's rules).
//
// Skipped: test_is_default (C++ has one SimpleQueue, not a C and a Python one).
// Adapted: the many-threads tests use 50 feeders/consumers and 10,000 items (1,000 for the
// timeout variant) on real threads as CPython does, and 5 and 40 in the simulator; the
// feeders' random.Random(42) pauses become pauses chosen from the item's value (the
// simulator needs a deterministic program); test_references checks a weak_ptr; the
// finalizer of test_reentrancy becomes an item's destructor that put()s.
#include <algorithm>
#include <memory>
#include <numeric>

#include "queue_helpers.hpp"

using namespace queuetests;

namespace {
constexpr int kSentinel = -1;  // CPython's None

void feed(SimpleQueue<int>& q, PopList<int>& seq) {
  for (;;) {
    int val = 0;
    if (!seq.pop(val)) {
      q.put(kSentinel);
      return;
    }
    q.put(val);
    if (val % 2 == 0) sleep(secs((val * 7 % 10) * 1e-4));
  }
}
void consume(SimpleQueue<int>& q, SyncList<int>& results) {
  for (;;) {
    const int val = q.get();
    if (val == kSentinel) return;
    results.append(val);
  }
}
void consume_nonblock(SimpleQueue<int>& q, SyncList<int>& results) {
  for (;;) {
    int val = 0;
    for (;;) {
      try {
        val = q.get(false);
        break;
      } catch (const Empty&) {
        sleep(1e-5);
      }
    }
    if (val == kSentinel) return;
    results.append(val);
  }
}
void consume_timeout(SimpleQueue<int>& q, SyncList<int>& results) {
  for (;;) {
    int val = 0;
    for (;;) {
      try {
        val = q.get(true, 1e-5);
        break;
      } catch (const Empty&) {
      }
    }
    if (val == kSentinel) return;
    results.append(val);
  }
}

using Consumer = void (*)(SimpleQueue<int>&, SyncList<int>&);

std::vector<int> run_threads(int n_threads, SimpleQueue<int>& q, const std::vector<int>& inputs, Consumer consume_func) {
  SyncList<int> results;
  std::vector<int> seq(inputs.rbegin(), inputs.rend());
  PopList<int> pop(seq);
  std::vector<Thread> threads;
  for (int i = 0; i < n_threads; ++i) threads.emplace_back([&] { feed(q, pop); });
  for (int i = 0; i < n_threads; ++i) threads.emplace_back([&] { consume_func(q, results); });
  for (auto& t : threads) t.start();
  for (auto& t : threads) t.join();
  check(q.empty() && q.qsize() == 0, "the queue ends empty");
  return results.items();
}

std::vector<int> range(int n) {
  std::vector<int> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), 0);
  return v;
}

void many_threads(Consumer consume_func, int real_items) {
  const int n = in_simulation() ? 5 : 50;
  const std::vector<int> inputs = range(in_simulation() ? 40 : real_items);
  SimpleQueue<int> q;
  auto results = run_threads(n, q, inputs, consume_func);
  std::sort(results.begin(), results.end());
  check(results == inputs, "every item received exactly once");
}
}  // namespace

TEST_CASE("test_queue BaseSimpleQueueTest.test_basic", "[queue]") {
  run_both("SimpleQueue", [] {
    SimpleQueue<int> q;
    check(q.empty() && q.qsize() == 0, "starts empty");
    q.put(1);
    check(!q.empty() && q.qsize() == 1, "one item");
    q.put(2);
    q.put_nowait(3);
    q.put(4);
    check(!q.empty() && q.qsize() == 4, "four items");
    check(q.get() == 1 && q.qsize() == 3, "get()");
    check(q.get_nowait() == 2 && q.qsize() == 2, "get_nowait()");
    check(q.get(false) == 3 && !q.empty() && q.qsize() == 1, "get(block=False)");
    check(q.get(true, 0.1) == 4 && q.empty() && q.qsize() == 0, "get(timeout=0.1)");
    check(raises<Empty>([&] { q.get(false); }), "get(block=False) on empty");
    check(raises<Empty>([&] { q.get(true, 1e-3); }), "get(timeout=1e-3) on empty");
    check(raises<Empty>([&] { q.get_nowait(); }), "get_nowait() on empty");
    check(q.empty() && q.qsize() == 0, "still empty");
    // The C version ignores the timeout when block=False (the Python fallback would raise).
    check(raises<Empty>([&] { q.get(false, 1.0); }), "get(False, 1) is Empty, not ValueError");
  }, 10);
}

TEST_CASE("test_queue BaseSimpleQueueTest.test_negative_timeout_raises_exception", "[queue]") {
  run_both("SimpleQueue", [] {
    SimpleQueue<int> q;
    q.put(1);
    check(raises<ValueError>([&] { q.get(true, -1); }), "get(timeout=-1) raises even with an item");
    // The C version (the one CPython uses) ignores the timeout when block=False:
    // q.get(False, -1) returns the item, then raises Empty (checked with CPython 3.13).
    check(q.get(false, -1) == 1, "get(False, -1) returns the item");
    check(raises<Empty>([&] { q.get(false, -1); }), "get(False, -1) on empty is Empty, not ValueError");
  }, 10);
}

TEST_CASE("test_queue BaseSimpleQueueTest.test_order", "[queue]") {
  run_both("SimpleQueue", [] {
    SimpleQueue<int> q;
    const auto inputs = range(in_simulation() ? 30 : 100);
    check(run_threads(1, q, inputs, consume) == inputs, "one producer, one consumer: exact order");
  }, 100);
}

TEST_CASE("test_queue BaseSimpleQueueTest.test_many_threads", "[queue]") {
  run_both("SimpleQueue", [] { many_threads(consume, 10000); }, 60);
}

TEST_CASE("test_queue BaseSimpleQueueTest.test_many_threads_nonblock", "[queue]") {
  run_both("SimpleQueue", [] { many_threads(consume_nonblock, 10000); }, 60);
}

TEST_CASE("test_queue BaseSimpleQueueTest.test_many_threads_timeout", "[queue]") {
  run_both("SimpleQueue", [] { many_threads(consume_timeout, 1000); }, 60);
}

TEST_CASE("test_queue BaseSimpleQueueTest.test_references", "[queue]") {
  run_both("SimpleQueue", [] {
    SimpleQueue<std::shared_ptr<int>> q;
    const int N = 20;
    for (int i = 0; i < N; ++i) q.put(std::make_shared<int>(i));
    for (int i = 0; i < N; ++i) {
      std::weak_ptr<int> wr = q.get();
      check(wr.expired(), "the queue holds no reference to an item it handed out");
    }
  }, 10);
}

namespace {
// An item that, like CPython's Circular.__del__, puts the next number when destroyed.
struct Reentrant {
  SimpleQueue<Reentrant>* q = nullptr;
  int* gen = nullptr;
  int value = 0;
  Reentrant(SimpleQueue<Reentrant>* queue, int* counter, int v) : q(queue), gen(counter), value(v) {}
  Reentrant(Reentrant&& o) noexcept : q(std::exchange(o.q, nullptr)), gen(o.gen), value(o.value) {}
  Reentrant& operator=(Reentrant&& o) noexcept {
    q = std::exchange(o.q, nullptr);
    gen = o.gen;
    value = o.value;
    return *this;
  }
  ~Reentrant() {
    if (q != nullptr) q->put(Reentrant(nullptr, gen, (*gen)++));
  }
};
}  // namespace

TEST_CASE("test_queue CSimpleQueueTest.test_reentrancy", "[queue]") {
  run_both("SimpleQueue", [] {
    SimpleQueue<Reentrant> q;
    int gen = 0;
    const int N = in_simulation() ? 100 : 10000;
    std::vector<int> results;
    for (;;) {
      {
        Reentrant o(&q, &gen, -1);         // its destructor puts next(gen)
        q.put(Reentrant(&q, &gen, gen++));  // so does this item's, once a get() hands it out
      }
      results.push_back(q.get().value);     // the item got is destroyed here: put() again
      if (results.back() >= N) break;
    }
    check(results == range(N + 1), "no deadlock, no lost item: 0..N in order");
    // Disarm what is left: an item destroyed with the queue must not put() into it.
    while (!q.empty()) {
      Reentrant left = q.get(false);
      left.q = nullptr;
    }
  }, 5);
}
