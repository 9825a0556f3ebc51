#pragma once
// The `surw` strategy: Selectively Uniform Random Walk (Zhao, Wolff, Mathur & Roychoudhury,
// "Selectively Uniform Concurrency Testing", ASPLOS 2025; Algorithm 1 is the uniform random
// walk URW, Algorithm 2 the selective SURW).
//
// URW: at each step choose among the enabled threads with probability proportional to each
// thread's number of remaining events. If the counts are exact and nothing blocks, every
// interleaving is then equally likely: the number of ways to finish from a state is the
// multinomial coefficient of the remaining counts, and choosing thread i with probability
// r_i / sum(r) is exactly the fraction of those completions that start with thread i.
// A plain random walk (one enabled thread uniformly) instead favours interleavings that run a
// short thread early.
//
// SURW applies that walk only to the "interesting" events: the next interesting event belongs
// to a thread drawn with probability proportional to its remaining interesting events (the
// "intended" thread); other threads may take non-interesting steps meanwhile, in an order
// given by random priorities (the artifact's "rp": the thread that moved draws a fresh one),
// but their interesting steps wait until the intended thread has taken its own. A thread that
// creates a child passes the child's share of its count on to it, and hands over its
// "intended" mark with probability child / parent (how the paper keeps uniformity across
// thread creation).
//
// What weft learns and how (the paper takes them from a separate estimation run; see
// docs/strategies.md):
// - thread identity across executions is the creation path (parent's path, n-th child), since
//   ThreadIds are dense per execution and their order depends on the interleaving when two
//   threads create children;
// - the candidates (selective mode) are the objects that two or more threads touched in some
//   execution so far, at least one of them with a write or lock operation (access kinds of
//   model/dependency.hpp); thread objects and the virtual clock are left out (start/join/exit
//   are lifecycle, not data);
// - an object that every access so far made under one same lock is no candidate: the lock's
//   order orders its accesses, and sampling the lock's operations covers them; its accesses
//   are credited to the lock's weight in the draw instead;
// - each execution's interesting set is the operations on ONE candidate, drawn with
//   probability proportional to its learned number of operations (as the SURW artifact's
//   benchmark driver picks one target variable per run): a walk uniform over the operations
//   of one variable is far likelier to hit a bad order on it than a walk over all of them;
//   when it is a lock, the candidate locks ever held together with it (transitively) join
//   it, since a lock-order deadlock lies in the order of two locks' acquisitions;
// - a path's count for an object is its own operations on it plus those of its descendants,
//   averaged over the executions run since the object became a candidate;
// - it learns from the executions that teach (model/execution_rounds.hpp): the first 64, then
//   one in a stride of about sqrt(index); "the executions run" above are those.
// Execution 0 knows nothing: in selective mode nothing is interesting (random priorities
// only); in non-selective mode every weight is 1 (a random walk).
#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "model/learner.hpp"
#include "model/rng.hpp"
#include "model/short_forms.hpp"
#include "sim/strategy.hpp"

namespace weft::model {

class SurwStrategy final : public sim::Strategy, public Learner {
 public:
  SurwStrategy(std::uint64_t seed, bool selective) : seed_(seed), selective_(selective) {}

  void begin_execution(std::uint64_t index) override;
  /// It reads every operation, in short form when the run records nothing
  /// (sim/compact_event.hpp): a search with surw records no events of its own accord.
  bool reads_events() const override { return false; }
  std::uint32_t compact_ops() const override { return ~std::uint32_t{0}; }
  void see_short_forms(std::span<const sim::CompactEvent> kept) override { short_forms_.see(kept); }
  ThreadId choose_thread(const sim::SchedulePoint& point) override;
  std::uint32_t choose_value(std::uint32_t n, sim::ValueKind) override { return rng_.below(n); }
  /// Learns from the execution if it teaches (at once, or into its lesson: model/learner.hpp).
  void end_execution(const sim::ExecutionEnd& end) override;
  void take_lesson(Lesson& out) override { out.swap(lesson_); }
  /// Lesson words (none: the execution did not teach): the number k of new candidates, k
  /// object ids, the number m of new nested lock pairs, 2m object ids, then (key, count) pairs
  /// (a key under kGuardedPath counts the accesses of objects the lock guards).
  void learn(const Lesson& lesson) override;

  /// Test hooks. learned_count: the learned number of operations on `object` (kEveryEvent:
  /// of every sampled event, the non-selective count) by the thread at creation `path` and
  /// its descendants. candidate: whether `object` may be drawn as an execution's interesting
  /// object. target: this execution's interesting object (kNoObject: none yet).
  static constexpr ObjectId kEveryEvent = kNoObject;
  std::uint64_t learned_count(std::uint64_t path, ObjectId object) const;
  bool candidate(ObjectId object) const { return object < candidate_since_.size() && candidate_since_[object] != kNotCandidate; }
  ObjectId target() const { return target_; }
  /// This execution's interesting objects: the target and the candidate locks nested with it.
  std::span<const ObjectId> target_group() const { return target_group_; }
  /// Test hook: false makes every decision take the general path, which the one-pass
  /// decision after an interesting event (choose_afresh) must match choice for choice.
  void set_single_pass(bool on) { single_pass_ = on; }
  /// The creation-path key of the main body, and of the n-th child (1-based) of `parent`.
  static constexpr std::uint64_t kRootPath = 0x5eed5eed5eed5eedULL;
  static std::uint64_t child_path(std::uint64_t parent, std::uint32_t n);

 private:
  static constexpr std::uint64_t kNotCandidate = ~std::uint64_t{0};
  static constexpr std::uint32_t kNoSlot = ~std::uint32_t{0};
  static constexpr std::uint64_t kLowest = 1;  // below every draw (draws are odd and > 1 but for 2^-63)
  static std::uint64_t key(std::uint64_t path, ObjectId object) { return child_path(path, object); }
  // The learned_ "path" under which a lock's guarded objects' accesses are summed.
  static constexpr std::uint64_t kGuardedPath = 0x6a4bd0b7c1e2f3a5ULL;
  // A candidate's weight in the draw: its own operations plus those of the objects it guards.
  std::uint64_t draw_weight(ObjectId o) const { return learned_count(kRootPath, o) + learned_count(kGuardedPath, o); }

  // Not sampled: thread start/join/exit are lifecycle, and a peek is no scheduling point.
  // One bit per OpKind: a shift and a test where four comparisons were (counts() runs for
  // every enabled thread at every decision).
  static constexpr std::uint64_t kLifecycle = (std::uint64_t{1} << static_cast<unsigned>(OpKind::thread_start)) |
                                              (std::uint64_t{1} << static_cast<unsigned>(OpKind::thread_join)) |
                                              (std::uint64_t{1} << static_cast<unsigned>(OpKind::thread_exit)) |
                                              (std::uint64_t{1} << static_cast<unsigned>(OpKind::peek));
  static_assert(kOpKindCount <= 64, "kLifecycle holds one bit per OpKind");
  static constexpr bool lifecycle(OpKind op) { return (kLifecycle >> static_cast<unsigned>(op)) & 1u; }
  // Is this operation an event the walk samples?
  bool counts(OpKind op, ObjectId object) const {
    return !lifecycle(op) && (!selective_ || (object < in_target_.size() && in_target_[object]));
  }
  // Is this committed event one the learning counts (a scheduled, non-lifecycle step of a
  // thread below `threads`)? lesson_candidates and lesson_counts count with the same test.
  static bool counted(const sim::CompactEvent& e, std::size_t threads) {
    return e.point() && !lifecycle(e.op) && e.thread < threads;
  }
  void grow(ThreadId t) {
    if (t >= path_.size()) grow_to(t);
  }
  void grow_to(ThreadId t);
  void draw_target();
  void lesson_candidates(std::span<const sim::CompactEvent> events);
  void track_guard(const sim::CompactEvent& e, std::vector<ObjectId>& held, ObjectId& guard);
  void note_nesting(ObjectId outer, ObjectId inner);
  bool nested(ObjectId a, ObjectId b) const;
  void nest(ObjectId a, ObjectId b);
  void gather_target_group();
  std::uint64_t group_count(std::uint64_t path) const;
  void lesson_counts(std::span<const sim::CompactEvent> events);
  void lesson_guarded();
  void absorb(const sim::SchedulePoint& point);
  // The intended thread, drawn among the enabled ones by intended_weight.
  ThreadId draw_intended(const sim::SchedulePoint& point);
  // enabled[k]'s weight in that draw: its remaining interesting events. A thread about to
  // perform an interesting event weighs at least 1 even if its count ran out (an
  // underestimate), as in the artifact. interesting_[k]: whether enabled[k]'s pending
  // operation is sampled (choose_thread).
  std::uint64_t intended_weight(std::span<const ThreadId> enabled, std::size_t k) const {
    const std::uint64_t r = remaining_[enabled[k]];
    return r > 0 ? r : interesting_[k];
  }
  // The thread whose weight's interval holds r, in [0, the weights' total).
  ThreadId drawn(std::span<const ThreadId> enabled, std::uint64_t r) const;
  ThreadId choose_afresh(const sim::SchedulePoint& point);

  std::uint64_t seed_;
  bool selective_;
  bool single_pass_ = true;
  Rng rng_{0, 0};

  // Learned across executions.
  std::uint64_t executions_ = 0;                // executions learned from
  std::vector<ObjectId> candidates_;            // in the order they were found
  std::vector<std::uint64_t> candidate_since_;  // by ObjectId: executions_ when it became one
  std::vector<std::uint32_t> slot_of_;          // by ObjectId: index in candidates_, or kNoSlot
  std::unordered_map<std::uint64_t, std::uint64_t> learned_;  // key(path, object) -> summed count
  std::vector<std::vector<ObjectId>> nested_;  // by lock ObjectId: the locks taken together with it
  ObjectId target_ = kNoObject;                 // this execution's interesting object
  std::vector<ObjectId> target_group_;          // it and the candidate locks nested with it
  std::vector<std::uint8_t> in_target_;         // by ObjectId: in target_group_

  // This execution (capacity kept: no allocation per step once the largest program ran).
  std::vector<std::uint64_t> path_;       // by ThreadId
  std::vector<std::uint32_t> children_;   // children started so far, by ThreadId
  std::vector<std::uint64_t> remaining_;  // interesting events still expected, by ThreadId
  std::vector<std::uint64_t> priority_;   // 0 = draw a fresh one when next compared
  // By index in the decision's enabled threads. Not bytes: a byte store may alias anything,
  // and the compiler then reloads every vector's bounds after each one (choose_afresh).
  std::vector<std::uint32_t> interesting_;
  ThreadId intended_ = kNoThread;         // owner of the next interesting event, if drawn
  std::uint32_t waited_ = 0;              // decisions in a row the intended thread was not enabled
  static constexpr std::uint32_t kPatience = 256;
  std::size_t seen_events_ = 0;
  // Threads started so far this execution (successful starts): the n-th child gets ThreadId
  // n, as ids are handed out in start order, so a start's short form needs no value.
  ThreadId started_ = 0;
  ShortForms short_forms_;  // this execution's events, as read

  // end_execution scratch.
  static constexpr ObjectId kUnguarded = kNoObject - 1;
  struct ObjectTally {  // what one execution did to an object (one record: one bounds check an event)
    ThreadId first_toucher = kNoThread;
    bool shared = false;   // a second thread touched it
    bool written = false;  // with a write or lock operation
    ObjectId guard = kNoObject;  // a lock held at every access, or kUnguarded
    std::uint32_t accesses = 0;  // its operations
  };
  std::vector<ObjectTally> tallies_;          // by ObjectId
  std::vector<std::uint64_t> guarded_;        // (guard lock, accesses) of shared written guarded objects
  std::vector<std::vector<ObjectId>> held_;  // by ThreadId: the locks it holds
  std::vector<ThreadId> parent_;
  std::vector<std::uint32_t> tally_;     // by (candidate slot, ThreadId): operations counted
  std::vector<std::size_t> touched_;     // cells of tally_ that are not 0
  std::vector<ObjectId> fresh_;          // objects this execution made candidates, ascending
  std::vector<std::uint32_t> fresh_slot_;  // by ObjectId: candidates_.size() + index in fresh_
  std::vector<ObjectId> nest_found_;     // (outer, inner) lock pairs this execution, not known yet
  Lesson lesson_;                        // what this execution taught (learn() applies it)
};

}  // namespace weft::model
