#include "model/dfs_units.hpp"

#include <algorithm>

#include "model/dfs_strategy.hpp"

namespace weft::model {

namespace {

// What the execution that takes `start`, then first options, showed of the tree.
struct Probe {
  std::vector<std::uint32_t> counts;  // options of each of its decisions; empty when it left `start`
  bool failed = false;                // it failed (then the cut stops: see enumerate_dfs_units)
};

Probe probe_from(sim::Execution& ex, const std::function<void()>& body, int preemption_bound,
                 const std::vector<std::uint32_t>& start) {
  DfsStrategy probe(preemption_bound);
  probe.explore_from(start, start.size());
  probe.begin_execution(0);
  Probe out;
  out.failed = ex.run(body, probe).has_value();
  // A program that left `start` is nondeterministic: the unit that owns it reports it.
  if (!probe.divergence()) out.counts = probe.option_counts();
  return out;
}

// The subtree below `start` cut along its first path, whose decisions have `counts` options:
// the path itself, then, from the deepest decision up, the options after the first at each
// (one unit per level, however many options). Past kMaxPathUnits, the levels still above
// stay together in the last unit.
std::vector<DfsUnit> cut_along_first_path(const std::vector<std::uint32_t>& start,
                                          const std::vector<std::uint32_t>& counts) {
  const std::size_t top = start.size();
  std::vector<std::uint32_t> path = start;
  path.resize(std::max(counts.size(), top), 0);
  std::vector<DfsUnit> out{DfsUnit{path, path.size()}};
  for (std::size_t d = path.size(); d > top;) {
    --d;
    if (counts[d] < 2) continue;  // nothing beside the path at this level
    std::vector<std::uint32_t> from(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(d));
    from.push_back(1);
    const bool last = out.size() >= kMaxPathUnits;
    out.push_back(DfsUnit{std::move(from), last ? top : d});
    if (last) break;
  }
  return out;
}

struct Subtree {
  std::vector<std::uint32_t> start;
  bool leaf = false;  // not split further: no deeper decision, too wide, or diverged
};

// The units of `subtrees` (in order): each whole, but the first, which lies on the tree's
// first path (its start is all first options), cut along that path, whose decisions have
// `first_path` options.
std::vector<DfsUnit> finish_cut(const std::vector<Subtree>& subtrees, const std::vector<std::uint32_t>& first_path) {
  std::vector<DfsUnit> out = cut_along_first_path(subtrees[0].start, first_path);
  for (std::size_t k = 1; k < subtrees.size(); ++k) out.push_back(DfsUnit{subtrees[k].start, subtrees[k].start.size()});
  return out;
}

}  // namespace

std::vector<DfsUnit> enumerate_dfs_units(sim::Execution& ex, const std::function<void()>& body, int preemption_bound,
                                         std::size_t want) {
  // The tree's first execution: its decisions are those of the first path, below which the
  // first subtree of every level lies. When it fails, the one-job search stops there too.
  const Probe root = probe_from(ex, body, preemption_bound, {});
  if (root.failed || root.counts.empty()) return {DfsUnit{{}, 0}};
  std::vector<Subtree> subtrees{Subtree{}};
  for (bool expanded = true; expanded && subtrees.size() < want;) {
    expanded = false;
    std::vector<Subtree> next;
    for (std::size_t k = 0; k < subtrees.size(); ++k) {
      Subtree& s = subtrees[k];
      // Enough units: the rest of this level stays as it is (a subtree may be shallower than
      // its neighbours; they still cover the tree once, in order).
      if (s.leaf || next.size() + (subtrees.size() - k) >= want) {
        next.push_back(std::move(s));
        continue;
      }
      const bool on_first_path = k == 0;  // its start is all first options
      const Probe probe = on_first_path ? root : probe_from(ex, body, preemption_bound, s.start);
      if (probe.failed) {
        // The unit that owns this path fails at its first execution, and the search stops
        // at the first failing unit: cutting on would only repeat failures, which may each
        // cost the watchdog's wait (an endless loop). The rest stays as it is.
        for (; k < subtrees.size(); ++k) next.push_back(std::move(subtrees[k]));
        return finish_cut(next, root.counts);
      }
      const std::vector<std::uint32_t>& counts = probe.counts;
      const std::size_t depth = s.start.size();
      if (counts.size() <= depth || counts[depth] > kMaxUnitFanOut) {
        s.leaf = true;
        next.push_back(std::move(s));
        continue;
      }
      for (std::uint32_t option = 0; option < counts[depth]; ++option) {
        Subtree child{s.start, false};
        child.start.push_back(option);
        next.push_back(std::move(child));
      }
      expanded = true;
    }
    subtrees = std::move(next);
  }
  return finish_cut(subtrees, root.counts);
}

}  // namespace weft::model
