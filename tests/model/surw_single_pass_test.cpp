// surw decides in one pass over the enabled threads when no thread is intended (after every
// interesting event, the common decision); the general path, which looks at the threads up to
// four times, is the oracle: the same random draws in the same order, so the same choices.
#include <catch2/catch.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <weft/weft.hpp>

#include "model/judged_run.hpp"
#include "model/surw_strategy.hpp"
#include "scenarios/scenario.hpp"
#include "sim/execution.hpp"

using namespace weft;

namespace {

// Locks taken by four threads, with unlocked writes between (non-interesting steps when the
// lock is drawn as the target, interesting ones when the variable is) and a yield (a priority
// that goes lowest): every kind of decision the one pass makes.
void mixed_locks() {
  Lock lock;
  Shared<int> guarded{0}, loose{0, benign_race};
  auto work = [&] {
    for (int i = 0; i < 3; ++i) {
      lock.acquire();
      guarded.store(guarded.load() + 1);
      lock.release();
      loose.store(i);
      if (i == 1) yield();
    }
  };
  Thread a(work), b(work), c(work), d(work);
  a.start();
  b.start();
  c.start();
  d.start();
  a.join();
  b.join();
  c.join();
  d.join();
}

}  // namespace

TEST_CASE("surw: the one-pass decision chooses exactly what the general path chooses") {
  std::vector<std::pair<std::string, std::function<void()>>> programs{{"mixed_locks", mixed_locks}};
  for (const scenarios::Scenario& s : scenarios::all()) programs.emplace_back(s.name, s.body);
  std::uint64_t decisions = 0;
  for (const auto& [name, body] : programs) {
    for (const bool selective : {true, false}) {
      for (const std::uint64_t seed : {1u, 2u}) {
        CAPTURE(name, selective, seed);
        Options o;
        o.max_steps = 20000;
        sim::Execution ex(model::config_of(o));
        model::SurwStrategy one_pass(seed, selective), general(seed, selective);
        general.set_single_pass(false);
        for (std::uint64_t i = 0; i < 40; ++i) {
          CAPTURE(i);
          one_pass.begin_execution(i);
          (void)ex.run(body, one_pass, true);
          const std::vector<sim::Decision> chosen = ex.decisions();
          general.begin_execution(i);
          (void)ex.run(body, general, true);
          REQUIRE(chosen == ex.decisions());
          decisions += chosen.size();
        }
      }
    }
  }
  CHECK(decisions > 10000);  // the comparison saw many decisions, not a few trivial ones
}
