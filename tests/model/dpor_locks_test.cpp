// dpor on lock programs: one execution per Mazurkiewicz trace, as dfs finds them, and no
// execution abandoned sleep-set blocked (issue 13: philosophers(6) ran 108 executions for its
// 62 traces, 46 of them blocked).
#include <catch2/catch.hpp>
#include <rapidcheck.h>
#include <rapidcheck/catch.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "access_log.hpp"

using namespace weft;

namespace {

Options exhaustive(Strategy s, std::uint64_t budget) {
  Options o;
  o.strategy = s;
  o.max_executions = budget;
  o.use_environment = false;
  o.detect_races = false;  // the generated programs below race on purpose
  return o;
}

using test::AccessLog;  // tests/model/access_log.hpp

// What a search saw: the traces of the executions that ran to their end, and how many did.
struct Seen {
  std::set<std::string> traces;
  std::uint64_t completed = 0;
  void add(const AccessLog& log) {
    traces.insert(log.trace());
    ++completed;
  }
};

// philosophers(N) with ordered forks (bench/programs.hpp's program, logged): philosopher i
// takes the lower-numbered of forks i and (i+1)%N, then the other, and puts both down.
std::function<void()> philosophers(int n, Seen& seen) {
  return [n, &seen] {
    AccessLog log;
    std::vector<std::unique_ptr<Lock>> forks;
    for (int i = 0; i < n; ++i) forks.push_back(std::make_unique<Lock>());
    std::vector<Thread> ts;
    for (int i = 0; i < n; ++i)
      ts.emplace_back([&, i] {
        const int first = std::min(i, (i + 1) % n), second = std::max(i, (i + 1) % n);
        forks[static_cast<std::size_t>(first)]->acquire();
        log.write(first, i);
        forks[static_cast<std::size_t>(second)]->acquire();
        log.write(second, i);
        forks[static_cast<std::size_t>(second)]->release();
        forks[static_cast<std::size_t>(first)]->release();
      });
    for (auto& t : ts) t.start();
    for (auto& t : ts) t.join();
    seen.add(log);
  };
}

}  // namespace

TEST_CASE("dpor: philosophers(N) runs one execution per trace, 2^N - 2, none sleep-set blocked", "[dpor][locks]") {
  // Each fork is used by its two neighbours, one after the other, so a trace is an orientation
  // of the ring of philosophers (who used each shared fork first). Any order of whole meals
  // gives an acyclic orientation, and every acyclic one is given by some order. The two cyclic
  // orientations are impossible: each philosopher holds both forks at one instant, and around
  // a cycle each of those instants would come before the next one's. 2^N - 2 traces: 2, 6, 14,
  // 30, 62 (issue 13's 62 for N = 6). Before dpor took a lock race's reversal in its own
  // happens-before, it ran 2, 7, 19, 47 and 108 executions, the rest sleep-set blocked.
  for (int n = 2; n <= 6; ++n) {
    INFO("philosophers(" << n << ")");
    Seen seen;
    const Result d = explore(exhaustive(Strategy::dpor, 100000), philosophers(n, seen));
    REQUIRE(d.ok());
    REQUIRE(d.stats().complete);
    const std::uint64_t expected = (std::uint64_t{1} << n) - 2;
    CHECK(seen.traces.size() == expected);
    CHECK(seen.completed == expected);  // each trace exactly once
    CHECK(d.stats().pruned == 0);       // no sleep-set blocked execution
    CHECK(d.stats().executions == expected);
  }
}

TEST_CASE("dpor: philosophers(N) reaches exactly the traces dfs reaches", "[dpor][locks]") {
  // dfs runs every interleaving: its traces are all there are (philosophers(4) has more
  // interleavings than a test should run).
  for (int n : {2, 3}) {
    INFO("philosophers(" << n << ")");
    Seen by_dpor, by_dfs;
    const Result d = explore(exhaustive(Strategy::dpor, 100000), philosophers(n, by_dpor));
    const Result f = explore(exhaustive(Strategy::dfs, 2000000), philosophers(n, by_dfs));
    REQUIRE(d.stats().complete);
    REQUIRE(f.stats().complete);
    CHECK(by_dpor.traces == by_dfs.traces);
    CHECK(by_dpor.completed == by_dpor.traces.size());
    CHECK(d.stats().pruned == 0);
  }
}

namespace {

// A generated lock program: each thread runs a few of these over 3 locks and 2 variables.
// Nested locks are always taken lower-numbered first, so no execution deadlocks and every
// execution's trace is logged.
struct LockOp {
  enum Kind : int { locked_rmw, nested, read, write, kinds };
  int kind, a, b;  // locked_rmw: lock a, variable b%2; nested: locks a < b; read/write: variable a%2
};

void showValue(const LockOp& op, std::ostream& os) {
  static const char* const names[] = {"locked_rmw", "nested", "read", "write"};
  os << (op.kind >= 0 && op.kind < LockOp::kinds ? names[op.kind] : "?") << "(" << op.a << "," << op.b << ")";
}

using LockProgram = std::vector<std::vector<LockOp>>;

std::function<void()> interpret(const LockProgram& program, Seen& seen) {
  return [&program, &seen] {
    AccessLog log;
    std::array<Lock, 3> locks;
    std::array<Shared<int>, 2> vars;
    constexpr int kVar = 10;  // log ids of the variables: 10, 11 (locks are 0..2)
    std::vector<Thread> ts;
    for (std::size_t t = 0; t < program.size(); ++t)
      ts.emplace_back([&, t] {
        const int me = static_cast<int>(t);
        auto acquire = [&](int l) {
          locks[static_cast<std::size_t>(l)].acquire();
          log.write(l, me);
        };
        for (const LockOp& op : program[t]) {
          const auto var = static_cast<std::size_t>(op.kind == LockOp::locked_rmw ? op.b % 2 : op.a % 2);
          switch (op.kind) {
            case LockOp::locked_rmw: {
              acquire(op.a);
              const int v = vars[var].load();
              log.read(kVar + static_cast<int>(var), me);
              vars[var].store(v + 1);
              log.write(kVar + static_cast<int>(var), me);
              locks[static_cast<std::size_t>(op.a)].release();
              break;
            }
            case LockOp::nested:
              acquire(op.a);
              acquire(op.b);
              locks[static_cast<std::size_t>(op.b)].release();
              locks[static_cast<std::size_t>(op.a)].release();
              break;
            case LockOp::read:
              (void)vars[var].load();
              log.read(kVar + static_cast<int>(var), me);
              break;
            case LockOp::write:
              vars[var].store(me);
              log.write(kVar + static_cast<int>(var), me);
              break;
            default: break;
          }
        }
      });
    for (auto& th : ts) th.start();
    for (auto& th : ts) th.join();
    seen.add(log);
  };
}

rc::Gen<LockOp> lock_ops() {
  return rc::gen::exec([] {
    const int kind = *rc::gen::inRange(0, static_cast<int>(LockOp::kinds));
    if (kind == LockOp::nested) {
      const int a = *rc::gen::inRange(0, 2);
      return LockOp{kind, a, *rc::gen::inRange(a + 1, 3)};
    }
    return LockOp{kind, *rc::gen::inRange(0, 3), *rc::gen::inRange(0, 2)};
  });
}

rc::Gen<LockProgram> lock_programs() {
  return rc::gen::exec([] {
    const int threads = *rc::gen::inRange(2, 5);
    LockProgram p(static_cast<std::size_t>(threads));
    const int total = *rc::gen::inRange(1, 9);
    for (int i = 0; i < total; ++i)
      p[static_cast<std::size_t>(*rc::gen::inRange(0, threads))].push_back(*lock_ops());
    return p;
  });
}

}  // namespace

TEST_CASE("dpor on generated lock programs: dfs's traces, each once, none sleep-set blocked",
          "[dpor][locks][property]") {
  // Critical sections over 3 locks (nested ones in a fixed order, as the philosophers take
  // their forks) and unlocked accesses to 2 variables. dfs is the oracle; programs too big for
  // its budget are discarded.
  rc::prop("dpor's traces == dfs's traces, one execution each", [] {
    const LockProgram program = *lock_programs();
    Seen by_dfs, by_dpor;
    const Result f = explore(exhaustive(Strategy::dfs, 20000), interpret(program, by_dfs));
    RC_PRE(f.stats().complete);
    const Result d = explore(exhaustive(Strategy::dpor, 200000), interpret(program, by_dpor));
    RC_ASSERT(f.ok());
    RC_ASSERT(d.ok());
    RC_ASSERT(d.stats().complete);
    RC_ASSERT(by_dpor.traces == by_dfs.traces);
    RC_ASSERT(by_dpor.completed == by_dpor.traces.size());
    RC_ASSERT(d.stats().pruned == 0);
  });
}
