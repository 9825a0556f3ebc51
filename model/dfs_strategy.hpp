#pragma once
// The `dfs` strategy: every interleaving of the program's scheduling points (and every value
// of each choose()), depth first. Stateless: each execution replays the path to the deepest
// node with an untried option, then takes first options. The reference other strategies are
// checked against.
//
// Preemption bounding (Musuvathi & Qadeer, "Iterative Context Bounding for Systematic
// Testing of Multithreaded Programs", PLDI 2007): with bound k, only schedules with at most k
// preemptions are explored — switching away from a thread that could have continued counts;
// switching away from a blocked or finished thread does not. Bugs needing few preemptions
// are found with far fewer executions.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/strategy.hpp"

namespace weft::model {

class DfsStrategy final : public sim::Strategy {
 public:
  /// preemption_bound < 0: unbounded.
  explicit DfsStrategy(int preemption_bound = -1) : bound_(preemption_bound) {}

  void begin_execution(std::uint64_t) override { depth_ = 0; }
  ThreadId choose_thread(const sim::SchedulePoint& point) override;
  std::uint32_t choose_value(std::uint32_t n, sim::ValueKind kind) override;
  bool reads_events() const override { return false; }
  /// Moves to the next unexplored path; sets complete() when none is left.
  void end_execution(const sim::ExecutionEnd& end) override;

  /// From the next execution on, explores one stretch of the tree, as enumerate_dfs_units
  /// cut it: the paths from `start` (the option index taken at each of its first decisions,
  /// then first options) to the end of the subtree below start's first `floor` decisions
  /// (floor <= start.size()), never backtracking above it. With floor == start.size() that is
  /// the subtree below `start`; with less, also the subtrees to its right. These are the
  /// executions the whole search runs there, in the same order (docs/parallel.md).
  void explore_from(std::vector<std::uint32_t> start, std::size_t floor);
  /// The first execution after explore_from met a decision with fewer options than the prefix
  /// names: the program took another path than when the prefix was recorded.
  std::optional<std::string> divergence() const override;
  /// The number of options of each decision of the last execution, in order (a value choice
  /// of n values has n): what enumerate_dfs_units expands a prefix with.
  std::vector<std::uint32_t> option_counts() const;

  /// Every path (within the bound) has been run.
  bool complete() const { return complete_; }
  /// Deepest decision stack seen (for progress reports).
  std::size_t depth() const { return stack_.size(); }

 private:
  struct Node {
    std::vector<std::uint32_t> options;  // thread ids (current first, then ascending)
    std::uint32_t values = 0;            // a value choice: options are 0..values-1, not stored
    std::uint32_t index = 0;             // the option this path takes
    std::uint32_t option() const { return values != 0 ? index : options[index]; }
    std::size_t size() const { return values != 0 ? values : options.size(); }
    std::uint32_t preemptions_before = 0;
    ThreadId current = kNoThread;        // who announced (thread choices)
    bool current_enabled = false;
  };
  std::uint32_t preemptions_after(const Node& n) const {
    const bool preempt = n.current_enabled && n.option() != n.current;
    return n.preemptions_before + (preempt ? 1u : 0u);
  }

  // The option a new node at depth_ takes: its first, or explore_from's start's.
  std::uint32_t first_index(std::size_t options);

  int bound_;
  std::vector<std::uint32_t> start_;  // explore_from's, for its first execution
  std::size_t floor_ = 0;              // the search never backtracks above this depth
  bool diverged_ = false;
  std::vector<Node> stack_;
  std::size_t depth_ = 0;
  bool complete_ = false;
};

}  // namespace weft::model
