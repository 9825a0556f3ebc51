// pos (Partial Order Sampling, CAV 2018) and surw (Selectively Uniform Random Walk, ASPLOS
// 2025): each is the published algorithm, finds every failing scenario, and replays exactly.
#include <catch2/catch.hpp>

#include <array>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <weft/errors.hpp>
#include <weft/weft.hpp>

#include "model/pos_strategy.hpp"
#include "model/schedule_codec.hpp"
#include "model/surw_strategy.hpp"
#include "scenarios/scenario.hpp"
#include "tests/model/surw_events.hpp"
#include "tests/scoped_env.hpp"

using namespace weft;

namespace {
Options with(Strategy s, std::uint64_t executions, std::uint64_t seed = 1) {
  Options o;
  o.strategy = s;
  o.max_executions = executions;
  o.seed = seed;
  o.use_environment = false;
  return o;
}

// Two threads with m and n independent steps (each writes its own Shared): the order of
// their steps, as a string of 'a' and 'b', for each execution of the exploration.
std::vector<std::string> interleavings(const Options& o, int m, int n) {
  std::vector<std::string> out;
  const Result r = explore(o, [&] {
    out.emplace_back();
    std::string& order = out.back();
    Shared<int> x{0}, y{0};
    Thread a([&] {
      for (int i = 0; i < m; ++i) {
        x.store(i);
        order += 'a';
      }
    });
    Thread b([&] {
      for (int i = 0; i < n; ++i) {
        y.store(i);
        order += 'b';
      }
    });
    a.start();
    b.start();
    a.join();
    b.join();
  });
  REQUIRE(r.ok());
  return out;
}

// Pearson's chi-square statistic of `samples` against the uniform distribution over all
// C(m+n, n) arrangements; also checks that every sample is one of them.
double chi_square_uniform(const std::vector<std::string>& samples, int m, int n, std::size_t* categories) {
  std::map<std::string, std::size_t> counts;
  std::string first(static_cast<std::size_t>(m), 'a');
  first.append(static_cast<std::size_t>(n), 'b');
  std::string s = first;  // enumerate arrangements in lexicographic order
  do counts[s] = 0;
  while (std::next_permutation(s.begin(), s.end()));
  for (const std::string& x : samples) {
    REQUIRE(counts.count(x) == 1);
    ++counts[x];
  }
  *categories = counts.size();
  const double expected = static_cast<double>(samples.size()) / static_cast<double>(counts.size());
  double chi = 0;
  for (const auto& [k, c] : counts) chi += (static_cast<double>(c) - expected) * (static_cast<double>(c) - expected) / expected;
  return chi;
}

sim::PendingOp pending(OpKind op, ObjectId object) {
  sim::PendingOp p;
  p.op = op;
  p.object_kind = ObjectKind::shared;
  p.object = object;
  p.blocking = false;
  return p;
}
}  // namespace

TEST_CASE("strategies: non-selective surw samples each of the C(m+n,n) interleavings of two independent threads equally often") {
  // Critical values of chi-square at p = 0.001: df 9 -> 27.88, df 4 -> 18.47, df 14 -> 36.12.
  struct Case {
    int m, n;
    double critical;
  };
  for (const Case c : {Case{3, 2, 27.88}, Case{4, 1, 18.47}, Case{4, 2, 36.12}}) {
    CAPTURE(c.m, c.n);
    Options o = with(Strategy::surw, 6001, 11);
    o.surw_selective = false;
    std::vector<std::string> samples = interleavings(o, c.m, c.n);
    REQUIRE(samples.size() == 6001);
    samples.erase(samples.begin());  // execution 0 learns the counts (a plain random walk)
    std::size_t k = 0;
    const double chi = chi_square_uniform(samples, c.m, c.n, &k);
    CAPTURE(chi, k);
    CHECK(chi < c.critical);
  }
}

TEST_CASE("strategies: a uniform random walk over threads is far from uniform over interleavings (why surw exists)") {
  // With 4 steps against 1, `random` picks threads, not interleavings: the short thread's
  // lone step lands early far more often than in its share of the 5 interleavings.
  const std::vector<std::string> samples = interleavings(with(Strategy::random, 6000, 11), 4, 1);
  std::size_t k = 0;
  CHECK(chi_square_uniform(samples, 4, 1, &k) > 100);  // critical value at p = 0.001: 18.47
}

TEST_CASE("strategies: pos re-draws the priorities of the thread that moved and of the threads whose pending operation depends on its step, and no others") {
  // Five threads, all enabled: T0 writes X, T1 reads X, T2 reads Y, T3 writes Y, T4 reads X.
  constexpr ObjectId X = 1, Y = 2;
  const std::array<sim::PendingOp, 5> ops{pending(OpKind::shared_write, X), pending(OpKind::shared_read, X),
                                          pending(OpKind::shared_read, Y), pending(OpKind::shared_write, Y),
                                          pending(OpKind::shared_read, X)};
  // Which threads' pending operations are dependent on each thread's step (read/write of one
  // object; two reads commute).
  const std::array<std::vector<ThreadId>, 5> dependents{std::vector<ThreadId>{1, 4}, {0}, {3}, {2}, {0}};
  const std::array<ThreadId, 5> enabled{0, 1, 2, 3, 4};
  const std::array<sim::ThreadStatus, 5> status{sim::ThreadStatus::runnable, sim::ThreadStatus::runnable,
                                                sim::ThreadStatus::runnable, sim::ThreadStatus::runnable,
                                                sim::ThreadStatus::runnable};
  std::array<int, 5> movers{};
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    model::PosStrategy pos(seed);
    pos.begin_execution(0);
    std::array<sim::PendingOp, 5> now = ops;
    sim::SchedulePoint p0{0, 0, enabled, now, status, {}};
    const ThreadId mover = pos.choose_thread(p0);
    const std::vector<std::uint64_t> before(pos.priorities().begin(), pos.priorities().end());
    REQUIRE(before.size() == 5);
    for (ThreadId t = 0; t < 5; ++t) CHECK(before[t] <= before[mover]);  // the highest runs
    ++movers[mover];
    // The mover performs its operation; its next one touches an unrelated object.
    TraceEvent e;
    e.thread = mover;
    e.op = ops[mover].op;
    e.object_kind = ObjectKind::shared;
    e.object = ops[mover].object;
    e.blocking = false;
    const std::array<TraceEvent, 1> events{e};
    now[mover] = pending(OpKind::shared_write, 99);
    sim::SchedulePoint p1{1, mover, enabled, now, status, events};
    (void)pos.choose_thread(p1);
    const std::span<const std::uint64_t> after = pos.priorities();
    for (ThreadId t = 0; t < 5; ++t) {
      const bool redrawn = t == mover || std::find(dependents[mover].begin(), dependents[mover].end(), t) !=
                                             dependents[mover].end();
      CAPTURE(seed, mover, t);
      CHECK((after[t] != before[t]) == redrawn);
    }
  }
  for (int c : movers) CHECK(c > 0);  // every thread was the mover for some seed
}

TEST_CASE("strategies: surw learns the interesting set: objects two threads touched, one writing or locking") {
  // Drive the strategy directly: T0 starts T1; both write S (shared, written); both read R
  // (shared, never written); T1 alone writes P (private); both lock L.
  constexpr ObjectId kThread1 = 0, S = 1, R = 2, P = 3, L = 4;
  const auto ev = test::event;
  const std::vector<TraceEvent> events{test::started(0, 1, kThread1),
                                       ev(0, OpKind::shared_write, ObjectKind::shared, S),
                                       ev(1, OpKind::shared_write, ObjectKind::shared, S),
                                       ev(0, OpKind::shared_read, ObjectKind::shared, R),
                                       ev(1, OpKind::shared_read, ObjectKind::shared, R),
                                       ev(1, OpKind::shared_write, ObjectKind::shared, P),
                                       ev(0, OpKind::lock_acquire, ObjectKind::lock, L),
                                       ev(0, OpKind::lock_release, ObjectKind::lock, L),
                                       ev(1, OpKind::lock_acquire, ObjectKind::lock, L),
                                       ev(1, OpKind::lock_release, ObjectKind::lock, L),
                                       ev(1, OpKind::thread_exit, ObjectKind::thread, kThread1),
                                       ev(0, OpKind::thread_join, ObjectKind::thread, kThread1)};
  model::SurwStrategy surw(1, true);
  surw.begin_execution(0);
  sim::ExecutionEnd end;
  end.events = events;
  surw.end_execution(end);
  CHECK(surw.candidate(S));
  CHECK_FALSE(surw.candidate(R));
  CHECK_FALSE(surw.candidate(P));
  CHECK(surw.candidate(L));
  CHECK_FALSE(surw.candidate(kThread1));
  // Counts by creation path and object: T1 made 1 operation on S and 2 on L; T0 counts its
  // own (1 on S, 2 on L) and its child's.
  using model::SurwStrategy;
  const std::uint64_t t1 = SurwStrategy::child_path(SurwStrategy::kRootPath, 1);
  CHECK(surw.learned_count(t1, S) == 1);
  CHECK(surw.learned_count(t1, L) == 2);
  CHECK(surw.learned_count(SurwStrategy::kRootPath, S) == 2);
  CHECK(surw.learned_count(SurwStrategy::kRootPath, L) == 4);
  CHECK(surw.learned_count(SurwStrategy::kRootPath, P) == 0);
  // The next execution samples one candidate, drawn by those counts (S: 2, L: 4, of 6):
  // over many executions both are drawn, L about twice as often.
  int drawn_s = 0, drawn_l = 0;
  for (std::uint64_t i = 1; i <= 600; ++i) {
    surw.begin_execution(i);
    drawn_s += surw.target() == S;
    drawn_l += surw.target() == L;
    surw.end_execution(end);
  }
  CHECK(drawn_s + drawn_l == 600);
  CHECK(drawn_s > 150);
  CHECK(drawn_s < 250);
  CHECK(surw.learned_count(t1, L) == 2);  // the mean over the 601 executions
}

TEST_CASE("strategies: pos and surw find the failure of every failing scenario of weft list, and it replays exactly") {
  struct Variant {
    Strategy strategy;
    bool selective;
  };
  std::size_t failing = 0;
  for (const scenarios::Scenario& s : scenarios::all()) {
    if (s.expect != scenarios::Expect::fails) continue;
    ++failing;
    for (const Variant v : {Variant{Strategy::pos, true}, Variant{Strategy::surw, true}, Variant{Strategy::surw, false}}) {
      CAPTURE(s.name, to_string(v.strategy), v.selective);
      Options o = with(v.strategy, 10000, kDefaultSeed);
      o.surw_selective = v.selective;
      const Result r = explore(o, s.body);
      REQUIRE_FALSE(r.ok());
      const Failure& f = r.failure();
      const Result again = replay(f.schedule, s.body, o);
      REQUIRE_FALSE(again.ok());
      CHECK(again.failure().kind == f.kind);
      CHECK(again.failure().message == f.message);
      const std::vector<TraceEvent>& a = f.trace.events;
      const std::vector<TraceEvent>& b = again.failure().trace.events;
      REQUIRE(a.size() == b.size());
      for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].thread == b[i].thread);
        CHECK(a[i].op == b[i].op);
        CHECK(a[i].object == b[i].object);
      }
    }
  }
  CHECK(failing >= 5);
}

TEST_CASE("strategies: pos and surw are deterministic for a seed and differ across seeds") {
  auto body = [] {
    Shared<int> x{0};
    auto inc = [&] {
      for (int i = 0; i < 3; ++i) x.store(x.load() + 1);
    };
    Thread a(inc), b(inc), c(inc);
    a.start();
    b.start();
    c.start();
    a.join();
    b.join();
    c.join();
    check(x.load() == 9, "lost update");
  };
  for (Strategy s : {Strategy::pos, Strategy::surw}) {
    Options o = with(s, 1000, 7);
    o.detect_races = false;  // search for the lost update itself
    const Result r1 = explore(o, body);
    const Result r2 = explore(o, body);
    REQUIRE_FALSE(r1.ok());
    CHECK(r1.failure().schedule == r2.failure().schedule);
    CHECK(r1.stats().executions == r2.stats().executions);
  }
}

TEST_CASE("strategies: pos and surw by name, in schedule strings, and in messages") {
  CHECK(parse_strategy("pos") == Strategy::pos);
  CHECK(parse_strategy("surw") == Strategy::surw);
  CHECK(to_string(Strategy::pos) == "pos");
  CHECK(to_string(Strategy::surw) == "surw");
  CHECK(static_cast<int>(Strategy::pos) == 5);  // appended: older schedule strings keep their meaning
  CHECK(static_cast<int>(Strategy::surw) == 6);
  CHECK_FALSE(parse_strategy("urw").has_value());
  for (Strategy s : {Strategy::pos, Strategy::surw}) {
    model::Schedule sched;
    sched.strategy = s;
    sched.seed = 42;
    CHECK(model::decode_schedule(model::encode_schedule(sched)) == sched);
  }
  {
    const test::ScopedEnv uniform("WEFT_STRATEGY", "uniform");
    try {
      (void)apply_environment(Options{});
      FAIL("no UsageError");
    } catch (const UsageError& e) {
      const std::string what = e.what();
      CHECK(what.find("WEFT_STRATEGY") != std::string::npos);
      CHECK(what.find("pos") != std::string::npos);
      CHECK(what.find("surw") != std::string::npos);
    }
  }
  const test::ScopedEnv surw("WEFT_STRATEGY", "surw");
  {
    const test::ScopedEnv uniform_walk("WEFT_SURW_SELECTIVE", "0");
    const Options o = apply_environment(Options{});
    CHECK(o.strategy == Strategy::surw);
    CHECK_FALSE(o.surw_selective);
  }
  const test::ScopedEnv bad("WEFT_SURW_SELECTIVE", "maybe");
  CHECK_THROWS_AS(apply_environment(Options{}), UsageError);
}

TEST_CASE("strategies: under surw, threads that spin with yield do not starve the threads they wait for") {
  // CPython's queue shutdown pattern: readers poll with get_nowait and yield on Empty until
  // the queue is shut down; writers put, and halfway each sets an Event that lets a third
  // thread shut the queue down. With the Event's lock as the sampled object, the intended
  // writer waited for that lock while its holder waited for the intended writer's turn, and
  // the pollers spun: a livelock at the step limit before the rule that an intended thread
  // that cannot run for kPatience decisions is drawn again. (The other starvation rule, that
  // a yielder goes last and stops weighing, is what the ported CPython queue-shutdown tests
  // in tests/api need under the default strategy.)
  auto body = [] {
    Queue<int> q;
    Event halfway;
    std::vector<std::unique_ptr<Thread>> ts;
    for (int w = 0; w < 4; ++w)
      ts.push_back(std::make_unique<Thread>([&] {
        try {
          for (int i = 0; i < 12; ++i) {
            q.put(i);
            if (i == 6) halfway.set();
          }
        } catch (const ShutDown&) {
        }
      }));
    for (int r = 0; r < 6; ++r)
      ts.push_back(std::make_unique<Thread>([&] {
        for (;;) {
          try {
            (void)q.get_nowait();
          } catch (const Empty&) {
            yield();
          } catch (const ShutDown&) {
            return;
          }
        }
      }));
    ts.push_back(std::make_unique<Thread>([&] {
      halfway.wait();
      q.shutdown();
    }));
    for (auto& t : ts) t->start();
    for (auto& t : ts) t->join();
  };
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    Options o = with(Strategy::surw, 60, seed);
    o.max_steps = 20000;
    const Result r = explore(o, body);
    CAPTURE(seed, r.summary());
    CHECK(r.ok());
  }
}
