// DporStrategy's side of exploring subtrees on other workers ahead of the search
// (model/dpor_job.hpp, docs/parallel.md): which branches are still to come, the job for one,
// exploring a job's subtree on a worker's own strategy, and adopting what that found.
#include <algorithm>

#include "model/dpor_strategy.hpp"

namespace weft::model {

DporJobKey DporStrategy::next_key() const {
  if (stack_.empty()) return DporJobKey{0, 0, WakeupForest::kNil, false};  // before the first execution: no state
  const Node& n = stack_.back();
  const auto node = static_cast<std::uint32_t>(stack_.size() - 1);
  return DporJobKey{node, n.version, n.is_value ? n.value : n.branch, n.is_value};
}

void DporStrategy::pending_keys(std::size_t max, std::vector<DporJobKey>& out) const {
  out.clear();
  for (std::size_t k = floor_; k < stack_.size() && out.size() < max; ++k) {
    const Node& n = stack_[k];
    const auto node = static_cast<std::uint32_t>(k);
    if (n.is_value) {
      for (std::uint32_t v = n.value + 1; v < n.values && out.size() < max; ++v)
        out.push_back(DporJobKey{node, n.version, v, true});
      continue;
    }
    for (std::uint32_t c = forest_.first_child(n.wut); c != WakeupForest::kNil && out.size() < max;
         c = forest_.next_sibling(c))
      out.push_back(DporJobKey{node, n.version, c, false});
  }
}

// The sleep set state `node` will have when the search follows its wake-up branch `branch`:
// what it has now, the step it is taking now, and the first steps of the branches before it.
void DporStrategy::predicted_sleep(std::uint32_t node, std::uint32_t branch, std::vector<Transition>& out) const {
  const Node& n = stack_[node];
  out = n.sleep;
  if (node + 1 == stack_.size()) {
    out.push_back(forest_.step(n.branch));  // the next execution's branch, not run yet
  } else {
    out.push_back(n.taken);
  }
  for (std::uint32_t c = forest_.first_child(n.wut); c != branch && c != WakeupForest::kNil; c = forest_.next_sibling(c))
    out.push_back(forest_.step(c));
}

void DporStrategy::make_job(const DporJobKey& key, DporJob& job) const {
  job.key = key;
  job.path.resize(key.node + 1u);
  job.sleeps.resize(key.node + 1u);
  for (std::uint32_t k = 0; k <= key.node; ++k) {
    const Node& n = stack_[k];
    job.path[k] = DporJob::Choice{n.is_value, n.values, n.value, n.chosen};
    job.sleeps[k] = n.sleep;
  }
  // The state whose step the job runs again (a data choice's: the thread state before it).
  job.sleep_node = key.node;
  if (key.is_value) {
    job.path[key.node].value = key.which;
    for (std::uint32_t k = key.node; k-- > 0;)
      if (!stack_[k].is_value) {
        job.sleep_node = k;
        break;
      }
    job.sleep = stack_[job.sleep_node].sleep;
  } else {
    job.path[key.node].chosen = forest_.step(key.which).thread;
    predicted_sleep(key.node, key.which, job.sleep);
  }
  // The wake-up subtree the states after it start from: below the branch.
  const std::uint32_t root = key.is_value ? stack_[job.sleep_node].branch : key.which;
  subtree_of(stack_[job.sleep_node].is_value ? WakeupForest::kNil : root, job.subtree);
  job.short_reversals = short_reversals();
}

// Visits the wake-up subtree below `root` (kNil: none) in preorder, calling visit(step,
// parent) for each node (parent: the preorder index of its parent, kNil for a child of
// `root`) until it returns false. Returns the number of nodes visited.
template <class Visit>
std::uint32_t DporStrategy::walk_subtree(std::uint32_t root, Visit&& visit) const {
  if (root == WakeupForest::kNil) return 0;
  auto& todo = subtree_todo_;  // (forest node, parent index), the next on top
  todo.clear();
  for (std::uint32_t c = forest_.first_child(root); c != WakeupForest::kNil; c = forest_.next_sibling(c))
    todo.emplace_back(c, WakeupForest::kNil);
  std::reverse(todo.begin(), todo.end());
  std::uint32_t index = 0;
  while (!todo.empty()) {
    const auto [c, parent] = todo.back();
    todo.pop_back();
    if (!visit(forest_.step(c), parent)) return index;
    const std::size_t at = todo.size();
    for (std::uint32_t d = forest_.first_child(c); d != WakeupForest::kNil; d = forest_.next_sibling(d))
      todo.emplace_back(d, index);
    std::reverse(todo.begin() + static_cast<std::ptrdiff_t>(at), todo.end());
    ++index;
  }
  return index;
}

// The wake-up subtree below `root` (kNil: none), in preorder.
void DporStrategy::subtree_of(std::uint32_t root, std::vector<DporJob::SubtreeNode>& out) const {
  out.clear();
  walk_subtree(root, [&out](const Transition& step, std::uint32_t parent) {
    out.push_back(DporJob::SubtreeNode{step, parent});
    return true;
  });
}

void DporStrategy::follow(const DporJob& job, DporOutcome& out, const std::atomic<bool>* awaited) {
  while (!stack_.empty()) {
    release(stack_.back());
    stack_.pop_back();
  }
  forest_.release_storage_if_empty();  // the last job's trees, however large, are gone
  for (std::uint32_t k = 0; k <= job.key.node; ++k) {
    const DporJob::Choice& c = job.path[k];
    Node& n = push_node();
    n.is_value = c.is_value;
    n.values = c.values;
    n.value = c.value;
    n.chosen = c.chosen;
    n.sleep = job.sleeps[k];
    if (!n.is_value) n.wut = forest_.make_root();  // the job inserts nothing here: it keeps them
  }
  Node& s = stack_[job.sleep_node];
  s.sleep = job.sleep;
  if (!s.is_value) {
    if (!job.key.is_value || !job.subtree.empty()) {
      s.branch = forest_.make_root();
      std::vector<std::uint32_t>& ids = subtree_ids_;
      ids.clear();
      for (const DporJob::SubtreeNode& t : job.subtree)
        ids.push_back(forest_.add_child(t.parent == WakeupForest::kNil ? s.branch : ids[t.parent], t.step));
    }
  }
  first_new_node_ = job.sleep_node;
  logging_ = false;  // another path: the first execution starts from nothing
  floor_ = job.key.node + 1u;
  complete_ = false;
  job_ = &job;
  outcome_ = &out;
  awaited_ = awaited;
  out.clear();
  out.usable = true;
  sleep_blocked_before_ = sleep_blocked_;
  infeasible_before_ = infeasible_;
  executions_before_ = executions_;
  tree_nodes_before_ = forest_.live_nodes();
  forest_.reset_peak();
}

// After each execution of a job's subtree: false (and the job over, unusable) when it did not
// get past the job's state: the program did not repeat the path it took before.
bool DporStrategy::job_reached(const sim::ExecutionEnd&) {
  DporOutcome& out = *outcome_;
  out.sleep_blocked = sleep_blocked_ - sleep_blocked_before_;
  out.infeasible = infeasible_ - infeasible_before_;
  out.executions = executions_ - executions_before_;
  out.tree_growth = forest_.peak_live_nodes() - tree_nodes_before_;
  // A subtree whose trees alone outgrow the search's limit is not worth finishing: the search
  // would switch to short reversals inside it, so it cannot adopt it.
  if (!job_->short_reversals && out.tree_growth >= tree_node_limit_) {
    out.usable = false;
    complete_ = true;
    return false;
  }
  if (depth_ <= job_->key.node) {
    out.usable = false;
    complete_ = true;
    return false;
  }
  const Node& s = stack_[job_->sleep_node];
  if (!s.is_value) out.sleep_node_taken = steps_[s.step].tr;
  return true;
}

// Keeps sequence_ (a reversal for the state `node`, at or above the job's) for the search that
// adopts the job: it inserts it into its own tree then, in the order found. (Two pruning tests
// were tried and dropped: whether the copy of that tree at the time the job was made covers
// it, and whether an equivalent reversal is kept already. Both are exact, but on lastzero(15)
// they kept as many and cost more than they saved.)
void DporStrategy::log_reversal(std::uint32_t node, SleepTest sleep) {
  DporOutcome& out = *outcome_;
  out.insertions.push_back(DporOutcome::Insertion{node, sleep, static_cast<std::uint32_t>(out.steps.size()),
                                                  static_cast<std::uint32_t>(sequence_.size())});
  for (const SequenceStep& s : sequence_) {
    out.clock_at.push_back(static_cast<std::uint32_t>(out.clocks.size()));
    out.clocks.insert(out.clocks.end(), s.clock, s.clock + s.clock_size);
    out.steps.push_back(SequenceStep{s.step, s.seq, nullptr, s.clock_size});
  }
  // A subtree that finds this much new work for the states above is not worth keeping apart:
  // its memory would grow with the search. The job ends, unusable; its owner explores it. A
  // job its owner already waits for may keep more: the owner adopts it as soon as it ends.
  const std::size_t kept = out.steps.size();
  if (kept > kMaxKeptSteps &&
      (kept > kMaxKeptStepsAwaited || awaited_ == nullptr || !awaited_->load(std::memory_order_relaxed))) {
    out.usable = false;
    complete_ = true;
  }
}

// What the job assumed still holds: it is this search's next branch, from the same state with
// the same sleep set and the same wake-up subtree below it (a reversal found since the job
// was made may have been inserted there).
bool DporStrategy::job_still_holds(const DporJob& job) const {
  const DporJobKey& key = job.key;
  if (complete_ || stack_.size() != key.node + 1u) return false;
  const Node& n = stack_[key.node];
  if (n.version != key.version || n.is_value != key.is_value) return false;
  if ((key.is_value ? n.value : n.branch) != key.which) return false;
  const Node& s = stack_[job.sleep_node];
  if (s.sleep != job.sleep) return false;
  // Compared node by node as the walk goes: a copy of a large subtree would cost as much
  // memory as the job's own.
  const std::vector<DporJob::SubtreeNode>& copied = job.subtree;
  std::size_t k = 0;
  bool same = true;
  walk_subtree(s.is_value ? WakeupForest::kNil : key.is_value ? s.branch : key.which,
               [&](const Transition& step, std::uint32_t parent) {
                 same = k < copied.size() && copied[k].step == step && copied[k].parent == parent;
                 ++k;
                 return same;
               });
  return same && k == copied.size();
}

bool DporStrategy::adopt(const DporJob& job, const DporOutcome& out) {
  changed_.clear();
  if (!out.usable || !job_still_holds(job)) return false;
  // The job inserted as this search does now, and this search would not have switched to
  // short reversals inside it: its trees never reached the limit, even with the subtree's
  // most and every kept reversal's steps on top of what they hold now. A job's own search
  // cannot tell (it does not know what the trees above it hold): the search that adopts it
  // last checks. Declining is always exact: this search then explores the subtree itself.
  if (job.short_reversals != short_reversals()) return false;
  if (job_ == nullptr && switched_at_ == 0 && forest_.live_nodes() + out.tree_growth + out.steps.size() >= tree_node_limit_)
    return false;
  Node& s = stack_[job.sleep_node];
  if (!s.is_value) s.taken = out.sleep_node_taken;
  // Its reversals, in the order found, placed as this search would have placed them (into its
  // own trees, or kept for the search above it when this one is a job too).
  for (const DporOutcome::Insertion& in : out.insertions) {
    sequence_.clear();
    for (std::uint32_t k = in.begin; k < in.begin + in.count; ++k) {
      SequenceStep step = out.steps[k];
      step.clock = out.clocks.data() + out.clock_at[k];
      sequence_.push_back(step);
    }
    place_reversal(in.node, in.sleep);
  }
  sleep_blocked_ += out.sleep_blocked;
  infeasible_ += out.infeasible;
  executions_ += out.executions;
  backtrack();
  return true;
}

}  // namespace weft::model
