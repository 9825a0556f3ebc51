#pragma once
// The pieces every JSON document of the `weft` CLI shares ("format": 1): what ran, failure
// kind names, and how a document is printed. `weft explain --json` (docs/outcomes.md) and
// `weft run --json` / `weft replay --json` (docs/json.md) are built from them, so the same
// field means the same thing in both.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include <weft/result.hpp>

namespace weft::cli {

/// The format number every document carries as "format"; fields are only added within it.
inline constexpr int kJsonFormat = 1;

/// Sets, in `doc`, the fields saying what ran (docs/json.md, "stats"): "strategy" (the
/// strategy's name), "seed" (a number; null for dfs and dpor, which use none), "what_ran"
/// (Stats::what_ran()), "executions", "pruned" and "complete".
void put_what_ran(nlohmann::json& doc, const Stats& st);

/// The stable snake_case name of a failure kind: "check_failed", "data_race",
/// "lock_order_inversion", ... (the enumerator's own name; docs/json.md lists them all).
std::string_view kind_name(FailureKind k) noexcept;

/// `doc` as the CLI prints it: indented by 2, keys in sorted order, ending in a newline.
std::string print_document(const nlohmann::json& doc);

}  // namespace weft::cli
