#pragma once
// The `dpor` strategy: exhaustive search with optimal dynamic partial-order reduction —
// one execution per Mazurkiewicz trace of weft's operations.
//
// Optimal DPOR with source sets, sleep sets and wake-up trees: Abdulla, Aronis, Jonsson,
// Sagonas, "Source Sets: A Foundation for Optimal Dynamic Partial Order Reduction", JACM
// 64(4), 2017 (POPL 2014), Algorithm 2. Sleep sets: Godefroid, LNCS 1032, 1996.
//
// The search is stateless: each execution replays the stack of decisions down to the state
// being branched, then follows that state's wake-up tree, then runs freely (the running
// thread first), never picking a thread asleep. The happens-before state of the replayed
// steps is kept from the previous execution, rolled back by an undo log (model/dpor_undo.cpp).
// Happens-before is tracked with vector clocks (model/vector_clock.hpp: program order,
// thread start, and per-object access order). Each new step is checked for races with
// earlier steps of other threads (model/dependency.hpp says which accesses can
// race); for each race e ≲ e' of an execution that has ended (the replayed steps' races
// included), the sequence notdep(e).e' — the steps after e, to the end of the execution, that
// do not happen after it, then e' — is inserted into the wake-up tree of the state before e,
// unless a thread asleep there is a weak initial of it. A thread still blocked when the execution ends
// (a deadlock, an abandoned daemon) counts with its pending operation, so reversals that
// would let it run are found too.
//
// Past a size limit of its wake-up trees, the search inserts only each reversal's first step,
// as source-DPOR does (limit_tree_nodes; docs/exploration.md, "Memory").
//
// Data choices (choose, wake-up order) are explored exhaustively at each point, as dfs does.
// Timeouts: with TimeoutPolicy::explore a timed operation may time out at any point and is
// just another enabled step; with when_idle (time moves only when nothing can run) a branch
// whose first thread cannot run is dropped and counted as infeasible.
#include <atomic>
#include <cstdint>
#include <vector>

#include <weft/options.hpp>

#include "model/dpor_job.hpp"
#include "model/transition.hpp"
#include "model/vector_clock.hpp"
#include "model/wakeup_tree.hpp"
#include "sim/strategy.hpp"

namespace weft::model {

/// The wake-up tree nodes that `mb` MiB hold (Options::dpor_tree_mb).
constexpr std::size_t dpor_tree_nodes(std::size_t mb) { return mb * (std::size_t{1} << 20) / WakeupForest::kNodeBytes; }

class DporStrategy final : public sim::Strategy {
 public:
  /// `tree_nodes`: see limit_tree_nodes (the default: Options::dpor_tree_mb's).
  explicit DporStrategy(std::size_t tree_nodes = dpor_tree_nodes(Options{}.dpor_tree_mb)) : tree_node_limit_(tree_nodes) {}
  void begin_execution(std::uint64_t index) override;
  ThreadId choose_thread(const sim::SchedulePoint& point) override;
  std::uint32_t choose_value(std::uint32_t n, sim::ValueKind kind) override;
  void end_execution(const sim::ExecutionEnd& end) override;
  bool wants_all_points() const override { return true; }

  /// Every Mazurkiewicz trace has been explored.
  bool complete() const { return complete_; }
  /// Whether an execution keeps the happens-before state of the steps it replays from the
  /// previous one (on, the default) or rebuilds it from the first step (model/dpor_undo.cpp).
  /// The search is the same either way; tests compare the two.
  void keep_replayed_state(bool on) { keep_state_ = on; }
  /// Decision-stack depth (for progress lines).
  std::size_t depth() const { return stack_.size(); }
  /// Executions abandoned because every enabled thread was asleep (0 for optimal DPOR on
  /// programs without data choices or timeouts).
  std::uint64_t sleep_blocked() const { return sleep_blocked_; }
  /// Wake-up tree branches dropped because their thread could not run (timing under the
  /// when_idle policy).
  std::uint64_t infeasible() const { return infeasible_; }
  /// Wake-up tree nodes alive now (bounded by the tree of the current path, not by the
  /// number of executions).
  std::size_t tree_nodes() const { return forest_.live_nodes(); }
  /// The most wake-up tree nodes alive at once so far (a job's search: since the job began).
  std::size_t peak_tree_nodes() const { return forest_.peak_live_nodes(); }
  /// The most wake-up tree nodes the search keeps before it switches, for the rest of the
  /// search, to source-DPOR's insertions (JACM 2017, Algorithm 1): a reversal then adds only
  /// its first step (WakeupForest::insert_first_step), and a sleeping thread skips it only
  /// when it is an initial of it. The search still visits every trace, once, but some
  /// executions may end sleep-set blocked (on lastzero, most of them; on readers, none);
  /// what it gains is memory: a tree then grows by at most a leaf per thread, so memory
  /// stops following the traces still to explore (docs/exploration.md, "Memory"). The
  /// switch comes at the first reversal met at or over the limit, in the search's own order,
  /// so at the same point whatever the number of jobs.
  void limit_tree_nodes(std::size_t nodes) { tree_node_limit_ = nodes; }
  /// Whether the search has switched to source-DPOR's insertions (limit_tree_nodes).
  bool short_reversals() const { return job_ != nullptr ? job_->short_reversals : switched_at_ > 0; }
  /// The execution (1 = this search's first, adopted ones counted) during which it switched;
  /// 0: it has not (Stats::dpor_source_from).
  std::uint64_t switched_at() const { return switched_at_; }

  // Exploring subtrees on other workers ahead of the search (model/dpor_job.hpp,
  // model/parallel_dpor_search.hpp).

  /// The branch (or value) the search explores next (meaningful while not complete()).
  DporJobKey next_key() const;
  /// Up to `max` branches (and values) still to explore, after the next one, shallowest state
  /// first: those the search reaches last, with the largest subtrees. A job's search lists
  /// only branches below its own state.
  void pending_keys(std::size_t max, std::vector<DporJobKey>& out) const;
  /// The state `key` names is still on the decision stack.
  bool on_stack(const DporJobKey& key) const {
    return key.node < stack_.size() && stack_[key.node].version == key.version;
  }
  /// About how many executions the subtree of `key` holds, from the branches this search
  /// finished at that depth so far (1 when it finished none there).
  double expected_size(const DporJobKey& key) const {
    return key.node < branch_size_.size() && branch_size_[key.node] > 0 ? branch_size_[key.node] : 1.0;
  }
  /// Branches whose wake-up subtree gained a node since the last execution (or adoption)
  /// began: a job made for one of them earlier no longer holds (adopt would decline it).
  /// Thread branches only: a value's job (whose subtree is the branch of the thread state
  /// above it) is not named when that subtree changes, and adopt still declines it.
  const std::vector<DporJobKey>& changed_branches() const { return changed_; }
  /// The job for `key` (from pending_keys, before the search moved on).
  void make_job(const DporJobKey& key, DporJob& job) const;
  /// Worker side, on a strategy of its own: from the next execution on, this strategy explores
  /// the subtree of `job` (complete() once it is explored), keeping in `out` what belongs to
  /// the states above it.
  /// `awaited` (optional): set once the job's owner waits for it, which raises the steps it
  /// may keep from kMaxKeptSteps to kMaxKeptStepsAwaited.
  void follow(const DporJob& job, DporOutcome& out, const std::atomic<bool>* awaited = nullptr);
  /// When next_key() is job.key: applies what exploring the job's subtree did (its reversals
  /// for the states above it) and moves on past that subtree, as if it had been explored here.
  /// False (nothing changed) when what the job assumed no longer holds: explore it here then.
  bool adopt(const DporJob& job, const DporOutcome& out);

 private:
  using Clock = VectorClock;  // model/vector_clock.hpp
  struct Node {
    bool is_value = false;
    std::uint32_t values = 0, value = 0;       // value nodes: choose(values)
    ThreadId chosen = kNoThread;               // thread nodes: who runs from this state
    std::uint32_t wut = WakeupForest::kNil;    // branches still to explore from this state
    std::uint32_t branch = WakeupForest::kNil; // the chosen branch: the next state's tree
    std::uint32_t step = 0;                    // index of the chosen step in steps_
    std::vector<Transition> sleep;             // explored (or equivalent) first steps
    Transition taken;                          // the chosen step, as last run (thread nodes)
    std::uint64_t version = 0;                 // which state this is (DporJobKey::version)
    std::uint64_t branch_start = 0;            // executions_ when its current branch began
  };
  // The decision stack. Popped nodes keep their storage, so steady-state exploration does
  // not allocate per state.
  class NodeStack {
   public:
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    Node& operator[](std::size_t i) { return nodes_[i]; }
    const Node& operator[](std::size_t i) const { return nodes_[i]; }
    Node& back() { return nodes_[size_ - 1]; }
    const Node& back() const { return nodes_[size_ - 1]; }
    /// A fresh node on top (references to other nodes may move), named `version`.
    Node& push(std::uint64_t version) {
      if (size_ == nodes_.size()) nodes_.emplace_back();
      Node& n = nodes_[size_++];
      n.is_value = false;
      n.values = n.value = 0;
      n.chosen = kNoThread;
      n.wut = n.branch = WakeupForest::kNil;
      n.step = 0;
      n.sleep.clear();
      n.taken = Transition{};
      n.version = version;
      n.branch_start = 0;
      return n;
    }
    void pop_back() { --size_; }

   private:
    std::vector<Node> nodes_;
    std::size_t size_ = 0;
  };
  struct Step {
    Transition tr;
    std::uint32_t seq = 0;                     // number within its thread, from 1
    std::uint32_t node = 0;                    // stack index of the state it was taken from
    bool untimed = false;                      // its announced operation waits with no deadline
    bool timed = false;                        // ... or has one
    OpKind announced = OpKind::yield;
    Clock clock;                               // happens-before clock after the step
  };
  struct ObjectState {
    std::int32_t last_write = -1, last_acquire = -1;  // step indices
    std::vector<std::uint32_t> reads;                 // steps reading since last_write
    Clock write_clock;
    Clock read_clock;                                 // join of `reads` (stale when none)
    /// Forgets the previous execution, keeping the storage.
    void reset() {
      last_write = last_acquire = -1;
      reads.clear();
      write_clock.clear();
    }
  };

  ThreadId pick_on_path(const sim::SchedulePoint& point);
  ThreadId pick_at_new_state(const sim::SchedulePoint& point);
  void inherit(Node& n);
  ThreadId first_wakeup_branch(Node& n, const sim::SchedulePoint& point);
  bool asleep(const Node& n, ThreadId t) const;
  void open_step(ThreadId t, const sim::PendingOp& op, std::uint32_t node);
  void finish_step(std::span<const TraceEvent> events, std::span<const sim::PendingOp> pending);
  void announced_timed(std::uint32_t step, ThreadId t);
  void apply_access(std::uint32_t step, ThreadId t, Access a);  // by value: 8 bytes, in a register
  struct Race {
    std::uint32_t earlier = 0, later = 0;
    std::int32_t before = -1;                 // two acquires: index in race_clocks_ (below)
    // What the last reversal found, for the next ones (reverse_race): v's steps before
    // valid_below are still its steps (0: none made yet); a thread asleep at e's state was an
    // initial of it by a step before settled_by (0: none), or sleep[weak_sleeper] of that
    // state a weak initial without a step in it (-1: none).
    std::uint32_t valid_below = 0, settled_by = 0;
    std::int32_t weak_sleeper = -1;
  };
  void race_candidates(std::uint32_t step, ThreadId t, Access a, const ObjectState& o);
  bool maybe_race(std::uint32_t earlier, std::uint32_t later, ThreadId t);
  void reverse_race(Race& race);
  bool still_weak(const Race& race) const;
  void reverse_races();
  const Clock& reversal_clock(const Race& race, std::size_t before_later);
  void blocked_threads(const sim::ExecutionEnd& end);
  Clock& clock_of(ThreadId t) {  // inline: called for every step
    if (t >= clocks_.size()) grow_clocks(t);
    return clocks_[t];
  }
  void grow_clocks(ThreadId t);
  ObjectState& object(ObjectId o) {  // inline: called for every access
    if (o == kClockObject) return clock_object_;
    if (o >= objects_used_) grow_objects(o);
    return objects_[o];
  }
  void grow_objects(ObjectId o);
  // The undo log (model/dpor_undo.cpp).
  enum class UndoKind : std::uint8_t { thread, read, write, objects_used };
  struct Undo {
    std::uint32_t step = 0;      // the step whose change this undoes
    UndoKind kind = UndoKind::thread;
    std::uint32_t id = 0;        // ThreadId or ObjectId
    std::uint32_t scalar = 0;    // thread: its step count; read: reads' size; objects_used
    std::int32_t last_write = -1, last_acquire = -1;  // write
    Clock clock;                 // thread: its clock; read: read_clock; write: write_clock
    std::vector<std::uint32_t> reads;                 // write: the reads it forgot
  };
  Undo& push_undo(UndoKind kind, std::uint32_t id);
  void log_thread(ThreadId t);  // before changing t's clock or step count in logging_step_
  void log_read(ObjectId id, ObjectState& o);   // before a read changes o
  void log_write(ObjectId id, ObjectState& o);  // a write, after it read o: takes what it replaces
  void log_objects_used();
  void roll_back_to(std::uint32_t step);  // the state after steps [0, step)
  void drop_races_from(std::uint32_t step);  // forgets the races of steps [step, ...)
  std::uint32_t first_new_step() const;
  void release(Node& n);
  void backtrack();
  Node& push_node() {
    Node& n = stack_.push(++versions_);
    n.branch_start = executions_;
    return n;
  }
  void learn_branch_size(std::size_t depth, std::uint64_t executions);
  void place_reversal(std::uint32_t node, SleepTest sleep);
  struct SleepVerdict {
    SleepTest test;
    int at;  // initial: the index in sequence_ of its step; weak_only: the sleeper's in n.sleep
  };
  SleepVerdict sleep_test(const Node& n);
  std::uint32_t inherited_tree(std::size_t depth);
  // follow()/adopt() (model/dpor_handoff.cpp).
  void log_reversal(std::uint32_t node, SleepTest sleep);
  bool job_reached(const sim::ExecutionEnd& end);
  bool job_still_holds(const DporJob& job) const;
  void subtree_of(std::uint32_t root, std::vector<DporJob::SubtreeNode>& out) const;
  template <class Visit>
  std::uint32_t walk_subtree(std::uint32_t root, Visit&& visit) const;
  void predicted_sleep(std::uint32_t node, std::uint32_t branch, std::vector<Transition>& out) const;

  WakeupForest forest_;
  NodeStack stack_;
  std::size_t depth_ = 0;
  std::size_t first_new_node_ = 0;            // steps from here on are new in this execution

  std::vector<Step> steps_;                   // this execution's steps [0, nsteps_)
  std::uint32_t nsteps_ = 0;
  std::size_t events_seen_ = 0;
  std::vector<Clock> clocks_;                 // by ThreadId
  std::vector<std::uint32_t> thread_steps_;   // by ThreadId: steps taken so far
  std::vector<ObjectState> objects_;          // by ObjectId
  ObjectState clock_object_;                  // kClockObject
  std::size_t objects_used_ = 0;
  // The state above holds the effects of steps [0, applied_) of the last execution; undo_
  // [0, undo_size_) can take it back to any step since logging began (logging_ false: a
  // fresh search, or a job's, whose first execution starts from nothing).
  bool logging_ = false;
  bool keep_state_ = true;
  std::uint32_t applied_ = 0;
  std::uint32_t fresh_from_ = 0;              // steps [0, fresh_from_) replay the last execution's
  std::uint32_t logging_step_ = 0;
  std::vector<Undo> undo_;
  std::size_t undo_size_ = 0;
  std::vector<std::uint32_t> thread_logged_;  // by ThreadId: 1 + step of its last log entry
  std::vector<Race> races_;                   // the races of steps [0, applied_), by later step
  // For acquire races: the later acquire's clock before it joined the lock's (kept with
  // races_), and its clock within the reversal (reverse_race).
  std::vector<Clock> race_clocks_;
  std::size_t race_clocks_used_ = 0;
  Clock reversal_clock_;
  std::vector<SequenceStep> sequence_;        // scratch: the reversal being inserted
  std::vector<std::uint32_t> sequence_origin_;  // the index in steps_ of each of sequence_'s
  std::vector<std::uint8_t> all_live_;

  std::uint64_t sleep_blocked_ = 0, infeasible_ = 0;
  std::size_t tree_node_limit_;
  std::uint64_t switched_at_ = 0;              // to source-DPOR's insertions (switched_at)
  std::size_t tree_nodes_before_ = 0;          // follow(): live nodes when the job began
  bool complete_ = false;
  std::uint64_t versions_ = 0;
  std::uint64_t executions_ = 0;               // executions this search ran or adopted
  std::vector<double> branch_size_;            // by depth: average executions of a finished branch

  // follow(): the job being run and where its outcome goes (nullptr: the search's own run).
  const DporJob* job_ = nullptr;
  DporOutcome* outcome_ = nullptr;
  const std::atomic<bool>* awaited_ = nullptr;  // the job's owner waits for it (follow)
  std::vector<DporJobKey> changed_;           // changed_branches()
  std::uint64_t sleep_blocked_before_ = 0, infeasible_before_ = 0, executions_before_ = 0;
  std::size_t floor_ = 0;                     // follow(): the stack never shrinks below this
  std::vector<std::uint32_t> subtree_ids_;    // scratch: follow()'s forest nodes of job.subtree
  mutable std::vector<std::pair<std::uint32_t, std::uint32_t>> subtree_todo_;  // scratch: walk_subtree()
};

}  // namespace weft::model
