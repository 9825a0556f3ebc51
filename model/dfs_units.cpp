#include "model/dfs_units.hpp"

#include "model/dfs_strategy.hpp"

namespace weft::model {

namespace {

// The option counts of the decisions of the execution that takes `prefix`, then first
// options; empty when the program left the prefix (it is nondeterministic: the unit that
// owns the prefix reports it).
std::vector<std::uint32_t> options_below(sim::Execution& ex, const std::function<void()>& body, int preemption_bound,
                                         const DfsPrefix& prefix) {
  DfsStrategy probe(preemption_bound);
  probe.explore_below(prefix);
  probe.begin_execution(0);
  (void)ex.run(body, probe);
  if (probe.divergence()) return {};
  return probe.option_counts();
}

}  // namespace

std::vector<DfsPrefix> enumerate_dfs_units(sim::Execution& ex, const std::function<void()>& body,
                                           int preemption_bound, std::size_t want) {
  struct Unit {
    DfsPrefix prefix;
    bool leaf = false;  // nothing below it is split: no deeper decision, too wide, or diverged
  };
  std::vector<Unit> units{Unit{}};
  for (bool expanded = true; expanded && units.size() < want;) {
    expanded = false;
    std::vector<Unit> next;
    for (std::size_t k = 0; k < units.size(); ++k) {
      Unit& u = units[k];
      // Enough units: the rest of this level stays as it is (a unit may be shallower than
      // its neighbours; the units still cover the tree once, in order).
      if (u.leaf || next.size() + (units.size() - k) >= want) {
        next.push_back(std::move(u));
        continue;
      }
      const std::vector<std::uint32_t> counts = options_below(ex, body, preemption_bound, u.prefix);
      const std::size_t depth = u.prefix.size();
      if (counts.size() <= depth || counts[depth] > kMaxUnitFanOut) {
        u.leaf = true;
        next.push_back(std::move(u));
        continue;
      }
      for (std::uint32_t option = 0; option < counts[depth]; ++option) {
        Unit child{u.prefix, false};
        child.prefix.push_back(option);
        next.push_back(std::move(child));
      }
      expanded = true;
    }
    units = std::move(next);
  }
  std::vector<DfsPrefix> out;
  out.reserve(units.size());
  for (Unit& u : units) out.push_back(std::move(u.prefix));
  return out;
}

}  // namespace weft::model
