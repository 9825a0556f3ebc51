#include "model/dpor_strategy.hpp"

#include <algorithm>

#include "model/step_accesses.hpp"

namespace weft::model {

namespace {
void join_into(std::vector<std::uint32_t>& into, const std::uint32_t* from, std::size_t size) {
  if (into.size() < size) into.resize(size, 0);
  for (std::size_t i = 0; i < size; ++i) into[i] = std::max(into[i], from[i]);
}
void join_into(std::vector<std::uint32_t>& into, const std::vector<std::uint32_t>& from) {
  join_into(into, from.data(), from.size());
}
bool covers(const std::vector<std::uint32_t>& clock, ThreadId t, std::uint32_t seq) {
  return t < clock.size() && clock[t] >= seq;
}
}  // namespace

void DporStrategy::begin_execution(std::uint64_t) {
  depth_ = 0;
  nsteps_ = 0;
  events_seen_ = 0;
  for (Clock& c : clocks_) std::fill(c.begin(), c.end(), 0);
  std::fill(thread_steps_.begin(), thread_steps_.end(), 0);
  for (std::size_t i = 0; i < objects_used_; ++i) objects_[i].reset();
  objects_used_ = 0;
  clock_object_.reset();
}

DporStrategy::Clock& DporStrategy::clock_of(ThreadId t) {
  if (t >= clocks_.size()) {
    clocks_.resize(t + 1u);
    thread_steps_.resize(t + 1u, 0);
  }
  return clocks_[t];
}

DporStrategy::ObjectState& DporStrategy::object(ObjectId o) {
  if (o == kClockObject) return clock_object_;
  if (o >= objects_.size()) objects_.resize(o + 1u);
  objects_used_ = std::max<std::size_t>(objects_used_, o + 1u);
  return objects_[o];
}

bool DporStrategy::enabled(const sim::SchedulePoint& point, ThreadId t) const {
  return std::binary_search(point.enabled.begin(), point.enabled.end(), t);
}

bool DporStrategy::asleep(const Node& n, ThreadId t) const {
  return std::any_of(n.sleep.begin(), n.sleep.end(), [t](const Transition& s) { return s.thread == t; });
}

void DporStrategy::open_step(ThreadId t, const sim::PendingOp& op, std::uint32_t node) {
  if (nsteps_ == steps_.size()) steps_.emplace_back();
  Step& s = steps_[nsteps_++];
  clock_of(t);
  s.tr = Transition{};
  s.tr.thread = t;
  s.seq = ++thread_steps_[t];
  s.node = node;
  s.announced = op.op;
  s.untimed = op.blocking && !op.timed;
  s.timed = op.timed;
  Clock& c = clocks_[t];
  if (c.size() <= t) c.resize(t + 1u, 0);
  c[t] = s.seq;
}

// Happens-before bookkeeping and race candidates for one access of step `step` by t.
void DporStrategy::apply_access(std::uint32_t step, ThreadId t, const Access& a) {
  if (access_kind(a.op) == AccessKind::none) return;
  ObjectState& o = object(a.object);
  race_candidates(step, t, a, o);
  Clock& c = clocks_[t];
  join_into(c, o.write_clock);
  if (access_kind(a.op) == AccessKind::read) {
    // A woken untimed wait is ordered after the notify but commutes with later ones.
    if (a.op == OpKind::cond_wait && a.untimed_wait) return;
    join_into(o.read_clock, c);
    o.reads.push_back(step);
    return;
  }
  join_into(c, o.read_clock);
  o.write_clock = c;
  std::fill(o.read_clock.begin(), o.read_clock.end(), 0);
  o.reads.clear();
  o.last_write = static_cast<std::int32_t>(step);
  if (is_acquire(a.op) && a.succeeded) o.last_acquire = static_cast<std::int32_t>(step);
}

void DporStrategy::race_candidates(std::uint32_t step, ThreadId t, const Access& a, const ObjectState& o) {
  switch (race_candidates_of(a)) {
    case RaceWith::nothing:
      return;
    case RaceWith::last_acquire:
      // Keep the acquire's clock from before it joins the lock's: reverse_race needs it.
      if (o.last_acquire >= 0 && maybe_race(static_cast<std::uint32_t>(o.last_acquire), step, t)) {
        if (race_clocks_used_ == race_clocks_.size()) race_clocks_.emplace_back();
        race_clocks_[race_clocks_used_] = clocks_[t];
        races_.back().before = static_cast<std::int32_t>(race_clocks_used_++);
      }
      return;
    case RaceWith::last_write:
      if (o.last_write >= 0) maybe_race(static_cast<std::uint32_t>(o.last_write), step, t);
      return;
    case RaceWith::reads_or_write:
      if (!o.reads.empty()) {
        // Only reads no other of them happens after: r1 -> r2 -> this write makes r1's
        // race with it not immediate (its reversal is reached through r2's).
        for (std::uint32_t r : o.reads) {
          const Step& rs = steps_[r];
          const bool superseded = std::any_of(o.reads.begin(), o.reads.end(), [&](std::uint32_t other) {
            // (the open step's clock is not final; its reads are t's own, covered below)
            return other != r && other != step && covers(steps_[other].clock, rs.tr.thread, rs.seq);
          });
          if (!superseded) maybe_race(r, step, t);
        }
      } else if (o.last_write >= 0) {
        maybe_race(static_cast<std::uint32_t>(o.last_write), step, t);
      }
      return;
  }
}

// `earlier` races with the step `later` of thread t unless it is t's own or already
// happens before t (then some other step lies between them). True when it races.
bool DporStrategy::maybe_race(std::uint32_t earlier, std::uint32_t later, ThreadId t) {
  const Step& e = steps_[earlier];
  if (e.tr.thread == t || covers(clocks_[t], e.tr.thread, e.seq)) return false;
  races_.push_back(Race{earlier, later, -1});
  return true;
}

// Announcing a timed operation reads the clock (its deadline is now + timeout).
void DporStrategy::announced_timed(std::uint32_t step, ThreadId t) {
  const Access read = deadline_read();
  steps_[step].tr.add(read);
  apply_access(step, t, read);
}

// Completes the open step with the events committed since it was opened, then reverses
// the races it takes part in (only steps new in this execution: the replayed prefix's races
// were handled when it first ran).

void DporStrategy::finish_step(std::span<const TraceEvent> events, std::span<const sim::PendingOp> pending) {
  if (nsteps_ == 0) {
    events_seen_ = events.size();
    return;
  }
  const std::uint32_t j = nsteps_ - 1;
  races_.clear();
  race_clocks_used_ = 0;
  // The step's accesses (model/step_accesses.hpp), each applied to happens-before as it comes.
  struct Apply {
    DporStrategy& self;
    std::uint32_t j;
    ThreadId parent;
    void access(ThreadId th, const Access& a) {
      self.steps_[j].tr.add(a);
      if (a.object != kNoObject) self.apply_access(j, th, a);
    }
    void child_started(ThreadId child) {
      self.clock_of(child);
      if (child != parent) self.clocks_[child] = self.clocks_[parent];
    }
  };
  for (; events_seen_ < events.size(); ++events_seen_) {
    const TraceEvent& e = events[events_seen_];
    const Step& s = steps_[j];
    Apply apply{*this, j, e.thread};
    visit_event_accesses(e, Announced{s.announced, s.untimed, s.timed}, pending, apply);
  }
  // The step's thread announced its next operation; a deadline is computed from the clock.
  const ThreadId t = steps_[j].tr.thread;
  if (t < pending.size() && pending[t].timed) announced_timed(j, t);
  Step& s = steps_[j];
  s.clock = clocks_[s.tr.thread];
  if (s.node < first_new_node_) return;
  for (const Race& r : races_) reverse_race(r);
}

// Inserts notdep(e).e' into the wake-up tree of the state before e (JACM 2017, Alg. 2).
void DporStrategy::reverse_race(const Race& race) {
  const Step& e = steps_[race.earlier];
  sequence_.clear();
  for (std::uint32_t k = race.earlier + 1; k < race.later; ++k) {
    const Step& s = steps_[k];
    if (covers(s.clock, e.tr.thread, e.seq)) continue;  // happens after e
    sequence_.push_back(SequenceStep{s.tr, s.seq, s.clock.data(), static_cast<std::uint32_t>(s.clock.size())});
  }
  const Step& l = steps_[race.later];
  const Clock& lc = reversal_clock(race);
  sequence_.push_back(SequenceStep{l.tr, l.seq, lc.data(), static_cast<std::uint32_t>(lc.size())});
  all_live_.assign(sequence_.size(), true);
  Node& n = stack_[e.node];
  for (const Transition& sleeping : n.sleep)
    if (weak_initial(sleeping, sequence_, all_live_) != kNotInitial) return;  // explored already
  forest_.insert(n.wut, sequence_);
}

// e''s happens-before within the reversal v = notdep(e).e', by which insertion and the
// sleep-set test find v's weak initials (JACM 2017, Def. 6.1: taken in E.v's own
// happens-before). For most races that is e''s clock in this execution: a chain to e' that
// passed through a step v leaves out (one after e) would put e' after e by another path, and
// then the pair is no race. Two untimed acquires of a lock are the exception: e' waited for
// the release of e's lock, so its clock carries e's whole critical section and every chain
// through it (in philosophers: a neighbour who used the other fork e's thread takes inside
// its section). v leaves that section out, and with it those chains. Kept, they put e' after
// v's first steps, so a thread asleep at the state before e (in philosophers, e''s own) did
// not look like a weak initial of v: the reversal was inserted although an explored branch
// covers it, and its execution ended sleep-set blocked (46 of 108 executions of
// philosophers(6)). So e' keeps its clock from before it joined the lock's, plus the steps
// of v it depends on directly. Nidhugg likewise compares a wake-up sequence's events by their
// direct conflicts, not by the clocks of the execution they came from
// (TSOTraceBuilder::race_detect_optimal).
const DporStrategy::Clock& DporStrategy::reversal_clock(const Race& race) {
  const Step& l = steps_[race.later];
  if (race.before < 0) return l.clock;
  reversal_clock_ = race_clocks_[static_cast<std::size_t>(race.before)];
  for (const SequenceStep& s : sequence_)
    if (dependent(s.step, l.tr)) join_into(reversal_clock_, s.clock, s.clock_size);
  return reversal_clock_;
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
  while (branch_node && !enabled(point, n.chosen)) {
    ++infeasible_;
    forest_.free_tree(n.branch);
    n.branch = forest_.take_first(n.wut);
    if (n.branch == WakeupForest::kNil) return kNoThread;  // none left: the state is done
    n.chosen = forest_.step(n.branch).thread;
  }
  return enabled(point, n.chosen) ? n.chosen : kNoThread;
}

// A state past the path: a new node that inherits sleepers and wake-up subtree, then takes
// the first feasible wake-up branch, else the running thread, else the first awake one.
// kNoThread (the node popped): every enabled thread sleeps, the state is explored already.
ThreadId DporStrategy::pick_at_new_state(const sim::SchedulePoint& point) {
  stack_.push();
  Node& n = stack_.back();
  inherit(n);
  ThreadId pick = first_wakeup_branch(n, point);
  if (pick == kNoThread) {
    if (enabled(point, point.current) && !asleep(n, point.current)) {
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
    Node& prev = stack_[i];
    if (prev.is_value) continue;
    const Transition& taken = steps_[prev.step].tr;
    for (const Transition& s : prev.sleep)
      if (!dependent(s, taken)) n.sleep.push_back(s);
    n.wut = prev.branch;
    prev.branch = WakeupForest::kNil;
    break;
  }
  if (n.wut == WakeupForest::kNil) n.wut = forest_.make_root();
}

// Takes wake-up branches off n's tree until one starts with an enabled, awake thread (it
// becomes n.branch); those that do not are dropped as infeasible.
ThreadId DporStrategy::first_wakeup_branch(Node& n, const sim::SchedulePoint& point) {
  for (std::uint32_t c; (c = forest_.first_child(n.wut)) != WakeupForest::kNil;) {
    const ThreadId t = forest_.step(c).thread;
    n.branch = forest_.take_first(n.wut);
    if (enabled(point, t) && !asleep(n, t)) return t;
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
  Node& node = stack_.push();
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
    races_.clear();
    race_clocks_used_ = 0;
    race_candidates(j, t, a, object(a.object));
    steps_[j].clock = clocks_[t];
    for (const Race& r : races_) reverse_race(r);
    --nsteps_;  // not a real step: the next blocked thread must not see it
    --thread_steps_[t];
    clocks_[t][t] = thread_steps_[t];
  }
}

void DporStrategy::release(Node& n) {
  forest_.free_tree(n.wut);
  forest_.free_tree(n.branch);
  n.wut = n.branch = WakeupForest::kNil;
}

void DporStrategy::end_execution(const sim::ExecutionEnd& end) {
  finish_step(end.events, end.pending);
  if (!end.failed) blocked_threads(end);
  while (stack_.size() > depth_) {  // states this execution did not reach (or abandoned)
    release(stack_.back());
    stack_.pop_back();
  }
  backtrack();
}

// Moves to the deepest state with an unexplored branch (or value); complete when none.
void DporStrategy::backtrack() {
  while (!stack_.empty()) {
    Node& n = stack_.back();
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
    if (n.step < nsteps_) n.sleep.push_back(steps_[n.step].tr);
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
