// Queues: a bounded producer/consumer with a sentinel, a worker pool that waits with
// task_done() + join(), the deadlock of a forgotten task_done(), and two consumers sharing
// one sentinel.
#include <optional>
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "scenarios/scenario.hpp"

namespace weft::scenarios {
namespace {

// The seeds' "Producer-consumer": Queue(maxsize=5), the producer puts 0..9, the consumer
// processes until it gets the sentinel (std::nullopt is Python's None).
void producer_consumer() {
  Queue<std::optional<int>> q(5);  // bounded queue
  std::vector<int> processed;      // only the consumer touches it
  Thread producer(ThreadOptions{"producer", {}}, [&] {
    for (int i = 0; i < 10; ++i) {
      q.put(i);  // blocks while 5 items wait
      check(q.qsize() <= 5, "a Queue(maxsize=5) never holds more than 5 items");
    }
    q.put(std::nullopt);  // the sentinel: no more items
  });
  Thread consumer(ThreadOptions{"consumer", {}}, [&] {
    for (;;) {
      const std::optional<int> item = q.get();
      if (!item) break;
      processed.push_back(*item);  // process(item)
    }
  });
  producer.start();
  consumer.start();
  producer.join();
  consumer.join();
  check(processed == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, "every item arrives once, in order");
  check(q.empty(), "the sentinel was the last item");
}

// Workers call task_done() for every item they get; the main thread's join() returns only
// when every item has been processed, whatever the interleaving.
void worker_pool(bool forget_one) {
  constexpr int kWorkers = 3, kItems = 6;
  Queue<int> q;
  Lock results_lock;
  Shared<int> done_sum{0};
  auto worker = [&] {
    for (;;) {
      const int item = q.get();
      if (item < 0) break;  // sentinel
      if (forget_one && item == 4) continue;  // "nothing to do for 4" -- and no task_done()
      results_lock.acquire();
      done_sum += item;
      results_lock.release();
      q.task_done();
    }
  };
  std::vector<Thread> threads;
  for (int i = 0; i < kWorkers; ++i) threads.emplace_back(ThreadOptions{"worker-" + std::to_string(i), {}}, worker);
  for (auto& t : threads) t.start();
  for (int item = 1; item <= kItems; ++item) q.put(item);
  q.join();  // wait until every put() is matched by a task_done()
  check(done_sum.load() == kItems * (kItems + 1) / 2, "join() returned before every item was processed");
  for (int i = 0; i < kWorkers; ++i) q.put(-1);  // stop the workers
  for (auto& t : threads) t.join();
}

void worker_pool_join() { worker_pool(false); }
void forgotten_task_done() { worker_pool(true); }

// One producer, two consumers, one sentinel: 30 items through a Queue(maxsize=5), and the
// consumer that takes the None stops; the other waits in get() for a None nobody puts.
void two_consumers_one_sentinel() {
  constexpr int kItems = 30;
  Queue<std::optional<int>> q(5);
  auto consume = [&] {
    for (;;) {
      const std::optional<int> item = q.get();
      if (!item) break;  // process(item) otherwise
    }
  };
  Thread producer(ThreadOptions{"producer", {}}, [&] {
    for (int i = 0; i < kItems; ++i) q.put(i);
    q.put(std::nullopt);  // one sentinel, for two consumers
  });
  Thread consumer_a(ThreadOptions{"consumer-a", {}}, consume);
  Thread consumer_b(ThreadOptions{"consumer-b", {}}, consume);
  producer.start();
  consumer_a.start();
  consumer_b.start();
  producer.join();
  consumer_a.join();
  consumer_b.join();
}

const Registrar producer_consumer_reg{{
    "producer_consumer",
    "bounded Queue(5): producer puts 0..9 then a None sentinel, consumer stops at it -> passes",
    "A Queue(maxsize=5) makes the producer wait whenever 5 items are waiting, so it can never "
    "run far ahead of the consumer, and get() makes the consumer wait while the queue is "
    "empty: neither needs a lock or a sleep. The producer ends by putting a sentinel (None, "
    "here std::nullopt); the consumer stops when it gets it, and since the queue is FIFO it "
    "has seen every real item first, in order. Every interleaving weft tries agrees. A passing "
    "run prints no table; delete `q.put(std::nullopt);` and the table of the deadlock ends with "
    "the consumer's lane waiting in get() after the producer's lane has exited.",
    Expect::passes, true, producer_consumer}};
const Registrar worker_pool_join_reg{{
    "worker_pool_join",
    "3 workers, 6 items: every get() matched by task_done(), main waits in q.join() -> passes",
    "Queue counts unfinished tasks: put() adds one, task_done() removes one, and join() waits "
    "until the count is zero. When every worker calls task_done() after processing each item, "
    "join() returns exactly when all the work is done, not merely when the queue is empty "
    "(an item can be out of the queue but still being processed). Then one sentinel per "
    "worker stops them. A passing run prints no table; drop `q.task_done();` on any path and "
    "it is forgotten_task_done, whose table ends with MainThread waiting in q.join().",
    Expect::passes, true, worker_pool_join}};
const Registrar forgotten_task_done_reg{{
    "forgotten_task_done",
    "the same pool, but the path that skips item 4 forgets task_done() -> deadlock",
    "The counter join() waits on only goes down in task_done(). One path through the worker "
    "(`continue` for an item it has nothing to do with) skips the call, so the count stays at "
    "1 and the main thread waits in q.join() for ever, while the workers wait in get() for "
    "sentinels the main thread will never send. The report names the join() line. In the "
    "table, look for the worker lane where one get() (its lock, notify and release rows at "
    "queues.cpp:50) is followed straight by the next get(): that was item 4, with no write row "
    "of done_sum (Shared#6, queues.cpp:54) and no task_done rows (queues.cpp:56) in between. "
    "MainThread's last row is at queues.cpp:63, the q.join(), and each worker's at queues.cpp:50, "
    "its get(). The "
    "fix: in scenarios/queues.cpp, call task_done() on every path: make "
    "`if (forget_one && item == 4) continue;` call `q.task_done();` before its continue (or "
    "put the call in a scope guard right after get()).",
    Expect::fails, false, forgotten_task_done, FailureKind::deadlock}};
const Registrar two_consumers_one_sentinel_reg{{
    "two_consumers_one_sentinel",
    "Queue(5), 30 items, two consumers, the producer puts one None -> deadlock",
    "A sentinel stops one consumer: whichever consumer's get() returns the None breaks out of "
    "its loop, and the other goes on waiting in get() for a None that nobody will put, so "
    "MainThread waits in its join for ever. Every interleaving ends this way, after all 30 "
    "items went through the bounded queue, so the table is long (more than 200 rows): the "
    "producer's lane blocks ('blocked on') each time five items wait, the two consumer lanes "
    "take turns taking items, and long runs of one lane are folded in the HTML report (weft run "
    "two_consumers_one_sentinel --html FILE). The last rows show one consumer exiting after its "
    "get() of the None and the other consumer's lane ending in a get() at queues.cpp:80 that "
    "never returns. The fix: in scenarios/queues.cpp, put one sentinel per consumer: after "
    "`q.put(std::nullopt);` add a second `q.put(std::nullopt);` (or loop over the consumers).",
    Expect::fails, false, two_consumers_one_sentinel, FailureKind::deadlock}};

}  // namespace
}  // namespace weft::scenarios
