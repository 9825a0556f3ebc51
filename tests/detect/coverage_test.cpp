// Coverage assertions (weft::sometimes, weft::reachable, WEFT_REACHABLE): the per-exploration
// recorder and its report, the scope that installs it, calls from simulated threads (recorded
// without changing the execution) and from real threads (the process-wide table).
// Names start with "coverage:" (the TSan job selects real-thread tests by other prefixes).
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <functional>
#include <optional>
#include <source_location>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <weft/weft.hpp>

#include "detect/coverage.hpp"
#include "model/failure_builder.hpp"
#include "model/random_strategy.hpp"
#include "sim/execution.hpp"
#include "tests/detect/coverage_declared_labels.hpp"

namespace {

using weft::CoverageKind;
using weft::CoverageLabel;
using weft::detect::CoverageRecorder;
using weft::detect::CoverageScope;

std::optional<CoverageLabel> find_label(const std::vector<CoverageLabel>& labels, std::string_view label) {
  for (const CoverageLabel& l : labels)
    if (l.label == label) return l;
  return std::nullopt;
}

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

const char* this_file() { return std::source_location::current().file_name(); }

// One simulated execution of `body`, without explore(): so the test controls which recorder
// is current (explore() installs its own).
struct Run {
  std::optional<weft::sim::FailureInfo> info;
  std::vector<weft::TraceEvent> events;
  std::vector<weft::sim::Decision> decisions;
};
Run run_once(const std::function<void()>& body, std::uint64_t seed, std::uint64_t index) {
  weft::sim::Execution ex(weft::sim::ExecutionConfig{});
  weft::model::RandomStrategy strategy(seed);
  strategy.begin_execution(index);
  Run r;
  r.info = ex.run(body, strategy);
  r.events = ex.events();
  r.decisions = ex.decisions();
  return r;
}

// Two threads that each increment a Shared; with `evaluate`, they also evaluate coverage
// labels, from values already read (so the weft operations are the same either way).
std::function<void()> racing_increments(const bool& evaluate) {
  return [&evaluate] {
    weft::Shared<int> x{0};
    weft::Thread a([&] {
      const int after = x + 1;
      x = after;
      if (evaluate) weft::sometimes(after == 2, "coverage sim: a saw two");
    });
    weft::Thread b([&] {
      const int after = x + 1;
      x = after;
      if (evaluate) weft::reachable("coverage sim: b ran");
    });
    a.start();
    b.start();
    a.join();
    b.join();
  };
}

}  // namespace

TEST_CASE("coverage: a sometimes label true once is satisfied", "[coverage]") {
  CoverageRecorder r;
  for (int i = 0; i < 3; ++i) r.record(CoverageKind::sometimes, false, "once", "/src/a.cpp", 4, "void a()");
  r.record(CoverageKind::sometimes, true, "once", "/src/a.cpp", 4, "void a()");
  CHECK_FALSE(r.unsatisfied(4, false).has_value());
  const auto l = find_label(r.expected(), "once");
  REQUIRE(l);
  CHECK(l->kind == CoverageKind::sometimes);
  CHECK(l->times_seen == 4);
  CHECK(l->times_satisfied == 1);
  CHECK(l->file == "/src/a.cpp");
  CHECK(l->line == 4);
  CHECK(l->function == "a()");
  CHECK_FALSE(l->declared);
}

TEST_CASE("coverage: a sometimes label never true is reported with its label and place", "[coverage]") {
  CoverageRecorder r;
  r.record(CoverageKind::sometimes, false, "saw partial", "/src/x.cpp", 12, "bool Batch::check(int) const");
  r.record(CoverageKind::sometimes, true, "fine", "/src/x.cpp", 20, "void f()");
  r.record(CoverageKind::sometimes, false, "saw partial", "/src/other.cpp", 99, "void g()");  // same label elsewhere

  const auto info = r.unsatisfied(1000, false);
  REQUIRE(info);
  CHECK(info->kind == weft::FailureKind::never_reached);
  CHECK(info->thread == weft::kNoThread);
  CHECK(info->message ==
        "1 coverage label never satisfied in 1,000 executions (search not complete): "
        "\"saw partial\" (sometimes at x.cpp:12)");
  CHECK(info->details.find("\"saw partial\": sometimes at x.cpp:12 in Batch::check() const: evaluated 2 times, never true\n") == 0);
  CHECK(info->details.find("the search was not complete") != std::string::npos);
  CHECK(info->details.find("\"fine\"") == std::string::npos);

  const auto all = r.unsatisfied(24, true);
  REQUIRE(all);
  CHECK(all->message ==
        "1 coverage label never satisfied in all 24 executions of a complete search: "
        "\"saw partial\" (sometimes at x.cpp:12)");
  CHECK(all->details.find("the search was complete: no interleaving satisfies these labels") != std::string::npos);
}

TEST_CASE("coverage: unsatisfied labels are listed by label, the message names five", "[coverage]") {
  CoverageRecorder r;
  for (const char* label : {"g", "c", "a", "f", "b", "e", "d"})
    r.record(CoverageKind::sometimes, false, label, "/src/m.cpp", 1, "");
  r.record(CoverageKind::sometimes, false, "a", "/src/m.cpp", 1, "");
  const auto info = r.unsatisfied(1, false);
  REQUIRE(info);
  CHECK(info->message ==
        "7 coverage labels never satisfied in 1 execution (search not complete): \"a\" (sometimes at m.cpp:1), "
        "\"b\" (sometimes at m.cpp:1), \"c\" (sometimes at m.cpp:1), \"d\" (sometimes at m.cpp:1), "
        "\"e\" (sometimes at m.cpp:1), and 2 more");
  CHECK(info->details.find("\"a\": sometimes at m.cpp:1: evaluated 2 times, never true\n\"b\": ") == 0);
  CHECK(info->details.find("\"g\": sometimes at m.cpp:1: evaluated 1 time, never true\n") != std::string::npos);
}

TEST_CASE("coverage: a reachable label is satisfied by being reached", "[coverage]") {
  CoverageRecorder r;
  CHECK(r.empty());
  r.record(CoverageKind::reachable, true, "drained", "/src/y.cpp", 30, "void Worker::drain()");
  CHECK_FALSE(r.empty());
  CHECK_FALSE(r.unsatisfied(1, false).has_value());
  const auto l = find_label(r.expected(), "drained");
  REQUIRE(l);
  CHECK(l->kind == CoverageKind::reachable);
  CHECK(l->times_seen == 1);
  CHECK(l->times_satisfied == 1);
}

TEST_CASE("coverage: a recorder that saw no label reports nothing", "[coverage]") {
  // Declared labels exist in this process (below), yet an exploration that ran none of
  // their functions must not be failed by them.
  const CoverageRecorder r;
  CHECK(r.expected().empty());
  CHECK_FALSE(r.unsatisfied(1000, true).has_value());
}

TEST_CASE("coverage: WEFT_REACHABLE declares its label before main", "[coverage]") {
  // coverage_declared_labels.cpp holds nothing but a function no one calls, and no static
  // object but the declaration: the label can only have been registered by that file's
  // static initialisation, which g++ runs before main.
  const auto l = find_label(weft::coverage_labels(), weft_test::kNeverCalledLabel);
  REQUIRE(l);
  CHECK(l->declared);
  CHECK(l->kind == CoverageKind::reachable);
  CHECK(ends_with(l->file, "tests/detect/coverage_declared_labels.cpp"));
  CHECK(l->line == weft_test::kNeverCalledLine);
  CHECK(l->function == "weft_test::never_called_reachable()");
  CHECK(l->times_seen == 0);
  CHECK(l->times_satisfied == 0);
}

TEST_CASE("coverage: a declared label never reached is reported with where it is declared", "[coverage]") {
  const auto declared = find_label(weft::coverage_labels(), weft_test::kNeverCalledLabel);
  REQUIRE(declared);
  CoverageRecorder r;  // an exploration that evaluated another label in the same function
  r.record(CoverageKind::sometimes, true, "coverage test: same function", declared->file, 3,
           "void weft_test::never_called_reachable()");
  const auto info = r.unsatisfied(50, false);
  REQUIRE(info);
  const std::string line = std::to_string(weft_test::kNeverCalledLine);
  CHECK(info->message == "1 coverage label never satisfied in 50 executions (search not complete): "
                         "\"coverage test: declared, never called\" (reachable, declared at "
                         "coverage_declared_labels.cpp:" + line + ")");
  CHECK(info->details.find("\"coverage test: declared, never called\": reachable, declared at "
                           "coverage_declared_labels.cpp:" + line +
                           " in weft_test::never_called_reachable(): never reached\n") == 0);
  const auto l = find_label(r.expected(), weft_test::kNeverCalledLabel);
  REQUIRE(l);
  CHECK(l->declared);
  CHECK(l->times_seen == 0);
}

TEST_CASE("coverage: declared labels are expected only by explorations that ran their function", "[coverage]") {
  const auto declared = find_label(weft::coverage_labels(), weft_test::kNeverCalledLabel);
  REQUIRE(declared);
  CoverageRecorder elsewhere;  // the same file, another function: not expected
  elsewhere.record(CoverageKind::sometimes, true, "coverage test: elsewhere", declared->file, 1, "void unrelated()");
  CHECK_FALSE(find_label(elsewhere.expected(), weft_test::kNeverCalledLabel));
  CHECK_FALSE(elsewhere.unsatisfied(10, false).has_value());

  CoverageRecorder namesake;  // the same function name in another file (static functions): not expected
  namesake.record(CoverageKind::sometimes, true, "coverage test: namesake", this_file(), 1,
                  "void weft_test::never_called_reachable()");
  CHECK_FALSE(find_label(namesake.expected(), weft_test::kNeverCalledLabel));
  CHECK_FALSE(namesake.unsatisfied(10, false).has_value());

  CoverageRecorder same;  // the same file and function: expected
  same.record(CoverageKind::sometimes, true, "coverage test: same", declared->file, 1,
              "void weft_test::never_called_reachable()");
  CHECK(find_label(same.expected(), weft_test::kNeverCalledLabel));
}

TEST_CASE("coverage: a declared label in a function whose weft operations ran is expected", "[coverage]") {
  // The reader's branch is never taken (x is never 5), so its label is never evaluated; the
  // reader did read x, so the events of that execution show its function ran. (load(), not
  // the implicit conversion: a read through `operator T` carries no source location.)
  const Run run = run_once(
      [] {
        weft::Shared<int> x{0};
        weft::Thread reader([&] {
          if (x.load() == 5) WEFT_REACHABLE("coverage sim: x was five");
        });
        reader.start();
        reader.join();
      },
      3, 0);
  REQUIRE_FALSE(run.info.has_value());
  CoverageRecorder r;
  CHECK_FALSE(find_label(r.expected(), "coverage sim: x was five"));  // nothing known ran yet
  r.note_ran(run.events);
  const auto l = find_label(r.expected(), "coverage sim: x was five");
  REQUIRE(l);
  CHECK(l->declared);
  CHECK(l->times_seen == 0);
  CHECK(l->function.find("::<lambda>::<lambda>") != std::string::npos);
  const auto info = r.unsatisfied(1, true);
  REQUIRE(info);
  CHECK(info->message.find("\"coverage sim: x was five\" (reachable, declared at coverage_test.cpp:") !=
        std::string::npos);
  CHECK(info->message.find(" never satisfied in the only execution of a complete search: ") != std::string::npos);
  CHECK_FALSE(find_label(r.expected(), weft_test::kNeverCalledLabel));
}

TEST_CASE("coverage: function_key drops return and parameter types and template arguments", "[coverage]") {
  using weft::detect::function_key;
  CHECK(function_key("int main()") == "main()");
  CHECK(function_key("void weft_test::never_called_reachable()") == "weft_test::never_called_reachable()");
  CHECK(function_key("std::vector<U> W<T>::m(U) const [with U = double; T = int [3]]") == "W::m() const");
  CHECK(function_key("std::vector<U> W<T>::m(U) const") == "W::m() const");
  CHECK(function_key("W<int [3]>::m<double>(double) const::<lambda(auto:11)> [with auto:11 = int]") ==
        "W::m() const::<lambda>");
  CHECK(function_key("W<T>::m(U) const::<lambda(auto:11)>") == "W::m() const::<lambda>");
  CHECK(function_key("static void W<T>::s() [with T = char]") == "W::s()");
  CHECK(function_key("void W<T>::operator()(int) [with T = int [3]]") == "W::operator()()");
  CHECK(function_key("bool S::operator<(const S&) const") == "S::operator<() const");
  CHECK(function_key("S& S::operator<<=(int)") == "S::operator<<=()");
  CHECK(function_key("main()::<lambda()>::<lambda()>") == "main()::<lambda>::<lambda>");
  CHECK(function_key("") == "");
}

TEST_CASE("coverage: CoverageScope installs its recorder for this OS thread only, and restores the previous one",
          "[coverage]") {
  REQUIRE(weft::detect::current_recorder() == nullptr);
  {
    CoverageScope outer;
    CHECK(weft::detect::current_recorder() == &outer.recorder());
    {
      CoverageScope inner;
      CHECK(weft::detect::current_recorder() == &inner.recorder());
      CoverageRecorder* seen_elsewhere = &inner.recorder();
      std::thread([&] { seen_elsewhere = weft::detect::current_recorder(); }).join();
      CHECK(seen_elsewhere == nullptr);
    }
    CHECK(weft::detect::current_recorder() == &outer.recorder());
  }
  CHECK(weft::detect::current_recorder() == nullptr);
}

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
  CHECK(ends_with(a->file, "coverage_test.cpp"));
  CHECK(a->function == "{anonymous}::racing_increments()::<lambda>::<lambda>");
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
  CHECK(ends_with(s->file, "coverage_test.cpp"));
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
