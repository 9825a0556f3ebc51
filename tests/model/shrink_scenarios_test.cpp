// Schedule shrinking on every built-in scenario (docs/shrinking.md, "What it guarantees"): run
// as a plain `weft run NAME` runs it, a failing scenario's reported schedule has no more
// preemptions than the execution first found, its table shows exactly the shrunk count, and
// the schedule string replays to the same kind of failure.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <string>

#include <weft/weft.hpp>

#include "model/schedule_codec.hpp"
#include "scenarios/scenario.hpp"

using namespace weft;

namespace {

// What a plain `weft run NAME` explores (scenarios/cli.cpp): the scenario's own strategy or the
// default one, the default seed and budget of 1,000 executions, both detectors on, shrinking
// on with its default candidate budget; without the WEFT_* variables of whoever runs the suite.
Options as_weft_run(const scenarios::Scenario& s) {
  Options o;
  if (s.strategy) o.strategy = *s.strategy;
  o.use_environment = false;
  o.progress = Progress::never;
  return o;
}

// Counted from the reported table itself (its `switch ...: preempted` rows), not by the
// shrinker's own counter, so the two are checked against each other.
std::uint32_t preempted_rows(const Failure& f) {
  std::uint32_t n = 0;
  for (const TraceEvent& e : f.trace.events)
    if (e.reason == SwitchReason::preempted) ++n;
  return n;
}

}  // namespace

TEST_CASE("shrinking every scenario of weft list as weft run runs it: no more preemptions than found and the schedule replays to the same failure kind") {
  std::size_t checked = 0;
  std::printf("%-36s %-22s %s\n", "scenario", "failure", "preemptions / steps: found -> reported (candidates)");
  for (const scenarios::Scenario& s : scenarios::all()) {
    const Options o = as_weft_run(s);
    const Result r = explore(o, s.body);
    if (r.ok()) continue;  // a passing scenario has nothing to shrink
    const Failure& f = r.failure();
    CAPTURE(s.name, to_string(f.kind), f.message);
    // Not shrunk by design (docs/shrinking.md, "What it guarantees, and what not"): an
    // unresponsive thread (each candidate would wait for the watchdog again), an uncaught
    // exception or a misuse report (one that ended in std::terminate on a fiber leaks its
    // exception object, and each candidate would leak another). They are reported as found.
    if (f.kind == FailureKind::unresponsive || f.kind == FailureKind::uncaught_exception ||
        f.kind == FailureKind::misuse) {
      std::printf("%-36s %-22s not shrunk by design\n", s.name.c_str(), std::string(to_string(f.kind)).c_str());
      continue;
    }
    // A finding about the whole search (a coverage label no execution satisfied,
    // docs/detectors.md) has no execution, hence no schedule to shrink.
    if (f.kind == FailureKind::never_reached) {
      CHECK(f.schedule.empty());
      std::printf("%-36s %-22s no schedule (about the whole search)\n", s.name.c_str(),
                  std::string(to_string(f.kind)).c_str());
      continue;
    }
    ++checked;
    // An execution in which no point had two threads that could run records no decision: it
    // has nothing to shrink, and Failure::shrink says so with 0 candidates (docs/shrinking.md).
    if (model::decode_schedule(f.schedule).decisions.empty()) {
      REQUIRE(f.shrink.has_value());
      CHECK(f.shrink->candidates == 0);
      CHECK(f.report().find("made no scheduling choice") != std::string::npos);
    }
    REQUIRE(f.shrink.has_value());
    const Failure::Shrink& k = *f.shrink;
    INFO("found " << k.preemptions_before << " preemptions / " << k.steps_before << " steps, reported "
                  << k.preemptions << " / " << k.steps << " after " << k.candidates << " candidates");
    std::printf("%-36s %-22s %u / %u -> %u / %u (%u)\n", s.name.c_str(), std::string(to_string(f.kind)).c_str(),
                k.preemptions_before, k.steps_before, k.preemptions, k.steps, k.candidates);
    CHECK(k.preemptions <= k.preemptions_before);
    CHECK(preempted_rows(f) == k.preemptions);
    CHECK(f.trace.events.size() == k.steps);
    const Result again = replay(f.schedule, s.body, o);
    REQUIRE_FALSE(again.ok());
    CHECK(again.failure().kind == f.kind);
    CHECK(again.failure().message == f.message);  // the same execution, so the same words
    CHECK(preempted_rows(again.failure()) == k.preemptions);
  }
  std::printf("%zu failing scenarios checked\n", checked);
  CHECK(checked >= 5);  // the scenarios that fail by design are still there
}
