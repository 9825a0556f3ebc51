// dpor's kept happens-before state (model/dpor_undo.cpp): an execution that keeps the state of
// the steps it replays, rolled back from the previous execution, runs exactly the search that
// rebuilding the state from the first step runs: the same executions, decision for decision.
#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "logged_programs.hpp"
#include "model/dpor_strategy.hpp"
#include "model/judged_run.hpp"
#include "sim/execution.hpp"

using namespace weft;

namespace {

// Every execution's decisions, in order, of a complete dpor search of `body` (at most `cap`).
std::vector<std::vector<sim::Decision>> search(const std::function<void()>& body, bool keep, TimeoutPolicy timeouts,
                                               std::uint64_t cap = 20000) {
  Options o;
  o.timeouts = timeouts;
  sim::Execution ex(model::config_of(o));
  detect::ExecutionJudge judge(detect::JudgeOptions{false, false});
  model::DporStrategy dpor;
  dpor.keep_replayed_state(keep);
  std::vector<std::vector<sim::Decision>> out;
  for (std::uint64_t i = 0; !dpor.complete() && i < cap; ++i) {
    dpor.begin_execution(i);
    model::run_judged(ex, body, dpor, judge);
    out.push_back(ex.decisions());
  }
  return out;
}

// A Semaphore's Condition: reads of its lock and counter after writes that a later branch
// undoes (the shape that once restored a stale read clock).
void semaphore_workers() {
  Semaphore sem(2);
  Shared<int> inside{0};
  std::vector<Thread> ts;
  for (int i = 0; i < 4; ++i)
    ts.emplace_back([&] {
      const std::lock_guard<Semaphore> g(sem);
      inside.store(inside.load() + 1);
      check(inside.load() <= 2, "at most two inside");
      inside.store(inside.load() - 1);
    });
  for (auto& t : ts) t.start();
  for (auto& t : ts) t.join();
}

// Timed waits, a sleep and a data choice: the virtual clock as an object, deadlines read when
// announced, and value states between thread states.
void timed_handshake() {
  Event ready;
  Lock lock;
  Shared<int> got{0};
  const int delay = static_cast<int>(choose(2));
  Thread setter([&] {
    if (delay == 1) sleep(0.5);
    const std::lock_guard<Lock> g(lock);
    got.store(1);
    ready.set();
  });
  Thread waiter([&] {
    if (ready.wait(1.0)) {
      const std::lock_guard<Lock> g(lock);
      (void)got.load();
    }
  });
  Thread poller([&] {
    if (lock.acquire(true, 0.25)) {
      got.store(got.load() + 2);
      lock.release();
    }
  });
  setter.start();
  waiter.start();
  poller.start();
  setter.join();
  waiter.join();
  poller.join();
}

// A Condition handshake with a producer and two consumers.
void condition_queue() {
  Condition cond;
  Shared<int> items{0};
  auto consume = [&] {
    const std::lock_guard<Condition> g(cond);
    while (items.load() == 0) cond.wait();
    items.store(items.load() - 1);
  };
  Thread c1(consume), c2(consume);
  Thread p([&] {
    for (int i = 0; i < 2; ++i) {
      const std::lock_guard<Condition> g(cond);
      items.store(items.load() + 1);
      cond.notify();
    }
  });
  c1.start();
  c2.start();
  p.start();
  c1.join();
  c2.join();
  p.join();
}

}  // namespace

TEST_CASE("dpor keeping the replayed steps' state runs the search that rebuilds it, execution for execution") {
  struct Program {
    const char* name;
    std::function<void()> body;
  };
  const std::vector<Program> programs = {
      {"lastzero(6)", test::logged_lastzero(6, nullptr, -1, -1)},
      {"readers(5)", test::logged_readers(5, nullptr)},
      {"semaphore workers", semaphore_workers},
      {"crossing writers and readers", test::crossing_writers_readers},
      {"timed handshake with a choice", timed_handshake},
      {"condition queue", condition_queue},
  };
  for (const TimeoutPolicy timeouts : {TimeoutPolicy::when_idle, TimeoutPolicy::explore}) {
    CAPTURE(to_string(timeouts));
    for (const Program& p : programs) {
      CAPTURE(p.name);
      const auto rebuilt = search(p.body, false, timeouts);
      const auto kept = search(p.body, true, timeouts);
      CHECK(rebuilt.size() > 1);  // a search with branches, not one execution
      CHECK(kept.size() == rebuilt.size());
      CHECK(kept == rebuilt);
    }
  }
}
