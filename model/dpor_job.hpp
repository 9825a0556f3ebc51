#pragma once
// What passes between the dpor search and the workers that run its executions ahead of it
// (model/parallel_dpor_search.hpp, docs/parallel.md).
//
// The search explores the branches of its wake-up trees depth first. A branch already in a
// tree is explored later from the same path, with the same sleep set and (unless a reversal
// is inserted below it meanwhile) the same wake-up subtree: what its exploration does below
// its state depends on nothing else, because the trees of the states above are only read
// when the search backtracks to them. So a worker can explore that branch's whole subtree
// now (a DporJob), keeping the reversals it finds for the states above (a DporOutcome); the
// search adopts the result when it reaches the branch, after checking that what the worker
// assumed still holds, or explores it itself when it does not. JACM 2017's Algorithm 2 reads
// the trees and sleep sets of the states above a subtree only when inserting into them.
#include <compare>
#include <cstdint>
#include <vector>

#include "model/transition.hpp"
#include "model/wakeup_tree.hpp"

namespace weft::model {

/// Which execution: the wake-up branch `which` (a forest node) of the state `node`, or, at a
/// data choice (`is_value`), its value `which`. `version` names the state (it changes when a
/// state at that depth is popped and another pushed).
struct DporJobKey {
  std::uint32_t node = 0;
  std::uint64_t version = 0;
  std::uint32_t which = 0;
  bool is_value = false;
  auto operator<=>(const DporJobKey&) const = default;
};

/// One execution for a worker to run: the decisions down to the state, the sleep set of the
/// nearest thread state at or above it as it will be when the search gets there, and the
/// wake-up subtree to follow below the branch.
struct DporJob {
  struct Choice {
    bool is_value = false;
    std::uint32_t values = 0, value = 0;
    ThreadId chosen = kNoThread;
  };
  /// A node of the branch's subtree (its first step is the branch itself), in preorder. The
  /// whole step, not only its thread: reversals inserted below compare against it.
  struct SubtreeNode {
    Transition step;
    std::uint32_t parent = WakeupForest::kNil;  // index in `subtree`, kNil: a child of the branch
    bool operator==(const SubtreeNode&) const = default;
  };
  DporJobKey key;
  std::vector<Choice> path;         // states 0 .. key.node (the last with the job's choice)
  std::uint32_t sleep_node = 0;     // nearest thread state at or above key.node
  std::vector<Transition> sleep;    // its sleep set when the job runs
  std::vector<std::vector<Transition>> sleeps;  // of the states above it (unchanged meanwhile)
  std::vector<SubtreeNode> subtree; // below the branch (thread jobs)
  std::uint32_t first_new = 0;      // steps from this state on are new (their races are reversed)
  bool short_reversals = false;     // the search inserts first steps only (DporStrategy::limit_tree_nodes)
};

/// What a reversal's sleep-set test found at the state it belongs to: no sleeping thread is
/// a weak initial of it (clear), some is only a weak initial without a step in it (weak_only:
/// optimal DPOR skips it, source-DPOR does not), some is an initial of it (initial: both skip
/// it, so a job never keeps it), or it was not made yet (untested).
enum class SleepTest : std::uint8_t { untested, clear, weak_only, initial };

/// Reversal steps a job keeps at most (about 130 bytes each with their clocks) while its owner
/// is still busy elsewhere: a job that would keep more ends unusable, and its owner explores
/// that subtree itself. Small jobs balance better (the owner then splits the big subtree among
/// the workers), at the price of the executions the unusable ones ran.
inline constexpr std::size_t kMaxKeptSteps = std::size_t{1} << 12;
/// The limit for a job its owner waits for: the owner adopts what it keeps as soon as it
/// ends, so keeping more holds the memory (up to about 34 MB) only briefly, while stopping
/// would leave the owner to explore again, alone, what the job explored. With both limits,
/// lastzero(15) on two jobs wasted a third fewer executions and ran faster in 10 runs of 10
/// (docs/parallel.md, "Memory").
inline constexpr std::size_t kMaxKeptStepsAwaited = std::size_t{1} << 18;

/// What exploring a DporJob's subtree did to the search above it: the reversals it found
/// that belong to the job's state or the states before it, in the order found.
struct DporOutcome {
  /// A reversal to insert into the wake-up tree of state `node`, with the outcome of its
  /// sleep-set test (the worker knew that state's sleep set).
  struct Insertion {
    std::uint32_t node = 0;
    SleepTest sleep = SleepTest::untested;
    std::uint32_t begin = 0, count = 0;  // in `steps`
  };
  bool usable = false;           // the executions followed the job to its state
  Transition sleep_node_taken;   // the step taken at job.sleep_node
  std::vector<Insertion> insertions;
  std::vector<SequenceStep> steps;         // clock: nullptr; see clock_at
  std::vector<std::uint32_t> clock_at;     // by step: offset of its clock in `clocks`
  std::vector<std::uint32_t> clocks;
  std::uint64_t sleep_blocked = 0, infeasible = 0;
  std::uint64_t executions = 0;  // in the subtree
  std::size_t tree_growth = 0;   // the most wake-up tree nodes the subtree's trees held at once

  /// Forgets everything, keeping the storage.
  void clear() {
    usable = false;
    sleep_node_taken = Transition{};
    insertions.clear();
    steps.clear();
    clock_at.clear();
    clocks.clear();
    sleep_blocked = infeasible = executions = 0;
    tree_growth = 0;
  }
};

}  // namespace weft::model
