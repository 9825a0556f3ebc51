#pragma once
// Shared by the coverage tests (coverage_test.cpp, coverage_recording_test.cpp): finding a
// label in a list, one simulated execution under a chosen recorder, and two racing threads.
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

namespace weft::test {


using weft::CoverageKind;
using weft::CoverageLabel;
using weft::detect::CoverageRecorder;
using weft::detect::CoverageScope;

inline std::optional<CoverageLabel> find_label(const std::vector<CoverageLabel>& labels, std::string_view label) {
  for (const CoverageLabel& l : labels)
    if (l.label == label) return l;
  return std::nullopt;
}

inline bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

inline const char* this_file() { return std::source_location::current().file_name(); }

// One simulated execution of `body`, without explore(): so the test controls which recorder
// is current (explore() installs its own).
struct Run {
  std::optional<weft::sim::FailureInfo> info;
  std::vector<weft::TraceEvent> events;
  std::vector<weft::sim::Decision> decisions;
};
inline Run run_once(const std::function<void()>& body, std::uint64_t seed, std::uint64_t index) {
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
inline std::function<void()> racing_increments(const bool& evaluate) {
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

}  // namespace weft::test
