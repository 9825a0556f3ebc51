#pragma once
// `weft run NAME`: explore a bundled scenario (or run it on real threads) and print the first
// failure, or the search's summary.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <weft/options.hpp>

namespace weft::cli {

/// What `weft run` was given.
struct RunArgs {
  std::string name;
  std::optional<std::uint64_t> seed;
  std::optional<std::uint64_t> max_executions;
  std::string strategy{to_string(Options{}.strategy)};  // the library's default (surw)
  std::string backend = "sim";
  int preemption_bound = -1;
  int pct_depth = 3;
  std::optional<std::size_t> dpor_tree_mb;  // --dpor-tree-mb MB: Options::dpor_tree_mb
  bool explain = false;
  bool internals = false;                 // --internals: a failure's table has a row per step
  std::string timeouts = "when_idle";
  std::string shared_points = "every_access";  // --shared-points: Options::shared_points
  std::optional<double> time_budget;  // seconds; without --max-executions the only limit
  bool final_states = false;
  std::string races = "1";       // --races=0|1: Options::detect_races
  std::string lock_order = "1";  // --lock-order=0|1: Options::detect_lock_order
  std::string surw_selective = "1";  // --surw-selective=0|1: Options::surw_selective
  std::string shrink = "1";          // --shrink=0|1: Options::shrink
  std::string jobs = "auto";         // --jobs N|auto: Options::jobs (auto: every hardware thread)
  std::string shard;                 // --shard i/n: Options::shard_index / shard_count
  bool estimate = false;                  // --estimate: print only the search's estimated size
  std::uint64_t estimate_probes = 1000;   // --estimate-probes N
  bool json = false;                      // --json: one JSON document (docs/json.md) instead of the report
  std::string html;                       // --html FILE: the failure as an HTML page (docs/html_report.md)
  std::vector<std::string> given;  // the long names of the flags on the command line
};

/// Adds `run`'s operands and flags (writing into `ra`) to `cmd`, in the order --help lists them.
void add_run_options(CLI::App& cmd, RunArgs& ra);

/// Runs `weft run` once parsed: prints the failure's report or the summary. Returns 0 when no
/// failure was found, 1 when one was. Throws UsageError (exit 2, one line) for an unknown
/// scenario, a value that is not one, or a flag that would not change the run.
int run(const RunArgs& a);

}  // namespace weft::cli
