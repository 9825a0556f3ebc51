#pragma once
// What `weft run` accepts: CLI11 validators for its numbers, and the rule that a flag with no
// effect on the run (a --seed for dfs, a --strategy on real threads) is refused, not ignored.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <weft/options.hpp>

#include "scenarios/scenario.hpp"

namespace weft::cli {

/// A CLI11 transform accepting a whole number from lo to hi, written in decimal or as 0x
/// hexadecimal (an optional '-' first), and rewriting it in decimal for the conversion.
/// Anything else (empty, a sign out of range, trailing text, overflow) fails with
/// "'TEXT' is not a number from LO to HI", which CLI11 prefixes with the flag's name.
CLI::Validator whole_number(std::int64_t lo, std::uint64_t hi);

/// A CLI11 check accepting a finite number of seconds above 0 (such as 30 or 0.5).
CLI::Validator positive_seconds();

/// A CLI11 transform accepting a switch (--races, --lock-order, --surw-selective, --shrink) as
/// WEFT_RACES, WEFT_LOCK_ORDER, WEFT_SURW_SELECTIVE and WEFT_SHRINK do: 1, on or true; 0, off or
/// false (rewritten as 1 or 0). Anything else fails with "'TEXT' is not a switch: use 1 (on) or 0 (off)".
CLI::Validator detector_switch();

/// Prints a one-line warning on stderr for each flag in `given` that a WEFT_* variable set in
/// the environment overrides (--seed and WEFT_SEED, --races and WEFT_RACES, --shrink and
/// WEFT_SHRINK...).
void warn_overridden(const std::vector<std::string>& given);

/// Throws UsageError (one line naming the flag and the fix) when a flag of `weft run` given on
/// the command line would not change the run: any exploration flag with `os_backend`; --seed
/// with dfs or dpor; --preemption-bound without dfs; --pct-depth without pct; --surw-selective
/// without surw. `given` holds the long names of the flags given ("--seed"); `effective` is the
/// options after the WEFT_* variables, which decide the strategy that runs; `default_source`
/// says where that strategy came from when neither --strategy nor WEFT_STRATEGY chose it ("the
/// default", or "lock_order_deadlock's own strategy"). Then warn_overridden(given).
void refuse_inapplicable(const std::vector<std::string>& given, bool os_backend, const Options& effective,
                         std::string_view default_source = "the default");

/// `weft run --estimate`'s version of refuse_inapplicable (sim backend only): throws UsageError
/// when the strategy that runs (`effective`, after the WEFT_* variables) is not dfs or dpor, or
/// when a flag given would not change the estimate (--max-executions, --time-budget,
/// --final-states, --shrink, --races, --lock-order, --explain; --preemption-bound without dfs;
/// --pct-depth, --surw-selective). --seed is accepted: it seeds the probes. Then warn_overridden.
void refuse_inapplicable_to_estimate(const std::vector<std::string>& given, const Options& effective,
                                     std::string_view default_source = "the default");

/// Exit statuses: no failure found, a failure found, bad input (one line on stderr).
constexpr int kOk = 0, kFailureFound = 1, kBadInput = 2;

/// The bundled scenario called `name`; throws UsageError naming it and `weft list` otherwise.
const scenarios::Scenario& scenario_named(const std::string& name);

/// --races=0|1 and --lock-order=0|1, on `run` and `replay` (Options::detect_races,
/// Options::detect_lock_order), written into `races` and `lock_order` as "0" or "1".
void add_detector_flags(CLI::App& cmd, std::string& races, std::string& lock_order);

/// The long names of the options given on `cmd`'s command line ("--seed"), in declaration order.
std::vector<std::string> given_options(const CLI::App& cmd);

}  // namespace weft::cli
