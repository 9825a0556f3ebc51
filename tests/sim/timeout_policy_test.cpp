// Options::timeouts = TimeoutPolicy::explore (docs/exploration.md): a pending timeout is also a
// scheduling choice while other threads can still run. Each test runs the default policy
// (when_idle) too, so it fails if explore were ignored or leaked into the default.
#include <catch2/catch.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <utility>

#include <weft/weft.hpp>

#include "model/schedule_codec.hpp"

using namespace weft;

namespace {

constexpr const char* kTooEarly = "the reader woke before the worker wrote";

Options with(Strategy s, TimeoutPolicy p, std::uint64_t executions = 100000) {
  Options o;
  o.strategy = s;
  o.timeouts = p;
  o.max_executions = executions;
  o.use_environment = false;
  return o;
}

// with(), for the racy bodies: sleep_as_sync and two_sleepers race on purpose (a sleep is no
// synchronisation). These tests are about which interleavings each timeout policy explores
// and which failures they reach, not about the race report, which would end every search at
// its first execution under either policy.
Options racy(Strategy s, TimeoutPolicy p, std::uint64_t executions = 100000) {
  Options o = with(s, p, executions);
  o.detect_races = false;
  return o;
}

// The sleep_as_sync scenario's bug: a sleep instead of a join.
void sleep_as_sync() {
  Shared<int> result{0};
  Thread worker([&] { result.store(42); });
  Thread reader([&] {
    sleep(0.1);
    check(result.load() == 42, kTooEarly);
  });
  worker.start();
  reader.start();
  worker.join();
  reader.join();
}

// Two workers sleep, then write; the later sleeper is assumed to write last.
void two_sleepers(double a_sleeps, double b_sleeps, bool check_order) {
  Shared<int> x{0};
  Thread a([&] {
    sleep(a_sleeps);
    x.store(1);
  });
  Thread b([&] {
    sleep(b_sleeps);
    x.store(2);
  });
  a.start();
  b.start();
  a.join();
  b.join();
  if (check_order) check(x.load() == 2, "the later sleeper did not write last");
}

bool same_events(const Trace& x, const Trace& y) {
  if (x.events.size() != y.events.size()) return false;
  for (std::size_t i = 0; i < x.events.size(); ++i) {
    const TraceEvent &e = x.events[i], &f = y.events[i];
    if (e.thread != f.thread || e.op != f.op || e.object != f.object || e.value != f.value || e.ok != f.ok ||
        e.time_ns != f.time_ns || e.reason != f.reason)
      return false;
  }
  return true;
}

}  // namespace

TEST_CASE("explore: dfs, dpor and random prove sleep-as-synchronisation wrong, when_idle cannot") {
  const Result idle = explore(racy(Strategy::dfs, TimeoutPolicy::when_idle), sleep_as_sync);
  CHECK(idle.ok());
  CHECK(idle.stats().complete);
  for (Strategy s : {Strategy::dfs, Strategy::dpor, Strategy::random}) {
    INFO("strategy " << to_string(s));
    const Result r = explore(racy(s, TimeoutPolicy::explore, 1000), sleep_as_sync);
    REQUIRE_FALSE(r.ok());
    CHECK(r.failure().kind == FailureKind::check_failed);
    CHECK(r.failure().message == kTooEarly);
  }
}

TEST_CASE("explore: the failure's schedule string carries the policy and replays the failure") {
  const Result r = explore(racy(Strategy::dfs, TimeoutPolicy::explore), sleep_as_sync);
  REQUIRE_FALSE(r.ok());
  const Failure& f = r.failure();
  const model::Schedule recorded = model::decode_schedule(f.schedule);
  CHECK(recorded.timeouts == TimeoutPolicy::explore);
  // The reader's sleep ended at its deadline, 0.1 s, while the worker had not written yet.
  bool wrote = false, slept_early = false;
  for (const TraceEvent& e : f.trace.events) {
    wrote |= e.op == OpKind::shared_write;
    slept_early |= e.op == OpKind::sleep && !wrote && e.time_ns == 100'000'000;
  }
  CHECK(slept_early);
  CHECK_FALSE(wrote);

  // Replayed with default options (when_idle): the string, not the options, sets the policy.
  Options plain;
  plain.use_environment = false;
  plain.detect_races = false;  // as in the search that found it
  const Result again = replay(f.schedule, sleep_as_sync, plain);
  REQUIRE_FALSE(again.ok());
  CHECK(again.failure().kind == FailureKind::check_failed);
  CHECK(again.failure().message == f.message);
  CHECK(again.failure().schedule == f.schedule);
  CHECK(same_events(again.failure().trace, f.trace));

  // The same decisions under when_idle cannot be followed: the reader is not enabled there.
  model::Schedule idle = recorded;
  idle.timeouts = TimeoutPolicy::when_idle;
  const Result diverged = replay(model::encode_schedule(idle), sleep_as_sync, plain);
  REQUIRE_FALSE(diverged.ok());
  CHECK(diverged.failure().kind == FailureKind::replay_diverged);
}

TEST_CASE("explore: a timed acquire may time out while the holder would still release") {
  std::set<std::pair<bool, double>> outcomes;  // (acquired, virtual time when acquire returned)
  auto body = [&] {
    Lock lock;
    lock.acquire();
    Thread t([&] {
      const bool got = lock.acquire(true, 1.0);
      outcomes.insert({got, monotonic()});
      if (got) lock.release();
    });
    t.start();
    lock.release();  // main always releases, without waiting for anything
    t.join();
  };
  const Result idle = explore(with(Strategy::dfs, TimeoutPolicy::when_idle), body);
  CHECK(idle.ok());
  CHECK(idle.stats().complete);
  CHECK(outcomes == std::set<std::pair<bool, double>>{{true, 0.0}});

  outcomes.clear();
  const Result r = explore(with(Strategy::dfs, TimeoutPolicy::explore), body);
  CHECK(r.ok());
  CHECK(r.stats().complete);
  // Timing out moves the clock to the deadline; acquiring takes no time.
  CHECK(outcomes == std::set<std::pair<bool, double>>{{true, 0.0}, {false, 1.0}});
}

TEST_CASE("explore: Event.wait(timeout) may return false before a runnable setter calls set()") {
  std::set<std::pair<bool, bool>> outcomes;  // (wait returned, the setter had entered set())
  auto body = [&] {
    Event ev;
    bool entered = false;  // written by the setter between scheduling points
    Thread setter([&] {
      yield();
      entered = true;
      ev.set();
    });
    setter.start();
    const bool got = ev.wait(0.5);
    outcomes.insert({got, entered});
    setter.join();
  };
  const Result idle = explore(with(Strategy::dfs, TimeoutPolicy::when_idle), body);
  CHECK(idle.ok());
  CHECK(idle.stats().complete);
  CHECK(outcomes == std::set<std::pair<bool, bool>>{{true, true}});

  outcomes.clear();
  const Result r = explore(with(Strategy::dfs, TimeoutPolicy::explore), body);
  CHECK(r.ok());
  CHECK(r.stats().complete);
  CHECK(outcomes.count({false, false}) == 1);
  CHECK(outcomes.count({true, true}) == 1);
}

TEST_CASE("explore: untimed waits still deadlock, a timed wait nobody satisfies does not") {
  auto opposite_order = [] {
    Lock a, b;
    Event never;
    Thread left([&] {
      a.acquire();
      b.acquire();
      b.release();
      a.release();
    });
    Thread right([&] {
      b.acquire();
      a.acquire();
      a.release();
      b.release();
    });
    Thread patient([&] { never.wait(1.0); });  // gives up at some point: never part of the deadlock
    left.start();
    right.start();
    patient.start();
    left.join();
    right.join();
    patient.join();
  };
  for (TimeoutPolicy p : {TimeoutPolicy::when_idle, TimeoutPolicy::explore}) {
    INFO("timeouts " << to_string(p));
    // The deadlock itself must be reached, not the inversion report of a first execution that
    // did not deadlock.
    Options o = with(Strategy::dfs, p);
    o.detect_lock_order = false;
    const Result r = explore(o, opposite_order);
    REQUIRE_FALSE(r.ok());
    CHECK(r.failure().kind == FailureKind::deadlock);
    CHECK_THAT(r.failure().message, Catch::Contains("wait for each other"));

    const Result timed = explore(with(Strategy::dfs, p), [] {
      Event never;
      Lock held;
      held.acquire();
      Thread t([&] { held.acquire(true, 2.0); });
      t.start();
      check(!never.wait(1.0), "nobody sets it");
      t.join();
    });
    CHECK(timed.ok());
    CHECK(timed.stats().complete);
  }
}

TEST_CASE("explore: the same seed gives identical executions and traces") {
  auto body = [] { two_sleepers(1.0, 2.0, true); };
  Options o = racy(Strategy::random, TimeoutPolicy::explore, 1000);
  o.seed = 7;
  const Result first = explore(o, body);
  const Result second = explore(o, body);
  REQUIRE_FALSE(first.ok());  // b's 2 s sleep may end before a's 1 s one
  REQUIRE_FALSE(second.ok());
  CHECK(first.stats().executions == second.stats().executions);
  CHECK(first.stats().steps == second.stats().steps);
  CHECK(first.failure().schedule == second.failure().schedule);
  CHECK(same_events(first.failure().trace, second.failure().trace));
  CHECK(explore(racy(Strategy::dfs, TimeoutPolicy::when_idle), body).ok());  // deadlines in order
}

TEST_CASE("when_idle (the default) explores exactly what it did before timeouts could be choices") {
  // Two workers each sleep 1 s, then write x; main joins a, then b. Counted with the code
  // before TimeoutPolicy::explore existed: 10. Why: under when_idle no sleep ends while a
  // thread can run, so main starts both and blocks in join(a) without any choice; at t = 1 s
  // both sleeps end together, and the choices are the interleavings of a's two steps (end of
  // sleep, write) with b's: C(4, 2) = 6, times where main's join(a) goes once a has exited,
  // before any of b's remaining k steps or after them (k + 1 places): aabb 3, abab 2, abba 1,
  // baab 2, baba 1, bbaa 1, total 10. join(b) and the rest of main are forced.
  auto body = [] { two_sleepers(1.0, 1.0, false); };
  const Result idle = explore(racy(Strategy::dfs, TimeoutPolicy::when_idle), body);
  CHECK(idle.ok());
  CHECK(idle.stats().complete);
  CHECK(idle.stats().executions == 10);
  CHECK(Options{}.timeouts == TimeoutPolicy::when_idle);

  // Under explore each sleep may also end before main has started the other thread.
  const Result r = explore(racy(Strategy::dfs, TimeoutPolicy::explore), body);
  CHECK(r.ok());
  CHECK(r.stats().complete);
  CHECK(r.stats().executions > 10);
}

TEST_CASE("schedule strings: explore sets a flag bit, default-policy strings are unchanged") {
  model::Schedule s{Strategy::dfs, 0x5eed, 3, {{1, OpKind::sleep, kNoObject, false}}};
  const std::string idle = model::encode_schedule(s);
  s.timeouts = TimeoutPolicy::explore;
  const std::string exp = model::encode_schedule(s);
  CHECK(idle != exp);
  CHECK(model::decode_schedule(exp) == s);
  CHECK(model::decode_schedule(idle).timeouts == TimeoutPolicy::when_idle);
  // The first character holds the top 6 bits of the strategy byte: dfs = 2 gives 'A'; with
  // bit 4 (explore) set, 0x12 gives 'E'.
  CHECK(idle.substr(0, 7) == "weft1:A");
  CHECK(exp.substr(0, 7) == "weft1:E");
  // A string printed before the flag existed (README, lost_update) still decodes, as when_idle.
  CHECK(model::decode_schedule("weft1:AO29AQAEFQMABCUDJgPvgGNx").timeouts == TimeoutPolicy::when_idle);
}
