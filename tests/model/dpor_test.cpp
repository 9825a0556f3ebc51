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

using namespace weft;

namespace {

Options exhaustive(Strategy s) {
  Options o;
  o.strategy = s;
  o.max_executions = 2000000;
  o.use_environment = false;
  return o;
}

// A canonical name for the Mazurkiewicz trace of a read/write program: per variable, its
// accesses in order, each run of reads sorted (reads commute with each other).
class AccessLog {
 public:
  void read(int var, int thread) { log_.emplace_back(var, thread, false); }
  void write(int var, int thread) { log_.emplace_back(var, thread, true); }
  std::string trace() const {
    std::map<int, std::vector<std::pair<bool, int>>> per_var;
    for (auto [v, t, w] : log_) per_var[v].emplace_back(w, t);
    std::string s;
    for (auto& [v, accesses] : per_var) {
      s += "|" + std::to_string(v) + ":";
      for (std::size_t i = 0; i < accesses.size();) {
        if (accesses[i].first) {
          s += "W" + std::to_string(accesses[i++].second) + ",";
          continue;
        }
        std::vector<int> readers;
        while (i < accesses.size() && !accesses[i].first) readers.push_back(accesses[i++].second);
        std::sort(readers.begin(), readers.end());
        s += "R";
        for (int r : readers) s += std::to_string(r) + ".";
        s += ",";
      }
    }
    return s;
  }

 private:
  std::vector<std::tuple<int, int, bool>> log_;
};

// lastzero(N) (Abdulla et al., "Optimal Dynamic Partial Order Reduction", POPL 2014):
// array[0..N] = 0; thread 0 scans i = N down while array[i] != 0; thread j (1..N) does
// array[j] = array[j-1] + 1.
std::function<void()> lastzero(int n, std::set<std::string>& traces) {
  return [n, &traces] {
    AccessLog log;
    std::vector<std::unique_ptr<Shared<int>>> a;
    for (int i = 0; i <= n; ++i) a.push_back(std::make_unique<Shared<int>>(0));
    std::vector<Thread> ts;
    ts.emplace_back([&] {
      for (int i = n; i >= 0; --i) {
        const int v = a[i]->load();
        log.read(i, 0);
        if (v == 0) break;
      }
    });
    for (int j = 1; j <= n; ++j)
      ts.emplace_back([&, j] {
        const int v = a[j - 1]->load();
        log.read(j - 1, j);
        a[j]->store(v + 1);
        log.write(j, j);
      });
    for (auto& t : ts) t.start();
    for (auto& t : ts) t.join();
    traces.insert(log.trace());
  };
}

// readers(N): N threads read x, one thread writes it; 2^N traces (each reader before or
// after the write).
std::function<void()> readers(int n, std::set<std::string>& traces) {
  return [n, &traces] {
    AccessLog log;
    Shared<int> x{0};
    std::vector<Thread> ts;
    ts.emplace_back([&] {
      x.store(1);
      log.write(0, 0);
    });
    for (int j = 1; j <= n; ++j)
      ts.emplace_back([&, j] {
        (void)x.load();
        log.read(0, j);
      });
    for (auto& t : ts) t.start();
    for (auto& t : ts) t.join();
    traces.insert(log.trace());
  };
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
  const Result d = explore(exhaustive(Strategy::dpor), program(by_dpor));
  const Result f = explore(exhaustive(Strategy::dfs), program(by_dfs));
  REQUIRE(d.stats().complete);
  REQUIRE(f.stats().complete);
  CHECK(by_dfs.size() == 4);
  CHECK(by_dpor == by_dfs);
  CHECK(d.stats().executions < f.stats().executions);
  CHECK(d.stats().executions <= 6);  // optimal is 4; without sleep sets this search runs 6
}

TEST_CASE("dpor: lastzero(N) and readers(N) reach every trace dfs reaches", "[dpor]") {
  // lastzero(2) has 5 traces and lastzero(3) 12 (counted by dfs below); readers(N) has 2^N.
  for (int n : {2, 3}) {
    std::set<std::string> d_traces, f_traces;
    const Result d = explore(exhaustive(Strategy::dpor), lastzero(n, d_traces));
    const Result f = explore(exhaustive(Strategy::dfs), lastzero(n, f_traces));
    REQUIRE(d.stats().complete);
    REQUIRE(f.stats().complete);
    CHECK(d_traces == f_traces);
    CHECK(d.stats().executions <= f.stats().executions);
  }
  for (int n : {1, 2, 3, 4}) {
    std::set<std::string> traces;
    const Result d = explore(exhaustive(Strategy::dpor), readers(n, traces));
    REQUIRE(d.stats().complete);
    CHECK(traces.size() == (1u << n));
  }
}

TEST_CASE("dpor: generated programs reach the same final states as dfs", "[dpor][property]") {
  // 2-3 threads, up to 8 operations over 2 locks (never nested, so no deadlock), 2 shared
  // variables and an atomic; the final state is the variables' values.
  struct Op {
    int kind, a, b;
  };
  rc::prop("dpor final states == dfs final states", [] {
    const int threads = *rc::gen::inRange(2, 4);
    std::vector<std::vector<Op>> program(static_cast<std::size_t>(threads));
    const int total = *rc::gen::inRange(1, 9);
    for (int i = 0; i < total; ++i)
      program[static_cast<std::size_t>(*rc::gen::inRange(0, threads))].push_back(
          Op{*rc::gen::inRange(0, 5), *rc::gen::inRange(0, 2), *rc::gen::inRange(1, 4)});
    auto body = [&program](std::set<std::tuple<int, int, int>>& finals) {
      return [&program, &finals] {
        Lock locks[2];
        Shared<int> vars[2];
        Atomic<int> counter{0};
        std::vector<Thread> ts;
        for (const auto& ops : program)
          ts.emplace_back([&, ops] {
            for (const Op& op : ops) switch (op.kind) {
                case 0: vars[op.a].store(vars[op.a].load() * 3 + op.b); break;
                case 1: {
                  std::lock_guard g(locks[op.a]);
                  vars[op.a].store(vars[op.a].load() + op.b);
                  break;
                }
                case 2: (void)vars[op.a].load(); break;
                case 3: counter.fetch_add(op.b); break;
                default: vars[op.a].store(op.b); break;
              }
          });
        for (auto& t : ts) t.start();
        for (auto& t : ts) t.join();
        finals.insert({vars[0].load(), vars[1].load(), counter.load()});
      };
    };
    std::set<std::tuple<int, int, int>> by_dfs, by_dpor;
    Options o = exhaustive(Strategy::dfs);
    o.max_executions = 50000;
    const Result f = explore(o, body(by_dfs));
    RC_PRE(f.stats().complete);
    const Result d = explore(exhaustive(Strategy::dpor), body(by_dpor));
    RC_ASSERT(d.ok());
    RC_ASSERT(d.stats().complete);
    RC_ASSERT(by_dpor == by_dfs);
    RC_ASSERT(d.stats().executions <= f.stats().executions);
  });
}
