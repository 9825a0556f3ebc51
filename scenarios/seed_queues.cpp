// The seed tutorials' queue, worker-pool, thread-pool and cache examples (docs/seed_examples.md),
// plus their join(timeout) example, as checked programs. Prints are left out (a scenario
// runs thousands of times); `process(item)` becomes recording the item.
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <weft/weft.hpp>

#include "scenarios/scenario.hpp"

namespace weft::scenarios {
namespace {

using Item = std::optional<std::string>;  // std::nullopt is Python's None

// "Thread Communication with Queue": 5 items 0.1 s apart, then the None sentinel.
void queue_sentinel() {
  Queue<Item> q;
  std::vector<std::string> consumed;
  Thread t1([&] {
    for (int i = 0; i < 5; ++i) {
      sleep(0.1);
      q.put("Item " + std::to_string(i));
    }
    q.put(std::nullopt);  // Sentinel
  });
  Thread t2([&] {
    for (;;) {
      Item item = q.get();
      if (!item) break;
      consumed.push_back(*item);
    }
  });
  t1.start();
  t2.start();
  t1.join();
  t2.join();
  check(consumed == std::vector<std::string>{"Item 0", "Item 1", "Item 2", "Item 3", "Item 4"}, "every item, in order");
  // Each virtual wait lasts at least its timeout, rounded up to whole nanoseconds.
  check(std::abs(monotonic() - 0.5) < 1e-6, "the consumer kept pace: done at t = 0.5 s");
}

// "Thread-Safe Queue": put 0..4 and None; the consumer calls task_done() per item. The
// threads are not joined in the seed: program end joins them.
void queue_task_done() {
  Queue<std::optional<int>> q;
  std::vector<int> consumed;
  {
    Thread producer([&] {
      for (int i = 0; i < 5; ++i) q.put(i);
      q.put(std::nullopt);  // Sentinel
    });
    Thread consumer([&] {
      for (;;) {
        auto item = q.get();
        if (!item) break;
        consumed.push_back(*item);
        q.task_done();
      }
    });
    producer.start();
    consumer.start();
  }  // the handles join the threads, as Python's interpreter exit does
  check(consumed == std::vector<int>{0, 1, 2, 3, 4}, "consumed 0..4 in order");
  check(q.unfinished_tasks() == 1, "the sentinel was never task_done()'d: a q.join() here would wait for ever");
}

// "Worker pool": 4 workers, items put, q.join(), then one None per worker.
void worker_pool() {
  Queue<std::optional<int>> q;
  Lock lock;
  Shared<int> processed{0};
  auto worker = [&] {
    for (;;) {
      auto item = q.get();
      if (!item) break;
      lock.acquire();  // process(item)
      processed += *item;
      lock.release();
      q.task_done();
    }
  };
  std::vector<Thread> threads;
  for (int i = 0; i < 4; ++i) threads.emplace_back(worker);
  for (auto& t : threads) t.start();
  for (int item : {1, 2, 3, 4, 5, 6, 7, 8}) q.put(item);  // Add work
  q.join();                                                // Wait for completion
  check(processed.load() == 36, "q.join() returns once every item was processed");
  for (std::size_t i = 0; i < threads.size(); ++i) q.put(std::nullopt);  // Stop workers
  for (auto& t : threads) t.join();
}

// "Producer-consumer" exactly as the seed writes it: Queue(maxsize=5), the producer puts
// 0..9, the consumer loops until None -- which nobody puts.
void producer_consumer_no_sentinel() {
  Queue<std::optional<int>> q(5);
  Thread producer([&] {
    for (int i = 0; i < 10; ++i) q.put(i);
  });
  Thread consumer(ThreadOptions{"consumer", {}}, [&] {
    for (;;) {
      auto item = q.get();
      if (!item) break;
    }
  });
  producer.start();
  consumer.start();
  producer.join();
  consumer.join();
}

// "Thread pool pattern": a hand-made ThreadPool of daemon workers over a Queue of
// (func, args) tasks; shutdown() puts one None per worker and joins them.
class ThreadPool {
 public:
  using Task = std::optional<std::tuple<std::function<void(int)>, int>>;  // (func, args)
  explicit ThreadPool(int num_threads) {
    threads_.reserve(static_cast<std::size_t>(num_threads));  // never move a started handle
    for (int i = 0; i < num_threads; ++i) {
      threads_.emplace_back(ThreadOptions{"", true}, [this] { worker(); });
      threads_.back().start();
    }
  }
  void submit(std::function<void(int)> func, int arg) { tasks_.put(Task(std::in_place, std::move(func), arg)); }
  void shutdown() {
    for (std::size_t i = 0; i < threads_.size(); ++i) tasks_.put(std::nullopt);
    for (auto& t : threads_) t.join();
  }

 private:
  void worker() {
    for (;;) {
      Task task = tasks_.get();
      if (!task) break;
      auto& [func, arg] = *task;
      func(arg);  // the seed calls task() on the tuple itself, which Python would reject
    }
  }
  Queue<Task> tasks_;
  std::vector<Thread> threads_;
};

void thread_pool_class() {
  Atomic<int> sum{0};
  ThreadPool pool(4);
  pool.submit([&](int n) { sum.fetch_add(n); }, 1);   // pool.submit(task1, arg1, arg2)
  pool.submit([&](int n) { sum.fetch_add(n); }, 10);  // pool.submit(task2)
  pool.shutdown();
  check(sum.load() == 11, "both tasks ran before shutdown() returned");
}

// "Caching with locks": get/set under the cache's lock; data.get(key) is None when missing.
class Cache {
 public:
  std::optional<int> get(const std::string& key) {
    lock_.acquire();  // with self.lock:
    auto it = data_.find(key);
    std::optional<int> v = it == data_.end() ? std::nullopt : std::optional<int>(it->second);
    lock_.release();
    return v;
  }
  void set(const std::string& key, int value) {
    lock_.acquire();
    data_[key] = value;
    lock_.release();
  }

 private:
  std::map<std::string, int> data_;
  Lock lock_;
};

void cache_lock() {
  Cache cache;
  std::vector<Thread> threads;
  for (int i = 0; i < 3; ++i)
    threads.emplace_back([&cache, i] {
      const std::string mine = "k" + std::to_string(i);
      check(!cache.get(mine), "a key nobody set reads as None");
      cache.set(mine, i);
      cache.set("shared", i);
      check(cache.get(mine) == i, "a thread reads back its own key");
      const auto shared = cache.get("shared");
      check(shared && *shared >= 0 && *shared < 3, "the shared key holds one whole value of some writer");
    });
  for (auto& t : threads) t.start();
  for (auto& t : threads) t.join();
}

// "Thread Pool" (seed 002): submit(task, 5).result() == 10; map(task, [1..5]); 1 s tasks.
void executor_submit_map() {
  auto task = [](int n) {
    sleep(1.0);
    return n * 2;
  };
  {
    ThreadPoolExecutor executor(4);
    auto future = executor.submit(task, 5);
    check(future.result() == 10, "future.result() is 10");
    auto results = executor.map(task, std::vector<int>{1, 2, 3, 4, 5});
    check(results.to_vector() == std::vector<int>{2, 4, 6, 8, 10}, "list(results)");
  }
  check(monotonic() == 3.0, "1 s for the submit, then 5 tasks on 4 workers: 2 s more");
}

// "Thread Pools Using ThreadPoolExecutor" (seed 003): map(task, range(10)), n * n.
void executor_map_squares() {
  ThreadPoolExecutor executor(4);
  auto results = executor.map([](int n) { return n * n; }, std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  check(results.to_vector() == std::vector<int>{0, 1, 4, 9, 16, 25, 36, 49, 64, 81}, "squares in input order");
}

// "Thread Pool" (seed 004): max_workers=5, 10 tasks of 1 s each returning n * n.
void executor_map_sleep() {
  std::vector<int> results;
  {
    ThreadPoolExecutor executor(5);
    results = executor.map([](int n) { sleep(1.0); return n * n; }, std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
                  .to_vector();
  }
  check(results == std::vector<int>{0, 1, 4, 9, 16, 25, 36, 49, 64, 81}, "print(list(results))");
  check(monotonic() == 2.0, "10 tasks of 1 s on 5 workers: 2 s");
}

// "Quick Reference": q.put(item); item = q.get(); executor.map(func, items).
void quick_reference_queue_pool() {
  Queue<std::string> q;
  q.put("item");
  check(q.get() == "item", "item = q.get()");
  ThreadPoolExecutor executor(4);
  auto results = executor.map([](int x) { return x + 1; }, std::vector<int>{1, 2, 3});
  check(results.to_vector() == std::vector<int>{2, 3, 4}, "results = executor.map(func, items)");
}

// "Timeout": join(timeout=2) on a 10 s task returns at t = 2 with the thread still alive.
void join_timeout() {
  Thread thread([] { sleep(10.0); });  // slow_task
  thread.start();
  thread.join(2.0);  // Wait max 2 seconds
  check(thread.is_alive() && monotonic() == 2.0, "'Task still running' at t = 2 s");
}

const Registrar queue_sentinel_reg{{
    "seed_queue_sentinel", "seed: producer puts 5 items 0.1 s apart then None; consumer stops at None -> passes",
    "q.get() blocks while the queue is empty, so the consumer needs no sleep or polling: it "
    "wakes as each item arrives. The None sentinel, put last, tells it to stop; FIFO order "
    "guarantees it has seen every item first. A passing run prints no table; delete the "
    "producer's `q.put(std::nullopt);` and the consumer's lane would end in a get() that never "
    "returns, as in seed_producer_consumer_no_sentinel's table.",
    Expect::passes, false, queue_sentinel}};
const Registrar queue_task_done_reg{{
    "seed_queue_task_done", "seed: consumer calls task_done() per item; the sentinel is never task_done()'d -> passes",
    "Every put() counts an unfinished task, including the None sentinel. The consumer calls "
    "task_done() for the 5 real items but breaks out on None without it, so one task stays "
    "unfinished: harmless here, but a q.join() would then wait for ever (see "
    "forgotten_task_done). The program end still joins both threads. A passing run prints no "
    "table; it holds because nothing here calls q.join(): add one after the threads end and "
    "the table would end on MainThread waiting in it.",
    Expect::passes, true, queue_task_done}};
const Registrar worker_pool_reg{{
    "seed_worker_pool", "seed: 4 workers, q.join() for the work, then one None per worker -> passes",
    "q.join() waits until every item put has been matched by a task_done(), i.e. processed, "
    "not just taken. Only then are the workers told to stop, one None each, and joined. A "
    "passing run prints no table; delete the worker's `q.task_done();` and the table of the "
    "deadlock ends with MainThread waiting in `q.join();`.",
    Expect::passes, true, worker_pool}};
const Registrar producer_consumer_no_sentinel_reg{{
    "seed_producer_consumer_no_sentinel",
    "seed: the bounded producer-consumer exactly as written, nobody puts None -> deadlock",
    "The seed's consumer loops until it gets None, but its producer only puts 0..9. Once the "
    "10 items are consumed the consumer waits in q.get() for ever, and the program waits for "
    "the consumer. The report names the get() line. In the table, the producer's lane "
    "(Thread-1) shows its puts as lock, notify and release rows, blocking ('blocked on') when "
    "five items wait, and then exits; the consumer's lane goes on taking items, and its last "
    "row is at seed_queues.cpp:107, the get() it never returns from. producer_consumer is the "
    "fixed version. The fix: in scenarios/seed_queues.cpp, after the producer's "
    "`for (int i = 0; i < 10; ++i) q.put(i);` add the sentinel `q.put(std::nullopt);`, "
    "Python's q.put(None).",
    Expect::fails, false, producer_consumer_no_sentinel, FailureKind::deadlock}};
const Registrar thread_pool_class_reg{{
    "seed_thread_pool_class", "seed: hand-made ThreadPool of 4 daemon workers over a Queue -> passes",
    "Workers loop on tasks.get(); submit() puts (func, args); shutdown() puts one None per "
    "worker and joins them, so every task put before it has run. The seed's worker calls "
    "task() on the (func, args, kwargs) tuple, which Python would reject with a TypeError; "
    "here the worker unpacks it and calls func(*args). A passing run prints no table; it holds "
    "because shutdown() puts one None per worker behind the tasks and joins every worker, so "
    "`check(sum.load() == 11` runs after both tasks.",
    Expect::passes, true, thread_pool_class}};
const Registrar cache_lock_reg{{
    "seed_cache_lock", "seed: Cache get/set under one lock, 3 threads -> passes",
    "Holding the lock around every dict access keeps the cache consistent: a missing key reads "
    "as None, a thread reads back what it set, and a key written by several threads holds one "
    "whole value of one of them. A passing run prints no table; it holds because every map "
    "access sits between `lock_.acquire();` and `lock_.release();`. The map is a plain "
    "std::map, which weft does not see, so without the lock no row would show the clash: on "
    "real threads the map would simply break.",
    Expect::passes, true, cache_lock}};
const Registrar executor_submit_map_reg{{
    "seed_executor_submit_map", "seed: with ThreadPoolExecutor(4): submit(task, 5).result(), map(task, [1..5]) -> passes",
    "submit() returns a Future whose result() waits for the call; map() runs the calls on the "
    "pool and yields their results in input order. With 1 s tasks on 4 workers the virtual "
    "clock shows the parallelism: 1 s for the single task, 2 s for five. A passing run prints "
    "no table; it holds because result() and map() wait for the calls, so the times are "
    "exact in every interleaving.",
    Expect::passes, false, executor_submit_map}};
const Registrar executor_map_squares_reg{{
    "seed_executor_map_squares", "seed: ThreadPoolExecutor(4).map(n * n, range(10)) -> passes",
    "map() hands the ten calls to four workers, which may run them in any order, and yields "
    "the squares in the order of range(10). A passing run prints no table: whichever worker "
    "lane runs which call, map() hands the results back in input order.",
    Expect::passes, true, executor_map_squares}};
const Registrar executor_map_sleep_reg{{
    "seed_executor_map_sleep", "seed: ThreadPoolExecutor(5), 10 tasks of 1 s, list(results) -> passes",
    "Five workers run ten 1 s tasks in two waves: the whole map takes 2 s of virtual time, and "
    "list(results) is the squares in input order. A passing run prints no table; the 2 s hold "
    "because five workers run at once (with ThreadPoolExecutor(1) the check would fail at 10 s).",
    Expect::passes, false, executor_map_sleep}};
const Registrar quick_reference_reg{{
    "seed_quick_reference_queue_pool", "seed: quick reference q.put/q.get and executor.map -> passes",
    "The quick reference's queue lines (put, then get the same item back) and its thread pool "
    "line (map over items inside `with ThreadPoolExecutor(...)`), on one thread and a pool. A "
    "passing run prints no table: a put followed by a get on one thread needs no "
    "synchronisation, and map() keeps input order.",
    Expect::passes, true, quick_reference_queue_pool}};
const Registrar join_timeout_reg{{
    "seed_join_timeout", "seed: join(timeout=2) on a 10 s task; the thread is still alive -> passes",
    "join(timeout) returns when the timeout passes even if the thread has not finished, and "
    "says nothing about which happened: check is_alive() afterwards. The program end then "
    "waits for the non-daemon thread, at t = 10 s. A passing run prints no table; it holds "
    "because the 10 s sleep outlasts the 2 s timeout on the virtual clock in every interleaving.",
    Expect::passes, false, join_timeout}};

}  // namespace
}  // namespace weft::scenarios
