// Exploration statistics: distinct final states, budgets and what the summary says about
// them, the progress line, and the WEFT_* variables that set them.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <set>
#include <string>

#include <weft/weft.hpp>

#include "model/explorer.hpp"
#include "tests/scoped_env.hpp"

using namespace weft;

namespace {

using test::ScopedEnv;

Options with(Strategy s, std::uint64_t executions = 100000) {
  Options o;
  o.strategy = s;
  o.max_executions = executions;
  o.use_environment = false;
  o.count_final_states = true;
  // These tests count the executions and final states of racy counters (the lost update on
  // purpose), not the race report, which would end each search at its first execution.
  o.detect_races = false;
  return o;
}

// `threads` threads each do x = x + 1 (a read, then a write) and, atomically, n += 1.
void unlocked_increments(int threads) {
  Shared<int> x{0};
  Atomic<int> n{0};
  std::vector<Thread> ts;
  ts.reserve(static_cast<std::size_t>(threads));
  for (int i = 0; i < threads; ++i)
    ts.emplace_back([&] {
      x.store(x.load() + 1);
      n.fetch_add(1);
    });
  for (auto& t : ts) t.start();
  for (auto& t : ts) t.join();
}

// A clock that advances `tick` seconds each time it is read.
model::ElapsedFn fake_clock(double tick) {
  return [t = 0.0, tick]() mutable { return t += tick; };
}
}  // namespace

TEST_CASE("the lost update has exactly 2 distinct final states under dfs", "[stats]") {
  // Each thread reads x, then writes what it read + 1. If one thread's read comes after the
  // other's write, it reads 1 and x ends at 2; if both reads come before both writes, both
  // write 1 and x ends at 1. x cannot end at 0 (both threads write at least 1) nor above 2
  // (two writes of at most 1 + 1). n always ends at 2, and every execution passes, so the
  // final states are {x = 1, x = 2}: 2, from more executions than that.
  const Result r = explore(with(Strategy::dfs), [] { unlocked_increments(2); });
  REQUIRE(r.ok());
  CHECK(r.stats().complete);
  CHECK(r.stats().distinct_final_states == 2);
  CHECK(r.stats().executions > 2);
  CHECK(r.summary().find("; 2 distinct final states") != std::string::npos);
}

TEST_CASE("three unlocked increments end in exactly 3 states; dfs and a long random run agree", "[stats]") {
  // x ends at 1 (all three reads first), 2 or 3 (serial): never 0, never above 3.
  const Result d = explore(with(Strategy::dfs), [] { unlocked_increments(3); });
  REQUIRE(d.ok());
  CHECK(d.stats().complete);
  CHECK(d.stats().distinct_final_states == 3);
  Options o = with(Strategy::random, 3000);
  o.seed = 1;
  const Result r = explore(o, [] { unlocked_increments(3); });
  REQUIRE(r.ok());
  CHECK(r.stats().distinct_final_states == 3);
}

TEST_CASE("final states match the values a body collects itself; orders alone do not split them", "[stats]") {
  std::set<int> finals;
  const Result r = explore(with(Strategy::dfs), [&] {
    Shared<int> x{1};
    auto step = [&](int id) { x.store(x.load() * 3 + id); };
    Thread a(step, 1), b(step, 2), c(step, 5);
    a.start();
    b.start();
    c.start();
    a.join();
    b.join();
    c.join();
    finals.insert(x.load());
  });
  REQUIRE(r.ok());
  CHECK(r.stats().distinct_final_states == finals.size());

  // Two threads write 7 to two variables, in either order: one final state.
  const Result same = explore(with(Strategy::dfs), [] {
    Shared<int> u{0}, v{0};
    Thread a([&] { u.store(7); }), b([&] { v.store(7); });
    a.start();
    b.start();
    a.join();
    b.join();
  });
  CHECK(same.stats().executions >= 2);
  CHECK(same.stats().distinct_final_states == 1);

  // Not asked: not counted.
  Options off = with(Strategy::dfs);
  off.count_final_states = false;
  CHECK(explore(off, [] { unlocked_increments(2); }).stats().distinct_final_states == 0);
}

TEST_CASE("the ending is part of the final state", "[stats]") {
  // choose(2) picks 0 or 1; both write x = 1, but 1 then fails a check: 2 states.
  const Result r = explore(with(Strategy::dfs), [] {
    Shared<int> x{0};
    const auto c = choose(2);
    x.store(1);
    check(c == 0, "chose 1");
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.stats().executions == 2);
  CHECK(r.stats().distinct_final_states == 2);
}

TEST_CASE("a dfs stopped at its execution budget says it is not complete", "[stats]") {
  const Result r = explore(with(Strategy::dfs, 5), [] { unlocked_increments(3); });
  REQUIRE(r.ok());
  CHECK(r.stats().executions == 5);
  CHECK(r.stats().budget_exhausted);
  CHECK_FALSE(r.stats().time_budget_exhausted);
  CHECK_FALSE(r.stats().complete);
  CHECK(r.stats().exhaustive);
  CHECK(r.summary().rfind("ok: stopped at the execution budget after 5 executions (0 pruned), ", 0) == 0);
  CHECK(r.summary().find(": the search is not complete") != std::string::npos);

  const Result all = explore(with(Strategy::dfs), [] { unlocked_increments(2); });
  CHECK(all.summary().rfind("ok: search complete: all " + std::to_string(all.stats().executions) +
                                " executions (0 pruned), ",
                            0) == 0);
}

TEST_CASE("a dfs stopped at its time budget says so", "[stats]") {
  Options o = with(Strategy::dfs);
  o.time_budget_seconds = 3.5;
  // One clock read per execution (the budget check): the fourth execution sees 4.0 s.
  const Result r = model::explore_body(o, [] { unlocked_increments(3); }, fake_clock(1.0));
  REQUIRE(r.ok());
  CHECK(r.stats().executions == 4);
  CHECK(r.stats().budget_exhausted);
  CHECK(r.stats().time_budget_exhausted);
  CHECK_FALSE(r.stats().complete);
  CHECK(r.summary().rfind("ok: stopped at the time budget after 4 executions", 0) == 0);
  CHECK(r.stats().distinct_final_states >= 1);
  CHECK(r.stats().distinct_final_states <= 3);
}

TEST_CASE("the progress line: after 1 s, with executions and depth, ended by a newline", "[stats]") {
  auto run = [](Progress mode, bool terminal, double tick) {
    std::string out;
    Options o = with(Strategy::dfs);
    o.progress = mode;
    model::ProgressOutput sink{[&out](std::string_view s) { out += s; }, terminal};
    const Result r = model::explore_body(o, [] { unlocked_increments(3); }, fake_clock(tick), sink);
    CHECK(r.ok());
    return out;
  };
  const std::string shown = run(Progress::always, false, 0.125);
  REQUIRE_FALSE(shown.empty());
  CHECK(shown.rfind("\rweft: dfs  ", 0) == 0);
  CHECK(shown.find(" executions  (") != std::string::npos);
  CHECK(shown.find("/s)  depth ") != std::string::npos);
  CHECK(shown.find("  pruned 0") != std::string::npos);
  CHECK(shown.back() == '\n');
  CHECK(shown.find('\n') == shown.size() - 1);  // one line, redrawn in place
  // One clock read per execution: the first line comes at 1.0 s, after 8 executions.
  CHECK(shown.rfind("\rweft: dfs  8 executions  (8/s)  depth ", 0) == 0);

  CHECK(run(Progress::never, true, 0.125).empty());
  CHECK(run(Progress::auto_, false, 0.125).empty());
  CHECK_FALSE(run(Progress::auto_, true, 0.125).empty());
  CHECK(run(Progress::always, true, 1e-6).empty());  // a short search stays silent
}

TEST_CASE("WEFT_PROGRESS and WEFT_TIME_BUDGET are parsed, bad values refused by name", "[stats]") {
  {
    ScopedEnv p("WEFT_PROGRESS", "always");
    ScopedEnv t("WEFT_TIME_BUDGET", "0.5");
    const Options o = apply_environment(Options{});
    CHECK(o.progress == Progress::always);
    CHECK(o.time_budget_seconds == 0.5);
  }
  {
    ScopedEnv p("WEFT_PROGRESS", "never");
    CHECK(apply_environment(Options{}).progress == Progress::never);
  }
  for (const char* bad : {"sometimes", "", "ALWAYS"}) {
    ScopedEnv p("WEFT_PROGRESS", bad);
    CHECK_THROWS_WITH(apply_environment(Options{}), Catch::Contains("WEFT_PROGRESS='") &&
                                                        Catch::Contains("use auto, always or never"));
  }
  for (const char* bad : {"-1", "abc", "nan", "inf", "3s", ""}) {
    ScopedEnv t("WEFT_TIME_BUDGET", bad);
    CHECK_THROWS_AS(apply_environment(Options{}), UsageError);
    CHECK_THROWS_WITH(apply_environment(Options{}), Catch::Contains("WEFT_TIME_BUDGET='"));
  }
}

TEST_CASE("Stats and the summary state the strategy, seed and timeouts that ran, WEFT_* included", "[stats]") {
  Options o;
  o.max_executions = 3;
  o.progress = Progress::never;
  o.detect_races = false;  // unlocked_increments races on purpose; this test is about what the summary says ran
  {
    ScopedEnv s("WEFT_STRATEGY", "dfs");
    const Result r = explore(o, [] { unlocked_increments(2); });
    CHECK(r.stats().strategy == Strategy::dfs);
    CHECK(r.summary().find("; strategy dfs") != std::string::npos);
  }
  {
    ScopedEnv seed("WEFT_SEED", "77");
    ScopedEnv t("WEFT_TIMEOUTS", "explore");
    o.seed = 5;
    const Result r = explore(o, [] { unlocked_increments(2); });
    CHECK(r.stats().strategy == Strategy::surw);  // the default
    CHECK(r.stats().seed == 77);
    CHECK(r.stats().timeouts == TimeoutPolicy::explore);
    CHECK(r.summary().find("; strategy surw, seed 77, timeouts explore") != std::string::npos);
  }
  {
    // surw says which walk ran: the selective one by default, the non-selective one (URW)
    // with Options::surw_selective = false or WEFT_SURW_SELECTIVE=0, which overrides it.
    Options u = o;
    u.seed = 3;
    u.strategy = Strategy::surw;
    u.use_environment = false;
    const Result selective = explore(u, [] { unlocked_increments(2); });
    CHECK(selective.stats().surw_selective);
    CHECK(selective.stats().what_ran() == "surw, seed 3");
    u.surw_selective = false;
    const Result uniform = explore(u, [] { unlocked_increments(2); });
    CHECK_FALSE(uniform.stats().surw_selective);
    CHECK(uniform.stats().what_ran() == "surw, non-selective, seed 3");
    CHECK(uniform.summary().find("; strategy surw, non-selective, seed 3") != std::string::npos);
    ScopedEnv env("WEFT_SURW_SELECTIVE", "0");
    u.surw_selective = true;
    u.use_environment = true;
    CHECK(explore(u, [] { unlocked_increments(2); }).stats().what_ran() == "surw, non-selective, seed 3");
    u.strategy = Strategy::pos;  // the switch is surw's alone: other strategies never show it
    const Result pos = explore(u, [] { unlocked_increments(2); });
    CHECK(pos.stats().surw_selective);
    CHECK(pos.stats().what_ran() == "pos, seed 3");
  }
  o.seed.reset();
  o.use_environment = false;
  const Result r = explore(o, [] { unlocked_increments(2); });
  CHECK(r.stats().seed == kDefaultSeed);
  CHECK(r.stats().what_ran() == "surw, seed " + std::to_string(kDefaultSeed));
}

TEST_CASE("the progress line of a dfs or dpor search that lasts shows the estimated total and an ETA", "[stats]") {
  for (const Strategy s : {Strategy::dfs, Strategy::dpor}) {
    CAPTURE(to_string(s));
    std::string out;
    Options o = with(s);
    o.progress = Progress::always;
    model::ProgressOutput sink{[&out](std::string_view text) { out += text; }, false};
    const Result r = model::explore_body(o, [] { unlocked_increments(3); }, fake_clock(0.25), sink);
    REQUIRE(r.ok());
    // "≈ 37% of ~15,400, ETA 12s", or "past the estimate of ~T" once the count passed it.
    const bool share = out.find("% of ~") != std::string::npos && out.find("ETA") != std::string::npos;
    CHECK((share || out.find("past the estimate of ~") != std::string::npos));
  }
  // A sampling search has no total to estimate.
  std::string sampled;
  Options o = with(Strategy::random, 200);
  o.progress = Progress::always;
  model::ProgressOutput sink{[&sampled](std::string_view text) { sampled += text; }, false};
  REQUIRE(model::explore_body(o, [] { unlocked_increments(3); }, fake_clock(0.25), sink).ok());
  CHECK_FALSE(sampled.empty());
  CHECK(sampled.find(" of ~") == std::string::npos);
}

TEST_CASE("the progress line says when dpor switched to source-DPOR, and only then", "[stats]") {
  auto progress_of = [](std::size_t tree_mb) {
    std::string out;
    Options o = with(Strategy::dpor);
    o.progress = Progress::always;
    o.dpor_tree_mb = tree_mb;
    model::ProgressOutput sink{[&out](std::string_view text) { out += text; }, false};
    const Result r = model::explore_body(o, [] { unlocked_increments(3); }, fake_clock(0.25), sink);
    CHECK(r.ok());
    CHECK(r.stats().dpor_source_from == (tree_mb == 0 ? 1u : 0u));
    return out;
  };
  const std::string limited = progress_of(0);  // no tree at all: source-DPOR from the first execution
  REQUIRE_FALSE(limited.empty());
  CHECK(limited.find("  source-DPOR from execution 1") != std::string::npos);
  const std::string unlimited = progress_of(Options{}.dpor_tree_mb);
  REQUIRE_FALSE(unlimited.empty());
  CHECK(unlimited.find("source-DPOR") == std::string::npos);
}
