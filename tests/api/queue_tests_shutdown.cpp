// CPython Lib/test/test_queue.py (3.13): BaseQueueTestMixin's shutdown tests
// (7-24), for Queue, LifoQueue and PriorityQueue.
//
// Skipped: none. Adapted: test_shutdown_*_all_methods_in_many_threads move 64K items on real
// threads as CPython does, and 48 in the simulator (every interleaving of a few dozen items
// already mixes puts, gets, task_done and the shutdown); results lists are SyncLists.
#include <algorithm>
#include <deque>

#include "queue_helpers.hpp"

using namespace queuetests;

namespace {
// CPython's helpers: each waits for `go`, then records whether it met ShutDown as expected.
template <class Q>
void get_(Q& q, Event& go, SyncList<bool>& results, bool shutdown = false) {
  go.wait();
  try {
    q.get();
    results.append(!shutdown);
  } catch (const ShutDown&) {
    results.append(shutdown);
  }
}
template <class Q>
void get_task_done(Q& q, Event& go, SyncList<bool>& results) {
  go.wait();
  try {
    q.get();
    q.task_done();
    results.append(true);
  } catch (const ShutDown&) {
    results.append(false);
  }
}
template <class Q>
void put_shutdown(Q& q, const std::string& msg, Event& go, SyncList<bool>& results) {
  go.wait();
  try {
    q.put(msg);
    results.append(false);
  } catch (const ShutDown&) {
    results.append(true);
  }
}
template <class Q>
void join_(Q& q, SyncList<bool>& results) {
  try {
    q.join();
    results.append(true);
  } catch (const ShutDown&) {
    results.append(false);
  }
}

// A deque: adding a handle never moves the started ones (see the report: moving a started
// Thread's handle races with the thread entering run() on real threads).
template <class F>
void start_all(std::deque<Thread>& threads, int n, F f) {
  for (int i = 0; i < n; ++i) {
    threads.emplace_back(f);
    threads.back().start();
  }
}
void join_all(std::deque<Thread>& threads) {
  for (auto& t : threads) t.join();
}
}  // namespace

#define QTEST(test_name, executions, ...)                                                   \
  TEMPLATE_TEST_CASE("test_queue BaseQueueTestMixin." test_name, "[queue]", QUEUE_KINDS) { \
    using Q [[maybe_unused]] = typename TestType::template type<std::string>;                         \
    run_both(TestType::name, [] { __VA_ARGS__ }, executions);                          \
  }

QTEST("test_shutdown_empty", 10, {
  Q q;
  q.shutdown();
  check(raises<ShutDown>([&] { q.put("data"); }), "put after shutdown raises ShutDown");
  check(raises<ShutDown>([&] { q.get(); }), "get on an empty shut-down queue raises ShutDown");
})

QTEST("test_shutdown_nonempty", 10, {
  Q q;
  q.put("data");
  q.shutdown();
  q.get();
  check(raises<ShutDown>([&] { q.get(); }), "the next get raises ShutDown");
})

QTEST("test_shutdown_immediate", 10, {
  Q q;
  q.put("data");
  q.shutdown(true);
  check(raises<ShutDown>([&] { q.get(); }), "the item was discarded");
})

QTEST("test_shutdown_allowed_transitions", 10, {
  Q q;
  check(!q.is_shutdown(), "not shut down at first");
  q.shutdown();
  check(q.is_shutdown(), "shut down");
  q.shutdown(true);
  check(q.is_shutdown(), "still shut down");
  q.shutdown(false);
})

namespace {
template <class Q>
void shutdown_all_methods_in_one_thread(bool immediate) {
  Q q(2);
  q.put("L");
  q.put_nowait("O");
  q.shutdown(immediate);
  check(raises<ShutDown>([&] { q.put("E"); }), "put raises ShutDown");
  check(raises<ShutDown>([&] { q.put_nowait("W"); }), "put_nowait raises ShutDown");
  auto in_lo = [](const std::string& s) { return s == "L" || s == "O"; };
  if (immediate) {
    check(raises<ShutDown>([&] { q.get(); }), "get raises ShutDown");
    check(raises<ShutDown>([&] { q.get_nowait(); }), "get_nowait raises ShutDown");
    check(raises<ValueError>([&] { q.task_done(); }), "the drain brought the counter to 0");
    q.join();
  } else {
    check(in_lo(q.get()), "first remaining item");
    q.task_done();
    check(in_lo(q.get()), "second remaining item");
    q.task_done();
    q.join();
    check(raises<ShutDown>([&] { q.get(); }), "get on the drained queue");
    check(raises<ShutDown>([&] { q.get_nowait(); }), "get_nowait on the drained queue");
    check(raises<ShutDown>([&] { q.get(true, 1.0); }), "get(True, 1.0) on the drained queue");
  }
}
}  // namespace

QTEST("test_shutdown_all_methods_in_one_thread", 10, { shutdown_all_methods_in_one_thread<Q>(false); })
QTEST("test_shutdown_immediate_all_methods_in_one_thread", 10, { shutdown_all_methods_in_one_thread<Q>(true); })

namespace {
// 4 writers, 6 readers, a shutdown thread (and 2 joiners when immediate), started together
// by a Barrier once every writer has put half its share and every reader got one item.
template <class K>
void shutdown_all_methods_in_many_threads(bool immediate) {
  typename K::template type<int> q;
  SyncList<bool> res_puts, res_gets, res_shutdown;
  const int write_threads = 4, read_threads = 6, join_threads = 2;
  const int nb_msgs = in_simulation() ? 48 : 1024 * 64;
  const int nb_msgs_w = nb_msgs / write_threads;
  const int when_exec_shutdown = nb_msgs_w / 2;
  Barrier barrier_start(write_threads + read_threads + (immediate ? join_threads : 0));
  Event ev_exec_shutdown;
  std::deque<Thread> ps;
  start_all(ps, write_threads, [&] {
    for (int i = 0; i < when_exec_shutdown / 2; ++i) q.put(i);
    barrier_start.wait();
    for (int i = when_exec_shutdown / 2; i < nb_msgs_w; ++i) {
      try {
        q.put(i);
      } catch (const ShutDown&) {
        res_puts.append(false);
        break;
      }
      if (i == when_exec_shutdown && !ev_exec_shutdown.is_set()) {  // only one thread shuts down
        ev_exec_shutdown.set();
        res_puts.append(true);
      }
    }
  });
  start_all(ps, read_threads, [&] {
    q.get(true);  // get at least one item
    q.task_done();
    barrier_start.wait();
    for (;;) {
      try {
        q.get(false);
        q.task_done();
      } catch (const ShutDown&) {
        res_gets.append(true);
        break;
      } catch (const Empty&) {
        yield();
      }
    }
  });
  start_all(ps, 1, [&] {
    ev_exec_shutdown.wait();
    q.shutdown(immediate);
    res_shutdown.append(q.qsize() == 0);
  });
  if (immediate) start_all(ps, join_threads, [&] {
    barrier_start.wait();
    q.join();
  });
  join_all(ps);
  const auto puts = res_puts.items();
  check(std::find(puts.begin(), puts.end(), true) != puts.end(), "one writer triggered the shutdown");
  check(res_gets.items() == std::vector<bool>(read_threads, true), "every reader ended with ShutDown");
  if (immediate) check(res_shutdown.items() == std::vector<bool>{true} && q.empty(), "empty right after shutdown");
}
}  // namespace

QTEST("test_shutdown_all_methods_in_many_threads", 60, { shutdown_all_methods_in_many_threads<TestType>(false); })
QTEST("test_shutdown_immediate_all_methods_in_many_threads", 60, { shutdown_all_methods_in_many_threads<TestType>(true); })

namespace {
template <class Q>
void shutdown_get(bool immediate) {
  Q q(2);
  SyncList<bool> results;
  Event go;
  q.put("Y");
  q.put("D");  // queue full
  std::deque<Thread> threads;
  start_all(threads, immediate ? 2 : 3, [&] { get_(q, go, results, immediate); });
  q.shutdown(immediate);
  go.set();
  join_all(threads);
  auto r = results.items();
  std::sort(r.begin(), r.end());
  if (immediate)
    check(r == std::vector<bool>{true, true}, "both getters raise ShutDown");
  else
    check(r == std::vector<bool>{false, true, true}, "2 getters get the items, 1 raises ShutDown");
}

template <class Q>
void shutdown_put() {
  Q q(2);
  SyncList<bool> results;
  Event go;
  q.put("Y");
  q.put("D");  // queue full
  std::deque<Thread> threads;
  threads.emplace_back([&] { put_shutdown(q, "E", go, results); });
  threads.emplace_back([&] { put_shutdown(q, "W", go, results); });
  for (auto& t : threads) t.start();
  q.shutdown();  // CPython's helper shuts down normally in both variants
  go.set();
  join_all(threads);
  check(results.items() == std::vector<bool>{true, true}, "both putters raise ShutDown");
}

template <class Q>
void shutdown_join(bool immediate) {
  Q q;
  SyncList<bool> results, res;
  q.put("Y");
  Event go;
  const std::size_t nb = q.qsize();
  std::deque<Thread> threads;
  start_all(threads, 2, [&] { join_(q, results); });
  if (!immediate) start_all(threads, static_cast<int>(nb), [&] { get_task_done(q, go, res); });
  q.shutdown(immediate);
  go.set();
  join_all(threads);
  check(results.items() == std::vector<bool>{true, true}, "both joins return normally");
}

template <class Q>
void shutdown_put_join(bool immediate) {
  Q q(2);
  SyncList<bool> results;
  Event go;
  q.put("Y");  // queue not full
  std::deque<Thread> threads;
  threads.emplace_back([&] { put_shutdown(q, "E", go, results); });
  threads.emplace_back([&] { join_(q, results); });
  for (auto& t : threads) t.start();
  check(q.unfinished_tasks() == 1, "one unfinished task before the shutdown");
  q.shutdown(immediate);
  go.set();
  if (immediate) {
    check(raises<ShutDown>([&] { q.get_nowait(); }), "get_nowait raises ShutDown");
  } else {
    check(q.get() == "Y", "the main thread gets 'Y'");
    q.task_done();
  }
  join_all(threads);
  check(results.items() == std::vector<bool>{true, true}, "the putter got ShutDown and the joiner returned");
}
}  // namespace

QTEST("test_shutdown_get", 200, { shutdown_get<Q>(false); })
QTEST("test_shutdown_immediate_get", 200, { shutdown_get<Q>(true); })
QTEST("test_shutdown_put", 200, { shutdown_put<Q>(); })
QTEST("test_shutdown_immediate_put", 200, { shutdown_put<Q>(); })
QTEST("test_shutdown_immediate_join", 200, { shutdown_join<Q>(true); })
QTEST("test_shutdown_join", 200, { shutdown_join<Q>(false); })
QTEST("test_shutdown_immediate_put_join", 200, { shutdown_put_join<Q>(true); })
QTEST("test_shutdown_put_join", 200, { shutdown_put_join<Q>(false); })

QTEST("test_shutdown_get_task_done_join", 200, {
  Q q(2);
  SyncList<bool> results;
  Event go;
  q.put("Y");
  q.put("D");
  check(q.unfinished_tasks() == static_cast<std::int64_t>(q.qsize()), "unfinished_tasks == qsize");
  std::deque<Thread> threads;
  start_all(threads, 2, [&] { get_task_done(q, go, results); });
  start_all(threads, 2, [&] { join_(q, results); });
  go.set();
  q.shutdown(false);
  join_all(threads);
  check(results.items() == std::vector<bool>(4, true), "all four succeed");
})

QTEST("test_shutdown_pending_get", 200, {
  Q q;
  SyncList<bool> got_shutdown;
  Thread get_thread([&] {
    try {
      q.get();
      got_shutdown.append(false);
    } catch (const ShutDown&) {
      got_shutdown.append(true);
    }
  });
  get_thread.start();
  q.shutdown(false);
  get_thread.join(10.0);
  check(!get_thread.is_alive(), "the getter ended");
  check(got_shutdown.items() == std::vector<bool>{true}, "the pending get raised ShutDown");
})
