#include "scenarios/cli_explain.hpp"

#include <cstdio>
#include <vector>

#include <weft/html_report.hpp>
#include <weft/weft.hpp>

#include "scenarios/cli_args.hpp"
#include "scenarios/cli_html.hpp"
#include "scenarios/outcomes_json.hpp"
#include "scenarios/scenario.hpp"

namespace weft::cli {

namespace {

// The Options the flags ask for (the WEFT_* variables are applied by weft::outcomes).
Options options_from(const ExplainArgs& a, const scenarios::Scenario& s) {
  Options o;
  if (!a.strategy.empty()) {
    const std::optional<Strategy> strategy = parse_strategy(a.strategy);
    if (!strategy) throw UsageError("--strategy '" + a.strategy + "' is not one of random, pct, dfs, dpor, pos, surw");
    o.strategy = *strategy;
  } else if (s.strategy) {
    o.strategy = *s.strategy;
  }
  o.seed = a.seed;
  if (a.max_executions) o.max_executions = *a.max_executions;
  o.detect_races = a.races == "1";
  o.detect_lock_order = a.lock_order == "1";
  return o;
}

bool all_clean(const Outcomes& h) {
  for (const Outcome& o : h.outcomes)
    if (!o.ok() || !o.findings.empty()) return false;
  return true;
}

}  // namespace

CLI::App* add_explain_command(CLI::App& app, ExplainArgs& a) {
  CLI::App* cmd = app.add_subcommand(
      "explain", "Explore a scenario without stopping at failures; print each distinct outcome (final values, how it "
                 "ended) with its count, share and a schedule reaching it");
  cmd->add_option("name", a.name, "Scenario name (see `weft list`)")->required();
  cmd->add_option("--strategy", a.strategy,
                  "surw (default; a scenario may name its own), random, pct, pos, dfs or dpor; a complete dfs "
                  "counts interleavings, a complete dpor traces (WEFT_STRATEGY overrides)");
  cmd->add_option("--max-executions", a.max_executions,
                  "Executions to run (default 1000; WEFT_MAX_EXECUTIONS overrides)")
      ->type_name("N")
      ->transform(whole_number(1, UINT64_MAX));
  cmd->add_option("--seed", a.seed, "Seed of random, pct, pos and surw (default 0x5eed; WEFT_SEED overrides)")
      ->type_name("N")
      ->transform(whole_number(0, UINT64_MAX));
  cmd->add_option("--races", a.races, "1 (default): annotate outcomes with data races; 0: off")
      ->type_name("0|1")
      ->transform(detector_switch());
  cmd->add_option("--lock-order", a.lock_order, "1 (default): annotate outcomes with lock-order inversions; 0: off")
      ->type_name("0|1")
      ->transform(detector_switch());
  cmd->add_flag("--json", a.json, "Print one JSON document (\"format\": 1; docs/outcomes.md) instead of the table");
  cmd->add_option("--html", a.html,
                  "Also write the histogram as one self-contained HTML page to FILE (docs/html_report.md)")
      ->type_name("FILE");
  return cmd;
}

int explain(const CLI::App& cmd, const ExplainArgs& a) {
  const scenarios::Scenario& s = scenario_named(a.name);
  const Options o = options_from(a, s);
  const bool own_strategy = a.strategy.empty() && s.strategy;
  refuse_inapplicable(given_options(cmd), false, apply_environment(o),
                      own_strategy ? s.name + "'s own strategy" : "the default");
  const Outcomes h = outcomes(o, s.body);
  if (!a.html.empty() && !write_page(a.html, html_outcomes(h, s.name))) return kBadInput;
  if (a.json) {
    std::fputs(outcomes_json(s.name, h).c_str(), stdout);
  } else {
    std::printf("%s: %zu distinct outcome%s\n%s", s.name.c_str(), h.outcomes.size(),
                h.outcomes.size() == 1 ? "" : "s", h.table().c_str());
  }
  return all_clean(h) ? 0 : 1;
}

}  // namespace weft::cli
