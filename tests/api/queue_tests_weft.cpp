// Queue rules of docs/python_semantics.md that CPython's test_queue.py does not pin down, on
// both backends: put's and get's different negative-timeout checks (Timeouts), exact
// timeouts, task_done/join/shutdown corner cases, OverflowError, move-only items,
// PriorityQueue ordering and a throwing comparison that changes nothing ("Deliberate
// differences"), and the deadlock reports of a starved consumer and of a join() nobody
// finishes.
#include <memory>
#include <string>

#include "queue_helpers.hpp"

using namespace queuetests;

TEMPLATE_TEST_CASE("queue spec: timeout asymmetry (Timeouts table) and non-blocking calls ignore the timeout", "[queue]", QUEUE_KINDS) {
  run_both(TestType::name, [] {
    typename TestType::template type<int> unbounded;
    unbounded.put(1, true, -1);  // maxsize <= 0: no timeout check at all
    check(unbounded.get(false, -1) == 1, "get(False, -1) returns the item");
    check(raises<ValueError>([&] { unbounded.get(true, -1); }), "get(True, -1) raises");
    typename TestType::template type<int> bounded(1);
    bounded.put(1, false, -5);  // block=False: the timeout is ignored
    check(raises<ValueError>([&] { bounded.put(2, true, -1); }), "bounded put(timeout=-1) raises");
    check(raises<ValueError>([&] { bounded.get(true, -1); }), "get(timeout=-1) raises even with an item");
  }, 10);
}

TEMPLATE_TEST_CASE("queue spec: timed get/put wait exactly their timeout", "[queue]", QUEUE_KINDS) {
  run_both(TestType::name, [] {
    typename TestType::template type<int> q(1);
    double t0 = monotonic();
    check(raises<Empty>([&] { q.get(true, secs(0.5)); }), "Empty after the timeout");
    assert_timeout(monotonic() - t0, secs(0.5), "get(timeout=0.5)");
    q.put(1);
    t0 = monotonic();
    check(raises<Full>([&] { q.put(2, true, secs(0.25)); }), "Full after the timeout");
    assert_timeout(monotonic() - t0, secs(0.25), "put(timeout=0.25)");
    t0 = monotonic();
    check(raises<Full>([&] { q.put(2, true, 0); }), "timeout=0: Full at once");
    if (in_simulation()) check(monotonic() == t0, "without waiting");
    check(raises<OverflowError>([&] { q.put(2, true, 1e100); }), "a timeout above TIMEOUT_MAX");
    q.get();
    check(raises<OverflowError>([&] { q.get(true, 1e100); }), "a timeout above TIMEOUT_MAX");
  }, 10);
}

TEMPLATE_TEST_CASE("queue spec: a getter whose wait timed out still takes an item that arrived", "[queue]", QUEUE_KINDS) {
  // In the simulator the notify may race the timeout (both due at t = 1 s).
  run_both(TestType::name, [] {
    typename TestType::template type<int> q;
    Thread producer([&] {
      sleep(secs(1.0));
      q.put(7);
    });
    producer.start();
    bool got = false;
    try {
      got = q.get(true, secs(1.0)) == 7;
    } catch (const Empty&) {
      got = q.get() == 7;  // the item is still there
    }
    producer.join();
    check(got && q.empty(), "the item is taken exactly once");
  }, 300);
}

TEMPLATE_TEST_CASE("queue spec: task_done, join and shutdown corner cases", "[queue]", QUEUE_KINDS) {
  run_both(TestType::name, [] {
    typename TestType::template type<int> q;
    q.join();  // a fresh queue: at once
    q.put(1);
    q.put(2);
    q.task_done();  // not tied to get(): allowed, lowers the counter
    check(q.unfinished_tasks() == 1 && q.qsize() == 2, "task_done after put without get");
    q.get();  // taken but not done
    q.shutdown(true);  // drains 1 item: the counter goes 1 -> 0, never below
    check(q.unfinished_tasks() == 0 && q.empty(), "the drain stops the counter at 0");
    check(raises<ValueError>([&] { q.task_done(); }), "task_done below zero still raises after shutdown");

    typename TestType::template type<int> r;
    r.put(1);
    r.put(2);
    r.get();  // one outstanding task_done
    Event joined;
    Thread joiner([&] {
      r.join();  // never raises ShutDown
      joined.set();
    });
    joiner.start();
    r.shutdown(true);  // drains 1 and wakes the joiner, which re-checks and stays blocked
    check(!joined.wait(secs(0.5)), "the joiner stays blocked while a taken item is not done");
    r.task_done();
    check(joined.wait(), "the outstanding task_done releases it");
    joiner.join();
  }, 200);
}

TEST_CASE("queue spec: move-only items in every queue", "[queue]") {
  run_both("move-only", [] {
    using P = std::unique_ptr<int>;
    Queue<P> fifo(2);
    LifoQueue<P> lifo;
    auto by_value = [](const P& a, const P& b) { return *a < *b; };
    PriorityQueue<P, decltype(by_value)> prio(0, by_value);
    SimpleQueue<P> simple;
    Thread consumer([&] { check(*fifo.get() == 1 && *fifo.get() == 2 && *fifo.get() == 3, "FIFO of unique_ptr"); });
    consumer.start();
    for (int i = 1; i <= 3; ++i) fifo.put(std::make_unique<int>(i));
    consumer.join();
    for (int i : {2, 3, 1}) {
      lifo.put(std::make_unique<int>(i));
      prio.put(std::make_unique<int>(i));
      simple.put_nowait(std::make_unique<int>(i));
    }
    check(*lifo.get() == 1 && *prio.get() == 1 && *simple.get() == 2, "each order");
    prio.shutdown(true);  // discards the move-only items it holds
    check(prio.empty(), "drained");
  }, 100);
}

TEST_CASE("queue spec: PriorityQueue orders by Compare and a throwing comparison changes nothing (a deliberate difference)", "[queue]") {
  run_both("PriorityQueue", [] {
    PriorityQueue<int> q;
    PriorityQueue<int, std::greater<int>> max_first;
    unsigned x = 12345;
    std::vector<int> in;
    for (int i = 0; i < 200; ++i) {
      x = x * 1103515245u + 12345u;
      in.push_back(static_cast<int>((x >> 16) % 50));
      q.put(in.back());
      max_first.put(in.back());
    }
    std::vector<int> out, out_max;
    while (!q.empty()) out.push_back(q.get());
    while (!max_first.empty()) out_max.push_back(max_first.get());
    std::sort(in.begin(), in.end());
    check(out == in, "smallest first: the items sorted");
    check(std::equal(out_max.begin(), out_max.end(), in.rbegin()), "std::greater: largest first");

    struct Picky {
      int v;
      bool operator<(const Picky& o) const {
        if (v < 0 || o.v < 0) throw std::runtime_error("not comparable");
        return v < o.v;
      }
    };
    PriorityQueue<Picky> p;
    for (int v : {5, 3, 8, 1}) p.put(Picky{v});
    check(raises<std::runtime_error>([&] { p.put(Picky{-1}); }), "the comparison error propagates");
    check(p.qsize() == 4 && p.unfinished_tasks() == 4, "the item was not added and nothing was counted");
    std::vector<int> got;
    while (!p.empty()) got.push_back(p.get().v);
    check(got == std::vector<int>{1, 3, 5, 8}, "the heap is intact");
  }, 5);
}

namespace {
// The report of a deadlock found by explore(): message + details.
std::string deadlock_report(const std::function<void()>& body) {
  Options o;
  o.use_environment = false;
  o.max_executions = 50;
  const Result r = explore(o, body);
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.failure().kind == FailureKind::deadlock);
  return r.failure().message + "\n" + r.failure().details;
}
}  // namespace

TEST_CASE("queue deadlock: a consumer blocked on an empty queue whose producer is gone", "[queue]") {
  const int get_line = __LINE__ + 5;
  const std::string report = deadlock_report([] {
    Queue<int> q;
    Thread producer([&] { q.put(1); });  // one item, no sentinel
    Thread consumer(ThreadOptions{"consumer", {}}, [&] {
      for (;;) q.get();
    });
    producer.start();
    consumer.start();
    producer.join();
    consumer.join();
  });
  INFO(report);
  // Said at the level of the call the consumer made, at its line, with why it cannot return.
  CHECK(report.find("(consumer) waits forever in Queue#") != std::string::npos);
  CHECK(report.find(".get() at queue_tests_weft.cpp:" + std::to_string(get_line) +
                    ": the queue is empty and no thread will put") != std::string::npos);
}

TEST_CASE("queue deadlock: join() waiting for a task_done that never comes", "[queue]") {
  const int join_line = __LINE__ + 9;
  const std::string report = deadlock_report([] {
    Queue<int> q;
    Thread worker([&] {
      const int item = q.get();
      if (item != 2) q.task_done();  // one path forgets task_done
    });
    worker.start();
    q.put(2);
    q.join();
    worker.join();
  });
  INFO(report);
  CHECK(report.find("T0 (MainThread) waits forever in Queue#") != std::string::npos);
  CHECK(report.find(".join() at queue_tests_weft.cpp:" + std::to_string(join_line) +
                    ": an item put was not marked done") != std::string::npos);
}
