// The data-race detector's notion of order, end to end: accesses ordered by a Lock, by join, or
// both only reads are no race; the same accesses unordered are one, reported in the first
// execution with its two accesses marked. (races_test.cpp covers the reports themselves.)
// Names start with "races: " (the TSan job selects real-thread tests by other prefixes).
#include <catch2/catch.hpp>

#include <weft/weft.hpp>

#include "race_checks.hpp"

using namespace weft;
using weft::test::check_marked_accesses;
using weft::test::options_for;

TEST_CASE("races: a read and a write ordered by a Lock are no race; without the Lock they are", "[races]") {
  auto program = [](bool locked) {
    return [locked] {
      Shared<int> x{0};
      Lock lock;
      Thread writer([&] {
        if (locked) lock.acquire();
        x.store(1);
        if (locked) lock.release();
      });
      Thread reader([&] {
        if (locked) lock.acquire();
        (void)x.load();
        if (locked) lock.release();
      });
      writer.start();
      reader.start();
      writer.join();
      reader.join();
    };
  };
  for (Strategy s : {Strategy::dfs, Strategy::dpor}) {
    INFO("strategy " << to_string(s));
    const Result ok = explore(options_for(s, 100000), program(true));
    CHECK(ok.ok());
    CHECK(ok.stats().complete);
    const Result racy = explore(options_for(s), program(false));
    REQUIRE_FALSE(racy.ok());
    CHECK(racy.failure().kind == FailureKind::data_race);
    CHECK(racy.failure().execution == 0);
    check_marked_accesses(racy.failure());
  }
}

TEST_CASE("races: concurrent reads are no race; a write unordered with one of several reads is", "[races]") {
  // Two readers overlap (FastTrack's shared-read state), then the main thread writes.
  auto program = [](bool join_both) {
    return [join_both] {
      Shared<int> x{0};
      Thread r1([&] { (void)x.load(); });
      Thread r2([&] { (void)x.load(); });
      r1.start();
      r2.start();
      r1.join();
      if (join_both) r2.join();
      x.store(1);
      if (!join_both) r2.join();
    };
  };
  for (Strategy s : {Strategy::dfs, Strategy::dpor}) {
    INFO("strategy " << to_string(s));
    const Result ok = explore(options_for(s, 100000), program(true));
    CHECK(ok.ok());
    CHECK(ok.stats().complete);
    const Result racy = explore(options_for(s), program(false));
    REQUIRE_FALSE(racy.ok());
    const Failure& f = racy.failure();
    CHECK(f.kind == FailureKind::data_race);
    CHECK(f.execution == 0);
    check_marked_accesses(f);
    // The unordered read is r2's (T2); the write is the main thread's.
    const TraceEvent& a = f.trace.events[f.marked_steps[0]];
    const TraceEvent& b = f.trace.events[f.marked_steps[1]];
    CHECK(((a.thread == 2 && a.op == OpKind::shared_read && b.thread == 0 && b.op == OpKind::shared_write) ||
           (a.thread == 0 && a.op == OpKind::shared_write && b.thread == 2 && b.op == OpKind::shared_read)));
  }
}

TEST_CASE("races: a read of an older write is no race once the writer is joined", "[races]") {
  // main writes, starts t (which reads and writes), joins it, then reads and writes: every
  // pair is ordered by start or join.
  const Result r = explore(options_for(Strategy::dfs, 100000), [] {
    Shared<int> x{0};
    x.store(1);
    Thread t([&] { x.store(x.load() + 1); });
    t.start();
    t.join();
    x.store(x.load() + 1);
    check(x.load() == 3, "three writes in order");
  });
  CHECK(r.ok());
  CHECK(r.stats().complete);
}
