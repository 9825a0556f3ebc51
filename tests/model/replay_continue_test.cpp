// Replay across code changes (Options::replay_mode; docs/replay.md): a schedule recorded on
// one version of a program, replayed on an edited version, strictly and continuing.
#include <catch2/catch.hpp>

#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include <weft/weft.hpp>

#include "tests/scoped_env.hpp"

using namespace weft;

namespace {

// Two threads each read the counter and write it back plus one; the check wants 2.
// `audit`: the edit adds an unrelated object, created first (so every later object id moves
// up by one), and an unrelated write to it in the first thread before its read.
// `locked`: the edit fixes the bug, each read-modify-write under one Lock.
std::function<void()> lost_update(bool audit, bool locked = false) {
  return [audit, locked] {
    std::optional<Shared<int>> log;
    if (audit) log.emplace(0);
    Shared<int> counter{0};
    Lock lock;
    const auto increment = [&] {
      std::optional<std::lock_guard<Lock>> guard;
      if (locked) guard.emplace(lock);
      const int v = counter.load();
      counter.store(v + 1);
    };
    Thread t1([&] {
      if (log) log->store(1);
      increment();
    });
    Thread t2(increment);
    t1.start();
    t2.start();
    t1.join();
    t2.join();
    check(counter.load() == 2, "lost update: the counter is not 2");
  };
}

Options quiet() {
  Options o;
  o.use_environment = false;
  o.detect_races = false;  // the lost update itself, not the race that causes it
  o.progress = Progress::never;
  return o;
}

std::string recorded_failure() {
  const Result r = explore(quiet(), lost_update(false));
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.failure().kind == FailureKind::check_failed);
  return r.failure().schedule;
}

Options continuing() {
  Options o = quiet();
  o.replay_mode = ReplayMode::continue_after_divergence;
  return o;
}

}  // namespace

TEST_CASE("replay --continue: an added unrelated operation still reaches the failure; strict replay stops") {
  const std::string schedule = recorded_failure();

  const Result strict = replay(schedule, lost_update(true), quiet());
  REQUIRE_FALSE(strict.ok());
  CHECK(strict.failure().kind == FailureKind::replay_diverged);
  CHECK_THAT(strict.failure().message, Catch::Contains("diverged at step"));

  const Result cont = replay(schedule, lost_update(true), continuing());
  REQUIRE_FALSE(cont.ok());
  CHECK(cont.failure().kind == FailureKind::check_failed);
  const std::string& note = cont.stats().replay_note;
  CHECK_THAT(note, Catch::Contains("did not record"));  // the write to the new object
  CHECK_THAT(note, Catch::Contains("on another object"));  // the counter's id moved
  CHECK_THAT(note, !Catch::Contains("stopped matching"));  // every recorded choice applied

  // The failure's schedule is the execution that ran: it replays strictly on the edited program.
  const Result again = replay(cont.failure().schedule, lost_update(true), quiet());
  REQUIRE_FALSE(again.ok());
  CHECK(again.failure().kind == FailureKind::check_failed);
}

TEST_CASE("replay --continue: on the unedited program it is the strict replay, with nothing to note") {
  const std::string schedule = recorded_failure();
  const Result cont = replay(schedule, lost_update(false), continuing());
  const Result strict = replay(schedule, lost_update(false), quiet());
  REQUIRE_FALSE(cont.ok());
  REQUIRE_FALSE(strict.ok());
  CHECK(cont.failure().kind == FailureKind::check_failed);
  CHECK(cont.failure().schedule == strict.failure().schedule);
  CHECK(cont.stats().replay_note.empty());
}

TEST_CASE("replay --continue: where the program truly stops matching, it says where and another strategy goes on") {
  const std::string schedule = recorded_failure();
  // The edit takes a lock around each increment: at some recorded choice the chosen thread
  // waits for the lock (or has finished), so the schedule cannot go on there.
  const Result cont = replay(schedule, lost_update(false, true), continuing());
  const std::string& note = cont.stats().replay_note;
  CHECK_THAT(note, Catch::Contains("stopped matching the schedule at step"));
  CHECK_THAT(note, Catch::Contains("from there surw"));
  // The edit fixed the bug: whatever surw chose, the failure is no longer reached.
  CHECK(cont.ok());
  const Result strict = replay(schedule, lost_update(false, true), quiet());
  REQUIRE_FALSE(strict.ok());
  CHECK(strict.failure().kind == FailureKind::replay_diverged);
}

TEST_CASE("WEFT_REPLAY_MODE selects the mode and refuses anything but strict and continue") {
  const std::string schedule = recorded_failure();
  Options o = quiet();
  o.use_environment = true;
  {
    test::ScopedEnv mode("WEFT_REPLAY_MODE", "continue");
    const Result r = replay(schedule, lost_update(true), o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.failure().kind == FailureKind::check_failed);
  }
  {
    test::ScopedEnv mode("WEFT_REPLAY_MODE", "lenient");
    try {
      (void)replay(schedule, lost_update(true), o);
      FAIL("a bad WEFT_REPLAY_MODE was accepted");
    } catch (const UsageError& e) {
      CHECK_THAT(e.what(), Catch::Contains("WEFT_REPLAY_MODE='lenient'"));
      CHECK_THAT(e.what(), Catch::Contains("strict or continue"));
    }
  }
}
