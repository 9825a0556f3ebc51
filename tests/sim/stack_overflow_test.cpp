// Unbounded recursion in a simulated thread is reported as FailureKind::stack_overflow (the
// SIGSEGV handler runs on an alternate stack), naming the thread, and exploration goes on
// to verify and report it instead of the process dying.
#include <catch2/catch.hpp>

#include <weft/weft.hpp>

#include "tests/sim/leak_scope.hpp"

using namespace weft;

namespace {
Options quiet(std::uint64_t executions) {
  Options o;
  o.max_executions = executions;
  o.use_environment = false;
  return o;
}

// Deeper than any stack: the bound only hides the recursion from -Winfinite-recursion.
volatile int g_depth_bound = 1 << 30;

// Recursion the optimiser can neither remove nor turn into a loop.
template <std::size_t FrameBytes>
[[gnu::noinline]] int descend(int depth) {
  if (depth > g_depth_bound) return 0;
  volatile char frame[FrameBytes];
  frame[0] = static_cast<char>(depth);
  frame[FrameBytes - 1] = static_cast<char>(depth);
  return descend<FrameBytes>(depth + 1) + frame[0] + frame[FrameBytes - 1];
}
}  // namespace

TEST_CASE("unbounded recursion in a simulated thread is reported as a stack overflow") {
  LeakScope expected_leaks;  // the overflowing thread's frames are never run to their end
  const Result r = explore(quiet(5), [] {
    Shared<int> sink{0};
    Thread t(ThreadOptions{"recurser", std::nullopt}, [&] { sink = descend<256>(0); });
    t.start();
    t.join();
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::stack_overflow);
  CHECK(r.failure().thread == 1);
  CHECK_THAT(r.failure().message, Catch::Contains("recurser"));
  CHECK_THAT(r.failure().message, Catch::Contains("Options::stack_size"));
}

TEST_CASE("frames larger than a page still land in the guard, and the main body overflows too") {
  LeakScope expected_leaks;
  const Result big = explore(quiet(3), [] {
    Thread t([] { descend<16 * 1024>(0); });
    t.start();
    t.join();
  });
  REQUIRE_FALSE(big.ok());
  CHECK(big.failure().kind == FailureKind::stack_overflow);
  CHECK(big.failure().thread == 1);

  const Result main_body = explore(quiet(3), [] { descend<512>(0); });
  REQUIRE_FALSE(main_body.ok());
  CHECK(main_body.failure().kind == FailureKind::stack_overflow);
  CHECK(main_body.failure().thread == 0);
}

TEST_CASE("exploration goes on normally after a stack overflow") {
  {
    LeakScope expected_leaks;
    const Result r = explore(quiet(2), [] { descend<1024>(0); });
    REQUIRE_FALSE(r.ok());
  }
  const Result after = explore(quiet(20), [] {
    Lock l;
    Shared<int> n{0};
    Thread a([&] { std::lock_guard<Lock> g(l); n = n + 1; }), b([&] { std::lock_guard<Lock> g(l); n = n + 1; });
    a.start();
    b.start();
    a.join();
    b.join();
    check(n == 2, "locked increments");
  });
  CHECK(after.ok());
}
