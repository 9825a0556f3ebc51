// The lane table at the user's level (docs/exploration.md, "User-level rows"): one row per
// public call with its argument, result and the caller's line; the steps inside stay in the
// trace. Expected rows are derived by hand from the bodies below, lane by lane (which thread
// runs first is the strategy's choice; what each thread does is not).
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <weft/weft.hpp>

#include "report/trace_table.hpp"
#include "scenarios/scenario.hpp"

namespace {

using Row = std::pair<std::string, std::string>;  // thread cell, where cell

// A row's cells; a row whose last cells are empty had its trailing blanks trimmed ("| exit |").
std::vector<std::string> split_cells(std::string line) {
  if (!line.empty() && line.back() == '|') line += ' ';
  std::vector<std::string> cells;
  std::size_t start = 0;
  for (;;) {
    const std::size_t bar = line.find(" | ", start);
    std::string cell = line.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
    while (!cell.empty() && cell.back() == ' ') cell.pop_back();
    cells.push_back(cell);
    if (bar == std::string::npos) return cells;
    start = bar + 3;
  }
}

// Each thread's rows, in order, from a table without a time column: lane t -> (cell, where).
std::map<int, std::vector<Row>> lanes(const std::string& table, std::size_t* rows = nullptr) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < table.size()) {
    const std::size_t nl = table.find('\n', start);
    lines.push_back(table.substr(start, nl - start));
    start = nl + 1;
  }
  const std::size_t columns = split_cells(lines.at(0)).size();
  std::map<int, std::vector<Row>> out;
  if (rows != nullptr) *rows = 0;
  for (std::size_t i = 2; i < lines.size(); ++i) {
    if (lines[i].rfind("------ switch", 0) == 0) continue;
    std::vector<std::string> cells = split_cells(lines[i]);
    cells.resize(columns);
    for (std::size_t c = 1; c + 1 < columns; ++c)
      if (!cells[c].empty()) out[static_cast<int>(c - 1)].emplace_back(cells[c], cells[columns - 1]);
    if (rows != nullptr) ++*rows;
  }
  return out;
}

std::string at(int line) { return "user_level_rows_test.cpp:" + std::to_string(line); }

weft::Options one_execution() {
  weft::Options o;
  o.strategy = weft::Strategy::dfs;
  o.max_executions = 1;
  o.shrink = false;
  o.use_environment = false;
  return o;
}

// The failure of `body` followed by a failing check, so that every scenario has a table.
weft::Failure run_to_end(const std::function<void()>& body) {
  const weft::Result r = weft::explore(one_execution(), [&] {
    body();
    weft::check(false, "the end");
  });
  REQUIRE_FALSE(r.ok());
  return r.failure();
}

}  // namespace

TEST_CASE("user-level rows: a short queue scenario has one row per call", "[report][user_calls]") {
  int l_start = 0, l_put = 0, l_join = 0, l_tjoin = 0, l_check = 0, l_get = 0, l_done = 0;
  const weft::Result r = weft::explore(one_execution(), [&] {
    weft::Queue<int> q;  // Lock#1 and Condition Queue#2 (not empty), Queue#3, Queue#4
    weft::Thread consumer([&] {
      l_get = __LINE__ + 1;
      const int v = q.get();
      l_done = __LINE__ + 1;
      q.task_done();
      (void)v;
    });
    l_start = __LINE__ + 1;
    consumer.start();
    l_put = __LINE__ + 1;
    q.put(3);
    l_join = __LINE__ + 1;
    q.join();
    l_tjoin = __LINE__ + 1;
    consumer.join();
    l_check = __LINE__ + 1;
    weft::check(false, "the end");
  });
  REQUIRE_FALSE(r.ok());
  const weft::Failure& f = r.failure();
  std::size_t rows = 0;
  const std::string table = weft::report::render_table(f.trace);
  INFO(table);
  const auto got = lanes(table, &rows);
  const std::vector<Row> main_lane{{"thread.start T1", at(l_start)},
                                   {"Queue#2.put(3)", at(l_put)},
                                   {"Queue#2.join()", at(l_join)},
                                   {"thread.join T1", at(l_tjoin)},
                                   {"check failed", at(l_check)}};
  const std::vector<Row> consumer_lane{{"Queue#2.get() -> 3", at(l_get)}, {"Queue#2.task_done()", at(l_done)}, {"exit", ""}};
  CHECK(got.at(0) == main_lane);
  CHECK(got.at(1) == consumer_lane);
  CHECK(rows == main_lane.size() + consumer_lane.size());
  // The steps are all still there: put alone is acquire, notify, release.
  CHECK(f.trace.events.size() > rows);
  weft::report::TableOptions internals;
  internals.internals = true;
  std::size_t internal_rows = 0;
  (void)lanes(weft::report::render_table(f.trace, internals), &internal_rows);
  CHECK(internal_rows == f.trace.events.size());
}

TEST_CASE("user-level rows: a short pool scenario has one row per call", "[report][user_calls]") {
  int l_pool = 0, l_submit = 0, l_result = 0, l_shutdown = 0, l_check = 0;
  const weft::Result r = weft::explore(one_execution(), [&] {
    l_pool = __LINE__ + 1;
    weft::ThreadPoolExecutor pool(1);  // Lock#1, Executor#2, Lock#3, Semaphore#4, Lock#5
    l_submit = __LINE__ + 1;
    auto f = pool.submit([] { return 9; });  // its future: RLock#6, Future#7
    l_result = __LINE__ + 1;
    const int v = f.result();
    l_shutdown = __LINE__ + 1;
    pool.shutdown();
    l_check = __LINE__ + 1;
    weft::check(v != 9, "the end");
  });
  REQUIRE_FALSE(r.ok());
  const std::string table = weft::report::render_table(r.failure().trace);
  INFO(table);
  const auto got = lanes(table);
  const std::vector<Row> main_lane{{"Executor#2.submit()", at(l_submit)},
                                   {"Future#7.result() -> 9", at(l_result)},
                                   {"Executor#2.shutdown()", at(l_shutdown)},
                                   {"check failed", at(l_check)}};
  // The worker's own rows point at the line that made the pool.
  const std::vector<Row> worker_lane{{"takes a task from Executor#2", at(l_pool)},
                                     {"Future#7.set_result(9)", at(l_pool)},
                                     {"takes a task from Executor#2", at(l_pool)},
                                     {"leaves Executor#2", at(l_pool)},
                                     {"exit", ""}};
  CHECK(got.at(0) == main_lane);
  CHECK(got.at(1) == worker_lane);
}

TEST_CASE("user-level rows: no where cell or failure location names a file of weft's own", "[report][user_calls]") {
  namespace fs = std::filesystem;
  std::set<std::string> own;  // file names under weft's library sources
  for (const char* dir : {"api", "sim", "model", "detect", "os", "report", "include/weft", "include/weft/detail"})
    for (const auto& e : fs::directory_iterator(fs::path(WEFT_SOURCE_DIR) / dir))
      if (e.is_regular_file()) own.insert(e.path().filename().string());
  REQUIRE(own.count("thread_pool.cpp") == 1);
  for (const char* name : {"forgotten_task_done", "future_deadlock", "producer_consumer",
                           "seed_producer_consumer_no_sentinel", "pool_map", "seed_worker_pool",
                           "timer_cancel_race"}) {
    INFO(name);
    const weft::scenarios::Scenario* s = weft::scenarios::find(name);
    REQUIRE(s != nullptr);
    const weft::Failure f = run_to_end(s->body);
    CHECK(own.count(fs::path(f.file).filename().string()) == 0);
    std::size_t rows = 0;
    const auto got = lanes(weft::report::render_table(f.trace), &rows);
    CHECK(rows < f.trace.events.size());  // calls made of several steps share a row
    // --internals: a row per recorded step, none of them a user-level call's row.
    weft::report::TableOptions internals;
    internals.internals = true;
    std::size_t step_rows = 0;
    const std::string full = weft::report::render_table(f.trace, internals);
    lanes(full, &step_rows);
    CHECK(step_rows == f.trace.events.size());
    CHECK(full.find("Queue#2.get()") == std::string::npos);
    for (const auto& [lane, cells] : got)
      for (const Row& row : cells) {
        INFO(row.first << " at " << row.second);
        CHECK(own.count(row.second.substr(0, row.second.find(':'))) == 0);
      }
  }
}

TEST_CASE("user-level rows: the deadlocks say which call waits and why it cannot return", "[report][user_calls]") {
  weft::Options o;
  o.use_environment = false;
  const weft::Result forgotten = weft::explore(o, weft::scenarios::find("forgotten_task_done")->body);
  REQUIRE_FALSE(forgotten.ok());
  // The headline too: the calls, not the Condition inside them.
  CHECK(forgotten.failure().message.find("condition.wait") == std::string::npos);
  CHECK(forgotten.failure().message.find("waits forever in Queue#2.join() at queues.cpp:") != std::string::npos);
  const std::string& d = forgotten.failure().details;
  CHECK(d.find("T0 (MainThread) waits forever in Queue#2.join() at queues.cpp:") != std::string::npos);
  CHECK(d.find(": an item put was not marked done and no thread will call task_done()\n") != std::string::npos);
  CHECK(d.find("T1 (worker-0), T2 (worker-1) and T3 (worker-2) wait forever in Queue#2.get() at queues.cpp:") !=
        std::string::npos);
  CHECK(d.find(": the queue is empty and no thread will put\n") != std::string::npos);

  const weft::Result future = weft::explore(o, weft::scenarios::find("future_deadlock")->body);
  REQUIRE_FALSE(future.ok());
  const std::string& fd = future.failure().details;
  CHECK(fd.find("T0 (MainThread) waits forever in Future#7.result() at pools.cpp:") != std::string::npos);
  CHECK(fd.find("waits forever in Future#13.result() at pools.cpp:") != std::string::npos);
  CHECK(fd.find("the future is not done and no thread will finish it\n") != std::string::npos);
}

TEST_CASE("user-level rows: a Timer's cancel and its own wait are rows at the user's lines", "[report][user_calls]") {
  int l_start = 0, l_cancel = 0, l_join = 0, l_check = 0;
  const weft::Result r = weft::explore(one_execution(), [&] {
    weft::Shared<bool> fired{false};
    weft::Timer timer(1.0, [&] { fired.store(true); });  // the first thread made: Thread-1
    l_start = __LINE__ + 1;
    timer.start();
    l_cancel = __LINE__ + 1;
    timer.cancel();
    l_join = __LINE__ + 1;
    timer.join();
    l_check = __LINE__ + 1;
    weft::check(false, "the end");
  });
  REQUIRE_FALSE(r.ok());
  const std::string table = weft::report::render_table(r.failure().trace);
  INFO(table);
  const auto got = lanes(table);
  const std::vector<Row> main_lane{{"thread.start T1", at(l_start)},
                                   {"Thread-1.cancel()", at(l_cancel)},
                                   {"thread.join T1", at(l_join)},
                                   {"check failed", at(l_check)}};
  // Cancelled at virtual time 0, before its interval: the wait returns True (the flag is set,
  // whichever ran first) and the function is not called; the timer's rows are at start().
  const std::vector<Row> timer_lane{{"Thread-1.wait(timeout=1) -> True", at(l_start)},
                                    {"Thread-1.set()", at(l_start)},
                                    {"exit", ""}};
  CHECK(got.at(0) == main_lane);
  CHECK(got.at(1) == timer_lane);
}
