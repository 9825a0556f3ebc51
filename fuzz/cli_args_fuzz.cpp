// libFuzzer target: weft::cli::main (scenarios/cli.cpp, cli_args.cpp), the `weft` command line,
// called in-process with a fuzzed argv and environment over the built-in scenarios.
//
// An input is lines: first any number of "NAME=value" lines setting the WEFT_* variables named
// in kFuzzedVariables for this input only (the others, the ones fixing the budget, are never
// fuzzed), then the arguments after "weft", one per line (at most 16; a NUL ends a line).
// Every argument combination is parsed and validated; a command that gets through runs, kept
// cheap: the environment set once below caps `weft run` at one execution on one job with no
// shrinking (WEFT_* variables override the flags), and inputs that would leave that budget are
// skipped: --backend os (real threads, up to --max-executions runs, not capped by
// WEFT_MAX_EXECUTIONS), --estimate-probes (up to 2^64 probes) and WEFT_WATCHDOG on and below 1 s (a
// watchdog that short may rightly end the process with status 3). `weft replay` runs one
// execution. So the target covers list, --help/--version, every flag's validation and the
// refusals, the WEFT_* variables as the CLI meets them, and run/replay for one execution.
// The contract checked: main returns 0, 1 or 2 (2 for bad input, with one line on stderr).
// A finding: a crash, a sanitizer report, an exception escaping main, a hang, or another
// exit status (__builtin_trap()).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/cli.hpp"

namespace {

// Not WEFT_MAX_EXECUTIONS, WEFT_JOBS, WEFT_SHRINK, WEFT_PROGRESS (the budget, set below) nor
// WEFT_MAX_STEPS (a livelocking scenario would run up to 2^64 steps).
constexpr const char* kFuzzedVariables[] = {"WEFT_SEED",     "WEFT_STRATEGY", "WEFT_TIMEOUTS",   "WEFT_TIME_BUDGET",
                                            "WEFT_WATCHDOG", "WEFT_RACES",    "WEFT_LOCK_ORDER", "WEFT_SURW_SELECTIVE",
                                            "WEFT_SHARD",    "WEFT_DPOR_TREE_MB", "WEFT_SHARED_POINTS"};
constexpr std::size_t kCount = std::size(kFuzzedVariables);

// "NAME=value" strings for putenv, which keeps the pointer (setenv would keep a copy of every
// distinct value, growing the fuzzer's memory without bound); changed only while unset.
std::string assignments[kCount];

// Skips arguments whose cost has no bound that the environment can set (see the header).
bool unbounded(std::string_view arg) {
  return arg == "os" || arg.ends_with("=os") || arg.find("estimate-probes") != std::string_view::npos;
}

// Sets the variable if `line` is "NAME=value" for a fuzzed NAME; false for any other line.
// Sets `skip` for a watchdog on (not 0) and below 1 s.
bool assign(std::string_view line, bool& skip) {
  const std::size_t eq = line.find('=');
  if (eq == std::string_view::npos) return false;
  std::size_t i = 0;
  while (i < kCount && line.substr(0, eq) != kFuzzedVariables[i]) ++i;
  if (i == kCount) return false;
  const std::string value(line.substr(eq + 1));
  if (line.starts_with("WEFT_WATCHDOG=")) {
    const double seconds = std::strtod(value.c_str(), nullptr);
    skip = skip || !(seconds == 0 || seconds >= 1);
  }
  unsetenv(kFuzzedVariables[i]);
  assignments[i] = std::string(line.substr(0, eq + 1)) + value.c_str();  // a NUL ends the value
  putenv(assignments[i].data());
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setenv("WEFT_MAX_EXECUTIONS", "1", 1);
  setenv("WEFT_JOBS", "1", 1);
  setenv("WEFT_SHRINK", "0", 1);
  setenv("WEFT_PROGRESS", "never", 1);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::size_t kMaxArgs = 16;
  for (const char* v : kFuzzedVariables) unsetenv(v);
  std::vector<std::string> args{"weft"};
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  bool arguments = false, skip = false;
  for (std::size_t start = 0; start < input.size() && args.size() <= kMaxArgs;) {
    std::size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    const std::string_view line = input.substr(start, end - start);
    start = end + 1;
    if (!arguments && assign(line, skip)) continue;
    arguments = true;
    std::string arg(line);
    arg = arg.c_str();  // argv strings end at their first NUL
    if (unbounded(arg)) return 0;
    args.push_back(std::move(arg));
  }
  if (skip) return 0;
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int status = weft::cli::main(static_cast<int>(args.size()), argv.data());
  if (status < 0 || status > 2) __builtin_trap();
  return 0;
}
