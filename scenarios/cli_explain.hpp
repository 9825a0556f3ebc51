#pragma once
// `weft explain NAME`: a scenario's outcome histogram (weft::outcomes, docs/outcomes.md), as
// a table or, with --json, one JSON document; --html FILE also writes it as a page.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace weft::cli {

/// What `weft explain` was given.
struct ExplainArgs {
  std::string name;
  std::string strategy;  // empty: the scenario's own strategy, else the library's default
  std::optional<std::uint64_t> seed;
  std::optional<std::uint64_t> max_executions;
  std::string races = "1", lock_order = "1";  // --races=0|1, --lock-order=0|1
  bool json = false;
  std::string html;  // --html FILE: also write the histogram as an HTML page (empty: no)
};

/// Adds the `explain` command and its flags (writing into `a`) to `app`; returns it.
CLI::App* add_explain_command(CLI::App& app, ExplainArgs& a);

/// Runs `weft explain` once `cmd` (the command add_explain_command returned) has parsed: prints
/// the table, or the JSON document with --json, on stdout, and with --html FILE writes
/// weft::html_outcomes to FILE (an unwritable FILE: one line on stderr, exit 2). Returns 0 when every outcome ended
/// ok without a detector's finding, 1 otherwise. Throws UsageError (exit 2, one line) for an
/// unknown scenario, a strategy that is not one, or a flag that would not change the search
/// (--seed with dfs or dpor).
int explain(const CLI::App& cmd, const ExplainArgs& a);

}  // namespace weft::cli
