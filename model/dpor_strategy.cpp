#include "model/dpor_strategy.hpp"

#include <algorithm>

#include "model/step_accesses.hpp"

namespace weft::model {

void DporStrategy::begin_execution(std::uint64_t) {
  changed_.clear();
  depth_ = 0;
  nsteps_ = 0;
  events_seen_ = 0;
  fresh_from_ = UINT32_MAX;
  if (logging_ && keep_state_) {  // keep the steps this execution replays (model/dpor_undo.cpp)
    roll_back_to(first_new_step());
    return;
  }
  for (Clock& c : clocks_) std::fill(c.begin(), c.end(), 0);
  std::fill(thread_steps_.begin(), thread_steps_.end(), 0);
  for (std::size_t i = 0; i < objects_used_; ++i) objects_[i].reset();
  objects_used_ = 0;
  clock_object_.reset();
  undo_size_ = 0;
  applied_ = 0;
  fresh_from_ = 0;
  races_.clear();
  race_clocks_used_ = 0;
  std::fill(thread_logged_.begin(), thread_logged_.end(), 0);
  logging_ = true;
}

void DporStrategy::grow_clocks(ThreadId t) {
  clocks_.resize(t + 1u);
  thread_steps_.resize(t + 1u, 0);
  thread_logged_.resize(t + 1u, 0);
}

void DporStrategy::grow_objects(ObjectId o) {
  if (o >= objects_.size()) objects_.resize(o + 1u);
  log_objects_used();
  objects_used_ = o + 1u;
}

bool DporStrategy::asleep(const Node& n, ThreadId t) const {
  return std::any_of(n.sleep.begin(), n.sleep.end(), [t](const Transition& s) { return s.thread == t; });
}

void DporStrategy::open_step(ThreadId t, const sim::PendingOp& op, std::uint32_t node) {
  if (nsteps_ < applied_) {  // replayed: its effects are kept from the execution that made it
    const Step& kept = steps_[nsteps_];
    if (kept.tr.thread == t && kept.node == node && kept.announced == op.op) {
      ++nsteps_;
      return;
    }
    roll_back_to(nsteps_);  // the program did not repeat itself: a new step from here on
  }
  if (nsteps_ == steps_.size()) steps_.emplace_back();
  logging_step_ = nsteps_;
  Step& s = steps_[nsteps_++];
  Clock& c = clock_of(t);
  log_thread(t);
  s.tr = Transition{};
  s.tr.thread = t;
  s.seq = ++thread_steps_[t];
  s.node = node;
  s.announced = op.op;
  s.untimed = op.blocking && !op.timed;
  s.timed = op.timed;
  if (c.size() <= t) c.resize(t + 1u, 0);
  c[t] = s.seq;
}

ThreadId DporStrategy::choose_thread(const sim::SchedulePoint& point) {
  finish_step(point.events, point.pending);
  const ThreadId pick = depth_ < stack_.size() ? pick_on_path(point) : pick_at_new_state(point);
  if (pick == kNoThread) return kNoThread;
  Node& n = stack_[depth_];
  n.step = nsteps_;
  open_step(pick, point.pending[pick], static_cast<std::uint32_t>(depth_));
  ++depth_;
  return pick;
}

// Replaying the prefix, then the branched state: the node's chosen thread. At the branch
// node, wake-up branches whose first thread turned out not enabled are dropped for the next.
// kNoThread: the program did not repeat itself, or the state has no branch left.
ThreadId DporStrategy::pick_on_path(const sim::SchedulePoint& point) {
  Node& n = stack_[depth_];
  if (n.is_value) return kNoThread;  // the program did not repeat itself: end quietly
  const bool branch_node = depth_ + 1 == stack_.size();
  // A job's branch that cannot run: the search would take another; the job is unusable.
  if (job_ != nullptr && depth_ == job_->key.node && !point.is_enabled(n.chosen)) return kNoThread;
  while (branch_node && !point.is_enabled(n.chosen)) {
    ++infeasible_;
    forest_.free_tree(n.branch);
    n.branch = forest_.take_first(n.wut);
    if (n.branch == WakeupForest::kNil) return kNoThread;  // none left: the state is done
    n.chosen = forest_.step(n.branch).thread;
  }
  return point.is_enabled(n.chosen) ? n.chosen : kNoThread;
}

// A state past the path: a new node that inherits sleepers and wake-up subtree, then takes
// the first feasible wake-up branch, else the running thread, else the first awake one.
// kNoThread (the node popped): every enabled thread sleeps, the state is explored already.
ThreadId DporStrategy::pick_at_new_state(const sim::SchedulePoint& point) {
  push_node();
  Node& n = stack_.back();
  inherit(n);
  ThreadId pick = first_wakeup_branch(n, point);
  if (pick == kNoThread) {
    if (point.is_enabled(point.current) && !asleep(n, point.current)) {
      pick = point.current;  // the running thread first: fewer switches in early schedules
    } else {
      for (ThreadId t : point.enabled)
        if (!asleep(n, t)) {
          pick = t;
          break;
        }
    }
  }
  if (pick == kNoThread) {  // every enabled thread sleeps: equivalent to an explored one
    ++sleep_blocked_;
    forest_.free_tree(n.wut);
    stack_.pop_back();
    return kNoThread;
  }
  n.chosen = pick;
  return pick;
}

// The previous thread state's sleepers that commute with its step, and the subtree of the
// branch it followed (a fresh empty tree if none).
void DporStrategy::inherit(Node& n) {
  for (std::size_t i = depth_; i-- > 0;) {
    const Node& prev = stack_[i];
    if (prev.is_value) continue;
    const Transition& taken = steps_[prev.step].tr;
    for (const Transition& s : prev.sleep)
      if (!dependent(s, taken)) n.sleep.push_back(s);
    break;
  }
  n.wut = inherited_tree(depth_);
}

// The wake-up tree of a new state at `depth`: the branch the thread state before it
// followed (taken from it), or a fresh empty tree.
std::uint32_t DporStrategy::inherited_tree(std::size_t depth) {
  for (std::size_t i = depth; i-- > 0;) {
    Node& prev = stack_[i];
    if (prev.is_value) continue;
    const std::uint32_t tree = prev.branch;
    prev.branch = WakeupForest::kNil;
    if (tree != WakeupForest::kNil) return tree;
    break;
  }
  return forest_.make_root();
}

// Takes wake-up branches off n's tree until one starts with an enabled, awake thread (it
// becomes n.branch); those that do not are dropped as infeasible.
ThreadId DporStrategy::first_wakeup_branch(Node& n, const sim::SchedulePoint& point) {
  for (std::uint32_t c; (c = forest_.first_child(n.wut)) != WakeupForest::kNil;) {
    const ThreadId t = forest_.step(c).thread;
    n.branch = forest_.take_first(n.wut);
    if (point.is_enabled(t) && !asleep(n, t)) return t;
    ++infeasible_;
    forest_.free_tree(n.branch);
    n.branch = WakeupForest::kNil;
  }
  return kNoThread;
}

std::uint32_t DporStrategy::choose_value(std::uint32_t n, sim::ValueKind) {
  if (depth_ < stack_.size()) {
    const Node& node = stack_[depth_];
    if (!node.is_value || node.values != n) return 0;  // nondeterministic program; stay in range
    ++depth_;
    return node.value;
  }
  Node& node = push_node();
  node.is_value = true;
  node.values = n;
  ++depth_;
  return 0;
}

// A thread that never finished still has a pending operation: reverse its races as if it
// were the next step, so orders that would have let it run are explored too.
void DporStrategy::blocked_threads(const sim::ExecutionEnd& end) {
  for (ThreadId t = 0; t < end.status.size(); ++t) {
    if (end.status[t] != sim::ThreadStatus::runnable) continue;
    const sim::PendingOp& op = end.pending[t];
    if (op.object == kNoObject || access_kind(op.op) == AccessKind::none) continue;
    open_step(t, op, static_cast<std::uint32_t>(stack_.size()));
    const std::uint32_t j = nsteps_ - 1;
    const Access a = pending_access(op);
    steps_[j].tr.add(a);
    const std::size_t real_races = races_.size();
    race_candidates(j, t, a, object(a.object));
    steps_[j].clock = clocks_[t];
    for (std::size_t r = real_races; r < races_.size(); ++r) reverse_race(races_[r]);
    drop_races_from(j);
    --nsteps_;  // not a real step: the next blocked thread must not see it
    --thread_steps_[t];
    clocks_[t][t] = thread_steps_[t];
  }
}

// Every race of the execution, the replayed steps' included, in the order their second steps
// ran. Algorithm 2 reverses all races of each maximal execution E (as Nidhugg does): a race
// reversed in an earlier execution gets another v here, since notdep(e) now runs through
// this execution's steps. Reversing only the new steps' races lost traces: 12 of 4,777 of
// a four-thread program (tests/pop_reference/weft_agreement_test.cpp).
void DporStrategy::reverse_races() {
  for (Race& r : races_) reverse_race(r);
}

void DporStrategy::release(Node& n) {
  forest_.free_tree(n.wut);
  forest_.free_tree(n.branch);
  n.wut = n.branch = WakeupForest::kNil;
}

void DporStrategy::end_execution(const sim::ExecutionEnd& end) {
  finish_step(end.events, end.pending);
  if (applied_ > nsteps_) roll_back_to(nsteps_);  // ended inside its replayed steps: not theirs
  reverse_races();
  if (!end.failed) blocked_threads(end);
  ++executions_;  // after the reversals above: a switch they make is in this execution
  if (job_ != nullptr && !job_reached(end)) return;
  // The steps taken from the states this execution changed, for their sleep sets.
  for (std::size_t k = first_new_node_; k < depth_ && k < stack_.size(); ++k)
    if (!stack_[k].is_value) stack_[k].taken = steps_[stack_[k].step].tr;
  while (stack_.size() > depth_) {  // states this execution did not reach (or abandoned)
    release(stack_.back());
    stack_.pop_back();
  }
  backtrack();
}

// Branch sizes by depth, for choosing which subtrees other workers explore ahead (a running
// average: recent branches at a depth say most about the next ones there).
void DporStrategy::learn_branch_size(std::size_t depth, std::uint64_t executions) {
  if (branch_size_.size() <= depth) branch_size_.resize(depth + 1, 0.0);
  double& avg = branch_size_[depth];
  avg = avg > 0 ? 0.8 * avg + 0.2 * static_cast<double>(executions) : static_cast<double>(executions);
}

// Moves to the deepest state with an unexplored branch (or value); complete when none (a
// job's search: none below the job's state).
void DporStrategy::backtrack() {
  while (stack_.size() > floor_) {
    Node& n = stack_.back();
    learn_branch_size(stack_.size() - 1, executions_ - n.branch_start);
    n.branch_start = executions_;
    if (n.is_value) {
      if (n.value + 1 < n.values) {
        ++n.value;
        first_new_node_ = stack_.size() - 1;
        // The step that made the choice changes too: its races must be looked at again.
        for (std::size_t i = stack_.size() - 1; i-- > 0;)
          if (!stack_[i].is_value) {
            first_new_node_ = i;
            break;
          }
        return;
      }
      stack_.pop_back();
      continue;
    }
    forest_.free_tree(n.branch);
    n.branch = WakeupForest::kNil;
    if (n.taken.thread != kNoThread) n.sleep.push_back(n.taken);
    const std::uint32_t c = forest_.take_first(n.wut);
    if (c != WakeupForest::kNil) {
      n.chosen = forest_.step(c).thread;
      n.branch = c;
      first_new_node_ = stack_.size() - 1;
      return;
    }
    release(n);
    stack_.pop_back();
  }
  complete_ = true;
}

}  // namespace weft::model
