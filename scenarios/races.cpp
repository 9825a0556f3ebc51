// A deliberate race, declared as such: the race detector's weft::benign_race tag.
#include <weft/weft.hpp>

#include "scenarios/scenario.hpp"

namespace weft::scenarios {
namespace {

// A worker works through a job of kItems items and gives up early once main raises a stop
// flag; the flag is polled without a lock on purpose (reading a stale `false` only costs one
// more item), so it is tagged benign. The count is handed over by join(), which orders it:
// no race there.
constexpr int kItems = 4;

void benign_flag_race() {
  Shared<bool> stop{false, benign_race};
  Shared<int> processed{0};
  Thread worker(ThreadOptions{"worker", {}}, [&] {
    int done = 0;
    for (int i = 0; i < kItems && !stop.load(); ++i) {
      ++done;   // one item of work
      yield();  // where a real worker would let others run
    }
    processed.store(done);
  });
  worker.start();
  yield();
  stop.store(true);
  worker.join();
  const int n = processed.load();
  check(!worker.is_alive() && n >= 0 && n <= kItems, "the worker ends, having processed at most the whole job");
}

const Registrar benign_flag_race_reg{{
    "benign_flag_race",
    "a worker polls a stop flag tagged weft::benign_race, without a lock -> passes",
    "main sets `stop` while the worker reads it between items, with no lock between them: a "
    "data race by definition, and a deliberate one (a stale `false` costs one more item). "
    "Constructing the flag as `Shared<bool> stop{false, weft::benign_race}` tells the race "
    "detector so; the accesses stay scheduling points, so every interleaving of the polls and "
    "the store is still explored (dfs and dpor cover them all), and the worker always ends. The "
    "count the worker leaves in `processed` is read after join(), which orders it, so that "
    "variable needs no tag. Drop the tag and the run reports the race. The job is finite on "
    "purpose: weft's strategies are not fair, so pct, dfs and dpor would run a `while (!stop) "
    "yield();` loop forever in some schedule and report it as a livelock (step limit). "
    "(A plain C++ bool raced on like this is undefined behaviour on real threads; a Shared's "
    "accesses are individually atomic there, so the tag is all this program needs.) A passing "
    "run prints no table; drop the tag from `Shared<bool> stop{false, benign_race};` and the "
    "data race table shows main's write of stop and "
    "the worker's read of it, marked =>.",
    Expect::passes, true, benign_flag_race}};

}  // namespace
}  // namespace weft::scenarios
