// surw's learning across executions (model/surw_strategy.hpp): what one execution teaches,
// as a lesson (model/learner.hpp), and how a lesson is applied. The walk itself is in
// model/surw_strategy.cpp.
#include <algorithm>

#include "model/dependency.hpp"
#include "model/surw_strategy.hpp"

namespace weft::model {

void SurwStrategy::end_execution(const sim::ExecutionEnd& end) {
  lesson_.clear();
  if (!teaching_) return;  // its lesson is empty, and drawing one is most of this function's work
  const std::span<const sim::CompactEvent> events = short_forms_.at(end.events, end.compact);
  // Creation tree of this execution: parent and path by ThreadId.
  parent_.assign(1, kNoThread);
  std::vector<std::uint64_t>& path = path_;  // reuse: recomputed from the events
  path.assign(1, kRootPath);
  children_.assign(1, 0);
  ThreadId started = 0;
  for (const sim::CompactEvent& e : events) {
    if (e.op != OpKind::thread_start || !e.has_value()) continue;
    const ThreadId child = ++started;  // ids in start order (started_ in surw_strategy.hpp)
    if (child >= parent_.size()) {
      parent_.resize(child + 1u, kNoThread);
      path.resize(child + 1u, 0);
      children_.resize(child + 1u, 0);
    }
    if (e.thread >= children_.size()) children_.resize(e.thread + 1u, 0);
    parent_[child] = e.thread;
    path[child] = child_path(path[e.thread], ++children_[e.thread]);
  }
  lesson_.push_back(0);
  fresh_.clear();
  touched_.clear();
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
  if (lesson.empty()) return;  // an execution that did not teach: not one of executions_ either
  const std::uint64_t fresh = lesson[0];
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
[[gnu::always_inline]] inline void SurwStrategy::track_guard(const sim::CompactEvent& e, std::vector<ObjectId>& held,
                                                            ObjectId& guard) {
  // The locks each thread holds (Lock and RLock, one entry per level of an RLock), and for
  // every other object one lock its thread held at each access of it so far (`guard`, in its
  // tally): kNoObject before its first access, kUnguarded once no lock was held at all of
  // them. Two objects always accessed under the same lock are ordered by that lock's order, so
  // sampling the lock's operations already covers them; making them candidates too only
  // dilutes the draw. (One common lock is tracked, the first held: enough for the usual
  // one-lock guard.)
  const bool acquire = e.op == OpKind::lock_acquire || e.op == OpKind::rlock_acquire;
  const bool release = e.op == OpKind::lock_release || e.op == OpKind::rlock_release;
  if (acquire || release) {
    guard = kUnguarded;  // a lock is a candidate by its own operations
    if (acquire && e.ok()) {
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

void SurwStrategy::lesson_candidates(std::span<const sim::CompactEvent> events) {
  // Objects two threads touched, one with a write or lock operation, that are no candidates
  // yet and were not guarded by one lock throughout: the lesson's first words.
  // In the same pass, the operations on the candidates known before this execution are
  // counted for lesson_counts (by candidate slot and thread: one pass over the events instead
  // of two; only new candidates' operations need a second).
  // The tables' bounds and storage in locals, taken again only when one grows: the stores
  // below would otherwise make the compiler reload them at every event.
  ObjectTally* tallies = tallies_.data();
  std::size_t objects = tallies_.size();
  std::vector<ObjectId>* held = held_.data();
  std::size_t threads = held_.size();
  const std::size_t started = parent_.size();  // threads started: the counted ones
  const std::uint32_t* const slot_of = slot_of_.data();
  const std::size_t slots = slot_of_.size();
  if (tally_.size() < candidates_.size() * started) tally_.resize(candidates_.size() * started, 0);
  std::uint32_t* const tally = tally_.data();
  for (const sim::CompactEvent& e : events) {
    // A Shared access without a scheduling point (SharedPoints::sync_only) is never sampled.
    if (!e.point()) continue;
    if (counted(e, started) && e.object < slots && slot_of[e.object] != kNoSlot) {
      const std::size_t cell = slot_of[e.object] * started + e.thread;
      if (tally[cell]++ == 0) touched_.push_back(cell);
    }
    if (e.object >= kClockObject || e.on_thread_object()) continue;
    const AccessKind access = access_kind(e.op);
    if (access == AccessKind::none) continue;
    if (e.object >= objects) [[unlikely]] {
      tallies_.resize(e.object + 1u);
      tallies = tallies_.data();
      objects = tallies_.size();
    }
    if (e.thread >= threads) [[unlikely]] {
      held_.resize(e.thread + 1u);
      held = held_.data();
      threads = held_.size();
    }
    ObjectTally& o = tallies[e.object];
    ++o.accesses;
    if (o.first_toucher == kNoThread) o.first_toucher = e.thread;
    else if (o.first_toucher != e.thread) o.shared = true;
    if (access == AccessKind::write) o.written = true;
    track_guard(e, held[e.thread], o.guard);
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

void SurwStrategy::lesson_counts(std::span<const sim::CompactEvent> events) {
  // Each candidate's (old or new; non-selective: every sampled) operations by thread, counted
  // in a flat (slot, thread) table whose touched cells are listed, then credited to the
  // thread's creation path and every ancestor's: the lesson's (key, count) pairs. The old
  // candidates' operations are counted already (lesson_candidates); this pass counts the new
  // ones', when there are any, or in non-selective mode every sampled operation.
  const std::size_t threads = parent_.size();
  const std::size_t cells = (selective_ ? candidates_.size() + fresh_.size() : 1) * threads;
  if (tally_.size() < cells) tally_.resize(cells, 0);
  if (!selective_ || !fresh_.empty()) {
    for (const sim::CompactEvent& e : events) {
      if (!counted(e, threads)) continue;
      std::size_t slot = 0;
      if (selective_) {
        if (e.object < fresh_slot_.size() && fresh_slot_[e.object] != kNoSlot) slot = fresh_slot_[e.object];
        else continue;
      }
      const std::size_t cell = slot * threads + e.thread;
      if (tally_[cell]++ == 0) touched_.push_back(cell);
    }
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
