#include "scenarios/cli_run.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <weft/weft.hpp>

#include "scenarios/cli_args.hpp"
#include "scenarios/cli_html.hpp"
#include "scenarios/result_json.hpp"
#include "scenarios/scenario.hpp"

namespace weft::cli {

namespace {


bool given(const RunArgs& a, std::string_view flag) {
  return std::find(a.given.begin(), a.given.end(), flag) != a.given.end();
}

int run_real(const scenarios::Scenario& s, std::uint64_t runs) {
  if (!s.real_threads_ok)
    throw UsageError("scenario '" + s.name + "' cannot run on real threads (it would hang or its checks assume " +
                   "virtual time); use --backend sim");
  for (std::uint64_t i = 0; i < runs; ++i) {
    try {
      s.body();
    } catch (const std::exception& e) {
      std::printf("FAILURE on real threads (run %llu of %llu): %s\n", static_cast<unsigned long long>(i + 1),
                  static_cast<unsigned long long>(runs), e.what());
      return kFailureFound;
    }
  }
  std::printf("ok: %s passed %llu runs on real threads (real threads do not explore interleavings: "
              "use --backend sim to search them)\n",
              s.name.c_str(), static_cast<unsigned long long>(runs));
  return kOk;
}

std::string final_states(const Stats& st) {
  if (st.distinct_final_states == 0) return "";
  return "; " + std::to_string(st.distinct_final_states) + " distinct final state" +
         (st.distinct_final_states == 1 ? "" : "s");
}

// What a passing run covered.
std::string coverage(const Stats& st) {
  const std::string pruned = std::to_string(st.pruned) + " pruned";
  const std::string budget = st.time_budget_exhausted ? "time" : "execution";
  if (st.left_to_shard_0()) return "; dpor is not split into shards: shard 0 runs the whole search, this shard none";
  if (st.complete) return "; search complete: no interleaving fails (" + pruned + ")";
  if (st.exhaustive)
    return "; stopped at the " + budget + " budget (" + pruned + "): the search is not complete";
  if (st.time_budget_exhausted)
    return "; stopped at the time budget; not exhaustive: more executions may still find a failure";
  return "; not exhaustive: more executions may still find a failure";
}

// The Options the flags ask for (the WEFT_* variables are applied later). `own_strategy`: the
// scenario's own strategy stands in for --strategy's default.
Options options_from(const RunArgs& a, const scenarios::Scenario& s, bool own_strategy) {
  Options o;
  const std::optional<Strategy> strategy = parse_strategy(a.strategy);
  if (!strategy) throw UsageError("--strategy '" + a.strategy + "' is not one of random, pct, dfs, dpor, pos, surw");
  o.strategy = own_strategy ? *s.strategy : *strategy;
  o.seed = a.seed;
  o.preemption_bound = a.preemption_bound;
  o.pct_depth = a.pct_depth;
  if (a.dpor_tree_mb) o.dpor_tree_mb = *a.dpor_tree_mb;
  o.surw_selective = a.surw_selective == "1";
  const std::optional<TimeoutPolicy> timeouts = parse_timeout_policy(a.timeouts);
  if (!timeouts) throw UsageError("--timeouts '" + a.timeouts + "' is not a timeout policy: use when_idle or explore");
  o.timeouts = *timeouts;
  const std::optional<SharedPoints> shared_points = parse_shared_points(a.shared_points);
  if (!shared_points)
    throw UsageError("--shared-points '" + a.shared_points + "' is not a setting: use every_access or sync_only");
  o.shared_points = *shared_points;
  if (a.max_executions) o.max_executions = *a.max_executions;
  if (a.time_budget) {
    o.time_budget_seconds = *a.time_budget;
    if (!a.max_executions) o.max_executions = UINT64_MAX;
  }
  o.count_final_states = a.final_states;
  o.detect_races = a.races == "1";
  o.detect_lock_order = a.lock_order == "1";
  o.shrink = a.shrink == "1";
  o.jobs = a.jobs == "auto" ? 0 : static_cast<unsigned>(std::stoul(a.jobs));  // checked by --jobs's validator
  if (!a.shard.empty()) {
    const auto shard = parse_shard(a.shard);
    if (!shard) throw UsageError("--shard '" + a.shard + "' is not a shard: use i/n with 0 <= i < n, such as 0/4");
    o.shard_index = shard->first;
    o.shard_count = shard->second;
  }
  return o;
}

// Prints what a simulated run found, or what it covered; the exit status.
int print_outcome(const scenarios::Scenario& s, const Result& r, bool internals) {
  const std::string finals = final_states(r.stats());
  if (!r.ok()) {
    Failure f = r.failure();
    f.trace_internals = f.trace_internals || internals;  // --internals: a row per step
    std::printf("%s\n", f.report().c_str());
    std::printf("found after %llu execution(s) (%s; %llu steps, %.3f s)%s\n",
                static_cast<unsigned long long>(r.stats().executions), r.stats().what_ran().c_str(),
                static_cast<unsigned long long>(r.stats().steps), r.stats().elapsed_seconds, finals.c_str());
    // A failure about the whole search (a coverage label never satisfied) has no schedule.
    if (!r.failure().schedule.empty())
      std::printf("replay: weft replay %s %s\n", s.name.c_str(), r.failure().schedule.c_str());
    return kFailureFound;
  }
  // What ran comes from the result: WEFT_* variables may have overridden the flags.
  std::printf("ok: %s passed %llu executions (%s; %llu steps, %.3f s)%s%s\n", s.name.c_str(),
              static_cast<unsigned long long>(r.stats().executions), r.stats().what_ran().c_str(),
              static_cast<unsigned long long>(r.stats().steps), r.stats().elapsed_seconds,
              coverage(r.stats()).c_str(), finals.c_str());
  return kOk;
}


// --jobs N|auto: 1 to kMaxJobs, or auto (one per hardware thread).
CLI::Validator jobs_validator() {
  return CLI::Validator(
      [](std::string& v) -> std::string {
        if (v == "auto") return {};
        const bool digits = !v.empty() && v.size() <= 5 && v.find_first_not_of("0123456789") == std::string::npos;
        if (digits && std::stoul(v) >= 1 && std::stoul(v) <= kMaxJobs) return {};
        return "'" + v + "' is not a number of jobs: use 1 to " + std::to_string(kMaxJobs) +
               ", or auto (one per hardware thread)";
      },
      "");
}

// `run`'s operands and flags, in the order --help lists them: first what the search is.
void add_search_flags(CLI::App& cmd, RunArgs& ra) {
  cmd.add_option("name", ra.name, "Scenario name (see `weft list`)")->required();
  cmd.add_option("--seed", ra.seed,
                 "Seed of random, pct, pos and surw, and of --estimate's probes (default 0x5eed; WEFT_SEED overrides)")
      ->type_name("N")
      ->transform(whole_number(0, UINT64_MAX));
  cmd.add_option("--max-executions", ra.max_executions,
                 "Executions to try (default 1000 simulated, WEFT_MAX_EXECUTIONS overrides; 100 on real threads)")
      ->type_name("N")
      ->transform(whole_number(1, UINT64_MAX));
  cmd.add_option("--strategy", ra.strategy,
                 "surw (default; a scenario may name its own), random, pct, pos (samplers), dfs or dpor "
                 "(exhaustive); WEFT_STRATEGY overrides");
  cmd.add_option("--preemption-bound", ra.preemption_bound, "dfs only: at most this many preemptions (-1: none)")
      ->type_name("N")
      ->transform(whole_number(-1, 1000));
  cmd.add_option("--pct-depth", ra.pct_depth, "pct only: the bug depth d to target (default 3)")
      ->type_name("N")
      ->transform(whole_number(1, 1000));
  cmd.add_option("--dpor-tree-mb", ra.dpor_tree_mb,
                 "dpor only: MiB of wake-up trees a search keeps (default 48) before it switches to source-DPOR, "
                 "which still visits every trace once but may end executions sleep-set blocked "
                 "(WEFT_DPOR_TREE_MB overrides)")
      ->type_name("MB")
      ->transform(whole_number(0, kMaxDporTreeMb));
  cmd.add_option("--surw-selective", ra.surw_selective,
                 "surw only. 1 (default): the selective walk, uniform over the operations on objects two threads "
                 "share, one writing or locking; 0: the non-selective walk (URW), uniform over every operation "
                 "(WEFT_SURW_SELECTIVE overrides)")
      ->type_name("0|1")
      ->transform(detector_switch());
}

// Then where and how it runs, and what it reports.
void add_run_flags(CLI::App& cmd, RunArgs& ra) {
  cmd.add_option("--backend", ra.backend, "sim: explore interleavings; os: run on real threads")
      ->check(CLI::IsMember({"sim", "os"}));
  cmd.add_flag("--explain", ra.explain, "Print the scenario's lesson first");
  cmd.add_option("--timeouts", ra.timeouts,
                 "when_idle (default): timeouts fire only when no thread can run; explore: also earlier, "
                 "as on a slow machine (WEFT_TIMEOUTS overrides)");
  cmd.add_option("--shared-points", ra.shared_points,
                 "every_access (default): each Shared read and write is a scheduling point; sync_only: only "
                 "synchronisation is, and the race detector checks every Shared access (needs --races=1; "
                 "WEFT_SHARED_POINTS overrides)");
  cmd.add_option("--time-budget", ra.time_budget,
                 "Stop after SECONDS of wall time (without --max-executions, no execution limit; "
                 "WEFT_TIME_BUDGET overrides)")
      ->type_name("SECONDS")
      ->check(positive_seconds());
  cmd.add_flag("--internals", ra.internals,
               "A failure's table has a row per step (the Lock and Condition steps inside each call), not one per call");
  cmd.add_flag("--final-states", ra.final_states, "Count the distinct final states of the executions");
  cmd.add_flag("--json", ra.json,
               "Print one JSON document (\"format\": 1; docs/json.md) instead of the report: the statistics and "
               "the failure with its trace");
  cmd.add_option("--shrink", ra.shrink,
                 "1 (default): report a failure with the smallest failing execution a replay-checked search "
                 "finds, fewest preemptions first, and say what it was shrunk from; 0: report the execution "
                 "as found (WEFT_SHRINK overrides)")
      ->type_name("0|1")
      ->transform(detector_switch());
  add_detector_flags(cmd, ra.races, ra.lock_order);
  add_html_option(cmd, ra.html);  // scenarios/cli_html.cpp
}

// Then parallelism, sharding and the size estimate.
void add_scale_flags(CLI::App& cmd, RunArgs& ra) {
  cmd.add_option("--jobs", ra.jobs,
                 "Workers running executions in parallel (default auto: one per hardware thread; dpor uses one). "
                 "The report does not depend on it. WEFT_JOBS overrides")
      ->type_name("N|auto")
      ->check(jobs_validator());
  cmd.add_option("--shard", ra.shard,
                 "Run shard i of n (0-based): the executions numbered i modulo n, so n shards run the whole "
                 "search between them (surw, pct: each shard also runs, uncounted, the executions that teach "
                 "the strategy; dfs: every n-th part of its tree; dpor: all on shard 0). WEFT_SHARD overrides")
      ->type_name("i/n");
  cmd.add_flag("--estimate", ra.estimate,
                 "dfs or dpor: do not search; print only an estimate of the search's size (dfs: executions, "
                 "dpor: traces) from random probes of its tree (Knuth's estimator), seeded by --seed");
  cmd.add_option("--estimate-probes", ra.estimate_probes, "With --estimate: how many probes (default 1000)")
      ->type_name("N")
      ->transform(whole_number(1, UINT64_MAX));
}

}  // namespace

int run(const RunArgs& a) {
  const scenarios::Scenario& s = scenario_named(a.name);
  if (a.json && (a.backend == "os" || a.estimate || a.explain))
    throw UsageError("--json prints a simulated search's result: drop --backend os, --estimate and --explain");
  if (a.backend == "os") {
    refuse_inapplicable(a.given, true, Options{});
    if (a.explain) std::printf("%s\n\n%s\n\n", s.name.c_str(), s.lesson.c_str());
    return run_real(s, a.max_executions.value_or(100));
  }
  // A scenario may name its own strategy (lock_order_deadlock: random), used unless --strategy is given.
  const bool own_strategy = s.strategy && !given(a, "--strategy");
  const Options o = options_from(a, s, own_strategy);
  const std::string default_source = own_strategy ? s.name + "'s own strategy" : "the default";
  if (given(a, "--estimate-probes") && !a.estimate)
    throw UsageError("--estimate-probes applies only with --estimate: add --estimate, or drop it");
  if (a.estimate) {  // the estimate alone (its seed is --seed, or WEFT_SEED)
    refuse_inapplicable_to_estimate(a.given, apply_environment(o), default_source);
    std::printf("%s\n", estimate_search(o, s.body, a.estimate_probes).summary().c_str());
    return kOk;
  }
  refuse_inapplicable(a.given, false, apply_environment(o), default_source);
  if (a.explain) std::printf("%s\n\n%s\n\n", s.name.c_str(), s.lesson.c_str());
  const Result r = explore(o, s.body);
  if (!write_html(a.html, r)) return kBadInput;
  if (a.json) return print_result_json("run", s.name, r);  // scenarios/result_json.cpp
  return print_outcome(s, r, a.internals);
}

void add_run_options(CLI::App& cmd, RunArgs& ra) {
  add_search_flags(cmd, ra);
  add_run_flags(cmd, ra);
  add_scale_flags(cmd, ra);
}

}  // namespace weft::cli
