#pragma once
// The options of the searches that tests/split/recording_test.cpp and screening_test.cpp run
// both ways, recording every event and not.
#include <weft/weft.hpp>

namespace weft::testing {

/// A quiet search under `strategy` on `jobs` workers, with both detectors on or both off.
/// `recorded` asks for final states, which are hashed from the events and so make every run
/// record them; without it a `random`, `pct` or `dfs` search records none.
inline Options recording_search(Strategy strategy, unsigned jobs, bool recorded, bool detectors) {
  Options o;
  o.strategy = strategy;
  o.jobs = jobs;
  o.use_environment = false;
  o.progress = Progress::never;
  o.detect_races = detectors;
  o.detect_lock_order = detectors;
  o.count_final_states = recorded;
  return o;
}

}  // namespace weft::testing
