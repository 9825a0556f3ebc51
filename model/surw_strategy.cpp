#include "model/surw_strategy.hpp"

#include <algorithm>

#include "model/dependency.hpp"

namespace weft::model {

namespace {
__extension__ using U128 = unsigned __int128;
// Uniform in [0, n), n >= 1, for 64-bit n (Lemire's multiply-shift).
std::uint64_t below64(Rng& rng, std::uint64_t n) { return static_cast<std::uint64_t>((U128(rng.next()) * n) >> 64); }
}  // namespace

std::uint64_t SurwStrategy::child_path(std::uint64_t parent, std::uint32_t n) {
  std::uint64_t z = parent * 0x9e3779b97f4a7c15ULL + n + 0x632be59bd9b4e019ULL;  // splitmix64 finaliser
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t SurwStrategy::learned_count(std::uint64_t path, ObjectId object) const {
  const std::uint64_t since = object == kEveryEvent ? 0 : candidate(object) ? candidate_since_[object] : executions_;
  const std::uint64_t executions = executions_ - since;
  const auto it = learned_.find(key(path, object));
  if (it == learned_.end() || executions == 0) return 0;
  return (it->second + executions / 2) / executions;  // the mean, rounded to nearest
}

void SurwStrategy::grow_to(ThreadId t) {
  path_.resize(t + 1u, 0);
  children_.resize(t + 1u, 0);
  remaining_.resize(t + 1u, 0);
  priority_.resize(t + 1u, 0);
}

void SurwStrategy::draw_target() {
  // One candidate, weighted by its learned number of operations (all threads together).
  target_ = selective_ ? kNoObject : kEveryEvent;
  if (!selective_ || candidates_.empty()) return;
  std::uint64_t total = 0;
  for (ObjectId o : candidates_) total += draw_weight(o);
  if (total == 0) return;
  std::uint64_t r = below64(rng_, total);
  for (ObjectId o : candidates_) {
    const std::uint64_t w = draw_weight(o);
    if (r < w) {
      target_ = o;
      return;
    }
    r -= w;
  }
}

void SurwStrategy::begin_execution(std::uint64_t index) {
  rng_ = Rng(seed_, index);
  path_.clear();
  children_.clear();
  remaining_.clear();
  priority_.clear();
  intended_ = kNoThread;
  seen_events_ = 0;
  waited_ = 0;
  draw_target();
  grow(0);
  path_[0] = kRootPath;
  gather_target_group();
  remaining_[0] = group_count(kRootPath);
}

void SurwStrategy::gather_target_group() {
  // The target and, if it is a lock, every candidate lock nested with it (taken while the
  // other was held, in some execution so far), transitively: the acquisition order of locks
  // held together is what a lock-order deadlock depends on, so they are sampled as one.
  for (ObjectId o : target_group_) in_target_[o] = 0;
  target_group_.clear();
  if (!selective_ || target_ == kNoObject) return;
  const auto add = [&](ObjectId o) {
    if (o >= in_target_.size()) in_target_.resize(o + 1u, 0);
    if (in_target_[o]) return;
    in_target_[o] = 1;
    target_group_.push_back(o);
  };
  add(target_);
  for (std::size_t i = 0; i < target_group_.size(); ++i) {
    const ObjectId o = target_group_[i];
    if (o >= nested_.size()) continue;
    for (ObjectId other : nested_[o])
      if (candidate(other)) add(other);
  }
}

std::uint64_t SurwStrategy::group_count(std::uint64_t path) const {
  if (!selective_) return learned_count(path, kEveryEvent);
  std::uint64_t n = 0;
  for (ObjectId o : target_group_) n += learned_count(path, o);
  return n;
}

void SurwStrategy::absorb(const sim::SchedulePoint& point) {
  for (; seen_events_ < point.events.size(); ++seen_events_) {
    const TraceEvent& e = point.events[seen_events_];
    grow(e.thread);
    if (e.op == OpKind::thread_start && e.has_value) {
      // A child starts with its learned share; the parent keeps the rest. If the parent was
      // to take the next interesting event, that event is the child's with probability
      // child / parent (ASPLOS 2025, thread creation in Algorithm 1).
      const ThreadId child = static_cast<ThreadId>(e.value);
      grow(child);
      path_[child] = child_path(path_[e.thread], ++children_[e.thread]);
      remaining_[child] = group_count(path_[child]);
      std::uint64_t& parent = remaining_[e.thread];
      if (intended_ == e.thread && parent > 0 && remaining_[child] >= below64(rng_, parent) + 1) intended_ = child;
      parent = parent > remaining_[child] ? parent - remaining_[child] : 0;
    }
    if (counts(e.op, e.object)) {
      if (remaining_[e.thread] > 0) --remaining_[e.thread];
      intended_ = kNoThread;  // the next interesting event is drawn afresh
    } else if (e.op != OpKind::thread_exit && e.op != OpKind::peek) {  // a scheduled step
      // Random priorities: the thread that moved draws a new one. A thread that yields (or
      // sleeps) goes below every other instead, until it moves again: otherwise a spin loop
      // that yields can keep a high draw and starve the thread it waits for (the fairness
      // of yield, as in CHESS's fair scheduling: Musuvathi & Qadeer, PLDI 2008).
      // A yield also says "I wait for another thread": the yielder's learned count, which a
      // spin loop inflates from execution to execution, stops weighing, and if it was to
      // take the next interesting event, that event is drawn again.
      const bool yields = e.op == OpKind::yield || e.op == OpKind::sleep;
      priority_[e.thread] = yields ? kLowest : 0;
      if (yields) {
        remaining_[e.thread] = 0;
        if (intended_ == e.thread) intended_ = kNoThread;
      }
    }
  }
  if (intended_ != kNoThread &&
      (intended_ >= point.status.size() || point.status[intended_] != sim::ThreadStatus::runnable))
    intended_ = kNoThread;
}

ThreadId SurwStrategy::draw_intended(const sim::SchedulePoint& point) {
  // Weighted by remaining interesting events. A thread about to perform an interesting event
  // weighs at least 1 even if its count ran out (an underestimate), as in the artifact.
  // interesting_[k]: whether enabled[k]'s pending operation is sampled (choose_thread).
  const std::span<const ThreadId> enabled = point.enabled;
  std::uint64_t total = 0;
  for (std::size_t k = 0; k < enabled.size(); ++k)
    total += remaining_[enabled[k]] > 0 ? remaining_[enabled[k]] : interesting_[k];
  std::uint64_t r = below64(rng_, total);
  for (std::size_t k = 0; k < enabled.size(); ++k) {
    const std::uint64_t w = remaining_[enabled[k]] > 0 ? remaining_[enabled[k]] : interesting_[k];
    if (r < w) return enabled[k];
    r -= w;
  }
  return enabled.back();  // unreachable: total > 0 when called
}

// The decision when no thread is intended (after every interesting event): the same as
// choose_thread's general path below, in one pass over the enabled threads instead of four.
// The random draws are made in the same order (each enabled thread's missing priority, in
// ascending order, then the intended thread's draw), so the choices are the same.
ThreadId SurwStrategy::choose_afresh(const sim::SchedulePoint& point) {
  const std::span<const ThreadId> enabled = point.enabled;
  ThreadId first = kNoThread, quiet = kNoThread;  // the highest priority, among all and among the non-interesting
  std::uint64_t first_priority = 0, quiet_priority = 0, total = 0;
  bool first_interesting = false;
  for (std::size_t k = 0; k < enabled.size(); ++k) {
    const ThreadId t = enabled[k];
    const bool sampled = counts(point.pending[t].op, point.pending[t].object);
    interesting_[k] = sampled ? 1 : 0;
    total += remaining_[t] > 0 ? remaining_[t] : interesting_[k];  // draw_intended's weight
    std::uint64_t& p = priority_[t];
    if (p == 0) p = rng_.next() | 1u;
    if (first == kNoThread || p > first_priority) {
      first = t;
      first_priority = p;
      first_interesting = sampled;
    }
    if (!sampled && (quiet == kNoThread || p > quiet_priority)) {
      quiet = t;
      quiet_priority = p;
    }
  }
  if (!first_interesting) return first;  // a non-interesting step, by priority
  // draw_intended, with the total already summed.
  std::uint64_t r = below64(rng_, total);
  intended_ = enabled.back();
  for (std::size_t k = 0; k < enabled.size(); ++k) {
    const std::uint64_t w = remaining_[enabled[k]] > 0 ? remaining_[enabled[k]] : interesting_[k];
    if (r < w) {
      intended_ = enabled[k];
      break;
    }
    r -= w;
  }
  // The highest priority among the non-interesting threads and the intended one; on a tie the
  // lower id, which comes first in the ascending enabled list.
  const std::uint64_t p = priority_[intended_];
  if (quiet == kNoThread || p > quiet_priority || (p == quiet_priority && intended_ < quiet)) return intended_;
  return quiet;
}

ThreadId SurwStrategy::choose_thread(const sim::SchedulePoint& point) {
  absorb(point);
  const std::span<const ThreadId> enabled = point.enabled;
  grow(enabled.back());  // ascending: every enabled thread has its slots
  interesting_.resize(enabled.size());
  // An intended thread that waits (for a lock, say) usually waits for a non-interesting step
  // of another thread, and keeping it is what orders the interesting steps around it. But the
  // lock's holder may itself wait to take an interesting step while threads spinning on other
  // objects run forever: after kPatience decisions without the intended thread enabled, it is
  // drawn again.
  if (intended_ != kNoThread && std::find(point.enabled.begin(), point.enabled.end(), intended_) == point.enabled.end()) {
    if (++waited_ > kPatience) intended_ = kNoThread;
  } else {
    waited_ = 0;
  }
  if (intended_ == kNoThread && single_pass_) return choose_afresh(point);
  // Whether each enabled thread's pending operation is sampled, worked out once per decision.
  for (std::size_t k = 0; k < enabled.size(); ++k)
    interesting_[k] = counts(point.pending[enabled[k]].op, point.pending[enabled[k]].object) ? 1 : 0;
  // The thread of highest priority, among every enabled thread or only among those that may
  // move: the non-interesting ones and the intended one (the others wait for it).
  auto highest = [&](bool eligible_only) {
    ThreadId best = kNoThread;
    std::uint64_t best_priority = 0;
    for (std::size_t k = 0; k < enabled.size(); ++k) {
      const ThreadId t = enabled[k];
      if (eligible_only && interesting_[k] && t != intended_) continue;  // waits for the intended thread
      std::uint64_t& p = priority_[t];  // 0: drawn now, when first compared
      if (p == 0) p = rng_.next() | 1u;
      if (best == kNoThread || p > best_priority) {
        best = t;
        best_priority = p;
      }
    }
    return best;
  };
  if (intended_ == kNoThread) {  // choose_afresh does this in one pass
    const ThreadId first = highest(false);
    if (!counts(point.pending[first].op, point.pending[first].object)) return first;  // a non-interesting step, by priority
    intended_ = draw_intended(point);
  }
  ThreadId chosen = highest(true);
  if (chosen == kNoThread) {
    // Every enabled thread waits to take an interesting step and the intended thread cannot
    // run (it waits for a lock or a join): draw again among those that can.
    intended_ = draw_intended(point);
    chosen = intended_;
  }
  return chosen;
}

void SurwStrategy::end_execution(const sim::ExecutionEnd& end) {
  const std::span<const TraceEvent> events = end.events;
  // Creation tree of this execution: parent and path by ThreadId.
  parent_.assign(1, kNoThread);
  std::vector<std::uint64_t>& path = path_;  // reuse: recomputed from the events
  path.assign(1, kRootPath);
  children_.assign(1, 0);
  for (const TraceEvent& e : events) {
    if (e.op != OpKind::thread_start || !e.has_value) continue;
    const auto child = static_cast<ThreadId>(e.value);
    if (child >= parent_.size()) {
      parent_.resize(child + 1u, kNoThread);
      path.resize(child + 1u, 0);
      children_.resize(child + 1u, 0);
    }
    if (e.thread >= children_.size()) children_.resize(e.thread + 1u, 0);
    parent_[child] = e.thread;
    path[child] = child_path(path[e.thread], ++children_[e.thread]);
  }
  lesson_.clear();
  lesson_.push_back(0);
  fresh_.clear();
  if (selective_) lesson_candidates(events);
  // Then the nested lock pairs lesson_candidates found (none in non-selective mode).
  lesson_.push_back(nest_found_.size() / 2);
  lesson_.insert(lesson_.end(), nest_found_.begin(), nest_found_.end());
  nest_found_.clear();
  lesson_guarded();
  lesson_counts(events);
  if (!defer_) learn(lesson_);
}

void SurwStrategy::learn(const Lesson& lesson) {
  const std::uint64_t fresh = lesson.empty() ? 0 : lesson[0];
  for (std::uint64_t k = 1; k <= fresh; ++k) {
    const auto o = static_cast<ObjectId>(lesson[k]);
    if (candidate(o)) continue;  // an earlier lesson of the same round found it too
    if (o >= candidate_since_.size()) candidate_since_.resize(o + 1u, kNotCandidate);
    candidate_since_[o] = executions_;  // counted from this execution on
    if (o >= slot_of_.size()) slot_of_.resize(o + 1u, kNoSlot);
    slot_of_[o] = static_cast<std::uint32_t>(candidates_.size());
    candidates_.push_back(o);
  }
  std::size_t k = 1 + fresh;
  const std::uint64_t pairs = k < lesson.size() ? lesson[k++] : 0;
  for (std::uint64_t i = 0; i < pairs; ++i, k += 2) nest(static_cast<ObjectId>(lesson[k]), static_cast<ObjectId>(lesson[k + 1]));
  for (; k + 1 < lesson.size(); k += 2) learned_[lesson[k]] += lesson[k + 1];
  ++executions_;
}

bool SurwStrategy::nested(ObjectId a, ObjectId b) const {
  return a < nested_.size() && std::find(nested_[a].begin(), nested_[a].end(), b) != nested_[a].end();
}

void SurwStrategy::nest(ObjectId a, ObjectId b) {
  if (nested(a, b)) return;
  if (std::max(a, b) >= nested_.size()) nested_.resize(std::max(a, b) + 1u);
  nested_[a].push_back(b);
  nested_[b].push_back(a);
}

void SurwStrategy::note_nesting(ObjectId outer, ObjectId inner) {
  if (nested(outer, inner)) return;
  for (std::size_t i = 0; i < nest_found_.size(); i += 2)
    if ((nest_found_[i] == outer && nest_found_[i + 1] == inner) || (nest_found_[i] == inner && nest_found_[i + 1] == outer))
      return;
  nest_found_.push_back(outer);
  nest_found_.push_back(inner);
}

// Inline in lesson_candidates' loop, which calls it for nearly every event.
[[gnu::always_inline]] inline void SurwStrategy::track_guard(const TraceEvent& e, ObjectId& guard) {
  // The locks each thread holds (Lock and RLock, one entry per level of an RLock), and for
  // every other object one lock its thread held at each access of it so far (`guard`, its tally's): kNoObject
  // before its first access, kUnguarded once no lock was held at all of them. Two objects
  // always accessed under the same lock are ordered by that lock's order, so sampling the
  // lock's operations already covers them; making them candidates too only dilutes the draw.
  // (One common lock is tracked, the first held: enough for the usual one-lock guard.)
  if (e.thread >= held_.size()) held_.resize(e.thread + 1u);
  std::vector<ObjectId>& held = held_[e.thread];
  const bool acquire = e.op == OpKind::lock_acquire || e.op == OpKind::rlock_acquire;
  const bool release = e.op == OpKind::lock_release || e.op == OpKind::rlock_release;
  if (acquire || release) {
    guard = kUnguarded;  // a lock is a candidate by its own operations
    if (acquire && e.ok) {
      for (ObjectId outer : held)
        if (outer != e.object) note_nesting(outer, e.object);
      held.push_back(e.object);
    } else if (release) {
      if (!held.empty() && held.back() == e.object) {  // the usual last-in, first-out release
        held.pop_back();
      } else {
        const auto it = std::find(held.rbegin(), held.rend(), e.object);  // its innermost level
        if (it != held.rend()) held.erase(std::next(it).base());
      }
    }
    return;
  }
  if (guard == kUnguarded) return;
  if (guard == kNoObject) {
    guard = held.empty() ? kUnguarded : held.front();
    return;
  }
  if (std::find(held.begin(), held.end(), guard) == held.end()) guard = kUnguarded;
}

void SurwStrategy::lesson_candidates(std::span<const TraceEvent> events) {
  // Objects two threads touched, one with a write or lock operation, that are no candidates
  // yet and were not guarded by one lock throughout: the lesson's first words.
  for (const TraceEvent& e : events) {
    if (e.object >= kClockObject || e.object_kind == ObjectKind::thread) continue;
    const AccessKind access = access_kind(e.op);
    if (access == AccessKind::none) continue;
    if (e.object >= tallies_.size()) tallies_.resize(e.object + 1u);
    ObjectTally& o = tallies_[e.object];
    ++o.accesses;
    if (o.first_toucher == kNoThread) o.first_toucher = e.thread;
    else if (o.first_toucher != e.thread) o.shared = true;
    if (access == AccessKind::write) o.written = true;
    track_guard(e, o.guard);
  }
  guarded_.clear();
  for (ObjectId o = 0; o < tallies_.size(); ++o) {
    ObjectTally& t = tallies_[o];
    if (t.shared && t.written && t.guard == kUnguarded && !candidate(o)) {
      if (o >= fresh_slot_.size()) fresh_slot_.resize(o + 1u, kNoSlot);
      fresh_slot_[o] = static_cast<std::uint32_t>(candidates_.size() + fresh_.size());
      fresh_.push_back(o);
      lesson_.push_back(o);
    } else if (t.shared && t.written && t.guard < kUnguarded) {
      guarded_.push_back(t.guard);
      guarded_.push_back(t.accesses);
    }
    t = ObjectTally{};
  }
  for (std::vector<ObjectId>& held : held_) held.clear();
  lesson_[0] = fresh_.size();
}

void SurwStrategy::lesson_guarded() {
  // A guarded object is no candidate, but its accesses still weigh in the draw: they are
  // credited to the candidate lock that guards it, so that the lock is drawn as often as it
  // and the objects it stands for would be together (the paper draws each object by its own
  // number of operations).
  for (std::size_t i = 0; i < guarded_.size(); i += 2) {
    const auto lock = static_cast<ObjectId>(guarded_[i]);
    const bool fresh = lock < fresh_slot_.size() && fresh_slot_[lock] != kNoSlot;
    if (!candidate(lock) && !fresh) continue;
    lesson_.push_back(key(kGuardedPath, lock));
    lesson_.push_back(guarded_[i + 1]);
  }
}

void SurwStrategy::lesson_counts(std::span<const TraceEvent> events) {
  // Each candidate's (old or new; non-selective: every sampled) operations by thread, counted
  // in a flat (slot, thread) table whose touched cells are listed, then credited to the
  // thread's creation path and every ancestor's: the lesson's (key, count) pairs.
  const std::size_t threads = parent_.size();
  const std::size_t cells = (selective_ ? candidates_.size() + fresh_.size() : 1) * threads;
  if (tally_.size() < cells) tally_.resize(cells, 0);
  touched_.clear();
  for (const TraceEvent& e : events) {
    if (lifecycle(e.op) || e.thread >= threads) continue;
    std::size_t slot = 0;
    if (selective_) {
      if (e.object < slot_of_.size() && slot_of_[e.object] != kNoSlot) slot = slot_of_[e.object];
      else if (e.object < fresh_slot_.size() && fresh_slot_[e.object] != kNoSlot) slot = fresh_slot_[e.object];
      else continue;
    }
    const std::size_t cell = slot * threads + e.thread;
    if (tally_[cell]++ == 0) touched_.push_back(cell);
  }
  for (const std::size_t cell : touched_) {
    const std::uint64_t n = tally_[cell];
    tally_[cell] = 0;
    const std::size_t slot = cell / threads;
    const ObjectId o = !selective_ ? kEveryEvent
                       : slot < candidates_.size() ? candidates_[slot]
                                                   : fresh_[slot - candidates_.size()];
    for (auto t = static_cast<ThreadId>(cell % threads); t < threads; t = parent_[t]) {
      lesson_.push_back(key(path_[t], o));
      lesson_.push_back(n);
    }
  }
  for (const ObjectId o : fresh_) fresh_slot_[o] = kNoSlot;
}

}  // namespace weft::model
