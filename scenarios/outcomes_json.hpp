#pragma once
// `weft explain --json`: the outcome histogram as one JSON document, format 1 (the schema is
// docs/outcomes.md's).
#include <string>

#include <weft/outcomes.hpp>

namespace weft::cli {

/// The JSON document for scenario `scenario`'s histogram `h` (pretty-printed, ending in a
/// newline): "format": 1, what ran, whether the search was complete, what a count is, and
/// each outcome with its ending, values, count, share, schedule and findings.
std::string outcomes_json(const std::string& scenario, const Outcomes& h);

}  // namespace weft::cli
