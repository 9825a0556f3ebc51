#pragma once
// Wake-up trees of optimal DPOR: Abdulla, Aronis, Jonsson, Sagonas, "Source Sets: A
// Foundation for Optimal Dynamic Partial Order Reduction", JACM 64(4), 2017 (POPL 2014).
//
// At each state of the current execution, a wake-up tree holds the sequences of steps still
// to be explored from it, ordered left to right. Exploring follows the leftmost branch; a
// race found later inserts the sequence that reverses it, unless an existing branch already
// leads to an equivalent execution. Every tree lives in one arena (a free list recycles the
// nodes of explored branches; a node names its step in a table of the distinct transitions,
// model/transition_table.hpp), so memory follows the branches still pending, not the
// executions already run. Pending branches can be many: on readers(n) the first state's tree
// holds about one node per trace still to explore (Algorithm 2's worst-case space is
// exponential; docs/performance_history.md, "Stop 32"), which is why a search past a size limit
// inserts only first steps (insert_first_step; docs/exploration.md, "Memory").
#include <cstdint>
#include <vector>

#include "model/transition.hpp"
#include "model/transition_table.hpp"

namespace weft::model {

/// One step of a sequence being inserted, with what is needed to compare it: its
/// happens-before clock in the execution it comes from (after the step).
struct SequenceStep {
  Transition step;
  std::uint32_t seq = 0;               // the step's number within its thread (1-based)
  const std::uint32_t* clock = nullptr;
  std::uint32_t clock_size = 0;
};

/// a happens before b, both from one execution's sequence (a earlier).
inline bool happens_before(const SequenceStep& a, const SequenceStep& b) {
  return a.step.thread < b.clock_size && b.clock[a.step.thread] >= a.seq;
}

/// weak_initial()'s answers besides an index into w.
inline constexpr int kInitialWithoutStep = -1;  // a weak initial with no step of its thread in w
inline constexpr int kNotInitial = -2;          // not a weak initial of w

/// Whether thread `t`'s next step `first` (at the state where `w` starts) is a weak initial
/// of `w` (JACM 2017, Def. 6.1): t's first step in w has no happens-before predecessor in w,
/// or t has no step in w and `first` commutes with all of w. `live` masks steps of w already
/// matched. Returns the index of t's step in w, kInitialWithoutStep when t has none (and
/// `first` commutes with w), kNotInitial when it is no weak initial.
int weak_initial(const Transition& first, const std::vector<SequenceStep>& w, const std::vector<std::uint8_t>& live);

class WakeupForest {
 public:
  static constexpr std::uint32_t kNil = 0xffffffffu;
  /// Bytes a node takes in the arena (the step's index in the table and two links).
  static constexpr std::size_t kNodeBytes = 12;

  /// A new empty tree (a root with no branches).
  std::uint32_t make_root();
  /// Frees `node` and everything below it.
  void free_tree(std::uint32_t node);
  std::uint32_t first_child(std::uint32_t node) const { return nodes_[node].first_child; }
  std::uint32_t next_sibling(std::uint32_t node) const { return nodes_[node].next_sibling; }
  /// node's step; the reference is valid until the next node is made.
  const Transition& step(std::uint32_t node) const { return table_.get(nodes_[node].step); }
  /// Unlinks the leftmost branch of `root` and returns it (its subtree stays attached to it;
  /// it serves as the root of the next state's tree). kNil when there is none.
  std::uint32_t take_first(std::uint32_t root);
  /// JACM 2017's insert[E](w, wut): walk down from `root` following, at each node, the
  /// leftmost child that is a weak initial of what remains of `w`; stop at a leaf (an
  /// equivalent branch exists) or append the rest of `w` as the rightmost branch. `root` is
  /// the tree of a state whose explored child is not among its branches (it never is a weak
  /// initial of a reversal inserted there), so the root is never treated as a leaf.
  /// Returns whether a branch was added, and below which branch of `root`.
  struct Inserted {
    bool added = false;
    std::uint32_t below = kNil;  // the branch of `root` whose subtree gained it (kNil: root itself)
  };
  Inserted insert(std::uint32_t root, const std::vector<SequenceStep>& w);
  /// Source-DPOR's insertion (JACM 2017, Algorithm 1, read as a wake-up tree of single
  /// steps): when no branch of `root` starts with an initial of `w` (a thread whose first
  /// step in w has nothing before it in w), adds w's first step as a new leaf, whose subtree
  /// is then explored freely; otherwise leaves the tree alone. It keeps one node where
  /// insert() keeps all of w, and the branches of a root then start with distinct threads, so
  /// a tree grows by at most one leaf per thread, at the price of executions that may end
  /// sleep-set blocked. Returns true when a branch was added.
  bool insert_first_step(std::uint32_t root, const std::vector<SequenceStep>& w);
  /// Appends a node for `step` as the rightmost child of `parent`; returns it.
  std::uint32_t add_child(std::uint32_t parent, const Transition& step);
  /// Nodes in use (for tests and memory checks).
  std::size_t live_nodes() const { return nodes_.size() - free_.size(); }
  /// The most nodes in use at once since the last reset_peak().
  std::size_t peak_live_nodes() const { return peak_; }
  void reset_peak() { peak_ = live_nodes(); }
  /// Gives the arena's memory back when no tree is left (a helper's search between two
  /// jobs: each job's trees can be as large as the subtree it explores).
  void release_storage_if_empty() {
    if (live_nodes() != 0) return;
    std::vector<Node>().swap(nodes_);
    std::vector<std::uint32_t>().swap(free_);
  }

 private:
  struct Node {
    std::uint32_t step = 0;  // in table_
    std::uint32_t first_child = kNil;
    std::uint32_t next_sibling = kNil;
  };
  std::uint32_t make_node(std::uint32_t step);  // step: an index in table_
  struct Place {
    std::uint32_t parent = kNil;  // where the rest of w goes (kNil: covered)
    std::uint32_t branch = kNil;  // the branch of the root the walk went into (kNil: none)
  };
  Place place_of(std::uint32_t root, const std::vector<SequenceStep>& w);

  TransitionTable table_;
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> free_;
  std::vector<std::uint8_t> live_;    // scratch for insert (a byte per step: cheaper than vector<bool>)
  std::vector<std::uint32_t> stack_;  // scratch for free_tree
  std::size_t peak_ = 0;
  static_assert(sizeof(Node) == kNodeBytes);
};

}  // namespace weft::model
