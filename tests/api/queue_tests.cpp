// CPython Lib/test/test_queue.py (3.13): BaseQueueTestMixin tests 1-6 for Queue,
// LifoQueue and PriorityQueue, and FailingQueueTest (25). The shutdown tests (7-24) are in
// queue_tests_shutdown.cpp, SimpleQueue (26-34) in queue_tests_simple.cpp.
//
// Skipped: none. Adapted: Python's mixed int/str items become ints (the string 'empty' is
// -1); `q.get(1, timeout=-1)` is get(true, -1); the `maxsize` attribute is set_maxsize().
#include "queue_helpers.hpp"

using namespace queuetests;

namespace {

// The order each class returns 111, 333, 222 in.
template <class K>
std::vector<int> target_order() {
  if constexpr (std::is_same_v<K, Fifo>) return {111, 333, 222};
  if constexpr (std::is_same_v<K, Lifo>) return {222, 333, 111};
  return {111, 222, 333};
}

template <class K>
void basic_queue_test(typename K::template type<int>& q) {
  check(q.qsize() == 0, "call this function with an empty queue");
  check(q.empty() && !q.full(), "empty, not full");
  q.put(111);
  q.put(333);
  q.put(222);
  std::vector<int> actual;
  for (int i = 0; i < 3; ++i) actual.push_back(q.get());
  check(actual == target_order<K>(), "didn't seem to queue the correct data");
  for (int i = 0; i < QUEUE_SIZE - 1; ++i) {
    q.put(i);
    check(q.qsize() != 0, "queue should not be empty");
  }
  check(!qfull(q), "queue should not be full");
  const int last = 2 * QUEUE_SIZE, full = 3 * 2 * QUEUE_SIZE;
  q.put(last);
  check(qfull(q) && !q.empty() && q.full(), "queue should be full");
  check(raises<Full>([&] { q.put(full, false); }), "didn't appear to block with a full queue");
  check(raises<Full>([&] { q.put(full, true, secs(0.01)); }), "didn't appear to time out with a full queue");
  // Test a blocking put
  do_blocking_test([&] { q.put(full); }, [&] { q.get(); });
  do_blocking_test([&] { q.put(full, true, 10.0); }, [&] { q.get(); });
  // Empty it
  for (int i = 0; i < QUEUE_SIZE; ++i) q.get();
  check(q.qsize() == 0, "queue should be empty");
  check(raises<Empty>([&] { q.get(false); }), "didn't appear to block with an empty queue");
  check(raises<Empty>([&] { q.get(true, secs(0.01)); }), "didn't appear to time out with an empty queue");
  // Test a blocking get
  do_blocking_test([&] { return q.get(); }, [&] { q.put(-1); });
  do_blocking_test([&] { return q.get(true, 10.0); }, [&] { q.put(-1); });
}

template <class Q>
void queue_join_test(Q& q) {
  Lock cumlock;
  Shared<int> cum{0};
  auto worker = [&] {
    for (;;) {
      const int x = q.get();
      if (x < 0) {
        q.task_done();
        return;
      }
      cumlock.acquire();
      cum += x;
      cumlock.release();
      q.task_done();
    }
  };
  const int n = in_simulation() ? 20 : 100;
  Thread t0(worker), t1(worker);
  t0.start();
  t1.start();
  for (int i = 0; i < n; ++i) q.put(i);
  q.join();
  check(cum.load() == n * (n - 1) / 2, "q.join() did not block until all tasks were done");
  q.put(-1);  // instruct the threads to close
  q.put(-1);
  q.join();  // verify that you can join twice
  t0.join();
  t1.join();
}

}  // namespace

TEMPLATE_TEST_CASE("test_queue BaseQueueTestMixin.test_queue_task_done", "[queue]", QUEUE_KINDS) {
  run_both(TestType::name, [] {
    typename TestType::template type<int> q;
    check(raises<ValueError>([&] { q.task_done(); }), "did not detect task count going negative");
  }, 10);
}

TEMPLATE_TEST_CASE("test_queue BaseQueueTestMixin.test_queue_join", "[queue]", QUEUE_KINDS) {
  run_both(TestType::name, [] {
    typename TestType::template type<int> q;
    queue_join_test(q);
    queue_join_test(q);
    check(raises<ValueError>([&] { q.task_done(); }), "did not detect task count going negative");
  }, 200);
}

TEMPLATE_TEST_CASE("test_queue BaseQueueTestMixin.test_basic", "[queue]", QUEUE_KINDS) {
  run_both(TestType::name, [] {
    typename TestType::template type<int> q(QUEUE_SIZE);
    basic_queue_test<TestType>(q);
    basic_queue_test<TestType>(q);
  }, 200);
}

TEMPLATE_TEST_CASE("test_queue BaseQueueTestMixin.test_negative_timeout_raises_exception", "[queue]", QUEUE_KINDS) {
  run_both(TestType::name, [] {
    typename TestType::template type<int> q(QUEUE_SIZE);
    check(raises<ValueError>([&] { q.put(1, true, -1); }), "put(timeout=-1) raises ValueError");
    check(raises<ValueError>([&] { q.get(true, -1); }), "get(timeout=-1) raises ValueError");
  }, 10);
}

TEMPLATE_TEST_CASE("test_queue BaseQueueTestMixin.test_nowait", "[queue]", QUEUE_KINDS) {
  run_both(TestType::name, [] {
    typename TestType::template type<int> q(QUEUE_SIZE);
    for (int i = 0; i < QUEUE_SIZE; ++i) q.put_nowait(1);
    check(raises<Full>([&] { q.put_nowait(1); }), "put_nowait on a full queue raises Full");
    for (int i = 0; i < QUEUE_SIZE; ++i) q.get_nowait();
    check(raises<Empty>([&] { q.get_nowait(); }), "get_nowait on an empty queue raises Empty");
  }, 10);
}

TEMPLATE_TEST_CASE("test_queue BaseQueueTestMixin.test_shrinking_queue", "[queue]", QUEUE_KINDS) {
  run_both(TestType::name, [] {
    typename TestType::template type<int> q(3);
    q.put(1);
    q.put(2);
    q.put(3);
    check(raises<Full>([&] { q.put_nowait(4); }), "full at 3");
    check(q.qsize() == 3, "qsize 3");
    q.set_maxsize(2);  // shrink the queue
    check(raises<Full>([&] { q.put_nowait(4); }), "still full after shrinking maxsize below qsize");
  }, 10);
}

// ---------------------------------------------------------------------------------------
// FailingQueueTest: a Queue whose storage hooks (Python's _put/_get) can be made to raise.
// ---------------------------------------------------------------------------------------
namespace {
struct FailingQueueException : std::runtime_error {
  FailingQueueException() : std::runtime_error("You Lose") {}
};

class FailingQueue : public Queue<std::string> {
 public:
  using Queue<std::string>::Queue;
  std::atomic<bool> fail_next_put{false};
  std::atomic<bool> fail_next_get{false};

 protected:
  void put_item(std::string&& item) override {
    if (fail_next_put.exchange(false)) throw FailingQueueException();
    Queue<std::string>::put_item(std::move(item));
  }
  std::string get_item() override {
    if (fail_next_get.exchange(false)) throw FailingQueueException();
    return Queue<std::string>::get_item();
  }
};

void failing_queue_test(FailingQueue& q) {
  check(q.qsize() == 0, "call this function with an empty queue");
  for (int i = 0; i < QUEUE_SIZE - 1; ++i) q.put(std::to_string(i));
  // Test a failing non-blocking put.
  q.fail_next_put = true;
  check(raises<FailingQueueException>([&] { q.put("oops", false); }), "non-blocking put should fail");
  q.fail_next_put = true;
  check(raises<FailingQueueException>([&] { q.put("oops", true, secs(0.1)); }), "timed put should fail");
  q.put("last");
  check(qfull(q), "queue should be full");
  // Test a failing blocking put
  q.fail_next_put = true;
  check(raises<FailingQueueException>([&] { do_blocking_test([&] { q.put("full"); }, [&] { q.get(); }); }),
        "blocking put should fail");
  // Check the Queue isn't damaged. put failed, but get succeeded - re-add
  q.put("last");
  // Test a failing timeout put
  q.fail_next_put = true;
  do_exceptional_blocking_test<FailingQueueException>([&] { q.put("full", true, 10.0); }, [&] { q.get(); });
  // put failed, but get succeeded - re-add
  q.put("last");
  check(qfull(q), "queue should be full");
  q.get();
  check(!qfull(q), "queue should not be full");
  q.put("last");
  check(qfull(q), "queue should be full");
  // Test a blocking put
  do_blocking_test([&] { q.put("full"); }, [&] { q.get(); });
  // Empty it
  for (int i = 0; i < QUEUE_SIZE; ++i) q.get();
  check(q.qsize() == 0, "queue should be empty");
  q.put("first");
  q.fail_next_get = true;
  check(raises<FailingQueueException>([&] { q.get(); }), "get should fail");
  check(q.qsize() != 0, "queue should not be empty");
  q.fail_next_get = true;
  check(raises<FailingQueueException>([&] { q.get(true, secs(0.1)); }), "timed get should fail");
  check(q.qsize() != 0, "queue should not be empty");
  q.get();
  check(q.qsize() == 0, "queue should be empty");
  q.fail_next_get = true;
  do_exceptional_blocking_test<FailingQueueException>([&] { q.get(); }, [&] { q.put("empty"); });
  // put succeeded, but get failed.
  check(q.qsize() != 0, "queue should not be empty");
  q.get();
  check(q.qsize() == 0, "queue should be empty");
}
}  // namespace

TEST_CASE("test_queue FailingQueueTest.test_failing_queue", "[queue]") {
  run_both("FailingQueue", [] {
    FailingQueue q(QUEUE_SIZE);
    failing_queue_test(q);
    failing_queue_test(q);
    check(q.unfinished_tasks() == 22, "11 successful puts per pass: a failed put counted no task");
  }, 100);
}
