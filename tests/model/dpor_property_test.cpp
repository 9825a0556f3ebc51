// dpor against dfs on generated programs: the same final states and the same failures, never
// more executions. dfs runs every interleaving, so it is the oracle.
#include <catch2/catch.hpp>
#include <rapidcheck.h>
#include <rapidcheck/catch.h>

#include <array>
#include <ostream>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <weft/weft.hpp>

using namespace weft;

namespace {

// One operation of a generated thread. Objects: 2 locks, 2 shared variables, an atomic
// counter, 2 events and 2 queues.
struct Op {
  enum Kind : int {
    rmw_unlocked,   // v[a] = v[a] * 3 + b (a read, then a write)
    rmw_locked,     // under lock a
    read,           // read v[a] into the thread's log
    fetch_add,      // counter += b
    store,          // v[a] = b
    nested_locks,   // lock a, then lock 1-a (two threads doing it in opposite orders deadlock)
    event_set,      // events[a].set()
    event_wait,     // events[a].wait() with no timeout (never set: a deadlock)
    queue_put,      // queues[a].put(b)
    queue_get,      // queues[a].get(), blocking (never put: a deadlock)
    queue_try_get,  // queues[a].get_nowait(), Empty caught
    check_even,     // weft::check(v[a] is even): fails in some orders of the writes
    kinds
  };
  int kind, a, b;
};

// How rapidcheck prints a counterexample.
void showValue(const Op& op, std::ostream& os) {
  static const char* const names[] = {"rmw_unlocked", "rmw_locked", "read",       "fetch_add",     "store",
                                      "nested_locks", "event_set",  "event_wait", "queue_put",     "queue_get",
                                      "queue_try_get", "check_even"};
  os << (op.kind >= 0 && op.kind < Op::kinds ? names[op.kind] : "?") << "(" << op.a << "," << op.b << ")";
}

using Program = std::vector<std::vector<Op>>;

// What one execution ends with: the variables, the counter and every value each thread saw.
using FinalState = std::vector<int>;

std::function<void()> interpret(const Program& program, std::set<FinalState>& finals) {
  return [&program, &finals] {
    std::array<Lock, 2> locks;
    std::array<Shared<int>, 2> vars;
    Atomic<int> counter{0};
    std::array<Event, 2> events;
    std::array<Queue<int>, 2> queues;
    std::vector<std::vector<int>> seen(program.size());
    std::vector<Thread> ts;
    for (std::size_t t = 0; t < program.size(); ++t)
      ts.emplace_back([&, t] {
        for (const Op& op : program[t]) {
          const auto a = static_cast<std::size_t>(op.a);
          switch (op.kind) {
            case Op::rmw_unlocked: vars[a].store(vars[a].load() * 3 + op.b); break;
            case Op::rmw_locked: {
              std::lock_guard g(locks[a]);
              vars[a].store(vars[a].load() * 3 + op.b);
              break;
            }
            case Op::read: seen[t].push_back(vars[a].load()); break;
            case Op::fetch_add: counter.fetch_add(op.b); break;
            case Op::store: vars[a].store(op.b); break;
            case Op::nested_locks: {
              std::lock_guard outer(locks[a]);
              std::lock_guard inner(locks[1 - a]);
              break;
            }
            case Op::event_set: events[a].set(); break;
            case Op::event_wait: events[a].wait(); break;
            case Op::queue_put: queues[a].put(op.b); break;
            case Op::queue_get: seen[t].push_back(queues[a].get()); break;
            case Op::queue_try_get:
              try {
                seen[t].push_back(queues[a].get_nowait());
              } catch (const Empty&) {
                seen[t].push_back(-1);
              }
              break;
            case Op::check_even: check(vars[a].load() % 2 == 0, "v[a] is odd"); break;
            default: break;
          }
        }
      });
    for (auto& th : ts) th.start();
    for (auto& th : ts) th.join();
    FinalState f{vars[0].load(), vars[1].load(), counter.load()};
    for (const auto& s : seen) {
      f.push_back(-100);  // separator
      f.insert(f.end(), s.begin(), s.end());
    }
    finals.insert(std::move(f));
  };
}

Options exhaustive(Strategy s, std::uint64_t budget) {
  Options o;
  o.strategy = s;
  o.max_executions = budget;
  o.use_environment = false;
  o.verify_replay = false;
  return o;
}

rc::Gen<Program> programs(int max_threads, int max_ops, rc::Gen<int> kinds) {
  return rc::gen::exec([=] {
    const int threads = *rc::gen::inRange(2, max_threads + 1);
    Program p(static_cast<std::size_t>(threads));
    const int total = *rc::gen::inRange(1, max_ops + 1);
    for (int i = 0; i < total; ++i)
      p[static_cast<std::size_t>(*rc::gen::inRange(0, threads))].push_back(
          Op{*kinds, *rc::gen::inRange(0, 2), *rc::gen::inRange(1, 4)});
    return p;
  });
}
rc::Gen<Program> programs(int max_threads, int max_ops, int kinds) {
  return programs(max_threads, max_ops, rc::gen::inRange(0, kinds));
}

// dfs must finish within its budget for the comparison to mean anything; programs whose
// interleavings are too many for it are discarded.
void compare(const Program& program) {
  std::set<FinalState> by_dfs, by_dpor;
  const Result f = explore(exhaustive(Strategy::dfs, 20000), interpret(program, by_dfs));
  RC_PRE(f.stats().complete || !f.ok());
  const Result d = explore(exhaustive(Strategy::dpor, 2000000), interpret(program, by_dpor));
  // Failures: the same kind is found, or none by either.
  RC_ASSERT(f.ok() == d.ok());
  if (!f.ok()) {
    RC_ASSERT(f.failure().kind == d.failure().kind);
    return;  // both stopped at their first failure: their state sets are partial
  }
  RC_ASSERT(d.stats().complete);
  RC_ASSERT(by_dpor == by_dfs);
  RC_ASSERT(d.stats().executions <= f.stats().executions);
  // Source-DPOR's insertions from the start (Options::dpor_tree_mb = 0): the same traces, so
  // the same states, in as many executions that were not pruned.
  std::set<FinalState> by_source;
  Options source = exhaustive(Strategy::dpor, 2000000);
  source.dpor_tree_mb = 0;
  const Result s = explore(source, interpret(program, by_source));
  RC_ASSERT(s.ok());
  RC_ASSERT(s.stats().complete);
  RC_ASSERT(by_source == by_dfs);
  RC_ASSERT(s.stats().executions - s.stats().pruned == d.stats().executions - d.stats().pruned);
}

}  // namespace

TEST_CASE("dpor on generated lock/variable programs: dfs's final states, fewer executions",
          "[dpor][property]") {
  // 2-4 threads, up to 12 operations over locks (nested ones can deadlock), shared
  // variables and an atomic.
  rc::prop("dpor == dfs (locks, variables, atomics)", [] {
    compare(*programs(4, 12, Op::event_set));
  });
}

TEST_CASE("dpor on generated programs with events and queues: dfs's outcomes", "[dpor][property]") {
  // Events and queues are Conditions over a Lock, with many more steps per operation, so
  // fewer threads and operations keep dfs within its budget.
  rc::prop("dpor == dfs (events, queues too)", [] {
    compare(*programs(3, 7, Op::kinds));
  });
}

TEST_CASE("preemption bounding finds every failure that needs at most k preemptions", "[dfs][property]") {
  // A failure found by the unbounded search needs at most P preemptions, P = the preemptions
  // in its own schedule (switches away from a thread that could have continued). A search
  // bounded by k >= P must then find a failure too. (That a bound below what a failure needs
  // finds none is checked on the lost update in strategies_test.cpp.)
  rc::prop("bounded dfs finds failures within its bound", [] {
    // Nested locks, unlocked read-modify-writes and parity checks, so that many programs fail.
    Program program = *programs(3, 8, rc::gen::element<int>(Op::nested_locks, Op::rmw_unlocked, Op::rmw_locked,
                                                              Op::store, Op::check_even));
    for (auto& ops : program) ops.push_back(Op{Op::check_even, 0, 0});
    std::set<FinalState> ignored;
    const Result f = explore(exhaustive(Strategy::dfs, 20000), interpret(program, ignored));
    RC_PRE(!f.ok());
    int preemptions = 0;
    for (const TraceEvent& e : f.failure().trace.events) preemptions += e.reason == SwitchReason::preempted ? 1 : 0;
    for (int k = preemptions; k <= preemptions + 1; ++k) {
      Options o = exhaustive(Strategy::dfs, 200000);
      o.preemption_bound = k;
      const Result b = explore(o, interpret(program, ignored));
      RC_ASSERT(!b.ok());
    }
  });
}
