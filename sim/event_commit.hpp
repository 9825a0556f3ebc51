#pragma once
// Committing an operation's event, the inline members of Execution (sim/execution.hpp) that
// every step runs: the event is recorded in full, kept in short form for the detectors
// (sim/compact_event.hpp, docs/detectors.md, "Screening"), or written to a scratch event
// nobody reads, as the run keeps events (docs/exploration.md, "Recording"). Included at the
// end of execution.hpp.
#include "execution.hpp"

namespace weft::sim {

// Inline: as a call, saving and restoring registers was about 20 of its 74 instructions a
// step (callgrind; docs/performance_history.md, stop 37). The rare paths stay out of line.
[[gnu::always_inline]] inline TraceEvent& Execution::commit_op(OpKind op, ObjectKind kind, ObjectId object,
                                                             std::source_location where) {
  if (unwinding()) [[unlikely]]
    return unrecorded_event();
  if (!conflict_) [[unlikely]]
    note_conflict(op, kind, object);
  // One test on the path of a run that keeps nothing: kept_ops_ is every operation when
  // recording, the short forms' when keeping those, none otherwise.
  if (((kept_ops_ >> static_cast<unsigned>(op)) & 1u) == 0) [[likely]] {
    ++steps_;
    return scratch_event_;  // the primitive's writes go to a scratch event nobody reads
  }
  if (!record_events_) {
    ++steps_;
    return compact_next(op, kind, object);  // kept in short form once the primitive is done
  }
  TraceEvent& e = events_.emplace_back();
  e.step = steps_++;
  e.thread = cur_;
  e.op = op;
  e.object_kind = kind;
  e.object = object;
  e.where = where;
  // calls_ is empty unless the program uses the call rows (docs/exploration.md): no record read.
  if (!calls_.empty()) [[unlikely]]
    note_call_step(e);
  if (const PendingOp& p = pending_[cur_]; p.op == op && p.object == object) {
    e.blocking = p.blocking;
    e.timed = p.timed;
  }
  e.time_ns = now_ns_;
  e.reason = next_reason_;
  e.switched_from = switched_from_;
  e.blocked_on = blocked_on_;
  next_reason_ = SwitchReason::none;
  switched_from_ = kNoThread;
  blocked_on_ = kNoObject;
  return e;
}

// compact_store_ always has room for one more (compact_next makes sure, run makes it at least 256).
inline void Execution::seal_compact() {
  compact_pending_ = false;
  compact_store_[compact_count_++] = compact(compact_event_);
}

[[gnu::always_inline]] inline TraceEvent& Execution::compact_next(OpKind op, ObjectKind kind, ObjectId object) {
  if (compact_pending_) seal_compact();
  // The fields kept: those a primitive may leave as they are get their defaults.
  TraceEvent& e = compact_event_;
  e.thread = cur_;
  e.op = op;
  e.object_kind = kind;
  e.object = object;
  e.value = 0;
  e.has_value = false;
  e.ok = true;
  e.point = true;
  compact_pending_ = true;
  if (compact_count_ == compact_store_.size()) [[unlikely]]
    return grow_compact();  // room for this one when it is kept
  return e;
}

}  // namespace weft::sim
