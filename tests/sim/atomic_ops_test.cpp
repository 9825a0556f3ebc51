// weft::Atomic's read-modify-writes inside a simulation: the same results as std::atomic's,
// wrap-around included, each one indivisible, and the value each one leaves recorded in its
// trace event (computed with two's-complement wrap-around, include/weft/atomic.hpp).
#include <catch2/catch.hpp>

#include <climits>
#include <cstdint>
#include <vector>

#include <weft/weft.hpp>

using namespace weft;

namespace {
Options quiet(Strategy s, std::uint64_t executions) {
  Options o;
  o.strategy = s;
  o.max_executions = executions;
  o.use_environment = false;
  o.detect_races = false;
  return o;
}

// What each operation returned and left, in order, on the backend it runs on.
std::vector<long long> run_operations() {
  std::vector<long long> seen;
  Atomic<int> a{INT_MAX};
  seen.push_back(a.fetch_add(1));  // INT_MAX, and wraps to INT_MIN as std::atomic does
  seen.push_back(a.load());
  seen.push_back(a.fetch_sub(1));  // INT_MIN, and wraps back
  seen.push_back(a.load());
  seen.push_back(a.exchange(7));
  int expected = 6;
  seen.push_back(a.compare_exchange(expected, 9) ? 1 : 0);  // fails: expected becomes 7
  seen.push_back(expected);
  seen.push_back(a.compare_exchange(expected, 9) ? 1 : 0);  // succeeds
  seen.push_back(a.load());
  Atomic<std::uint8_t> small{250};
  seen.push_back(small.fetch_add(10));
  seen.push_back(small.load());  // 4
  return seen;
}

// The values the read-modify-write events of a failing execution's trace recorded, in order.
std::vector<std::int64_t> rmw_values(const Result& r) {
  std::vector<std::int64_t> left;
  for (const TraceEvent& e : r.failure().trace.events)
    if (e.op == OpKind::atomic_rmw && e.has_value) left.push_back(e.value);
  return left;
}
}  // namespace

TEST_CASE("Atomic read-modify-writes inside explore give std::atomic's results, wrap-around included") {
  const std::vector<long long> real = run_operations();  // the OS backend: std::atomic itself
  const std::vector<long long> expected_values{INT_MAX, INT_MIN, INT_MIN, INT_MAX, INT_MAX, 0, 7, 1, 9, 250, 4};
  REQUIRE(real == expected_values);
  std::vector<long long> simulated;
  const Result r = explore(quiet(Strategy::random, 1), [&] { simulated = run_operations(); });
  REQUIRE(r.ok());
  CHECK(simulated == real);
}

TEST_CASE("Atomic fetch_add is indivisible in every interleaving, and its event records the new value") {
  const Result r = explore(quiet(Strategy::dpor, 100000), [] {
    Atomic<int> counter{0};
    auto add = [&] {
      for (int i = 0; i < 2; ++i) counter.fetch_add(1);
    };
    Thread a(add), b(add), c(add);
    a.start();
    b.start();
    c.start();
    a.join();
    b.join();
    c.join();
    check(counter.load() == 6, "an increment was lost");
  });
  REQUIRE(r.ok());
  CHECK(r.stats().complete);
  CHECK(r.stats().executions > 1);

  // A failing execution's trace: each read-modify-write event records the value it left.
  const Result failing = explore(quiet(Strategy::random, 1), [] {
    Atomic<int> counter{0};
    Thread a([&] { counter.fetch_add(1); }), b([&] { counter.fetch_sub(3); });
    a.start();
    b.start();
    a.join();
    b.join();
    check(false, "show the trace");
  });
  REQUIRE_FALSE(failing.ok());
  const std::vector<std::int64_t> left = rmw_values(failing);
  REQUIRE(left.size() == 2);
  // Whichever ran first, the second leaves -2.
  CHECK(left[1] == -2);
  CHECK((left[0] == 1 || left[0] == -3));
}

TEST_CASE("an Atomic fetch_add that wraps records the wrapped value in its trace event") {
  const Result r = explore(quiet(Strategy::random, 1), [] {
    Atomic<int> a{INT_MAX};
    Atomic<int> b{INT_MIN};
    a.fetch_add(1);
    b.fetch_sub(1);
    check(false, "show the trace");
  });
  REQUIRE_FALSE(r.ok());
  CHECK(rmw_values(r) == std::vector<std::int64_t>{INT_MIN, INT_MAX});
}
