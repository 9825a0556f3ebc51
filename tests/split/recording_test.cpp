// Executions that record no events (docs/exploration.md, "Recording"): a search whose strategy,
// detectors and statistics read no events runs without them, and its results and reports are
// those of the same search recording every event. Built into weft_tests too, where declared
// WEFT_REACHABLE labels make every search record: there only the first case, which runs one
// execution both ways itself, runs; the searches run in weft_split_tests
// (WEFT_NO_LABELS_DECLARED).
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <span>
#include <optional>
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "model/judged_run.hpp"
#include "model/random_strategy.hpp"
#include "model/short_forms.hpp"
#include "scenarios/scenario.hpp"
#include "sim/execution.hpp"
#include "tests/model/failure_comparison.hpp"
#include "tests/split/recording_options.hpp"
#include "tests/sim/leak_scope.hpp"

using namespace weft;

namespace Catch {
template <>
struct StringMaker<weft::sim::CompactEvent> {
  static std::string convert(const weft::sim::CompactEvent& e) {
    return "T" + std::to_string(e.thread) + " " + std::string(weft::to_string(e.op)) + " #" + std::to_string(e.object) +
           " flags " + std::to_string(e.flags);
  }
};
}  // namespace Catch

namespace {

void two_writers() {
  Shared<int> x{0, benign_race};
  Thread t([&] { x.store(1); });
  t.start();
  x.store(2);
  t.join();
}

void own_variables() {
  Shared<int> a{0}, b{0};
  Thread t([&] { a.store(1); });
  t.start();
  b.store(2);
  t.join();
}

// Threads that start threads, a lock, an event, a condition wait, a peek at a thread:
// every kind of event whose short form a strategy reads (surw, pos: model/short_forms.hpp).
void family() {
  Lock lock;
  Condition cond(lock);
  Event go;
  Shared<int> x{0};
  int woken = 0;
  Thread child([&] {
    Thread grandchild([&] {
      std::lock_guard<Lock> guard(lock);
      x.store(x.load() + 1);
    });
    grandchild.start();
    go.set();
    grandchild.join();
  });
  Thread other([&] {
    go.wait();
    std::lock_guard<Lock> guard(lock);
    x.store(x.load() + 1);
    ++woken;
    cond.notify_all();
  });
  child.start();
  other.start();
  (void)child.is_alive();
  {
    std::lock_guard<Lock> guard(lock);
    while (woken == 0) cond.wait(0.5);
  }
  child.join();
  other.join();
}

// A random walk that asks to see every scheduling point and keeps, at each, the events
// committed so far in short form, as surw and pos read them (model/short_forms.hpp): given
// as such, or converted from the recorded events.
class ShortFormProbe final : public sim::Strategy {
 public:
  explicit ShortFormProbe(std::uint64_t seed, std::uint64_t index) : inner_(seed) { inner_.begin_execution(index); }
  std::uint32_t compact_ops() const override { return ~std::uint32_t{0}; }
  void see_short_forms(std::span<const sim::CompactEvent> kept) override { short_forms_.see(kept); }
  ThreadId choose_thread(const sim::SchedulePoint& point) override {
    const std::span<const sim::CompactEvent> now = short_forms_.at(point.events);
    seen_.emplace_back(now.begin(), now.end());
    short_forms_.see({});  // a point without see_short_forms first sees none
    return inner_.choose_thread(point);
  }
  std::uint32_t choose_value(std::uint32_t n, sim::ValueKind kind) override { return inner_.choose_value(n, kind); }
  bool wants_all_points() const override { return true; }
  void end_execution(const sim::ExecutionEnd& end) override {
    const std::span<const sim::CompactEvent> all = short_forms_.at(end.events, end.compact);
    seen_.emplace_back(all.begin(), all.end());
  }
  const std::vector<std::vector<sim::CompactEvent>>& seen() const { return seen_; }

 private:
  model::RandomStrategy inner_;
  model::ShortForms short_forms_;
  std::vector<std::vector<sim::CompactEvent>> seen_;
};

}  // namespace

TEST_CASE("recording: a run that keeps every operation in short form shows a strategy, at each point, the short forms of the events a recording run has committed") {
  std::ptrdiff_t untimed_waits = 0;
  for (const SharedPoints points : {SharedPoints::every_access, SharedPoints::sync_only}) {
    Options o;
    o.shared_points = points;
    sim::Execution ex(model::config_of(o));
    for (std::uint64_t i = 0; i < 30; ++i) {
      CAPTURE(to_string(points), i);
      ShortFormProbe recording(11, i), short_form(11, i);
      REQUIRE_FALSE(ex.run(family, recording, true).has_value());
      // A started thread's id is the number of threads started before it, plus one: what
      // lets a start's short form go without its value.
      ThreadId started = 0;
      for (const TraceEvent& e : ex.events())
        if (e.op == OpKind::thread_start && e.has_value) CHECK(e.value == ++started);
      CHECK(started == 3);
      REQUIRE_FALSE(ex.run(family, short_form, false, ~std::uint32_t{0}).has_value());
      CHECK(ex.events().empty());
      REQUIRE(short_form.seen().size() == recording.seen().size());
      for (std::size_t p = 0; p < recording.seen().size(); ++p) {
        CAPTURE(p);
        CHECK(short_form.seen()[p] == recording.seen()[p]);
      }
      // Points where a Shared access made no scheduling point, and peeks at a thread, are among them.
      const std::vector<sim::CompactEvent>& all = recording.seen().back();
      CHECK(std::any_of(all.begin(), all.end(), [](const sim::CompactEvent& e) {
        return e.op == OpKind::peek && e.on_thread_object();
      }));
      CHECK(std::any_of(all.begin(), all.end(), [](const sim::CompactEvent& e) { return !e.point(); }) ==
            (points == SharedPoints::sync_only));
      untimed_waits += std::count_if(all.begin(), all.end(), [](const sim::CompactEvent& e) { return e.untimed_wait(); });
    }
  }
  CHECK(untimed_waits > 0);  // `other` waited for `go` in some runs (the bit pos reads)
}

TEST_CASE("recording: a run without events takes the same steps and decisions, and notes the same conflict") {
  for (const auto& [name, body] : std::vector<std::pair<std::string, std::function<void()>>>{
           {"two writers", two_writers}, {"own variables", own_variables}}) {
    CAPTURE(name);
    sim::Execution ex(model::config_of(Options{}));
    for (std::uint64_t i = 0; i < 20; ++i) {
      CAPTURE(i);
      model::RandomStrategy with(7), without(7);
      with.begin_execution(i);
      without.begin_execution(i);
      REQUIRE_FALSE(ex.run(body, with, true).has_value());
      REQUIRE(ex.recorded());
      const std::uint32_t steps = ex.steps();
      const std::vector<sim::Decision> decisions = ex.decisions();
      const bool conflict = ex.had_conflict();
      CHECK(ex.events().size() == steps);
      REQUIRE_FALSE(ex.run(body, without, false).has_value());
      CHECK_FALSE(ex.recorded());
      CHECK(ex.events().empty());
      CHECK(ex.steps() == steps);
      CHECK(ex.decisions() == decisions);
      CHECK(ex.had_conflict() == conflict);
      CHECK(conflict == (name == "two writers"));
    }
  }
}

// The cases below compare a search without events with one recording them: in weft_tests,
// where every search records, they would compare a search with itself.
#ifdef WEFT_NO_LABELS_DECLARED
namespace {
// Detectors off, so nothing in a random, pct or dfs search reads events unless `recorded`.
Options without_detectors(Strategy s, unsigned jobs, bool recorded) {
  return testing::recording_search(s, jobs, recorded, false);
}

// Fails on odd calls only (a counter weft does not control): the run that found the failure
// and the replay that records its trace disagree.
void fails_on_odd_calls(int& calls) {
  const bool odd = (++calls % 2) == 1;
  Shared<int> x{0, benign_race};
  Thread t([&x] { x.store(1); });
  t.start();
  x.store(2);
  t.join();
  check(!odd, "failed on an odd call");
}

}  // namespace

TEST_CASE("recording: every failing scenario reports the same failure whether its search recorded events or not") {
  std::size_t compared = 0;
  for (const scenarios::Scenario& s : scenarios::all()) {
    for (const Strategy strategy : {Strategy::random, Strategy::pct, Strategy::dfs, Strategy::surw, Strategy::pos}) {
      for (const unsigned jobs : {1u, 2u}) {
        const Result recorded = explore(without_detectors(strategy, jobs, true), s.body);
        if (recorded.ok() || recorded.failure().kind == FailureKind::unresponsive) continue;
        CAPTURE(s.name, to_string(strategy), jobs, recorded.failure().message);
        const Result bare = explore(without_detectors(strategy, jobs, false), s.body);
        REQUIRE_FALSE(bare.ok());
        const std::optional<std::string> d = testing::failure_difference(bare.failure(), recorded.failure());
        CHECK(d.value_or("") == "");
        CHECK_FALSE(bare.failure().trace.events.empty());
        CHECK(bare.stats().executions == recorded.stats().executions);
        CHECK(bare.stats().steps == recorded.stats().steps);
        CHECK(bare.stats().executions_with_conflicts == recorded.stats().executions_with_conflicts);
        CHECK(bare.stats().max_enabled_threads == recorded.stats().max_enabled_threads);
        ++compared;
      }
    }
  }
  CHECK(compared >= 30);
}

TEST_CASE("recording: a passing search counts the same conflicts whether it recorded events or not") {
  for (const Strategy strategy : {Strategy::random, Strategy::pct, Strategy::dfs, Strategy::surw, Strategy::pos}) {
    CAPTURE(to_string(strategy));
    const Result recorded = explore(without_detectors(strategy, 1, true), two_writers);
    const Result bare = explore(without_detectors(strategy, 1, false), two_writers);
    REQUIRE(recorded.ok());
    REQUIRE(bare.ok());
    CHECK(bare.stats().executions_with_conflicts == recorded.stats().executions_with_conflicts);
    CHECK(bare.stats().executions_with_conflicts > 0);
  }
}

TEST_CASE("recording: a failure that does not recur in the recording replay is reported as nondeterminism") {
  int calls = 0;
  const Result r = explore(without_detectors(Strategy::random, 1, false), [&calls] { fails_on_odd_calls(calls); });
  REQUIRE_FALSE(r.ok());
  CHECK(calls == 2);  // the failing execution, then the replay that records it (no self-check after)
  CHECK(r.failure().kind == FailureKind::nondeterminism);
  CHECK_THAT(r.failure().message, Catch::Contains("the replay that records the trace ended differently: it passed"));
  CHECK_THAT(r.failure().details, Catch::Contains("original failure: check failed: failed on an odd call"));
}

TEST_CASE("recording: an unresponsive thread found without events says how to get its trace") {
  LeakScope expected_leaks;
  Options o = without_detectors(Strategy::random, 1, false);
  o.watchdog_seconds = 0.3;
  static volatile bool never = false;
  const Result r = explore(o, [] {
    Thread spinner([] {
      while (!never) {
      }
    });
    spinner.start();
    spinner.join();
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::unresponsive);
  CHECK_THAT(r.failure().details, Catch::Contains("replay the schedule string for the trace"));
}
#endif
