// ThreadPoolExecutor and futures: map() keeps input order, a task's exception travels to
// result(), and the classic pool deadlock of tasks waiting on tasks.
#include <stdexcept>
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "scenarios/scenario.hpp"

namespace weft::scenarios {
namespace {

// Tasks take 0, 0.1 or 0.2 s, chosen by the strategy, so they finish in every order.
void pool_map() {
  ThreadPoolExecutor executor(3);
  std::vector<int> results;
  for (int r : executor.map(
           [&](int n) {
             sleep(0.1 * choose(3));
             return n * n;
           },
           std::vector<int>{0, 1, 2, 3, 4, 5}))
    results.push_back(r);
  check(results == std::vector<int>{0, 1, 4, 9, 16, 25}, "map() yields results in input order");
}

// A task's exception is stored in its future and raised again by result(), in the caller.
void pool_task_exception() {
  ThreadPoolExecutor executor(2);
  auto ok = executor.submit([] { return 6 * 7; });
  auto bad = executor.submit([]() -> int { throw std::runtime_error("task failed"); });
  std::string caught;
  try {
    bad.result();
  } catch (const std::runtime_error& e) {
    caught = e.what();
  }
  check(ok.result() == 42 && caught == "task failed", "result() returns the value or raises the task's exception");
  check(bad.done() && !bad.cancelled() && bad.exception() != nullptr, "the failed future is done, with its exception");
}

// Two workers, two outer tasks, each waiting for an inner task it submitted: every worker
// is busy waiting, so no inner task can ever start.
void future_deadlock() {
  ThreadPoolExecutor executor(2);
  auto outer = [&](int i) {
    auto inner = executor.submit([i] { return i * 10; });
    return inner.result();  // waits for a worker that will never be free
  };
  auto a = executor.submit(outer, 1);
  auto b = executor.submit(outer, 2);
  check(a.result() + b.result() == 30, "both outer tasks finish");
}

const Registrar pool_map_reg{{
    "pool_map",
    "ThreadPoolExecutor(3).map(square, 0..5), tasks finishing in any order -> passes",
    "executor.map() submits every call at once and gives the results back in the order of "
    "the inputs, not the order the calls finish in: each step waits for the next future in "
    "line. Here each task sleeps 0, 0.1 or 0.2 s (the explorer chooses), so the workers "
    "finish in every possible order, and the results still come out as 0, 1, 4, 9, 16, 25. "
    "Use as_completed() when you want them as soon as they are ready instead. A passing run "
    "prints no table; it holds because map() waits for each future in input order, not "
    "because of timing, so the check on `results` never sees the finishing order.",
    Expect::passes, false, pool_map}};
const Registrar pool_task_exception_reg{{
    "pool_task_exception",
    "a pool task throws; the exception reaches whoever calls result() -> passes",
    "An exception thrown inside a submitted task does not crash the worker thread: the pool "
    "stores it in the task's future, and future.result() throws it again in the thread that "
    "asks, so errors travel with results. future.exception() returns it without throwing. "
    "A task whose future nobody looks at fails silently, so always collect the results. A "
    "passing run prints no table; delete the `bad.result();` call and the check fails, its "
    "table ending on MainThread's check failed row, because nobody asked for the exception.",
    Expect::passes, true, pool_task_exception}};
const Registrar future_deadlock_reg{{
    "future_deadlock",
    "2 workers run 2 tasks that each submit an inner task and wait for its result -> deadlock",
    "A pool has a fixed number of workers. In the interleavings where both outer tasks start "
    "before either inner task, every worker is running a task that waits for another task of "
    "the same pool: the inner tasks sit in the queue with no worker to run them, and the outer "
    "tasks wait for ever. Python's documentation warns about exactly this. The report shows "
    "both workers waiting on their inner futures and the main thread on an outer one. Other "
    "interleavings pass, so a test run may never see it. The table is long (the pool's own "
    "locks and conditions are in it): look at the last row of each lane: the two worker lanes "
    "(ThreadPoolExecutor-0_0 and -0_1) end at pools.cpp:49, the inner result() wait, and "
    "MainThread ends at pools.cpp:53; no lane ever runs an inner task. The fix: in "
    "scenarios/pools.cpp, never wait on the same pool from inside it: instead of "
    "`return inner.result();` return the inner future (or chain with add_done_callback), or "
    "submit `[i] { return i * 10; }` to a separate pool for the inner work.",
    Expect::fails, false, future_deadlock, FailureKind::deadlock}};

}  // namespace
}  // namespace weft::scenarios
