// Destroying a Lock, RLock, Condition (or a primitive built on them) while another thread
// still waits on it is reported as misuse naming both, instead of a wake-up on freed memory.
#include <catch2/catch.hpp>

#include <optional>

#include <weft/weft.hpp>

using namespace weft;

namespace {
Options quiet() {
  Options o;
  o.max_executions = 20;
  o.use_environment = false;
  return o;
}
}  // namespace

TEST_CASE("a Lock destroyed while a thread waits to acquire it is a misuse report") {
  const Result r = explore(quiet(), [] {
    std::optional<Lock> l;
    l.emplace();
    l->acquire();
    Thread t([&] { l->acquire(); });
    t.set_daemon(true);
    t.start();
    sleep(1.0);  // a timeout fires only when no other thread can run: T1 waits by now
    l.reset();
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::misuse);
  CHECK_THAT(r.failure().message, Catch::Contains("was destroyed while T1"));
  CHECK_THAT(r.failure().file, Catch::Contains("destroyed_while_waited_test.cpp"));
}

TEST_CASE("a Semaphore destroyed while a thread waits on it is a misuse report") {
  const Result r = explore(quiet(), [] {
    std::optional<Semaphore> s;
    s.emplace(0);
    Thread t([&] { s->acquire(); });
    t.set_daemon(true);
    t.start();
    sleep(1.0);
    s.reset();
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::misuse);
  CHECK_THAT(r.failure().message, Catch::Contains("Semaphore"));
}

TEST_CASE("destroying a Lock nobody waits on is fine") {
  const Result r = explore(quiet(), [] {
    std::optional<Lock> l;
    l.emplace();
    Thread t([&] {
      std::lock_guard<Lock> g(*l);
    });
    t.start();
    t.join();
    l.reset();
  });
  CHECK(r.ok());
}
