#pragma once
// `weft run --json` and `weft replay --json`: a Result (the search's statistics and, when it
// failed, the failure with its trace) as one JSON document, format 1 (the schema is
// docs/json.md's).
#include <string>
#include <string_view>

#include <weft/result.hpp>

namespace weft::cli {

/// The JSON document for `r`, the result of `command` ("run" or "replay") on scenario
/// `scenario` (pretty-printed, keys sorted, ending in a newline): "format": 1, whether it
/// passed, the statistics and what ran (no wall time: the same run prints the same document),
/// and the failure or null. `schedule`, when not empty, is the schedule a replay followed and
/// is printed as "schedule".
std::string result_json(std::string_view command, const std::string& scenario, const Result& r,
                        const std::string& schedule = "");

/// Prints result_json(command, scenario, r, schedule) on stdout; returns the exit status: 0
/// when `r` passed, 1 when it failed.
int print_result_json(std::string_view command, const std::string& scenario, const Result& r,
                      const std::string& schedule = "");

}  // namespace weft::cli
