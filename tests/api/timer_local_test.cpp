// threading.Timer and threading.local (docs/python_semantics.md) on both backends.
// In virtual time a Timer fires exactly `interval` seconds after start().
//
// Not ported (cannot apply to C++): TimerTests.test_init_immutable_default_args (args are
// bound by value at construction, there are no shared mutable defaults); the
// test_threading_local cases about __dict__, __slots__, GC cycles and reference counts.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <string>
#include <utility>

#include "both_backends.hpp"

using namespace weft;
using namespace locktests;

// ---------------------------------------------------------------------------------------
// Timer
// ---------------------------------------------------------------------------------------

TEST_CASE("Timer: cancel before the interval elapses: the function never runs", "[locktests][timer]") {
  run_both("Timer", [] {
    Atomic<int> calls{0};
    Timer t(secs(10.0), [&] { calls.fetch_add(1); });
    t.start();
    t.cancel();
    const double t0 = monotonic();
    t.join();
    check(calls.load() == 0, "a cancelled timer does not call its function");
    check(t.finished().is_set(), "finished is set by cancel()");
    check(!t.is_alive(), "the timer thread ended");
    if (in_simulation()) check(monotonic() == t0, "join returns at once after cancel (no virtual time)");
  });
}

TEST_CASE("Timer: fires after its interval, exactly in virtual time", "[locktests][timer]") {
  run_both("Timer", [] {
    const double interval = secs(0.5);
    Atomic<int> calls{0};
    Shared<double> fired_at{-1.0};
    SyncList<int> args;
    const double t0 = monotonic();
    Timer t(
        interval,
        [&](int a, const std::string& b) {
          fired_at.store(monotonic());
          args.append(a + static_cast<int>(b.size()));
          calls.fetch_add(1);
        },
        40, std::string("ab"));
    t.start();
    t.join();
    check(calls.load() == 1, "the function ran once");
    check(args.items() == std::vector<int>{42}, "with the bound arguments");
    assert_timeout(fired_at.load() - t0, interval, "Timer(0.5) fired");
    check(t.finished().is_set(), "finished is set after firing");
  });
}

TEST_CASE("Timer: cancel after start, while waiting", "[locktests][timer]") {
  run_both("Timer", [] {
    Atomic<int> calls{0};
    Timer t(secs(10.0), [&] { calls.fetch_add(1); });
    t.start();
    weft::sleep(secs(0.1));
    t.cancel();
    t.join();
    check(calls.load() == 0, "cancelled while waiting: never runs");
    if (in_simulation()) check(std::fabs(monotonic() - 0.1) <= 2e-9, "join returned at the cancel (0.1 s), not at the interval");
  });
}

TEST_CASE("Timer: a zero or negative interval fires at once", "[locktests][timer]") {
  run_both("Timer", [] {
    for (double interval : {0.0, -1.0}) {
      Shared<double> fired_at{-1.0};
      const double t0 = monotonic();
      Timer t(interval, [&] { fired_at.store(monotonic()); });
      t.start();
      t.join();
      check(fired_at.load() >= 0, "the function ran");
      if (in_simulation()) check(fired_at.load() == t0, "at once, in virtual time");
    }
  });
}

TEST_CASE("Timer: cancel before start makes the thread return at once", "[locktests][timer]") {
  run_both("Timer", [] {
    Atomic<int> calls{0};
    Timer t(secs(10.0), [&] { calls.fetch_add(1); });
    t.cancel();
    const double t0 = monotonic();
    t.start();
    t.join();
    check(calls.load() == 0, "never runs");
    if (in_simulation()) check(monotonic() == t0, "no virtual time passed");
  });
}

TEST_CASE("Timer: cancel after the function began is harmless", "[locktests][timer]") {
  run_both("Timer", [] {
    Event began, proceed;
    Atomic<int> done{0};
    Timer t(0.0, [&] {
      began.set();
      proceed.wait();
      done.fetch_add(1);
    });
    t.start();
    began.wait();
    t.cancel();  // too late: the function runs to completion
    proceed.set();
    t.join();
    check(done.load() == 1, "the function completed");
  });
}

TEST_CASE("Timer: start twice raises RuntimeError", "[locktests][timer]") {
  run_both("Timer", [] {
    Timer t(0.0, [] {});
    t.start();
    check(raises<RuntimeError>([&] { t.start(); }), "second start() raises RuntimeError");
    t.join();
    check(raises<RuntimeError>([&] { t.start(); }), "start() after the end raises RuntimeError");
  }, 50);
  Timer t(0.0, [] {});
  t.start();
  CHECK_THROWS_AS(t.start(), RuntimeError);
  t.join();
}

TEST_CASE("Timer: automatic Thread-N name without a target suffix", "[locktests][timer]") {
  run_both("Timer", [] {
    Timer t(0.0, [] {});
    const std::string& name = t.name();
    check(name.rfind("Thread-", 0) == 0 && name.find('(') == std::string::npos, "named Thread-N");
  }, 10);
}

TEST_CASE("Timer: function() is the callable with its arguments bound (Timer.function/args/kwargs)", "[locktests][timer]") {
  run_both("Timer", [] {
    Atomic<int> sum{0};
    Timer t(secs(10.0), [&](int a, int b) { sum.fetch_add(a * 10 + b); }, 4, 2);
    check(static_cast<bool>(t.function()), "function() is set before start()");
    t.function()();  // as Python's t.function(*t.args, **t.kwargs)
    check(sum.load() == 42, "calling function() calls function(args...)");
    t.start();
    t.cancel();
    t.join();
    check(sum.load() == 42, "the cancelled timer did not call it again");
    t.function()();
    check(sum.load() == 84, "function() is still callable after the thread ended");
  }, 20);
}

// ---------------------------------------------------------------------------------------
// Local
// ---------------------------------------------------------------------------------------

TEST_CASE("Local: each thread sees its own value", "[locktests][local]") {
  run_both("Local", [] {
    Local<int> local;
    *local = 1;
    SyncList<std::pair<int, int>> seen;  // (value on first use, value after setting it)
    Bunch b(
        [&] {
          const int first = *local;
          const int mine = static_cast<int>(get_ident() % 1000) + 10;
          *local = mine;
          weft::yield();
          seen.append({first, *local == mine ? 1 : 0});
        },
        4);
    b.wait_for_finished();
    check(*local == 1, "the main thread's value is untouched");
    for (const auto& [first, same] : seen.items()) {
      check(first == 0, "a thread's value starts default-constructed");
      check(same == 1, "a thread keeps its own value");
    }
  });
}

namespace {
struct Counted {
  Counted(std::atomic<int>* constructions, int v, std::string s) : value(v), text(std::move(s)) {
    constructions->fetch_add(1);
  }
  int value;
  std::string text;
};
}  // namespace

TEST_CASE("Local: constructed in the constructor, then on first use per other thread, with the constructor arguments",
          "[locktests][local]") {
  run_both("Local", [] {
    std::atomic<int> constructions{0};
    Local<Counted> local(&constructions, 7, std::string("seven"));
    // As CPython: a local subclass's __init__ runs in the constructor for the constructing
    // thread, then again in each other thread the first time it touches the object.
    check(local.has_value(), "the constructing thread's value exists at once");
    check(constructions.load() == 1, "constructed by the constructor");
    check(local->value == 7 && local->text == "seven", "the main thread's value uses the arguments");
    local->value = 8;
    check(constructions.load() == 1, "constructed once for the main thread");
    SyncList<int> values;
    Bunch b(
        [&] {
          check(!local.has_value(), "a new thread has no value yet");
          values.append(local->value);
          local->value += 100;
          values.append(local.get().value);
          check(local.has_value(), "it has one after first use");
        },
        3);
    b.wait_for_finished();
    check(constructions.load() == 4, "constructed once per thread (main + 3)");
    check(local->value == 8, "the main thread's value is its own");
    auto v = values.items();
    std::sort(v.begin(), v.end());
    check(v == std::vector<int>{7, 7, 7, 107, 107, 107}, "each thread started from the arguments (7)");
  });
}
