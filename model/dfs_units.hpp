#pragma once
// Cutting a dfs search tree into subtrees ("units") that workers and shards explore apart
// (docs/parallel.md). A unit is a prefix of decisions, given as the index of the option each
// takes; the units cover the tree exactly once between them, and listed in order they are the
// order in which the whole search visits their subtrees (lexicographic: a search that runs
// them one after another runs the whole search's executions in the whole search's order).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/execution.hpp"

namespace weft::model {

/// One subtree: the option index taken at each of the first decisions.
using DfsPrefix = std::vector<std::uint32_t>;

/// Splits the dfs tree of `body` (under `preemption_bound`, as DfsStrategy takes it) breadth
/// first until there are at least `want` units, the tree has no deeper decision, or a
/// decision has more than kMaxUnitFanOut options (a wide weft::choose stays one unit). Each
/// expansion runs one execution in `ex` that only observes the options (it is not one of the
/// search's executions, and whatever it finds is found again by the unit that owns it).
/// Deterministic: the same body, bound and `want` give the same units.
std::vector<DfsPrefix> enumerate_dfs_units(sim::Execution& ex, const std::function<void()>& body,
                                           int preemption_bound, std::size_t want);

/// A decision with more options than this is not expanded.
inline constexpr std::uint32_t kMaxUnitFanOut = 64;

}  // namespace weft::model
