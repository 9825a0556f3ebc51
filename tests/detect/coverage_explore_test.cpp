// End to end, once model/explorer.cpp installs a CoverageScope and asks coverage_verdict:
// explore() reports labels no execution satisfied, and only those.
#include <catch2/catch.hpp>

#include <mutex>
#include <string>

#include <weft/weft.hpp>

namespace {
weft::Options opts(weft::Strategy s, std::uint64_t max = 200) {
  weft::Options o;
  o.use_environment = false;
  o.strategy = s;
  o.max_executions = max;
  return o;
}

// Two unlocked increments of a benign-race counter: the lost update happens in some orders.
void two_increments(weft::Shared<int>& x) {
  weft::Thread a([&] { x.store(x.load() + 1); });
  weft::Thread b([&] { x.store(x.load() + 1); });
  a.start();
  b.start();
  a.join();
  b.join();
}
}  // namespace

TEST_CASE("coverage: explore passes when a sometimes label is satisfied in some execution", "[coverage]") {
  const weft::Result r = weft::explore(opts(weft::Strategy::dfs), [] {
    weft::Shared<int> x{0, weft::benign_race};
    two_increments(x);
    weft::sometimes(x.load() == 1, "coverage e2e: lost update seen");
  });
  INFO(r.summary());
  CHECK(r.ok());
  CHECK(r.stats().complete);
}

TEST_CASE("coverage: the same label is reported missing once the code that reaches it is locked away",
          "[coverage]") {
  // As above, but each increment holds a Lock: the interleaving that loses an update is gone,
  // so the label the unlocked version satisfied is never satisfied in the complete search.
  const weft::Result r = weft::explore(opts(weft::Strategy::dfs), [] {
    weft::Shared<int> x{0};
    weft::Lock lock;
    auto increment = [&] {
      std::lock_guard<weft::Lock> g(lock);
      x.store(x.load() + 1);
    };
    weft::Thread a(increment);
    weft::Thread b(increment);
    a.start();
    b.start();
    a.join();
    b.join();
    weft::sometimes(x.load() == 1, "coverage e2e: lost update seen");
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.stats().complete);
  CHECK(r.failure().kind == weft::FailureKind::never_reached);
  CHECK(r.failure().message.find("\"coverage e2e: lost update seen\"") != std::string::npos);
}

TEST_CASE("coverage: explore reports a label never true after a complete search", "[coverage]") {
  constexpr int kThreeLine = __LINE__ + 4;
  const weft::Result r = weft::explore(opts(weft::Strategy::dfs), [] {
    weft::Shared<int> x{0, weft::benign_race};
    two_increments(x);
    weft::sometimes(x.load() == 3, "coverage e2e: three");  // kThreeLine
  });
  REQUIRE_FALSE(r.ok());
  const weft::Failure& f = r.failure();
  CHECK(f.kind == weft::FailureKind::never_reached);
  CHECK(f.message == "1 coverage label never satisfied in all " + std::to_string(r.stats().executions) +
                         " executions of a complete search: \"coverage e2e: three\" (sometimes at "
                         "coverage_explore_test.cpp:" + std::to_string(kThreeLine) + ")");
  CHECK(f.schedule.empty());
  CHECK(f.trace.events.empty());
  CHECK(f.execution == r.stats().executions);
  const std::string report = r.summary();
  CHECK(report.find("no schedule to replay") != std::string::npos);
  CHECK(report.find("WEFT_REPLAY") == std::string::npos);
}

TEST_CASE("coverage: explore reports a WEFT_REACHABLE never reached in a function that ran", "[coverage]") {
  const weft::Result r = weft::explore(opts(weft::Strategy::random, 50), [] {
    weft::Shared<int> x{0, weft::benign_race};
    weft::Thread reader([&] {
      if (x.load() == 7) WEFT_REACHABLE("coverage e2e: seven");
    });
    reader.start();
    reader.join();
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == weft::FailureKind::never_reached);
  CHECK(r.failure().message.find("in 50 executions (search not complete): \"coverage e2e: seven\" (reachable, "
                                 "declared at coverage_explore_test.cpp:") != std::string::npos);
}

TEST_CASE("coverage: explorations that use no label, or other functions, are not failed by declared labels",
          "[coverage]") {
  const weft::Result plain = weft::explore(opts(weft::Strategy::random, 20), [] {
    weft::Shared<int> x{0, weft::benign_race};
    two_increments(x);
  });
  CHECK(plain.ok());
  const weft::Result other = weft::explore(opts(weft::Strategy::random, 20), [] {
    weft::reachable("coverage e2e: other body");
  });
  INFO(other.summary());
  CHECK(other.ok());
}

TEST_CASE("coverage: a real failure outranks coverage, and replay records nothing", "[coverage]") {
  const auto body = [] {
    weft::sometimes(false, "coverage e2e: never");
    weft::check(false, "boom");
  };
  const weft::Result r = weft::explore(opts(weft::Strategy::random, 5), body);
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == weft::FailureKind::check_failed);
  const weft::Result again = weft::replay(r.failure().schedule, body, opts(weft::Strategy::random));
  REQUIRE_FALSE(again.ok());
  CHECK(again.failure().kind == weft::FailureKind::check_failed);
}

TEST_CASE("coverage: labels do not change the executions explored", "[coverage]") {
  bool evaluate = false;
  const auto body = [&evaluate] {
    weft::Shared<int> x{0, weft::benign_race};
    two_increments(x);
    if (evaluate) weft::sometimes(true, "coverage e2e: always");
  };
  weft::Options o = opts(weft::Strategy::dpor, 1000);
  o.count_final_states = true;
  const weft::Result without = weft::explore(o, body);
  evaluate = true;
  const weft::Result with = weft::explore(o, body);
  REQUIRE(without.ok());
  REQUIRE(with.ok());
  CHECK(without.stats().executions == with.stats().executions);
  CHECK(without.stats().steps == with.stats().steps);
  CHECK(without.stats().distinct_final_states == with.stats().distinct_final_states);
}
