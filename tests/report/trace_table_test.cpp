// report/trace_table and the Failure/Result text: hand-built traces, checked cell by cell.
#include <catch2/catch.hpp>

#include <source_location>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <weft/result.hpp>

#include "report/trace_table.hpp"

namespace {

using weft::TraceEvent;
using weft::ObjectKind;
using weft::OpKind;
using weft::SwitchReason;
using weft::ThreadId;
using weft::Trace;

// The caller's location (in this file).
std::source_location here(std::source_location l = std::source_location::current()) { return l; }
// A location inside a libstdc++ header; defined at the end of this file (it uses #line).
std::source_location in_std_header();

TraceEvent ev(std::uint32_t step, ThreadId t, OpKind op, weft::ObjectId obj = weft::kNoObject) {
  TraceEvent e;
  e.step = step;
  e.thread = t;
  e.op = op;
  e.object = obj;
  return e;
}

TraceEvent with_value(TraceEvent e, std::int64_t v) {
  e.has_value = true;
  e.value = v;
  return e;
}

TraceEvent switched(TraceEvent e, SwitchReason r, ThreadId from, weft::ObjectId on = weft::kNoObject) {
  e.reason = r;
  e.switched_from = from;
  e.blocked_on = on;
  return e;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// The line of the table that contains `needle` (exactly one must).
std::string line_with(const std::string& table, const std::string& needle) {
  std::string found;
  int count = 0;
  for (const auto& l : lines_of(table))
    if (l.find(needle) != std::string::npos) {
      found = l;
      ++count;
    }
  INFO("looking for: " << needle << "\nin:\n" << table);
  REQUIRE(count == 1);
  return found;
}

// Two-thread trace: T0 starts T1, T1 is preempted in, reads, writes, exits, T0 joins.
Trace two_threads() {
  Trace t;
  t.thread_names = {"MainThread", "Thread-1"};
  t.object_labels = {"Lock#0", "T1", "Shared#2"};
  t.events = {
      ev(0, 0, OpKind::thread_start, 1),
      switched(with_value(ev(1, 1, OpKind::shared_read, 2), 0), SwitchReason::preempted, 0),
      with_value(ev(2, 1, OpKind::shared_write, 2), 1),
      ev(3, 1, OpKind::thread_exit, 1),
      switched(ev(4, 0, OpKind::thread_join, 1), SwitchReason::finished, 1),
  };
  return t;
}

}  // namespace

TEST_CASE("header names every thread in its own column", "[report]") {
  const std::string table = weft::report::render_table(two_threads());
  const auto lines = lines_of(table);
  REQUIRE(lines.size() >= 2);
  CHECK(lines[0].rfind("step", 0) == 0);
  CHECK(lines[0].find("T0 MainThread") != std::string::npos);
  CHECK(lines[0].find("T1 Thread-1") != std::string::npos);
  CHECK(lines[0].find("T0 MainThread") < lines[0].find("T1 Thread-1"));
  CHECK(lines[0].find('|') != std::string::npos);
  // Plain ASCII only.
  for (char c : table) CHECK(static_cast<unsigned char>(c) < 128);
}

TEST_CASE("each event's text sits at its thread's column offset", "[report]") {
  const std::string table = weft::report::render_table(two_threads());
  const std::string header = lines_of(table)[0];
  const auto col0 = header.find("T0 MainThread");
  const auto col1 = header.find("T1 Thread-1");

  CHECK(line_with(table, "thread.start T1").find("thread.start T1") == col0);
  CHECK(line_with(table, "read Shared#2 -> 0").find("read Shared#2 -> 0") == col1);
  CHECK(line_with(table, "write Shared#2 <- 1").find("write Shared#2 <- 1") == col1);
  CHECK(line_with(table, "exit").find("exit") == col1);
  CHECK(line_with(table, "thread.join T1").find("thread.join T1") == col0);
  // The step number starts each event row.
  CHECK(line_with(table, "write Shared#2").rfind("2 ", 0) == 0);
}

TEST_CASE("switch rows come exactly before events with a reason", "[report]") {
  const auto lines = lines_of(weft::report::render_table(two_threads()));
  std::vector<std::size_t> switch_rows;
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i].find("switch") != std::string::npos) switch_rows.push_back(i);
  REQUIRE(switch_rows.size() == 2);

  const std::string& first = lines[switch_rows[0]];
  CHECK(first.rfind("------ switch T0 -> T1: preempted", 0) == 0);
  REQUIRE(switch_rows[0] + 1 < lines.size());
  CHECK(lines[switch_rows[0] + 1].find("read Shared#2") != std::string::npos);
  CHECK(lines[switch_rows[0] - 1].find("thread.start") != std::string::npos);

  const std::string& second = lines[switch_rows[1]];
  CHECK(second.find("switch T1 -> T0") != std::string::npos);
  CHECK(second.find("T1 finished") != std::string::npos);
  CHECK(lines[switch_rows[1] + 1].find("thread.join T1") != std::string::npos);
  // Full width: the switch row is as long as the rule under the header.
  CHECK(first.size() == lines[1].size());
  CHECK(first.back() == '-');
}

TEST_CASE("blocked switches name the object waited for", "[report]") {
  Trace t;
  t.thread_names = {"MainThread", "Thread-1"};
  t.object_labels = {"Lock#0", "T1", "Shared#2", "Lock#3"};
  t.events = {ev(0, 0, OpKind::lock_acquire, 3),
              switched(ev(1, 1, OpKind::lock_release, 3), SwitchReason::blocked, 0, 3)};
  const std::string row = line_with(weft::report::render_table(t), "switch");
  CHECK(row.find("switch T0 -> T1: T0 blocked on Lock#3") != std::string::npos);
}

TEST_CASE("source locations are shown, unknown and std-header ones omitted", "[report]") {
  Trace t;
  t.thread_names = {"MainThread"};
  t.object_labels = {"Lock#0"};
  const auto where = here();
  TraceEvent a = ev(0, 0, OpKind::lock_acquire, 0);
  a.where = where;
  TraceEvent b = ev(1, 0, OpKind::lock_release, 0);  // default location: unknown
  TraceEvent c = ev(2, 0, OpKind::lock_acquire, 0);
  c.where = in_std_header();
  REQUIRE(std::string(c.where.file_name()).find("/bits/") != std::string::npos);
  t.events = {a, b, c};
  weft::report::TableOptions wide;
  wide.max_column_width = 80;
  const std::string table = weft::report::render_table(t, wide);
  const std::string loc = "trace_table_test.cpp:" + std::to_string(where.line());
  const auto rows = lines_of(table);
  REQUIRE(rows.size() == 5);  // header, rule, three events
  const auto where_col = rows[0].find("| where");
  REQUIRE(where_col != std::string::npos);
  CHECK(rows[2].substr(where_col) == "| " + loc);
  CHECK(rows[2].find("lock.acquire Lock#0") < where_col);
  CHECK(rows[3].size() <= where_col + 1);  // unknown location: the where cell is empty
  CHECK(rows[4].size() <= where_col + 1);  // std header: omitted
  CHECK(weft::report::event_location(a) == loc);
  CHECK(weft::report::event_location(c).empty());
}

TEST_CASE("describe_event covers values, failures and the short operations", "[report]") {
  Trace t;
  t.object_labels = {"Lock#0", "T1", "Shared#2"};
  using weft::report::describe_event;
  TraceEvent failed = ev(0, 0, OpKind::lock_acquire, 0);
  failed.ok = false;
  CHECK(describe_event(t, failed) == "lock.acquire Lock#0 -> False");
  CHECK(describe_event(t, with_value(ev(0, 0, OpKind::sleep), 10)) == "sleep 10ms");
  CHECK(describe_event(t, with_value(ev(0, 0, OpKind::choose), 2)) == "choose -> 2");
  CHECK(describe_event(t, ev(0, 0, OpKind::thread_exit, 1)) == "exit");
  CHECK(describe_event(t, ev(0, 0, OpKind::check_failed)) == "check failed");
  CHECK(describe_event(t, ev(0, 0, OpKind::shared_read, 2)) == "read Shared#2");  // no value
  CHECK(describe_event(t, with_value(ev(0, 0, OpKind::shared_read, 2), -7)) == "read Shared#2 -> -7");
  CHECK(describe_event(t, with_value(ev(0, 0, OpKind::atomic_rmw, 2), 5)) == "atomic.rmw Shared#2 <- 5");
}

TEST_CASE("long cells and thread names are truncated at the column width", "[report]") {
  Trace t;
  t.thread_names = {"MainThread", "a-very-long-worker-thread-name-indeed"};
  t.object_labels = {"Shared#0 an_extremely_long_variable_name_for_a_counter"};
  t.events = {with_value(ev(0, 1, OpKind::shared_write, 0), 123456)};
  weft::report::TableOptions opts;
  opts.max_column_width = 20;
  const auto lines = lines_of(weft::report::render_table(t, opts));
  REQUIRE(lines.size() == 3);
  const std::size_t col = lines[0].find("T1 ");  // the thread's column (a "where" column follows)
  REQUIRE(col != std::string::npos);
  const std::string header_cell = lines[0].substr(col, 20);
  CHECK(header_cell == std::string("T1 a-very-long-worker-thread-name-indeed").substr(0, 17) + "...");
  const std::string event_cell = lines[2].substr(col, 20);
  CHECK(event_cell.size() == 20);
  CHECK(event_cell == std::string("write Shared#0 an_extremely").substr(0, 17) + "...");
  // Short cells are not touched.
  opts.max_column_width = 200;
  CHECK(lines_of(weft::report::render_table(t, opts))[2].find("<- 123456") != std::string::npos);
}

TEST_CASE("out-of-range object and thread ids do not crash", "[report]") {
  Trace t;
  t.thread_names = {"MainThread"};
  t.object_labels = {"Lock#0"};
  t.events = {with_value(ev(0, 0, OpKind::shared_read, 42), 1),
              switched(ev(1, 2, OpKind::lock_acquire, weft::kNoObject), SwitchReason::blocked, 0, 99),
              ev(2, weft::kNoThread, OpKind::yield)};
  std::string table;
  REQUIRE_NOTHROW(table = weft::report::render_table(t));
  CHECK(line_with(table, "read #42 -> 1").find("read #42 -> 1") != std::string::npos);
  CHECK(line_with(table, "switch").find("T0 blocked on #99") != std::string::npos);
  // Thread 2 has no name but still gets its own (third) column.
  const std::string header = lines_of(table)[0];
  REQUIRE(header.find("T2") != std::string::npos);
  CHECK(line_with(table, "lock.acquire").find("lock.acquire") == header.find("T2"));
  CHECK(line_with(table, "T? yield").size() > 0);
}

TEST_CASE("show_time adds a millisecond column", "[report]") {
  Trace t = two_threads();
  t.events[2].time_ns = 1'500'000;
  weft::report::TableOptions opts;
  opts.show_time = true;
  const std::string table = weft::report::render_table(t, opts);
  const std::string header = lines_of(table)[0];
  const auto time_col = header.find("time");
  REQUIRE(time_col != std::string::npos);
  CHECK(time_col < header.find("T0 MainThread"));
  CHECK(line_with(table, "write Shared#2").find("1.500") == time_col);
  CHECK(line_with(table, "write Shared#2").find("write Shared#2") == header.find("T1 Thread-1"));
  CHECK(weft::report::render_table(t).find("1.500") == std::string::npos);
}

TEST_CASE("Failure::report has the message, location, table and replay line", "[report]") {
  weft::Failure f;
  f.kind = weft::FailureKind::check_failed;
  f.message = "counter == 2";
  f.details = "line one\nline two";
  f.thread = 1;
  f.thread_name = "Thread-1";
  f.file = "/src/tests/x.cpp";
  f.line = 30;
  f.schedule = "weft1:abc123";
  f.seed = 7;
  f.execution = 12;
  f.trace = two_threads();
  const std::string r = f.report();
  const auto lines = lines_of(r);
  REQUIRE(lines.size() > 5);
  CHECK(lines[0] == "FAILURE: check failed: counter == 2");
  CHECK(lines[1] == "  in T1 (Thread-1) at x.cpp:30");
  CHECK(lines[2] == "  line one");
  CHECK(lines[3] == "  line two");
  CHECK(lines[4].empty());
  CHECK(lines[5].rfind("step", 0) == 0);
  CHECK(r.find("\nschedule: weft1:abc123\n") != std::string::npos);
  CHECK(r.find("replay it: WEFT_REPLAY=weft1:abc123 ") != std::string::npos);
  CHECK(r.find("seed: 7, execution #12") != std::string::npos);
  CHECK(r.find(weft::report::render_table(f.trace)) != std::string::npos);

  f.line = 0;
  f.schedule.clear();
  const std::string r2 = f.report();
  CHECK(lines_of(r2)[1] == "  in T1 (Thread-1)");
  CHECK(r2.find("replay it") == std::string::npos);
}

TEST_CASE("Result::failure throws on ok results; summary describes both", "[report]") {
  weft::Stats s;
  s.executions = 1000;
  s.steps = 52000;
  s.elapsed_seconds = 0.25;
  s.complete = true;
  s.strategy = weft::Strategy::dfs;
  // A search that did test something concurrent: without these figures the Stats are vacuous
  // and summary() adds its vacuity warning line, which is not what this test is about.
  s.max_enabled_threads = 2;
  s.executions_with_conflicts = 1000;
  const weft::Result ok(std::nullopt, s);
  REQUIRE(ok.ok());
  CHECK_THROWS_AS(ok.failure(), std::logic_error);
  CHECK_THROWS_WITH(ok.failure(), Catch::Contains("passing result"));
  CHECK(ok.summary() == "ok: search complete: all 1000 executions (0 pruned), 52000 steps in 0.250s; strategy dfs");

  s.complete = false;
  s.budget_exhausted = true;
  s.exhaustive = true;
  s.pruned = 7;
  s.distinct_final_states = 3;
  CHECK(weft::Result(std::nullopt, s).summary() ==
        "ok: stopped at the execution budget after 1000 executions (7 pruned), 52000 steps in 0.250s: "
        "the search is not complete; strategy dfs; 3 distinct final states");
  s.time_budget_exhausted = true;
  CHECK(weft::Result(std::nullopt, s).summary().rfind("ok: stopped at the time budget after 1000 executions", 0) == 0);
  s.exhaustive = false;
  s.pruned = 0;
  s.distinct_final_states = 1;
  s.strategy = weft::Strategy::pct;
  s.seed = 7;
  s.timeouts = weft::TimeoutPolicy::explore;
  CHECK(weft::Result(std::nullopt, s).summary() ==
        "ok: 1000 executions, 52000 steps in 0.250s, stopped at the time budget (sampled, not exhaustive); "
        "strategy pct, seed 7, timeouts explore; 1 distinct final state");
  s.time_budget_exhausted = false;
  s.distinct_final_states = 0;

  weft::Failure f;
  f.kind = weft::FailureKind::deadlock;
  f.message = "all threads blocked";
  f.schedule = "weft1:zz";
  s.executions = 3;
  const weft::Result bad(f, s);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.failure().message == "all threads blocked");
  const std::string sum = bad.summary();
  CHECK(sum.rfind("FAILURE: deadlock: all threads blocked", 0) == 0);
  CHECK(sum.find("weft1:zz") != std::string::npos);
  CHECK(sum.find("after 3 executions") != std::string::npos);
}

// Keep this last: #line renames the file for everything below it.
namespace {
#line 100 "/fake/include/c++/13/bits/std_mutex.h"
std::source_location in_std_header() { return std::source_location::current(); }
}  // namespace
