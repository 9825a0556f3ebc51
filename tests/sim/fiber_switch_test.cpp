// The context switch keeps each simulated thread's floating-point modes its own, as an OS
// thread's are: a rounding mode set in one thread survives its switches and never leaks into
// another, and a thread starts with its creator's modes (POSIX: pthread_create inherits the
// floating-point environment). The switch saves and restores them (sim/fiber_switch_x86_64.S
// on x86-64, Boost.Context elsewhere); a switch that forgot to would fail here.
#include <catch2/catch.hpp>

#include <cfenv>

#include <weft/weft.hpp>

using namespace weft;

namespace {
// Several switches: each acquire and release is a scheduling point.
void switch_a_few_times(Lock& lock) {
  for (int i = 0; i < 3; ++i) {
    lock.acquire();
    lock.release();
  }
}
}  // namespace

TEST_CASE("each simulated thread keeps its own rounding mode across switches, and a new one inherits its creator's") {
  REQUIRE(std::fegetround() == FE_TONEAREST);
  Options o;
  o.strategy = Strategy::random;
  o.max_executions = 300;
  o.use_environment = false;
  const Result r = explore(o, [] {
    Lock lock;
    Thread upward([&] {
      std::fesetround(FE_UPWARD);
      switch_a_few_times(lock);
      check(std::fegetround() == FE_UPWARD, "T1 kept FE_UPWARD across its switches");
      Thread child([&] {
        check(std::fegetround() == FE_UPWARD, "a thread starts with its creator's rounding mode");
        switch_a_few_times(lock);
        check(std::fegetround() == FE_UPWARD, "the child kept it");
      });
      child.start();
      switch_a_few_times(lock);
      child.join();
      check(std::fegetround() == FE_UPWARD, "T1 still has FE_UPWARD");
    });
    Thread nearest([&] {
      switch_a_few_times(lock);
      check(std::fegetround() == FE_TONEAREST, "T1's FE_UPWARD did not leak into T2");
      std::fesetround(FE_TOWARDZERO);
      switch_a_few_times(lock);
      check(std::fegetround() == FE_TOWARDZERO, "T2 kept FE_TOWARDZERO");
    });
    upward.start();
    nearest.start();
    switch_a_few_times(lock);
    check(std::fegetround() == FE_TONEAREST, "the main thread's mode is untouched by the others'");
    upward.join();
    nearest.join();
    check(std::fegetround() == FE_TONEAREST, "the main thread's mode is untouched after the joins");
  });
  INFO(r.summary());
  CHECK(r.ok());
  CHECK(r.stats().executions == 300);
  CHECK(std::fegetround() == FE_TONEAREST);  // the calling thread's own, after the exploration
}
