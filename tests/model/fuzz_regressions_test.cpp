// Every finding of the fuzz targets (fuzz/, docs/fuzzing.md), replayed: the crashing input, and
// what the code must do with it instead. The same inputs stay in fuzz/corpus/<target>/, so each
// fuzz run under ASan+UBSan replays them first too (this suite's builds may not flag the UB).
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

#include <weft/weft.hpp>

#include "scenarios/cli.hpp"
#include "tests/scoped_env.hpp"

using namespace weft;

namespace {

using test::ScopedEnv;

// weft::cli::main over `args` (after "weft").
int weft_cli(std::vector<std::string> args) {
  args.insert(args.begin(), "weft");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return cli::main(static_cast<int>(args.size()), argv.data());
}

double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

}  // namespace

// fuzz/corpus/cli_args_fuzz/crash_watchdog_1e300 (UBSan in cli_args_fuzz; spotted while choosing
// the WEFT_* variables that target sets, not reached by the fuzzer's own mutations in 240 s).
// WEFT_WATCHDOG=1e300 is a valid number of seconds, but the watchdog converted an eighth of it
// to integer nanoseconds: a float-to-integer overflow, undefined behaviour (float-cast-overflow;
// any value above about 7e10 s). On x86-64 the result is the most negative tick count, so the
// watchdog thread polled without waiting, spinning a core for as long as the exploration ran.
// Fixed in api/watchdog.cpp: the poll period is at most an hour.
TEST_CASE("fuzz regression: WEFT_WATCHDOG=1e300 runs the CLI normally, its watchdog idle") {
  const ScopedEnv watchdog("WEFT_WATCHDOG", "1e300");
  const ScopedEnv executions("WEFT_MAX_EXECUTIONS", "1");
  const ScopedEnv jobs("WEFT_JOBS", "1");
  CHECK(weft_cli({"run", "locked_counter", "--strategy", "dfs"}) == 0);

  // The watchdog thread of a 0.3 s exploration that waits in real time uses no CPU to speak of.
  Options o;
  o.use_environment = false;
  o.max_executions = 1;
  o.watchdog_seconds = 1e300;
  const double before = cpu_seconds();
  const Result r = explore(o, [] { std::this_thread::sleep_for(std::chrono::milliseconds(300)); });
  CHECK(r.ok());
  CHECK(cpu_seconds() - before < 0.15);
}
