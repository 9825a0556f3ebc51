// A simulated thread that never reaches a weft operation cannot be preempted: the watchdog
// interrupts it and the execution ends with FailureKind::unresponsive; when it cannot be
// interrupted, the process ends with exit status 3 and a message instead of hanging.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include <weft/weft.hpp>

#include "tests/sim/leak_scope.hpp"

using namespace weft;

namespace {
Options watched(double seconds) {
  Options o;
  o.max_executions = 20;
  o.use_environment = false;
  o.watchdog_seconds = seconds;
  return o;
}

volatile bool g_never_set = false;

void spin() {
  while (!g_never_set) {
  }
}
}  // namespace

TEST_CASE("the watchdog reports a thread spinning without weft operations") {
  LeakScope expected_leaks;
  const Result r = explore(watched(0.3), [] {
    Shared<int> x{0};
    Thread spinner(ThreadOptions{"spinner", std::nullopt}, [&] {
      x = 1;
      spin();
    });
    spinner.start();
    spinner.join();
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::unresponsive);
  CHECK(r.failure().thread == 1);
  CHECK_THAT(r.failure().message, Catch::Contains("spinner"));
  CHECK_THAT(r.failure().message, Catch::Contains("weft::yield()"));
  CHECK_THAT(r.failure().message, Catch::Contains("watchdog_test.cpp"));  // its last operation
  CHECK(r.stats().executions >= 1);
}

TEST_CASE("explore goes on normally after the watchdog interrupted a thread") {
  {
    LeakScope expected_leaks;
    const Result r = explore(watched(0.2), [] { spin(); });
    REQUIRE_FALSE(r.ok());
    CHECK(r.failure().kind == FailureKind::unresponsive);
  }
  const Result ok = explore(watched(5), [] {
    Shared<int> x{0};
    Thread t([&] { x = x + 1; });
    t.start();
    t.join();
    check(x == 1, "one increment");
  });
  CHECK(ok.ok());
}

TEST_CASE("a thread the watchdog cannot interrupt ends the process with status 3 and a message") {
  int err[2];
  REQUIRE(::pipe(err) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::dup2(err[1], 2);
    ::close(err[0]);
    (void)explore(watched(0.2), [] {
      sigset_t block;
      sigfillset(&block);
      ::pthread_sigmask(SIG_BLOCK, &block, nullptr);  // the interrupt cannot arrive
      spin();
    });
    ::_exit(0);
  }
  ::close(err[1]);
  std::string text;
  char buf[512];
  for (ssize_t n; (n = ::read(err[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
  ::close(err[0]);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 3);
  CHECK_THAT(text, Catch::Contains("weft: watchdog"));
  CHECK_THAT(text, Catch::Contains("weft::yield()"));
}
