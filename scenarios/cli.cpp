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
#include "scenarios/cli_html.hpp"
#include "scenarios/cli_run.hpp"
#include "scenarios/replay_trace.hpp"
#include "scenarios/result_json.hpp"
#include "scenarios/scenario.hpp"

namespace weft::cli {

namespace {

int list() {
  std::size_t width = 0;
  for (const auto& s : scenarios::all()) width = std::max(width, s.name.size());
  for (const auto& s : scenarios::all())
    std::printf("%-*s  %s\n", static_cast<int>(width), s.name.c_str(), s.summary.c_str());
  return kOk;
}

struct ReplayArgs {
  std::string name, schedule;
  std::string races = "1", lock_order = "1";
  bool continue_after_divergence = false;  // --continue
  std::string trace;                       // --trace FILE: names from `weft run --json` (docs/replay.md)
  bool json = false;                       // --json: one JSON document (docs/json.md)
  std::string html;                        // --html FILE (docs/html_report.md)
  std::vector<std::string> given;
};

// The schedule string given, or else the --trace document's; UsageError when neither is given
// or the two differ.
std::string schedule_to_replay(const ReplayArgs& a, const std::optional<RecordedTrace>& recorded) {
  if (!recorded) {
    if (a.schedule.empty())
      throw UsageError("replay needs the schedule string: weft replay NAME SCHEDULE, or NAME --continue --trace FILE");
    return a.schedule;
  }
  if (!a.schedule.empty() && a.schedule != recorded->schedule)
    throw UsageError("the schedule string given is not the one in --trace '" + a.trace +
                     "' (failure.schedule); give only the file, or the file of the run that printed the string");
  return recorded->schedule;
}

int replay_cmd(const ReplayArgs& a) {
  const scenarios::Scenario& s = scenario_named(a.name);
  Options o;
  o.detect_races = a.races == "1";
  o.detect_lock_order = a.lock_order == "1";
  if (a.continue_after_divergence) o.replay_mode = ReplayMode::continue_after_divergence;
  warn_overridden(a.given);
  std::optional<RecordedTrace> recorded;
  if (!a.trace.empty()) recorded = read_recorded_trace(a.trace);
  const std::string schedule = schedule_to_replay(a, recorded);
  const Result r = recorded ? replay(schedule, recorded->names, s.body, o) : replay(schedule, s.body, o);
  if (!write_html(a.html, r)) return kBadInput;
  if (a.json) return print_result_json("replay", s.name, r, schedule);  // the note is in stats
  if (!r.stats().replay_note.empty()) std::printf("replay --continue: %s\n\n", r.stats().replay_note.c_str());
  if (!r.ok()) {
    std::printf("%s\n", r.failure().report().c_str());
    return kFailureFound;
  }
  std::printf("ok: the schedule ran %s to completion without a failure\n", s.name.c_str());
  return kOk;
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
  add_run_options(*run_cmd, ra);  // scenarios/cli_run.cpp

  ReplayArgs rp;
  CLI::App* replay_app = app.add_subcommand("replay", "Run a scenario once along a schedule string");
  replay_app->add_option("name", rp.name, "Scenario name")->required();
  replay_app->add_option("schedule", rp.schedule,
                         "The weft1:... string a failing run printed (optional with --trace, which holds it)");
  add_detector_flags(*replay_app, rp.races, rp.lock_order);
  CLI::Option* continue_flag =
      replay_app->add_flag("--continue", rp.continue_after_divergence,
                           "Follow the schedule through small edits of the program and, where it no longer applies, "
                           "finish under surw, saying where (docs/replay.md; WEFT_REPLAY_MODE=continue)");
  replay_app
      ->add_option("--trace", rp.trace,
                   "With --continue: the JSON document `weft run --json` wrote for the failure; its schedule is "
                   "followed matching threads by name and objects by label (docs/replay.md)")
      ->type_name("FILE")
      ->needs(continue_flag);
  replay_app->add_flag("--json", rp.json,
                       "Print one JSON document (\"format\": 1; docs/json.md) instead of the report");
  add_html_option(*replay_app, rp.html);  // scenarios/cli_html.cpp
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
  } catch (const UsageError& e) {
    std::fprintf(stderr, "weft: %s\n", e.what());
    return kBadInput;
  }
}

}  // namespace weft::cli
