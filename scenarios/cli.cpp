#include "scenarios/cli.hpp"

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>

#include <weft/weft.hpp>

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
  std::string strategy = "random";
  std::string backend = "sim";
  int preemption_bound = -1;
  int pct_depth = 3;
  bool explain = false;
  std::string timeouts = "when_idle";
  std::optional<double> time_budget;  // seconds; without --max-executions the only limit
  bool final_states = false;
};

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

int run(const RunArgs& a) {
  const scenarios::Scenario& s = scenario_named(a.name);
  if (a.explain) std::printf("%s\n\n%s\n\n", s.name.c_str(), s.lesson.c_str());
  if (a.backend == "os") return run_real(s, a.max_executions.value_or(100));
  Options o;
  const std::optional<Strategy> strategy = parse_strategy(a.strategy);
  if (!strategy) throw BadInput("--strategy '" + a.strategy + "' is not one of random, pct, dfs, dpor");
  o.strategy = *strategy;
  o.seed = a.seed;
  o.preemption_bound = a.preemption_bound;
  o.pct_depth = a.pct_depth;
  const std::optional<TimeoutPolicy> timeouts = parse_timeout_policy(a.timeouts);
  if (!timeouts) throw BadInput("--timeouts '" + a.timeouts + "' is not a timeout policy: use when_idle or explore");
  o.timeouts = *timeouts;
  if (a.max_executions) o.max_executions = *a.max_executions;
  if (a.time_budget) {
    o.time_budget_seconds = *a.time_budget;
    if (!a.max_executions) o.max_executions = UINT64_MAX;
  }
  o.count_final_states = a.final_states;
  const Result r = explore(o, s.body);
  const std::string finals = final_states(r.stats());
  if (!r.ok()) {
    std::printf("%s\n", r.failure().report().c_str());
    std::printf("found after %llu execution(s) (%llu steps, %.3f s)%s\n",
                static_cast<unsigned long long>(r.stats().executions),
                static_cast<unsigned long long>(r.stats().steps), r.stats().elapsed_seconds, finals.c_str());
    std::printf("replay: weft replay %s %s\n", s.name.c_str(), r.failure().schedule.c_str());
    return kFailureFound;
  }
  std::printf("ok: %s passed %llu executions (%s, seed %llu; %llu steps, %.3f s)%s%s\n", s.name.c_str(),
              static_cast<unsigned long long>(r.stats().executions), a.strategy.c_str(),
              static_cast<unsigned long long>(o.seed.value_or(kDefaultSeed)),
              static_cast<unsigned long long>(r.stats().steps), r.stats().elapsed_seconds,
              coverage(r.stats()).c_str(), finals.c_str());
  return kOk;
}

int replay_cmd(const std::string& name, const std::string& schedule) {
  const scenarios::Scenario& s = scenario_named(name);
  const Result r = replay(schedule, s.body);
  if (!r.ok()) {
    std::printf("%s\n", r.failure().report().c_str());
    return kFailureFound;
  }
  std::printf("ok: the schedule ran %s to completion without a failure\n", s.name.c_str());
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"weft: run threaded programs deterministically, explore their interleavings, replay failures.\n"
               "Exit status: 0 no failure found, 1 a failure found, 2 bad input.",
               "weft"};
  app.require_subcommand(1);
  app.add_subcommand("list", "List the scenarios with a one-line summary each");

  RunArgs ra;
  CLI::App* run_cmd = app.add_subcommand("run", "Explore a scenario's interleavings; print the first failure");
  run_cmd->add_option("name", ra.name, "Scenario name (see `weft list`)")->required();
  run_cmd->add_option("--seed", ra.seed, "Seed of the random strategy (default 0x5eed; WEFT_SEED overrides)");
  run_cmd->add_option("--max-executions", ra.max_executions,
                      "Executions to try (default 1000 simulated, 100 on real threads)")
      ->check(CLI::PositiveNumber);
  run_cmd->add_option("--strategy", ra.strategy, "random (default), pct, or dfs (exhaustive)");
  run_cmd->add_option("--preemption-bound", ra.preemption_bound, "dfs: at most this many preemptions (-1: none)")
      ->check(CLI::Range(-1, 1000));
  run_cmd->add_option("--pct-depth", ra.pct_depth, "pct: the bug depth d to target (default 3)")
      ->check(CLI::Range(1, 1000));
  run_cmd->add_option("--backend", ra.backend, "sim: explore interleavings; os: run on real threads")
      ->check(CLI::IsMember({"sim", "os"}));
  run_cmd->add_flag("--explain", ra.explain, "Print the scenario's lesson first");
  run_cmd->add_option("--timeouts", ra.timeouts,
                      "when_idle (default): timeouts fire only when no thread can run; explore: also earlier, "
                      "as on a slow machine (WEFT_TIMEOUTS overrides)");
  run_cmd->add_option("--time-budget", ra.time_budget,
                      "Stop after SECONDS of wall time (without --max-executions, no execution limit; "
                      "WEFT_TIME_BUDGET overrides)")
      ->type_name("SECONDS")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            char* end = nullptr;
            const double v = std::strtod(text.c_str(), &end);
            if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v) || v <= 0)
              return "'" + text + "' is not a positive number of seconds (such as 30 or 0.5)";
            return "";
          },
          "SECONDS"));
  run_cmd->add_flag("--final-states", ra.final_states, "Count the distinct final states of the executions");

  std::string rname, schedule;
  CLI::App* replay_app = app.add_subcommand("replay", "Run a scenario once along a schedule string");
  replay_app->add_option("name", rname, "Scenario name")->required();
  replay_app->add_option("schedule", schedule, "The weft1:... string a failing run printed")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "weft: %s (see weft --help)\n", e.what());
    return kBadInput;
  }
  try {
    if (app.got_subcommand("list")) return list();
    if (app.got_subcommand(run_cmd)) return run(ra);
    return replay_cmd(rname, schedule);
  } catch (const BadInput& e) {
    std::fprintf(stderr, "weft: %s\n", e.what());
    return kBadInput;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "weft: %s\n", e.what());
    return kBadInput;
  }
}

}  // namespace weft::cli
