#pragma once
// Cutting a dfs search tree into stretches ("units") that workers and shards explore apart
// (docs/parallel.md). The units cover the tree exactly once between them, and listed in order
// they are the order in which the whole search visits them: a search that runs them one after
// another runs the whole search's executions in the whole search's order.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/execution.hpp"

namespace weft::model {

/// One stretch of the tree, as DfsStrategy::explore_from takes it: the paths from `start`
/// (the option index of each of its first decisions, then first options) to the end of the
/// subtree below start's first `floor` decisions.
struct DfsUnit {
  std::vector<std::uint32_t> start;
  std::size_t floor = 0;
};

/// Cuts the dfs tree of `body` (under `preemption_bound`, as DfsStrategy takes it) into
/// units. First breadth first, into subtrees, until there are at least `want`, the tree has
/// no deeper decision, or a decision has more than kMaxUnitFanOut options (a wide
/// weft::choose stays whole). Then the first subtree, which holds the search's first
/// executions (all of them, when the execution budget ends the search early), along its
/// first path: one unit per level, from the deepest up, so that the units in front are small
/// and grow about geometrically, and workers share even a search the budget cuts short.
/// Each cut runs one execution in `ex` that only observes the options (it is not one of the
/// search's executions; the unit that owns it runs it again); the first path's is run once.
/// An execution that fails ends the cutting (the search stops at the first failing unit, and
/// each such execution may cost the watchdog's wait); when the first one fails, the whole
/// tree is one unit. Deterministic: the same body, bound and `want` give the same units.
std::vector<DfsUnit> enumerate_dfs_units(sim::Execution& ex, const std::function<void()>& body, int preemption_bound,
                                         std::size_t want);

/// A decision with more options than this is not cut into one subtree per option.
inline constexpr std::uint32_t kMaxUnitFanOut = 64;
/// Units along the first path at most; the levels above them stay one unit.
inline constexpr std::size_t kMaxPathUnits = 256;

}  // namespace weft::model
