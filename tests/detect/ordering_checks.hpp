#pragma once
// Shared by the happens-before tests (happens_before_test.cpp, happens_before_signals_test.cpp,
// happens_before_handoff_test.cpp): explore a body exhaustively and expect no race in any
// execution, or a race between two accesses to one Shared from different threads, one a write.
#include <catch2/catch.hpp>

#include <functional>

#include <weft/weft.hpp>

namespace weft::test {


inline Options exhaustive(Strategy s = Strategy::dfs, std::uint64_t executions = 200000) {
  Options o;
  o.use_environment = false;
  o.strategy = s;
  o.max_executions = executions;
  return o;
}

// Every execution of `body` is race-free (and passes): the search must be complete.
// For dpor, dfs with a preemption bound of 2 covers its (bounded) space as well.
inline void expect_no_race(const std::function<void()>& body, Strategy s = Strategy::dfs) {
  const Result r = explore(exhaustive(s), body);
  INFO(r.summary());
  CHECK(r.ok());
  CHECK(r.stats().complete);
  CHECK(r.stats().executions > 0);
  if (s == Strategy::dpor) {
    Options bounded = exhaustive(Strategy::dfs);
    bounded.preemption_bound = 2;
    const Result b = explore(bounded, body);
    INFO(b.summary());
    CHECK(b.ok());
    CHECK(b.stats().complete);
  }
}

// Some execution of `body` has a race between two accesses to one Shared, one of them a write,
// from two different threads.
inline void expect_race(const std::function<void()>& body, Strategy s = Strategy::dfs) {
  const Result r = explore(exhaustive(s), body);
  INFO(r.summary());
  REQUIRE_FALSE(r.ok());
  const Failure& f = r.failure();
  CHECK(f.kind == FailureKind::data_race);
  REQUIRE(f.marked_steps.size() == 2);
  const TraceEvent& a = f.trace.events.at(f.marked_steps[0]);
  const TraceEvent& b = f.trace.events.at(f.marked_steps[1]);
  CHECK(a.object == b.object);
  CHECK(a.object_kind == ObjectKind::shared);
  CHECK(a.thread != b.thread);
  CHECK((a.op == OpKind::shared_write || b.op == OpKind::shared_write));
}

// Runs both: `make(true)` is ordered, `make(false)` is the same program without the ordering.
// Thread pools have too many interleavings for unbounded dfs to finish: those tests use dpor.
inline void expect_edge(const std::function<std::function<void()>(bool)>& make, Strategy s = Strategy::dfs) {
  SECTION("ordered: no race") { expect_no_race(make(true), s); }
  SECTION("without the ordering operation: a race") { expect_race(make(false), s); }
}

}  // namespace weft::test
