// weft::rc: a rapidcheck property over a buggy concurrent function shrinks its input and its
// schedule together, and the reproduce line brings back the same failure
// (docs/property_testing.md).
#include <cstdint>
#include <cstdlib>
#include <numeric>
#include <vector>

#include <catch2/catch.hpp>
#include <weft/rapidcheck/catch.hpp>
#include <weft/weft.hpp>

#include "tests/scoped_env.hpp"

namespace {

using weft::test::ScopedEnv;

// Two threads each add every element of `xs` into one total with a load and a store: the
// read-modify-write is not atomic, so one thread's addition can overwrite the other's.
int racy_double_sum(const std::vector<std::uint8_t>& xs) {
  weft::Atomic<int> total{0};
  const auto add_all = [&] {
    for (const int x : xs) {
      const int seen = total.load();
      total.store(seen + x);
    }
  };
  weft::Thread a(weft::ThreadOptions{"adder-a", {}}, add_all);
  weft::Thread b(weft::ThreadOptions{"adder-b", {}}, add_all);
  a.start();
  b.start();
  a.join();
  b.join();
  return total.load();
}

// Small values (bytes), so no sum overflows an int.
void sums_correctly(const std::vector<std::uint8_t>& xs) {
  weft::check(racy_double_sum(xs) == 2 * std::accumulate(xs.begin(), xs.end(), 0), "the total lost an addition");
}

}  // namespace

TEST_CASE("a weft property shrinks the input and the schedule of a lost update together", "[property]") {
  weft::Options options;
  options.max_executions = 200;
  const auto result = weft::rc::run("racy_double_sum", options, sums_correctly);
  REQUIRE_FALSE(result.ok);
  INFO(result.message);
  REQUIRE(result.input.has_value());
  REQUIRE(result.failure.has_value());
  // Minimal input: the empty vector and [0] add nothing, so nothing can be lost; [1] can lose
  // one addition. rapidcheck shrinks a vector by dropping elements and an int towards 0 (a
  // negative one through its positive counterpart), so every failing input ends at [1].
  CHECK(std::get<0>(*result.input) == std::vector<std::uint8_t>{1});
  CHECK(result.failure->kind == weft::FailureKind::check_failed);
  // Minimal schedule: with no preemption each thread runs its load and store back to back, so
  // the additions are serial and the sum is right; one preemption (the first thread switched
  // out between its load and its store while the other adds) loses an addition. So exactly 1;
  // the threads are alike, so the shrinker's delaying of a later preemption always gets there.
  REQUIRE(result.failure->shrink.has_value());
  CHECK(result.failure->shrink->preemptions == 1);
  CHECK(result.message.find("minimal input:") != std::string::npos);
  CHECK(result.message.find(result.reproduce) != std::string::npos);

  SECTION("the reproduce line, pasted back, fails identically") {
    const ScopedEnv env(weft::rc::kReproduceVariable, result.reproduce);
    const auto again = weft::rc::run("racy_double_sum", options, sums_correctly);
    REQUIRE_FALSE(again.ok);
    REQUIRE(again.input.has_value());
    REQUIRE(again.failure.has_value());
    CHECK(*again.input == *result.input);
    CHECK(again.inputs == 1);
    CHECK(again.failure->kind == result.failure->kind);
    CHECK(again.failure->message == result.failure->message);
    CHECK(again.failure->schedule == result.failure->schedule);
  }
  SECTION("without RC_PARAMS' seed a property generates the same inputs in every run") {
    const auto again = weft::rc::run("racy_double_sum", options, sums_correctly);
    CHECK(again.inputs == result.inputs);
    CHECK(again.reproduce == result.reproduce);
    weft::Options other_seed = options;
    other_seed.seed = 7;
    other_seed.use_environment = false;
    const auto reseeded = weft::rc::run("racy_double_sum", other_seed, sums_correctly);
    CHECK_FALSE(reseeded.ok);
    CHECK(reseeded.reproduce.substr(0, reseeded.reproduce.find(' ')) != result.reproduce.substr(0, result.reproduce.find(' ')));
  }
  SECTION("the reproduce line of one property leaves another property alone") {
    const ScopedEnv env(weft::rc::kReproduceVariable, result.reproduce);
    const auto other = weft::rc::run("another property", options, [](std::uint8_t x) { weft::check(x + 0 == x, "identity"); });
    CHECK(other.ok);
    CHECK(other.inputs == 100);
  }
}

TEST_CASE("a weft property that holds passes every input", "[property]") {
  weft::Options options;
  options.max_executions = 20;
  const auto result = weft::rc::run("sum of one thread", options, [](const std::vector<std::uint8_t>& xs) {
    weft::Atomic<int> total{0};
    weft::Thread t([&] {
      for (int x : xs) total.fetch_add(x);
    });
    t.start();
    t.join();
    weft::check(total.load() == std::accumulate(xs.begin(), xs.end(), 0), "sum");
  });
  CHECK(result.ok);
  CHECK(result.inputs == 100);
  CHECK(result.message.empty());
}

TEST_CASE("a malformed WEFT_RC_REPRODUCE is a usage error naming the variable", "[property]") {
  const ScopedEnv env(weft::rc::kReproduceVariable, "not a reproduce line");
  try {
    (void)weft::rc::run("anything", weft::Options{}, [](int) {});
    FAIL("no UsageError");
  } catch (const weft::UsageError& e) {
    CHECK(std::string(e.what()).find("WEFT_RC_REPRODUCE") != std::string::npos);
  }
}

TEST_CASE("weft::rc::prop fails its Catch2 section only when the property fails", "[property]") {
  weft::Options options;
  options.max_executions = 10;
  weft::rc::prop("a passing property inside a test case", options, [](bool b) { weft::check(b || !b, "tautology"); });
}
