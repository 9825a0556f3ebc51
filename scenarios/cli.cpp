#include "scenarios/cli.hpp"

#include <CLI/CLI.hpp>

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
#include "scenarios/cli_explain.hpp"
#include "scenarios/scenario.hpp"

namespace weft::cli {

namespace {

constexpr int kOk = 0, kFailureFound = 1, kBadInput = 2;

struct BadInput : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const scenarios::Scenario& scenario_named(const std::string& name) {
  if (const scenarios::Scenario* s = scenarios::find(name)) return *s;
  throw BadInput("unknown scenario '" + name + "'; `weft list` shows the available ones");
}

int list() {
  std::size_t width = 0;
  for (const auto& s : scenarios::all()) width = std::max(width, s.name.size());
  for (const auto& s : scenarios::all())
    std::printf("%-*s  %s\n", static_cast<int>(width), s.name.c_str(), s.summary.c_str());
  return kOk;
}

struct RunArgs {
  std::string name;
  std::optional<std::uint64_t> seed;
  std::optional<std::uint64_t> max_executions;
  std::string strategy{to_string(Options{}.strategy)};  // the library's default (surw)
  std::string backend = "sim";
  int preemption_bound = -1;
  int pct_depth = 3;
  bool explain = false;
  std::string timeouts = "when_idle";
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
  std::vector<std::string> given;  // the long names of the flags on the command line
};

bool given(const RunArgs& a, std::string_view flag) {
  return std::find(a.given.begin(), a.given.end(), flag) != a.given.end();
}

int run_real(const scenarios::Scenario& s, std::uint64_t runs) {
  if (!s.real_threads_ok)
    throw BadInput("scenario '" + s.name + "' cannot run on real threads (it would hang or its checks assume " +
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
  if (!strategy) throw BadInput("--strategy '" + a.strategy + "' is not one of random, pct, dfs, dpor, pos, surw");
  o.strategy = own_strategy ? *s.strategy : *strategy;
  o.seed = a.seed;
  o.preemption_bound = a.preemption_bound;
  o.pct_depth = a.pct_depth;
  o.surw_selective = a.surw_selective == "1";
  const std::optional<TimeoutPolicy> timeouts = parse_timeout_policy(a.timeouts);
  if (!timeouts) throw BadInput("--timeouts '" + a.timeouts + "' is not a timeout policy: use when_idle or explore");
  o.timeouts = *timeouts;
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
    if (!shard) throw BadInput("--shard '" + a.shard + "' is not a shard: use i/n with 0 <= i < n, such as 0/4");
    o.shard_index = shard->first;
    o.shard_count = shard->second;
  }
  return o;
}

// Prints what a simulated run found, or what it covered; the exit status.
int print_outcome(const scenarios::Scenario& s, const Result& r) {
  const std::string finals = final_states(r.stats());
  if (!r.ok()) {
    std::printf("%s\n", r.failure().report().c_str());
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

int run(const RunArgs& a) {
  const scenarios::Scenario& s = scenario_named(a.name);
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
    throw BadInput("--estimate-probes applies only with --estimate: add --estimate, or drop it");
  if (a.estimate) {  // the estimate alone (its seed is --seed, or WEFT_SEED)
    refuse_inapplicable_to_estimate(a.given, apply_environment(o), default_source);
    std::printf("%s\n", estimate_search(o, s.body, a.estimate_probes).summary().c_str());
    return kOk;
  }
  refuse_inapplicable(a.given, false, apply_environment(o), default_source);
  if (a.explain) std::printf("%s\n\n%s\n\n", s.name.c_str(), s.lesson.c_str());
  return print_outcome(s, explore(o, s.body));
}

struct ReplayArgs {
  std::string name, schedule;
  std::string races = "1", lock_order = "1";
  bool continue_after_divergence = false;  // --continue
  std::vector<std::string> given;
};

int replay_cmd(const ReplayArgs& a) {
  const scenarios::Scenario& s = scenario_named(a.name);
  Options o;
  o.detect_races = a.races == "1";
  o.detect_lock_order = a.lock_order == "1";
  if (a.continue_after_divergence) o.replay_mode = ReplayMode::continue_after_divergence;
  warn_overridden(a.given);
  const Result r = replay(a.schedule, s.body, o);
  if (!r.stats().replay_note.empty()) std::printf("replay --continue: %s\n\n", r.stats().replay_note.c_str());
  if (!r.ok()) {
    std::printf("%s\n", r.failure().report().c_str());
    return kFailureFound;
  }
  std::printf("ok: the schedule ran %s to completion without a failure\n", s.name.c_str());
  return kOk;
}

// --races and --lock-order, on `run` and `replay`.
void add_detector_flags(CLI::App& cmd, std::string& races, std::string& lock_order) {
  cmd.add_option("--races", races,
                 "1 (default): report a data race, two unordered accesses to a Shared, one a write, in any "
                 "execution that makes them; 0: only failures the program itself shows (WEFT_RACES overrides)")
      ->type_name("0|1")
      ->transform(detector_switch());
  cmd.add_option("--lock-order", lock_order,
                 "1 (default): report a lock-order inversion, locks taken in a cyclic order by threads that can "
                 "overlap, even in an execution that did not deadlock; 0: off (WEFT_LOCK_ORDER overrides)")
      ->type_name("0|1")
      ->transform(detector_switch());
}

// The commands, for messages: "list, run, replay".
std::string command_names(CLI::App& app) {
  std::string out;
  for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    out += (out.empty() ? "" : ", ") + sub->get_name();
  return out;
}

// A first argument that is neither a top-level flag nor a command, as one line; CLI11 alone
// would say "A subcommand is required".
std::optional<std::string> bad_first_argument(CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help" || arg == "--version") continue;
    if (!arg.empty() && arg[0] == '-') return "unknown option '" + arg + "' (see weft --help)";
    for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
      if (sub->get_name() == arg) return std::nullopt;
    return "unknown command '" + arg + "'; the commands are " + command_names(app) + " (see weft --help)";
  }
  return std::nullopt;
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
  cmd.add_option("--time-budget", ra.time_budget,
                 "Stop after SECONDS of wall time (without --max-executions, no execution limit; "
                 "WEFT_TIME_BUDGET overrides)")
      ->type_name("SECONDS")
      ->check(positive_seconds());
  cmd.add_flag("--final-states", ra.final_states, "Count the distinct final states of the executions");
  cmd.add_option("--shrink", ra.shrink,
                 "1 (default): report a failure with the smallest failing execution a replay-checked search "
                 "finds, fewest preemptions first, and say what it was shrunk from; 0: report the execution "
                 "as found (WEFT_SHRINK overrides)")
      ->type_name("0|1")
      ->transform(detector_switch());
  add_detector_flags(cmd, ra.races, ra.lock_order);
}

// Then parallelism, sharding and the size estimate.
void add_scale_flags(CLI::App& cmd, RunArgs& ra) {
  cmd.add_option("--jobs", ra.jobs,
                 "Workers running random, pct, pos or surw executions in parallel (default auto: one per hardware "
                 "thread; dfs and dpor use one). The report does not depend on it. WEFT_JOBS overrides")
      ->type_name("N|auto")
      ->check(jobs_validator());
  cmd.add_option("--shard", ra.shard,
                 "Run shard i of n (0-based): the executions numbered i modulo n, so n shards run the whole "
                 "search between them (dfs/dpor: all on shard 0). WEFT_SHARD overrides")
      ->type_name("i/n");
  cmd.add_flag("--estimate", ra.estimate,
                 "dfs or dpor: do not search; print only an estimate of the search's size (dfs: executions, "
                 "dpor: traces) from random probes of its tree (Knuth's estimator), seeded by --seed");
  cmd.add_option("--estimate-probes", ra.estimate_probes, "With --estimate: how many probes (default 1000)")
      ->type_name("N")
      ->transform(whole_number(1, UINT64_MAX));
}

// Parses the command line; the exit status when that already ends the program (--help,
// --version, bad input).
std::optional<int> parse(CLI::App& app, int argc, char** argv) {
  if (const std::optional<std::string> bad = bad_first_argument(app, argc, argv)) {
    std::fprintf(stderr, "weft: %s\n", bad->c_str());
    return kBadInput;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --help-all, --version
    return app.exit(e);
  } catch (const CLI::ValidationError& e) {  // says what was wrong and what is accepted
    std::fprintf(stderr, "weft: %s\n", e.what());
    return kBadInput;
  } catch (const CLI::ParseError& e) {
    if (app.get_subcommands().empty())
      std::fprintf(stderr, "weft: a command is required: %s (see weft --help)\n", command_names(app).c_str());
    else
      std::fprintf(stderr, "weft: %s (see weft --help)\n", e.what());
    return kBadInput;
  }
  return std::nullopt;
}

// The long names of the options given on the command line to `cmd`.
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"weft: run threaded programs deterministically, explore their interleavings, replay failures.\n"
               "Exit status: 0 no failure found, 1 a failure found, 2 bad input.",
               "weft"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("weft ") + WEFT_VERSION, "Print the version and exit");
  app.add_subcommand("list", "List the scenarios with a one-line summary each");

  RunArgs ra;
  CLI::App* run_cmd = app.add_subcommand("run", "Explore a scenario's interleavings; print the first failure");
  add_search_flags(*run_cmd, ra);
  add_run_flags(*run_cmd, ra);
  add_scale_flags(*run_cmd, ra);

  ReplayArgs rp;
  CLI::App* replay_app = app.add_subcommand("replay", "Run a scenario once along a schedule string");
  replay_app->add_option("name", rp.name, "Scenario name")->required();
  replay_app->add_option("schedule", rp.schedule, "The weft1:... string a failing run printed")->required();
  add_detector_flags(*replay_app, rp.races, rp.lock_order);
  replay_app->add_flag("--continue", rp.continue_after_divergence,
                       "Follow the schedule through small edits of the program and, where it no longer applies, "
                       "finish under surw, saying where (docs/replay.md; WEFT_REPLAY_MODE=continue)");
  ExplainArgs ea;
  CLI::App* explain_app = add_explain_command(app, ea);  // scenarios/cli_explain.cpp

  if (const std::optional<int> status = parse(app, argc, argv)) return *status;
  ra.given = given_options(*run_cmd);
  rp.given = given_options(*replay_app);
  try {
    if (app.got_subcommand("list")) return list();
    if (app.got_subcommand(run_cmd)) return run(ra);
    if (app.got_subcommand(explain_app)) return explain(*explain_app, ea);
    return replay_cmd(rp);
  } catch (const BadInput& e) {
    std::fprintf(stderr, "weft: %s\n", e.what());
    return kBadInput;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "weft: %s\n", e.what());
    return kBadInput;
  }
}

}  // namespace weft::cli
