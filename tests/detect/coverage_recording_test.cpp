// Coverage assertions where they are called from: simulated threads (recorded into the
// current exploration's recorder without changing the execution), replay (nothing recorded),
// real threads (the process-wide table); and how a coverage failure is reported.
// Names start with "coverage:" (the TSan job selects real-thread tests by other prefixes).
#include <catch2/catch.hpp>

#include "coverage_checks.hpp"

using namespace weft::test;

TEST_CASE("coverage: calls on simulated threads record into the current recorder, not the process table",
          "[coverage]") {
  const bool evaluate = true;
  CoverageScope scope;
  for (std::uint64_t i = 0; i < 20; ++i) {
    const Run r = run_once(racing_increments(evaluate), 7, i);
    REQUIRE_FALSE(r.info.has_value());
  }
  const std::vector<CoverageLabel> labels = scope.recorder().expected();
  const auto a = find_label(labels, "coverage sim: a saw two");
  REQUIRE(a);
  CHECK(a->kind == CoverageKind::sometimes);
  CHECK(a->times_seen == 20);
  CHECK(a->times_satisfied > 0);   // a ran second in some of the 20 executions...
  CHECK(a->times_satisfied < 20);  // ...and first in others (or lost b's update)
  CHECK(ends_with(a->file, "coverage_checks.hpp"));
  CHECK(a->function == "weft::test::racing_increments()::<lambda>::<lambda>");
  const auto b = find_label(labels, "coverage sim: b ran");
  REQUIRE(b);
  CHECK(b->kind == CoverageKind::reachable);
  CHECK(b->times_satisfied == 20);

  const std::vector<CoverageLabel> process = weft::coverage_labels();
  CHECK_FALSE(find_label(process, "coverage sim: a saw two"));
  CHECK_FALSE(find_label(process, "coverage sim: b ran"));
}

TEST_CASE("coverage: without a recorder, calls on simulated threads record nothing", "[coverage]") {
  REQUIRE(weft::detect::current_recorder() == nullptr);
  const bool evaluate = true;
  const Run r = run_once(racing_increments(evaluate), 7, 0);
  CHECK_FALSE(r.info.has_value());
  CHECK_FALSE(find_label(weft::coverage_labels(), "coverage sim: b ran"));
}

TEST_CASE("coverage: evaluating labels changes neither the events nor the decisions of an execution",
          "[coverage]") {
  bool evaluate = false;
  const std::function<void()> body = racing_increments(evaluate);
  CoverageScope scope;
  for (std::uint64_t i = 0; i < 30; ++i) {
    evaluate = false;
    const Run without = run_once(body, 11, i);
    evaluate = true;
    const Run with = run_once(body, 11, i);
    INFO("execution " << i);
    CHECK_FALSE(weft::model::first_difference(without.events, with.events).has_value());
    CHECK(without.decisions == with.decisions);
  }
  const auto b = find_label(scope.recorder().expected(), "coverage sim: b ran");
  REQUIRE(b);
  CHECK(b->times_seen == 30);  // the calls did run
}

TEST_CASE("coverage: WEFT_REACHABLE reached on a simulated thread satisfies its declared label", "[coverage]") {
  CoverageScope scope;
  const Run r = run_once(
      [] {
        weft::Thread t([] { WEFT_REACHABLE("coverage sim: declared and reached"); });
        t.start();
        t.join();
      },
      1, 0);
  REQUIRE_FALSE(r.info.has_value());
  const auto l = find_label(scope.recorder().expected(), "coverage sim: declared and reached");
  REQUIRE(l);
  CHECK(l->declared);
  CHECK(l->kind == CoverageKind::reachable);
  CHECK(l->times_seen == 1);
  CHECK(l->times_satisfied == 1);
  // Other tests' declared labels (in this file too) are not expected of this execution.
  CHECK_FALSE(scope.recorder().unsatisfied(1, false).has_value());

  const auto process = find_label(weft::coverage_labels(), "coverage sim: declared and reached");
  REQUIRE(process);  // declared, so listed for the process, but never reached on a real thread
  CHECK(process->times_seen == 0);
}

TEST_CASE("coverage: weft::replay records no coverage label", "[coverage]") {
  const auto body = [] {
    weft::sometimes(false, "coverage replay: never true");
    weft::check(false, "fails at once");
  };
  weft::Options o;
  o.use_environment = false;
  const weft::Result first = weft::explore(o, body);
  REQUIRE_FALSE(first.ok());
  REQUIRE(first.failure().kind == weft::FailureKind::check_failed);
  const weft::Result again = weft::replay(first.failure().schedule, body, o);
  REQUIRE_FALSE(again.ok());
  CHECK(again.failure().kind == weft::FailureKind::check_failed);
  CHECK_FALSE(find_label(weft::coverage_labels(), "coverage replay: never true"));
}

TEST_CASE("coverage: calls on real std::threads record into the process-wide table", "[coverage]") {
  constexpr int kThreads = 4, kCalls = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([t] {
      for (int i = 0; i < kCalls; ++i) {
        weft::sometimes(t == 2 && i < 5, "coverage os: std::thread sometimes");
        weft::reachable("coverage os: std::thread reachable");
      }
    });
  for (std::thread& t : threads) t.join();
  const std::vector<CoverageLabel> labels = weft::coverage_labels();
  CHECK(std::is_sorted(labels.begin(), labels.end(),
                       [](const CoverageLabel& a, const CoverageLabel& b) { return a.label < b.label; }));
  const auto s = find_label(labels, "coverage os: std::thread sometimes");
  REQUIRE(s);
  CHECK(s->kind == CoverageKind::sometimes);
  CHECK(s->times_seen == kThreads * kCalls);
  CHECK(s->times_satisfied == 5);
  CHECK(ends_with(s->file, "coverage_recording_test.cpp"));
  CHECK_FALSE(s->declared);
  const auto r = find_label(labels, "coverage os: std::thread reachable");
  REQUIRE(r);
  CHECK(r->kind == CoverageKind::reachable);
  CHECK(r->times_satisfied == kThreads * kCalls);
}

TEST_CASE("coverage: calls on weft::Threads outside explore record into the process-wide table", "[coverage]") {
  REQUIRE_FALSE(weft::in_simulation());
  weft::Thread a([] { weft::sometimes(false, "coverage os: weft::Thread sometimes"); });
  weft::Thread b([] {
    weft::sometimes(true, "coverage os: weft::Thread sometimes");
    WEFT_REACHABLE("coverage os: weft::Thread declared");
  });
  a.start();
  b.start();
  a.join();
  b.join();
  const std::vector<CoverageLabel> labels = weft::coverage_labels();
  const auto s = find_label(labels, "coverage os: weft::Thread sometimes");
  REQUIRE(s);
  CHECK(s->times_seen == 2);
  CHECK(s->times_satisfied == 1);
  const auto d = find_label(labels, "coverage os: weft::Thread declared");
  REQUIRE(d);
  CHECK(d->declared);
  CHECK(d->times_seen == 1);
  CHECK(d->times_satisfied == 1);
}

TEST_CASE("coverage: a coverage failure reports without a table or a replay line", "[coverage]") {
  CoverageRecorder r;
  r.record(CoverageKind::sometimes, false, "coverage report: never", "/src/x.cpp", 12, "void x()");
  const auto info = r.unsatisfied(1000, false);
  REQUIRE(info);
  const weft::Failure f = weft::detect::coverage_failure(*info, 1000, 7);
  CHECK(f.kind == weft::FailureKind::never_reached);
  CHECK(f.thread == weft::kNoThread);
  CHECK(f.trace.events.empty());
  CHECK(f.schedule.empty());
  CHECK(f.execution == 1000);
  CHECK(f.seed == 7);

  const std::string report = f.report();
  CHECK(report.rfind("FAILURE: never reached: 1 coverage label never satisfied in 1,000 executions", 0) == 0);
  CHECK(report.find("\n  \"coverage report: never\": sometimes at x.cpp:12 in x(): evaluated 1 time, never true\n") !=
        std::string::npos);
  CHECK(report.find("step") == std::string::npos);  // no interleaving table
  CHECK(report.find("schedule:") == std::string::npos);
  CHECK(report.find("WEFT_REPLAY") == std::string::npos);
  CHECK(report.find("\nno schedule to replay: this failure is about the search as a whole (1000 executions, seed 7), "
                    "not one execution\n") != std::string::npos);

  weft::Stats stats;
  stats.executions = 1000;
  const std::string summary = weft::Result(f, stats).summary();
  CHECK(summary.rfind(report, 0) == 0);
}

TEST_CASE("coverage: a failure with a schedule but no events prints no empty table", "[coverage]") {
  weft::Failure f;
  f.kind = weft::FailureKind::check_failed;
  f.message = "at once";
  f.schedule = "weft1:abc";
  const std::string report = f.report();
  CHECK(report.find("step") == std::string::npos);
  CHECK(report.find("\nschedule: weft1:abc\n") != std::string::npos);
  CHECK(report.find("replay it: WEFT_REPLAY=weft1:abc ") != std::string::npos);
}

TEST_CASE("coverage: coverage_verdict turns unsatisfied labels into the exploration's failure", "[coverage]") {
  weft::Stats stats;
  stats.executions = 12;
  stats.complete = true;
  stats.seed = 99;
  CoverageRecorder satisfied;
  satisfied.record(CoverageKind::sometimes, true, "coverage verdict: ok", "/src/v.cpp", 1, "void v()");
  CHECK_FALSE(weft::detect::coverage_verdict(satisfied, {}, stats).has_value());

  CoverageRecorder missing;
  missing.record(CoverageKind::sometimes, false, "coverage verdict: never", "/src/v.cpp", 2, "void v()");
  const std::optional<weft::Failure> f = weft::detect::coverage_verdict(missing, {}, stats);
  REQUIRE(f);
  CHECK(f->kind == weft::FailureKind::never_reached);
  CHECK(f->message == "1 coverage label never satisfied in all 12 executions of a complete search: "
                      "\"coverage verdict: never\" (sometimes at v.cpp:2)");
  CHECK(f->execution == 12);
  CHECK(f->seed == 99);
  CHECK(f->schedule.empty());
  CHECK(f->trace.events.empty());
}
