#pragma once
// Shared by the lock-order detector's tests (lock_order_test.cpp, lock_order_edges_test.cpp):
// a complete search's options, the two outcomes they expect (a complete search without a report, or an
// inversion, whose marked steps are the edges' acquisitions); the two-thread program shape,
// run_two, is race_checks.hpp's.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <vector>

#include <weft/weft.hpp>

#include "race_checks.hpp"

namespace weft::test {

// A dfs search with room to complete on these small programs (options_for: race_checks.hpp).
inline Options complete_dfs() { return options_for(Strategy::dfs, 100000); }

// A complete dfs search of `body` that reports nothing.
inline void expect_ok_and_complete(const std::function<void()>& body) {
  const Result r = explore(complete_dfs(), body);
  INFO(r.summary());
  CHECK(r.ok());
  CHECK(r.stats().complete);
}

// A complete dfs search of `body` that reports a lock-order inversion: its failure.
inline Failure expect_inversion(const std::function<void()>& body) {
  const Result r = explore(complete_dfs(), body);
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::lock_order_inversion);
  return r.failure();
}

// Every marked step is a successful blocking acquisition of a user lock, each edge's by a
// thread of its own (not the main thread).
inline void check_marked_acquisitions(const Failure& f, std::size_t edges) {
  CHECK(f.marked_steps.size() == 2 * edges);
  CHECK(std::is_sorted(f.marked_steps.begin(), f.marked_steps.end()));
  std::vector<ThreadId> threads;
  for (std::uint32_t s : f.marked_steps) {
    REQUIRE(s < f.trace.events.size());
    const TraceEvent& e = f.trace.events[s];
    CHECK(e.step == s);
    CHECK(e.op == OpKind::lock_acquire);
    CHECK(e.ok);
    if (std::find(threads.begin(), threads.end(), e.thread) == threads.end()) threads.push_back(e.thread);
  }
  CHECK(threads.size() == edges);  // each edge from its own thread
  CHECK(std::find(threads.begin(), threads.end(), ThreadId{0}) == threads.end());
}

}  // namespace weft::test
