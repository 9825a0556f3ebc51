// A deadlock reaches the user as data (Failure::deadlock, the wait-for graph the simulator
// builds) and as the text report/ renders from it (Failure::message and Failure::details).
#include <catch2/catch.hpp>

#include <mutex>
#include <source_location>
#include <string>
#include <vector>

#include <weft/weft.hpp>

using namespace weft;

namespace {
Options deterministic() {
  Options o;
  o.strategy = Strategy::dfs;
  o.max_executions = 100;
  o.detect_lock_order = false;  // the deadlock itself, not its prediction
  o.use_environment = false;
  return o;
}

// Two threads take two Locks in opposite orders through std::lock_guard.
Result two_lock_deadlock() {
  return explore(deterministic(), [] {
    Lock a, b;
    Thread left(ThreadOptions{"left", {}}, [&] {
      std::lock_guard<Lock> first(a);
      std::lock_guard<Lock> second(b);
    });
    Thread right(ThreadOptions{"right", {}}, [&] {
      std::lock_guard<Lock> first(b);
      std::lock_guard<Lock> second(a);
    });
    left.start();
    right.start();
    left.join();
    right.join();
  });
}
}  // namespace

TEST_CASE("a two-lock deadlock's failure carries its wait-for graph") {
  const Result r = two_lock_deadlock();
  REQUIRE_FALSE(r.ok());
  const Failure& f = r.failure();
  REQUIRE(f.kind == FailureKind::deadlock);
  REQUIRE(f.deadlock.has_value());
  const DeadlockGraph& g = *f.deadlock;

  // Every live thread is a waiter: the main thread joins, the two workers acquire.
  REQUIRE(g.waiters.size() == 3);
  const DeadlockGraph::Waiter* main = g.waiter(0);
  const DeadlockGraph::Waiter* left = g.waiter(1);
  const DeadlockGraph::Waiter* right = g.waiter(2);
  REQUIRE(main != nullptr);
  REQUIRE(left != nullptr);
  REQUIRE(right != nullptr);
  CHECK(main->op == OpKind::thread_join);
  CHECK(main->waits_for == 1);
  CHECK(main->holder == kNoThread);
  CHECK(left->thread_name == "left");
  CHECK(right->thread_name == "right");
  for (const DeadlockGraph::Waiter* w : {left, right}) {
    CHECK(w->op == OpKind::lock_acquire);
    CHECK(w->object_kind == ObjectKind::lock);
    CHECK(w->object_label == "Lock#" + std::to_string(w->object));
    CHECK(w->where.line() != 0);
    CHECK(w->held_at.line() != 0);
  }
  // Each waits for the lock the other holds.
  CHECK(left->object != right->object);
  CHECK(left->waits_for == 2);
  CHECK(left->holder == 2);
  CHECK(left->holder_name == "right");
  CHECK(right->waits_for == 1);
  CHECK(right->holder == 1);
  CHECK(right->holder_name == "left");

  // The cycle reached from T0 (which only joins T1): T1 -> T2 -> T1; the report is about T1.
  CHECK(g.cycle == std::vector<ThreadId>{1, 2});
  CHECK(f.thread == 1);
}

TEST_CASE("a two-lock deadlock's text, rendered from the graph, names both threads and both locks") {
  const Result r = two_lock_deadlock();
  REQUIRE_FALSE(r.ok());
  const Failure& f = r.failure();
  REQUIRE(f.deadlock.has_value());
  const DeadlockGraph& g = *f.deadlock;
  const std::string lock_l = g.waiter(1)->object_label;  // what left waits for: right's first lock
  const std::string lock_r = g.waiter(2)->object_label;

  CHECK(f.message == g.message());
  CHECK(f.details == g.details());
  CHECK(f.message == "T1 (left) and T2 (right) wait for each other: T1 -> " + lock_l + " -> T2 -> " + lock_r + " -> T1");
  CHECK_THAT(f.details, Catch::Contains("T1 (left) waits in lock.acquire for " + lock_l) &&
                            Catch::Contains(lock_l + " is held by T2 (right)") &&
                            Catch::Contains("T2 (right) waits in lock.acquire for " + lock_r) &&
                            Catch::Contains(lock_r + " is held by T1 (left)") &&
                            Catch::Contains("T0 (MainThread) waits in thread.join for T1"));
  CHECK_THAT(f.details, Catch::EndsWith("cycle: T1 -> " + lock_l + " -> T2 -> " + lock_r + " -> T1\n"));
  CHECK_THAT(f.report(), Catch::Contains("FAILURE: deadlock: T1 (left) and T2 (right) wait for each other"));
}

TEST_CASE("DeadlockGraph renders the report's text, line for line") {
  const std::source_location here = std::source_location::current();
  const std::string loc = short_location(here);

  DeadlockGraph g;
  DeadlockGraph::Waiter joiner;
  joiner.thread = 0;
  joiner.thread_name = "MainThread";
  joiner.op = OpKind::thread_join;
  joiner.object = 1;
  joiner.object_kind = ObjectKind::thread;
  joiner.object_label = "T1";
  joiner.where = here;
  joiner.waits_for = 1;
  DeadlockGraph::Waiter self;
  self.thread = 1;
  self.thread_name = "Thread-1";
  self.op = OpKind::lock_acquire;
  self.object = 3;
  self.object_kind = ObjectKind::lock;
  self.object_label = "Lock#3";
  self.where = here;
  self.waits_for = 1;
  self.holder = 1;
  self.holder_name = "Thread-1";
  self.held_at = here;
  g.waiters = {joiner, self};

  SECTION("a thread waiting for a lock it holds waits for itself") {
    g.cycle = {1};
    CHECK(g.message() == "T1 (Thread-1) waits for itself: T1 -> Lock#3 -> T1");
    CHECK(g.details() == "T0 (MainThread) waits in thread.join for T1 at " + loc +
                             "\n"
                             "T1 (Thread-1) waits in lock.acquire for Lock#3 at " + loc +
                             "; Lock#3 is held by T1 (Thread-1), acquired at " + loc +
                             "\n"
                             "cycle: T1 -> Lock#3 -> T1\n");
  }
  SECTION("without a cycle, the waiters that do not just join wait forever") {
    g.waiters[1].op = OpKind::cond_wait;
    g.waiters[1].object_kind = ObjectKind::condition;
    g.waiters[1].object_label = "Condition#3";
    g.waiters[1].waits_for = kNoThread;
    g.waiters[1].holder = kNoThread;
    CHECK(g.message() == "T1 (Thread-1) waits forever in condition.wait on Condition#3 at " + loc);
    CHECK(g.details() == "T0 (MainThread) waits in thread.join for T1 at " + loc +
                             "\n"
                             "T1 (Thread-1) waits in condition.wait for Condition#3 at " + loc +
                             " (no thread will notify it)\n");
  }
  SECTION("when every waiter joins, nothing is named") {
    g.waiters.resize(1);
    CHECK(g.message() == "no thread can run and no timeout is pending");
  }
}
