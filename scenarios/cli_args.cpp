#include "scenarios/cli_args.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <utility>

#include <weft/errors.hpp>

namespace weft::cli {

namespace {

// Digits only: decimal, or hexadecimal after 0x; nullopt on anything else or on overflow.
std::optional<std::uint64_t> magnitude(std::string_view s) {
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (s.empty() || ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

bool has(const std::vector<std::string>& given, std::string_view flag) {
  for (const std::string& g : given)
    if (g == flag) return true;
  return false;
}

// Where the strategy that runs came from, for messages: "WEFT_STRATEGY=dfs", "--strategy pct",
// "surw (the default)" or "random (lock_order_deadlock's own strategy)".
std::string strategy_source(const std::vector<std::string>& given, Strategy s, std::string_view default_source) {
  const std::string name(to_string(s));
  if (std::getenv("WEFT_STRATEGY") != nullptr) return "WEFT_STRATEGY=" + name;
  if (has(given, "--strategy")) return "--strategy " + name;
  return name + " (" + std::string(default_source) + ")";
}

}  // namespace

CLI::Validator whole_number(std::int64_t lo, std::uint64_t hi) {
  return CLI::Validator(
      [lo, hi](std::string& text) -> std::string {
        const bool minus = !text.empty() && text[0] == '-';
        const std::optional<std::uint64_t> m = magnitude(std::string_view(text).substr(minus ? 1 : 0));
        const bool negative = m && minus && *m != 0;
        bool ok = m.has_value();
        if (ok && negative) ok = lo < 0 && *m - 1 <= static_cast<std::uint64_t>(-(lo + 1));
        if (ok && !negative) ok = *m <= hi && (lo <= 0 || *m >= static_cast<std::uint64_t>(lo));
        if (!ok) return "'" + text + "' is not a number from " + std::to_string(lo) + " to " + std::to_string(hi);
        text = (negative ? "-" : "") + std::to_string(*m);
        return "";
      },
      "");
}

CLI::Validator positive_seconds() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v) || v <= 0)
          return "'" + text + "' is not a positive number of seconds (such as 30 or 0.5)";
        return "";
      },
      "");
}

CLI::Validator detector_switch() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (text == "1" || text == "on" || text == "true") {
          text = "1";
          return "";
        }
        if (text == "0" || text == "off" || text == "false") {
          text = "0";
          return "";
        }
        return "'" + text + "' is not a switch: use 1 (on) or 0 (off)";
      },
      "");
}

void warn_overridden(const std::vector<std::string>& given) {
  static constexpr std::pair<const char*, const char*> kOverridden[] = {{"--seed", "WEFT_SEED"},
                                                                         {"--strategy", "WEFT_STRATEGY"},
                                                                         {"--max-executions", "WEFT_MAX_EXECUTIONS"},
                                                                         {"--timeouts", "WEFT_TIMEOUTS"},
                                                                         {"--shared-points", "WEFT_SHARED_POINTS"},
                                                                         {"--time-budget", "WEFT_TIME_BUDGET"},
                                                                         {"--races", "WEFT_RACES"},
                                                                         {"--lock-order", "WEFT_LOCK_ORDER"},
                                                                         {"--surw-selective", "WEFT_SURW_SELECTIVE"},
                                                                         {"--shrink", "WEFT_SHRINK"},
                                                                         {"--jobs", "WEFT_JOBS"},
                                                                         {"--dpor-tree-mb", "WEFT_DPOR_TREE_MB"},
                                                                         {"--shard", "WEFT_SHARD"}};
  for (const auto& [flag, var] : kOverridden)
    if (const char* value = std::getenv(var); value != nullptr && has(given, flag))
      std::fprintf(stderr, "weft: warning: %s=%s overrides %s\n", var, value, flag);
}

void refuse_inapplicable(const std::vector<std::string>& given, bool os_backend, const Options& effective,
                         std::string_view default_source) {
  if (os_backend) {
    for (const char* flag :
         {"--strategy", "--seed", "--preemption-bound", "--pct-depth", "--timeouts", "--time-budget", "--final-states",
          "--races", "--lock-order", "--surw-selective", "--shrink", "--estimate", "--estimate-probes", "--jobs",
          "--shard", "--dpor-tree-mb", "--shared-points"})
      if (has(given, flag))
        throw UsageError(std::string(flag) +
                         " does not apply to --backend os, which runs real threads without exploring: drop it, "
                         "or use --backend sim");
    return;
  }
  const Strategy s = effective.strategy;
  const std::string source = strategy_source(given, s, default_source);
  if (has(given, "--seed") && (s == Strategy::dfs || s == Strategy::dpor))
    throw UsageError("--seed does not apply to " + source +
                     ", which explores in a fixed order: drop it, or run with --strategy random, pct, pos or surw");
  if (has(given, "--preemption-bound") && s != Strategy::dfs)
    throw UsageError("--preemption-bound applies only to the dfs strategy, not to " + source +
                     ": drop it, or run with --strategy dfs");
  if (has(given, "--pct-depth") && s != Strategy::pct)
    throw UsageError("--pct-depth applies only to the pct strategy, not to " + source +
                     ": drop it, or run with --strategy pct");
  if (has(given, "--surw-selective") && s != Strategy::surw)
    throw UsageError("--surw-selective applies only to the surw strategy, not to " + source +
                     ": drop it, or run with --strategy surw");
  if (has(given, "--dpor-tree-mb") && s != Strategy::dpor)
    throw UsageError("--dpor-tree-mb applies only to the dpor strategy, not to " + source +
                     ": drop it, or run with --strategy dpor");
  warn_overridden(given);
}

void refuse_inapplicable_to_estimate(const std::vector<std::string>& given, const Options& effective,
                                     std::string_view default_source) {
  const Strategy s = effective.strategy;
  const std::string source = strategy_source(given, s, default_source);
  if (s != Strategy::dfs && s != Strategy::dpor)
    throw UsageError("--estimate estimates the size of an exhaustive search, and " + source +
                     " is a sampler: add --strategy dfs or --strategy dpor");
  for (const char* flag : {"--max-executions", "--time-budget", "--final-states", "--shrink", "--races",
                           "--lock-order", "--explain", "--jobs", "--shard"})
    if (has(given, flag))
      throw UsageError(std::string(flag) + " does not change an estimate (--estimate runs only its probes): drop it, "
                       "or drop --estimate to run the search");
  if (has(given, "--preemption-bound") && s != Strategy::dfs)
    throw UsageError("--preemption-bound applies only to the dfs strategy, not to " + source +
                     ": drop it, or estimate with --strategy dfs");
  for (const char* flag : {"--pct-depth", "--surw-selective", "--dpor-tree-mb"})
    if (has(given, flag))
      throw UsageError(std::string(flag) + " does not apply to " + source + ": drop it");
  warn_overridden(given);
}

const scenarios::Scenario& scenario_named(const std::string& name) {
  if (const scenarios::Scenario* s = scenarios::find(name)) return *s;
  throw UsageError("unknown scenario '" + name + "'; `weft list` shows the available ones");
}

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

std::vector<std::string> given_options(const CLI::App& cmd) {
  std::vector<std::string> names;
  for (const CLI::Option* opt : cmd.get_options())
    if (opt->count() > 0) names.push_back(opt->get_name());
  return names;
}

}  // namespace weft::cli
