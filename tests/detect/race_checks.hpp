#pragma once
// Shared by the data-race detector's end-to-end tests (races_test.cpp, races_ordering_test.cpp,
// shared_points_test.cpp, lockset_filter_test.cpp; lock_order_checks.hpp for the lock-order
// tests): the options they explore with, the lost update, what a race report's two marked
// steps must be, and the two-thread program shape.
#include <catch2/catch.hpp>

#include <cstdint>
#include <functional>

#include <weft/weft.hpp>

namespace weft::test {

// `executions` executions at most under strategy `s`, the environment ignored.
inline Options options_for(Strategy s, std::uint64_t executions = 1000) {
  Options o;
  o.use_environment = false;
  o.strategy = s;
  o.max_executions = executions;
  return o;
}

// Two threads increment `counter` without a lock; it must end at 2.
inline void increment_twice(Shared<int>& counter) {
  auto inc = [&] { counter = counter + 1; };
  Thread a(inc), b(inc);
  a.start();
  b.start();
  a.join();
  b.join();
  check(counter.load() == 2, "lost update");
}

// The lost update: increment_twice on a fresh Shared.
inline void lost_update() {
  Shared<int> counter{0};
  increment_twice(counter);
}

// The two marked steps are accesses to one Shared by two different threads, one a write.
inline void check_marked_accesses(const Failure& f) {
  REQUIRE(f.marked_steps.size() == 2);
  REQUIRE(f.marked_steps[0] < f.marked_steps[1]);
  REQUIRE(f.marked_steps[1] < f.trace.events.size());
  const TraceEvent& a = f.trace.events[f.marked_steps[0]];
  const TraceEvent& b = f.trace.events[f.marked_steps[1]];
  CHECK(a.step == f.marked_steps[0]);
  CHECK(b.step == f.marked_steps[1]);
  CHECK(a.object_kind == ObjectKind::shared);
  CHECK(b.object_kind == ObjectKind::shared);
  CHECK(a.object == b.object);
  CHECK(a.thread != b.thread);
  CHECK((a.op == OpKind::shared_write || b.op == OpKind::shared_write));
  CHECK((a.op == OpKind::shared_read || a.op == OpKind::shared_write));
  CHECK((b.op == OpKind::shared_read || b.op == OpKind::shared_write));
  CHECK(f.thread == b.thread);  // the access that completed the race
}

// Runs `first` and `second` on two threads started one after the other, then joins both.
inline void run_two(const std::function<void()>& first, const std::function<void()>& second) {
  Thread t1(first), t2(second);
  t1.start();
  t2.start();
  t1.join();
  t2.join();
}

}  // namespace weft::test
