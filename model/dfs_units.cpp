#include "model/dfs_units.hpp"

#include <algorithm>

#include "model/dfs_strategy.hpp"

namespace weft::model {

namespace {

// The option counts of the decisions of the execution that takes `start`, then first
// options; empty when the program left `start` (it is nondeterministic: the unit that owns
// the start reports it).
std::vector<std::uint32_t> options_from(sim::Execution& ex, const std::function<void()>& body, int preemption_bound,
                                        const std::vector<std::uint32_t>& start) {
  DfsStrategy probe(preemption_bound);
  probe.explore_from(start, start.size());
  probe.begin_execution(0);
  (void)ex.run(body, probe);
  if (probe.divergence()) return {};
  return probe.option_counts();
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

}  // namespace

std::vector<DfsUnit> enumerate_dfs_units(sim::Execution& ex, const std::function<void()>& body, int preemption_bound,
                                         std::size_t want) {
  struct Subtree {
    std::vector<std::uint32_t> start;
    bool leaf = false;  // not split further: no deeper decision, too wide, or diverged
  };
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
      const std::vector<std::uint32_t> counts = options_from(ex, body, preemption_bound, s.start);
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
  const std::vector<std::uint32_t> first = options_from(ex, body, preemption_bound, subtrees[0].start);
  std::vector<DfsUnit> out =
      first.empty() ? std::vector<DfsUnit>{DfsUnit{subtrees[0].start, subtrees[0].start.size()}}
                    : cut_along_first_path(subtrees[0].start, first);
  for (std::size_t k = 1; k < subtrees.size(); ++k) out.push_back(DfsUnit{subtrees[k].start, subtrees[k].start.size()});
  return out;
}

}  // namespace weft::model
