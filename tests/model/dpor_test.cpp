// dpor against dfs: the same outcomes and traces, never more executions; and known counts.
#include <catch2/catch.hpp>
#include <rapidcheck.h>
#include <rapidcheck/catch.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <weft/weft.hpp>

#include "access_log.hpp"
#include "logged_programs.hpp"

using namespace weft;

namespace {

Options exhaustive(Strategy s) {
  Options o;
  o.strategy = s;
  o.max_executions = 2000000;
  o.use_environment = false;
  return o;
}

// The benchmark programs below (x = x + 1, lastzero, readers) race on their Shared variables
// by design: the tests count their interleavings, not the race report, which would end the
// search at its first execution.
Options exhaustive_racy(Strategy s) {
  Options o = exhaustive(s);
  o.detect_races = false;
  return o;
}

using test::AccessLog;  // tests/model/access_log.hpp

// tests/model/logged_programs.hpp's programs, their traces collected in `traces`.
std::function<void()> lastzero(int n, std::set<std::string>& traces) {
  return test::logged_lastzero(n, [&traces](const std::string& t) { traces.insert(t); });
}
std::function<void()> readers(int n, std::set<std::string>& traces) {
  return test::logged_readers(n, [&traces](const std::string& t) { traces.insert(t); });
}

}  // namespace

TEST_CASE("dpor: N threads writing their own variables need exactly 1 execution", "[dpor]") {
  // Every write touches its own object; start, exit and join are ordered by happens-before
  // (a join can never run before the exit it waits for), so there is one trace.
  for (int n : {1, 2, 4}) {
    const Result r = explore(exhaustive(Strategy::dpor), [n] {
      std::vector<std::unique_ptr<Shared<int>>> vars;
      for (int i = 0; i < n; ++i) vars.push_back(std::make_unique<Shared<int>>(0));
      std::vector<Thread> ts;
      for (int i = 0; i < n; ++i) ts.emplace_back([&, i] { vars[i]->store(1); });
      for (auto& t : ts) t.start();
      for (auto& t : ts) t.join();
    });
    CHECK(r.ok());
    CHECK(r.stats().complete);
    CHECK(r.stats().executions == 1);
  }
}

TEST_CASE("dpor: two x = x + 1 threads reach exactly the 4 Mazurkiewicz traces", "[dpor]") {
  // Events R1 W1 (thread 1), R2 W2 (thread 2). Reads commute; R1-W2, W1-R2, W1-W2 do not.
  // Traces: W1 < R2 (thread 1 entirely first); W2 < R1 (thread 2 first); and with both reads
  // before both writes, W1 < W2 or W2 < W1. Four in all.
  std::set<std::string> by_dpor, by_dfs;
  auto program = [](std::set<std::string>& traces) {
    return [&traces] {
      AccessLog log;
      Shared<int> x{0};
      auto inc = [&](int id) {
        const int v = x.load();
        log.read(0, id);
        x.store(v + 1);
        log.write(0, id);
      };
      Thread a(inc, 1), b(inc, 2);
      a.start();
      b.start();
      a.join();
      b.join();
      traces.insert(log.trace());
    };
  };
  const Result d = explore(exhaustive_racy(Strategy::dpor), program(by_dpor));
  const Result f = explore(exhaustive_racy(Strategy::dfs), program(by_dfs));
  REQUIRE(d.stats().complete);
  REQUIRE(f.stats().complete);
  CHECK(by_dfs.size() == 4);
  CHECK(by_dpor == by_dfs);
  CHECK(d.stats().executions < f.stats().executions);
  CHECK(d.stats().executions == 4);  // optimal: one execution per trace
  CHECK(d.stats().pruned == 0);
}

TEST_CASE("dpor: lastzero(N) runs exactly its (N+3)*2^(N-2) traces, the published count", "[dpor]") {
  // Traces of lastzero(N) (thread 0 scans a[N], a[N-1], ... for a zero; writer j does
  // a[j] = a[j-1] + 1). Writer 1 reads a[0], which nobody writes. For j = 2..N, writer j
  // reads a[j-1] before or after writer j-1 writes it: 2^(N-1) orders of the writers. The
  // scanner's trace is fixed by where it stops: it reads a[i] after writer i's write for every
  // i above the stop and the stop before its write (or reaches a[0]). Stopping at a[N] (read
  // before W_N) or reaching a[0] constrains no writer: 2^(N-1) each. Stopping at a[k],
  // 1 <= k < N, orders W_{k+1} < scan a[k+1] < scan a[k] < W_k, which forces writer k+1 to read
  // a[k] before W_k: 2^(N-2) each, N-1 of them. Total 2*2^(N-1) + (N-1)*2^(N-2) =
  // (N+3)*2^(N-2): 5, 12, 28, 64, ... and 147,456 for N = 15, as Abdulla et al. (JACM 2017)
  // report for optimal DPOR. An optimal search runs exactly one execution per trace; the
  // canonical names of the traces (AccessLog) show they are all different.
  for (int n = 2; n <= 8; ++n) {
    INFO("lastzero(" << n << ")");
    std::set<std::string> traces;
    const Result d = explore(exhaustive_racy(Strategy::dpor), lastzero(n, traces));
    REQUIRE(d.stats().complete);
    const std::size_t expected = static_cast<std::size_t>(n + 3) << (n - 2);
    CHECK(traces.size() == expected);
    CHECK(d.stats().executions == expected);
    CHECK(d.stats().pruned == 0);
  }
  // And dfs, which runs every interleaving, finds no other trace.
  for (int n : {2, 3}) {
    std::set<std::string> d_traces, f_traces;
    const Result d = explore(exhaustive_racy(Strategy::dpor), lastzero(n, d_traces));
    const Result f = explore(exhaustive_racy(Strategy::dfs), lastzero(n, f_traces));
    REQUIRE(f.stats().complete);
    CHECK(d_traces == f_traces);
    CHECK(d.stats().executions < f.stats().executions);
  }
}

TEST_CASE("dpor: readers(N) runs exactly 2^N executions", "[dpor]") {
  // One writer, N readers of x: reads commute with each other, and each reader is before or
  // after the write independently: 2^N traces.
  for (int n = 1; n <= 6; ++n) {
    INFO("readers(" << n << ")");
    std::set<std::string> traces;
    const Result d = explore(exhaustive_racy(Strategy::dpor), readers(n, traces));
    REQUIRE(d.stats().complete);
    CHECK(traces.size() == (1u << n));
    CHECK(d.stats().executions == (1u << n));
  }
}

TEST_CASE("dpor: two critical sections on one lock are run in both orders, once each", "[dpor]") {
  // T1 and T2 each acquire L, write their own variable, release. The acquires conflict (the
  // second waits for the first's release), every other pair commutes: 2 traces.
  std::set<std::string> orders;
  const Result r = explore(exhaustive(Strategy::dpor), [&orders] {
    Lock l;
    Shared<int> first{0};
    Shared<int> a{0}, b{0};
    Thread t1([&] {
      l.acquire();
      if (first.load() == 0) first.store(1);
      a.store(1);
      l.release();
    });
    Thread t2([&] {
      l.acquire();
      if (first.load() == 0) first.store(2);
      b.store(1);
      l.release();
    });
    t1.start();
    t2.start();
    t1.join();
    t2.join();
    orders.insert(std::to_string(first.load()));
  });
  REQUIRE(r.ok());
  CHECK(r.stats().complete);
  CHECK(orders == std::set<std::string>{"1", "2"});
  CHECK(r.stats().executions == 2);
}

TEST_CASE("dpor: a lock-order deadlock is found, with its schedule", "[dpor]") {
  // The first execution runs T1 to completion; the deadlock needs T2 to take B while T1 holds
  // A: the race between the two acquires of B reverses it.
  Options o = exhaustive(Strategy::dpor);
  // This test is about dpor reaching the deadlock itself, not the inversion report that
  // would end the search at its first (deadlock-free) execution.
  o.detect_lock_order = false;
  const Result r = explore(o, [] {
    Lock a, b;
    Thread t1([&] {
      std::lock_guard ga(a);
      std::lock_guard gb(b);
    });
    Thread t2([&] {
      std::lock_guard gb(b);
      std::lock_guard ga(a);
    });
    t1.start();
    t2.start();
    t1.join();
    t2.join();
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::deadlock);
  CHECK(r.failure().schedule.rfind("weft1:", 0) == 0);
  const Result again = replay(r.failure().schedule, [] {
    Lock a, b;
    Thread t1([&] {
      std::lock_guard ga(a);
      std::lock_guard gb(b);
    });
    Thread t2([&] {
      std::lock_guard gb(b);
      std::lock_guard ga(a);
    });
    t1.start();
    t2.start();
    t1.join();
    t2.join();
  });
  REQUIRE_FALSE(again.ok());
  CHECK(again.failure().kind == FailureKind::deadlock);
}

TEST_CASE("dpor: a deadlock in only one order of two critical sections is found", "[dpor]") {
  // The consumer takes the lock and, if no item is there yet, waits on an Event nobody sets:
  // only the order "consumer's critical section first" deadlocks. Whichever order the first
  // execution takes, the other is reached by reversing the race of the two acquires.
  const Result r = explore(exhaustive(Strategy::dpor), [] {
    Lock l;
    Shared<int> item{0};
    Event never;
    Thread consumer([&] {
      l.acquire();
      const int v = item.load();
      l.release();
      if (v == 0) never.wait();
    });
    Thread producer([&] {
      l.acquire();
      item.store(1);
      l.release();
    });
    consumer.start();
    producer.start();
    consumer.join();
    producer.join();
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::deadlock);
}

TEST_CASE("dpor: reads without a scheduling point (is_set, locked, is_alive) are ordered too", "[dpor]") {
  // Each reader branches on state another thread changes; is_set/locked/is_alive are not
  // scheduling points but are recorded as peeks of the object, so dpor reverses them against
  // the write and reaches both outcomes, as dfs does.
  auto outcomes = [](Strategy s, int which) {
    std::set<int> seen;
    const Result r = explore(exhaustive(s), [&seen, which] {
      Event e;
      Lock l;
      Shared<int> x{0};
      Thread writer([&] {
        if (which == 0) e.set();
        if (which == 1) l.acquire();
        if (which == 2) yield();  // alive until this step ends
      });
      Thread reader([&] {
        yield();  // a step of its own, so the peek is not in the thread's start-up
        if (which == 0) x.store(e.is_set() ? 1 : 2);
        if (which == 1) x.store(l.locked() ? 1 : 2);
        if (which == 2) x.store(writer.is_alive() ? 1 : 2);
      });
      writer.start();
      reader.start();
      writer.join();
      reader.join();
      if (which == 1 && l.locked()) l.release();
      seen.insert(x.load());
    });
    CHECK(r.ok());
    CHECK(r.stats().complete);
    return seen;
  };
  for (int which : {0, 1, 2}) {
    INFO("case " << which);
    const std::set<int> by_dfs = outcomes(Strategy::dfs, which);
    CHECK(by_dfs == std::set<int>{1, 2});
    CHECK(outcomes(Strategy::dpor, which) == by_dfs);
  }
}

TEST_CASE("dpor: with timeouts as choices, the order in which sleeps end is explored", "[dpor]") {
  // Under TimeoutPolicy::explore a sleep may end at any point, and the clock jumps to its
  // deadline. A 1 s and a 2 s sleeper read the clock after their sleeps: (1, 2) in order;
  // (2, 2) when the longer one ends first; (1, 3) when the shorter one ends before the other
  // has even started its sleep (its deadline is then 1 + 2). Sleep ends write the clock,
  // monotonic() and computing a deadline read it: dpor must reach what dfs reaches.
  auto outcomes = [](Strategy s) {
    std::set<std::pair<double, double>> seen;
    Options o = exhaustive(s);
    o.timeouts = TimeoutPolicy::explore;
    const Result r = explore(o, [&seen] {
      double a = 0, b = 0;
      Thread t1([&] {
        sleep(1.0);
        a = monotonic();
        yield();
      });
      Thread t2([&] {
        sleep(2.0);
        b = monotonic();
        yield();
      });
      t1.start();
      t2.start();
      t1.join();
      t2.join();
      seen.insert({a, b});
    });
    CHECK(r.ok());
    CHECK(r.stats().complete);
    return seen;
  };
  const auto by_dfs = outcomes(Strategy::dfs);
  CHECK(by_dfs == std::set<std::pair<double, double>>{{1.0, 2.0}, {2.0, 2.0}, {1.0, 3.0}});
  CHECK(outcomes(Strategy::dpor) == by_dfs);
}

TEST_CASE("dpor: a thread still blocked when the execution ends takes part in races", "[dpor]") {
  // The daemon waits for the lock main takes and never releases; main ends, the daemon is
  // abandoned, nothing fails. Its acquire never runs, so only its *pending* operation races
  // with main's acquire; reversing that race lets the daemon in first, and main's check fails.
  auto body = [] {
    Lock l;
    Shared<int> got{0};
    Thread daemon([&] {
      l.acquire();
      got.store(1);
      l.release();
    });
    daemon.set_daemon(true);
    daemon.start();
    l.acquire();
    check(got.load() == 0, "the daemon took the lock first");
  };
  const Result d = explore(exhaustive(Strategy::dpor), body);
  REQUIRE_FALSE(d.ok());
  CHECK(d.failure().kind == FailureKind::check_failed);
  CHECK_FALSE(explore(exhaustive(Strategy::dfs), body).ok());
}
