// DporStrategy's undo log: the happens-before state (thread clocks and step counts, object
// states) is kept from one execution to the next and rolled back to where the next execution
// leaves the previous one's path, instead of being rebuilt from the first step.
//
// Why: a stateless search replays the decisions down to the state it branches, and about
// half of all steps are such replays (58% on lastzero(12), 46% on readers(12)). Their
// bookkeeping gives what it gave last time, since the program is deterministic (the search
// relies on that anyway): the same steps, clocks and object states. So each step that changes
// the state first logs what it changes (a thread's clock once per step, an object's state per
// access), and the next execution undoes the steps from its first new one on and skips the
// bookkeeping of the ones before. A replayed step whose thread differs from the recorded one
// (the program did not repeat itself) rolls the state back to it and is processed as a new
// step.
#include "model/dpor_strategy.hpp"

namespace weft::model {

DporStrategy::Undo& DporStrategy::push_undo(UndoKind kind, std::uint32_t id) {
  if (undo_size_ == undo_.size()) undo_.emplace_back();
  Undo& u = undo_[undo_size_++];
  u.step = logging_step_;
  u.kind = kind;
  u.id = id;
  return u;
}

void DporStrategy::log_thread(ThreadId t) {
  if (thread_logged_[t] == logging_step_ + 1u) return;  // logged for this step already
  thread_logged_[t] = logging_step_ + 1u;
  Undo& u = push_undo(UndoKind::thread, t);
  u.clock = clocks_[t];
  u.scalar = thread_steps_[t];
}

// An object's changes are logged per access, each with only what that access changes: a
// read appends to the reads and joins (or, with none, sets) the read clock; a write replaces
// the write clock, forgets the reads and moves last_write and last_acquire.
// The read clock is kept even when there are no reads (the read then replaces it): undoing a
// later write brings its reads back, and with them the meaning of the read clock. Clocks are
// copied, not swapped: a copy is one fixed block (model/vector_clock.hpp), a swap two.
void DporStrategy::log_read(ObjectId id, ObjectState& o) {
  Undo& u = push_undo(UndoKind::read, id);
  u.scalar = static_cast<std::uint32_t>(o.reads.size());
  u.clock = o.read_clock;
}

// Keeps o's write clock, and takes its reads away (the write replaces both; the reads by a swap).
void DporStrategy::log_write(ObjectId id, ObjectState& o) {
  Undo& u = push_undo(UndoKind::write, id);
  u.clock = o.write_clock;
  std::swap(u.reads, o.reads);
  u.last_write = o.last_write;
  u.last_acquire = o.last_acquire;
}

void DporStrategy::log_objects_used() { push_undo(UndoKind::objects_used, 0).scalar = static_cast<std::uint32_t>(objects_used_); }

void DporStrategy::roll_back_to(std::uint32_t step) {
  const auto state_of = [this](ObjectId id) -> ObjectState& {  // object() without growing
    return id == kClockObject ? clock_object_ : objects_[id];
  };
  while (undo_size_ > 0 && undo_[undo_size_ - 1].step >= step) {
    Undo& u = undo_[--undo_size_];
    switch (u.kind) {
      case UndoKind::thread:
        clocks_[u.id] = u.clock;
        thread_steps_[u.id] = u.scalar;
        thread_logged_[u.id] = 0;
        break;
      case UndoKind::read: {
        ObjectState& o = state_of(u.id);
        o.reads.resize(u.scalar);
        o.read_clock = u.clock;
        break;
      }
      case UndoKind::write: {
        ObjectState& o = state_of(u.id);
        o.write_clock = u.clock;
        std::swap(o.reads, u.reads);
        o.last_write = u.last_write;
        o.last_acquire = u.last_acquire;
        break;
      }
      case UndoKind::objects_used:
        objects_used_ = u.scalar;
        break;
    }
  }
  if (applied_ > step) applied_ = step;
  if (fresh_from_ > applied_) fresh_from_ = applied_;  // steps from applied_ on run anew
  drop_races_from(step);
}

// The races of the steps kept stay with them: they are the same in every execution that
// replays those steps (only their reversals change, with the steps after them).
void DporStrategy::drop_races_from(std::uint32_t step) {
  while (!races_.empty() && races_.back().later >= step) {
    if (races_.back().before >= 0) race_clocks_used_ = static_cast<std::size_t>(races_.back().before);
    races_.pop_back();
  }
}

// The first step the next execution processes: the one taken at the first state it changes
// (first_new_node_, set by backtrack; a value state's is the thread state's step above it,
// or none).
std::uint32_t DporStrategy::first_new_step() const {
  if (first_new_node_ >= stack_.size()) return applied_;
  const Node& n = stack_[first_new_node_];
  return n.is_value ? 0 : n.step;
}

}  // namespace weft::model
