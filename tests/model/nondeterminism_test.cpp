// The determinism properties can fail: programs that break determinism are caught (a body
// that reads outside state is reported as nondeterminism; the exact comparison and replay
// see a changed program).
#include <catch2/catch.hpp>

#include <functional>
#include <optional>
#include <string>

#include <weft/weft.hpp>

#include "tests/model/failure_comparison.hpp"
#include "tests/model/generated_program.hpp"

using namespace weft::testing;

namespace {
weft::Options quiet(std::uint64_t executions) {
  weft::Options o = options_for(weft::kDefaultSeed, executions);
  // The bodies below race on x (and the generated programs on their variables) only to have a
  // scheduling choice; these tests are about nondeterminism and replay, and a race report
  // would take the place of the check failure they follow.
  o.detect_races = false;
  return o;
}

/// Fails on the first call; branches on a counter weft does not control (an extra yield on
/// odd calls), so the second call — the self-check replay — takes a different path.
void counter_dependent_body(int& calls) {
  const bool odd = (++calls % 2) == 1;
  weft::Shared<int> x{0};
  weft::Thread t([&x] { x.store(1); });
  t.start();
  if (odd) weft::yield();
  x.store(2);
  t.join();
  weft::check(!odd, "failed on an odd call");
}
}  // namespace

TEST_CASE("a body branching on an outside counter is reported as nondeterminism", "[property]") {
  int calls = 0;
  const weft::Result r = weft::explore(quiet(10), [&calls] { counter_dependent_body(calls); });
  REQUIRE_FALSE(r.ok());
  CHECK(calls == 2);  // the failing execution, then its self-check replay
  CHECK(r.failure().kind == weft::FailureKind::nondeterminism);
  CHECK_THAT(r.failure().message, Catch::Contains("did not replay identically"));
  CHECK_THAT(r.failure().details, Catch::Contains("original failure: check failed: failed on an odd call"));
}

TEST_CASE("the exact comparison of property 1 sees a changed trace", "[property]") {
  // Two explorations with one seed of a body that reads outside state: each is consistent on
  // its own (so no nondeterminism is reported) but they differ, and the comparison says where.
  int generation = 0;
  const std::function<void()> body = [&generation] {
    weft::Shared<int> x{0};
    weft::Thread t([&x] { x.store(1); });
    t.start();
    for (int i = 0; i < generation; ++i) weft::yield();
    x.store(2);
    t.join();
    weft::check(false, "always");
  };
  const weft::Result first = weft::explore(quiet(5), body);
  generation = 1;
  const weft::Result second = weft::explore(quiet(5), body);
  REQUIRE_FALSE(first.ok());
  REQUIRE_FALSE(second.ok());
  CHECK(first.failure().kind == weft::FailureKind::check_failed);
  CHECK(second.failure().kind == weft::FailureKind::check_failed);
  const std::optional<std::string> d = failure_difference(first.failure(), second.failure());
  REQUIRE(d.has_value());
  CHECK_THAT(*d, Catch::StartsWith("schedule differs") || Catch::StartsWith("trace: event"));
  CHECK_FALSE(failure_difference(first.failure(), first.failure()).has_value());
}

TEST_CASE("a schedule replayed against a changed program diverges (property 2 would see it)", "[property]") {
  // Same shape, but one choose() has 4 options instead of 3: the recorded value decision no
  // longer matches, whatever the interleaving.
  const Program before{{{{OpCode::write, 0, 1}, {OpCode::choose, 1, 1}, {OpCode::write, 0, 2}},
                        {{OpCode::read, 0, 0}, {OpCode::write, 0, 1}}},
                       true};
  Program after = before;
  after.threads[0][1].b = 2;
  const weft::Result found = weft::explore(quiet(5), [&before] { run_program(before); });
  REQUIRE_FALSE(found.ok());
  REQUIRE(found.failure().kind == weft::FailureKind::check_failed);
  const weft::Result again = weft::replay(found.failure().schedule, [&after] { run_program(after); }, quiet(1));
  REQUIRE_FALSE(again.ok());
  CHECK(again.failure().kind == weft::FailureKind::replay_diverged);
  CHECK_THAT(again.failure().message, Catch::Contains("diverged"));
  CHECK(failure_difference(found.failure(), again.failure()).has_value());
  // The unchanged program replays it exactly.
  const weft::Result same = weft::replay(found.failure().schedule, [&before] { run_program(before); }, quiet(1));
  REQUIRE_FALSE(same.ok());
  CHECK_FALSE(failure_difference(found.failure(), same.failure()).has_value());
}
