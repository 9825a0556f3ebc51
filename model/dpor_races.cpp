// DporStrategy's race side: happens-before bookkeeping of each step's accesses, the race
// candidates they meet, and the reversal of each race into a wake-up sequence inserted at
// the state before its first step (Abdulla, Aronis, Jonsson & Sagonas, "Source Sets: A
// Foundation for Optimal Dynamic Partial Order Reduction", JACM 2017, Algorithm 2).
#include <algorithm>

#include "model/dpor_strategy.hpp"
#include "model/step_accesses.hpp"

namespace weft::model {

namespace {
bool covers(const VectorClock& clock, ThreadId t, std::uint32_t seq) {
  return t < clock.size() && clock[t] >= seq;
}
}  // namespace

// Happens-before bookkeeping and race candidates for one access of step `step` by t.
void DporStrategy::apply_access(std::uint32_t step, ThreadId t, Access a) {
  if (access_kind(a.op) == AccessKind::none) return;
  ObjectState& o = object(a.object);
  race_candidates(step, t, a, o);
  log_thread(t);
  Clock& c = clocks_[t];
  if (access_kind(a.op) == AccessKind::read) {
    c.join(o.write_clock);
    // A woken untimed wait is ordered after the notify but commutes with later ones.
    if (a.op == OpKind::cond_wait && a.untimed_wait) return;
    log_read(a.object, o);
    // read_clock is the join of the reads since the last write: meaningful only while
    // there are some (a write forgets it by clearing `reads`, not by zeroing it).
    if (o.reads.empty()) {
      o.read_clock = c;
    } else {
      o.read_clock.join(c);
    }
    o.reads.push_back(step);
    return;
  }
  // Each read since the last write joined write_clock into read_clock, so read_clock
  // covers write_clock whenever there are reads: one join is enough.
  c.join(o.reads.empty() ? o.write_clock : o.read_clock);
  log_write(a.object, o);
  o.write_clock = c;
  o.reads.clear();
  o.last_write = static_cast<std::int32_t>(step);
  if (is_acquire(a.op) && a.succeeded) o.last_acquire = static_cast<std::int32_t>(step);
}

void DporStrategy::race_candidates(std::uint32_t step, ThreadId t, Access a, const ObjectState& o) {
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

// Completes the open step with the events committed since it was opened, noting the races
// it takes part in as its second step (a replayed step's are kept from when it first ran).
void DporStrategy::finish_step(std::span<const TraceEvent> events, std::span<const sim::PendingOp> pending) {
  if (nsteps_ == 0) {
    events_seen_ = events.size();
    return;
  }
  const std::uint32_t j = nsteps_ - 1;
  if (j < applied_) {  // replayed: its effects are kept (model/dpor_undo.cpp)
    events_seen_ = events.size();
    return;
  }
  // The step's accesses (model/step_accesses.hpp), each applied to happens-before as it comes.
  struct Apply {
    DporStrategy& self;
    std::uint32_t j;
    ThreadId parent;
    void access(ThreadId th, Access a) {
      self.steps_[j].tr.add(a);
      if (a.object != kNoObject) self.apply_access(j, th, a);
    }
    void child_started(ThreadId child) {
      self.clock_of(child);
      self.log_thread(child);
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
  applied_ = j + 1;
  // Its races, now in races_, are reversed when the execution ends (reverse_races).
}

// Inserts notdep(e).e' into the wake-up tree of the state before e (JACM 2017, Alg. 2),
// once the execution E has ended: notdep(e) is every step of E after e that does not happen
// after it, those after e' included (none of them happens after e' either, or it would
// happen after e). Stopping notdep at e' makes a different, shorter v, whose weak initials
// and insertion place differ: on a four-thread program (tests/pop_reference/
// weft_agreement_test.cpp) the shorter v lost one of 90 traces (docs/exploration.md).
//
// Every race of every execution is reversed, and a race of the replayed steps gets another v
// each time (its notdep(e) runs through the new steps). What the sleep-set test found last
// time carries over while the steps it saw are replayed (sleep sets only grow): a thread
// asleep at e's state that was an initial of v by a step still replayed is one of this v; one
// that was a weak initial without a step is one again unless a new step of v is its or
// depends on it. Such reversals are skipped without building v: on lastzero(15), 0.97 of
// the 1.63 million reversals of replayed races.
void DporStrategy::reverse_race(Race& race) {
  race.valid_below = std::min(race.valid_below, fresh_from_);
  if (race.settled_by > 0 && race.valid_below >= race.settled_by) return;
  if (race.weak_sleeper >= 0 && !short_reversals() && still_weak(race)) return;
  const Step& e = steps_[race.earlier];
  sequence_.clear();
  sequence_origin_.clear();
  std::size_t before_later = 0;  // sequence_'s steps that ran before e'
  for (std::uint32_t k = race.earlier + 1; k < nsteps_; ++k) {
    if (k == race.later) {
      before_later = sequence_.size();
      continue;
    }
    const Step& s = steps_[k];
    if (covers(s.clock, e.tr.thread, e.seq)) continue;  // happens after e
    sequence_.push_back(SequenceStep{s.tr, s.seq, s.clock.data(), static_cast<std::uint32_t>(s.clock.size())});
    sequence_origin_.push_back(k);
  }
  const Step& l = steps_[race.later];
  const Clock& lc = reversal_clock(race, before_later);
  sequence_.push_back(SequenceStep{l.tr, l.seq, lc.data(), static_cast<std::uint32_t>(lc.size())});
  sequence_origin_.push_back(race.later);
  const SleepVerdict sleep = sleep_test(stack_[e.node]);
  race.valid_below = UINT32_MAX;
  race.settled_by = sleep.test == SleepTest::initial ? sequence_origin_[static_cast<std::size_t>(sleep.at)] + 1 : 0;
  race.weak_sleeper = sleep.test == SleepTest::weak_only ? sleep.at : -1;
  place_reversal(e.node, sleep.test);
}

// Whether the sleeper that was a weak initial without a step in the race's last v still is
// one: no step of v past those still replayed is its or depends on it.
bool DporStrategy::still_weak(const Race& race) const {
  const Step& e = steps_[race.earlier];
  const Transition& sleeper = stack_[e.node].sleep[static_cast<std::size_t>(race.weak_sleeper)];
  for (std::uint32_t k = std::max(race.valid_below, race.earlier + 1); k < nsteps_; ++k) {
    const Step& s = steps_[k];
    if (k == race.later || covers(s.clock, e.tr.thread, e.seq)) continue;  // not in notdep(e)
    if (dependent(sleeper, s.tr)) return false;
  }
  return true;
}

// Inserts sequence_ into the wake-up tree of state `node`, unless a thread asleep there
// covers it (`sleep`: the sleep-set test's outcome there). A job's search (follow)
// keeps the reversals for its state and those above it for the search that adopts it.
void DporStrategy::place_reversal(std::uint32_t node, SleepTest sleep) {
  Node& n = stack_[node];
  if (sleep == SleepTest::initial) return;  // explored already, whatever the mode
  if (job_ != nullptr && node <= job_->key.node) {
    // Optimal DPOR never inserts a weak_only reversal, and a search adopting the job is in the
    // same mode and does not switch while it places the job's (adopt): no use keeping it.
    // (On lastzero(15) with two jobs, this halves the steps jobs keep.)
    if (sleep == SleepTest::weak_only && !job_->short_reversals) return;
    return log_reversal(node, sleep);
  }
  if (job_ == nullptr && switched_at_ == 0 && forest_.live_nodes() >= tree_node_limit_) switched_at_ = executions_ + 1;
  if (short_reversals()) {
    forest_.insert_first_step(n.wut, sequence_);
  } else if (sleep == SleepTest::clear) {
    const WakeupForest::Inserted in = forest_.insert(n.wut, sequence_);
    if (in.below != WakeupForest::kNil) changed_.push_back(DporJobKey{node, n.version, in.below, false});
  }
}

// Whether a thread asleep at n covers sequence_: initial when one is an initial of it (both
// modes skip it), weak_only when one is only a weak initial without a step in it (optimal
// DPOR skips it, JACM 2017 Algorithm 2: an explored branch leads to an equivalent execution;
// source-DPOR does not, because its branches are not whole sequences), else clear. `at`:
// where in sequence_ the initial's step is, or which of n.sleep the first weak_only one is.
DporStrategy::SleepVerdict DporStrategy::sleep_test(const Node& n) {
  all_live_.assign(sequence_.size(), 1);
  SleepVerdict verdict{SleepTest::clear, -1};
  for (std::size_t i = 0; i < n.sleep.size(); ++i) {
    const int at = weak_initial(n.sleep[i], sequence_, all_live_);
    if (at >= 0) return SleepVerdict{SleepTest::initial, at};
    if (at == kInitialWithoutStep && verdict.test == SleepTest::clear) verdict = SleepVerdict{SleepTest::weak_only, static_cast<int>(i)};
  }
  return verdict;
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
const DporStrategy::Clock& DporStrategy::reversal_clock(const Race& race, std::size_t before_later) {
  const Step& l = steps_[race.later];
  if (race.before < 0) return l.clock;
  reversal_clock_ = race_clocks_[static_cast<std::size_t>(race.before)];
  for (std::size_t k = 0; k < before_later; ++k)  // the steps of v that ran before e'
    if (dependent(sequence_[k].step, l.tr)) reversal_clock_.join(sequence_[k].clock, sequence_[k].clock_size);
  return reversal_clock_;
}

}  // namespace weft::model
