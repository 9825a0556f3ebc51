#pragma once
// The short form of an event that a run keeps when it keeps no TraceEvents (docs/detectors.md,
// "Screening"): who did which operation on what, and how it went, in 8 bytes. Recording a
// full event costs about a fifth of a step; a judge that can clear most executions from these
// alone (the lockset filter, detect/lockset_filter.hpp) asks for them, for the operations it
// reads, and has the execution run again, recording, only when it cannot. A strategy that
// reads no more than these (surw, pos: model/short_forms.hpp) asks for them too
// (Strategy::compact_ops), so that its searches record nothing either.
#include <cstdint>
#include <initializer_list>

#include <weft/trace.hpp>

namespace weft::sim {

struct CompactEvent {
  static constexpr std::uint8_t kOk = 1;            // TraceEvent::ok
  static constexpr std::uint8_t kHasValue = 2;      // TraceEvent::has_value
  static constexpr std::uint8_t kNonzeroValue = 4;  // TraceEvent::value != 0
  static constexpr std::uint8_t kPoint = 8;         // TraceEvent::point
  static constexpr std::uint8_t kThreadObject = 16; // TraceEvent::object_kind == ObjectKind::thread
  // A cond_wait that waited with no deadline (TraceEvent::blocking && !timed): for cond_wait
  // only, the one operation whose dependence on another reads it (model/dependency.hpp).
  static constexpr std::uint8_t kUntimedWait = 32;

  ObjectId object = kNoObject;
  ThreadId thread = kNoThread;
  OpKind op = OpKind::yield;
  std::uint8_t flags = 0;

  bool ok() const { return (flags & kOk) != 0; }
  bool has_value() const { return (flags & kHasValue) != 0; }
  bool nonzero_value() const { return (flags & kNonzeroValue) != 0; }
  bool point() const { return (flags & kPoint) != 0; }
  bool on_thread_object() const { return (flags & kThreadObject) != 0; }
  bool untimed_wait() const { return (flags & kUntimedWait) != 0; }
  friend bool operator==(const CompactEvent&, const CompactEvent&) = default;
};

static_assert(sizeof(CompactEvent) == 8, "a short form is 8 bytes, an eighth of a TraceEvent");

/// `e` in short form.
inline CompactEvent compact(const TraceEvent& e) {
  return CompactEvent{e.object, e.thread, e.op,
                      static_cast<std::uint8_t>((e.ok ? CompactEvent::kOk : 0) |
                                                (e.has_value ? CompactEvent::kHasValue : 0) |
                                                (e.value != 0 ? CompactEvent::kNonzeroValue : 0) |
                                                (e.point ? CompactEvent::kPoint : 0) |
                                                (e.object_kind == ObjectKind::thread ? CompactEvent::kThreadObject : 0) |
                                                (e.op == OpKind::cond_wait && e.blocking && !e.timed
                                                     ? CompactEvent::kUntimedWait
                                                     : 0))};
}

/// The set of operations `ops` as bits (bit i: OpKind i), as Execution::run's `compact_ops`.
constexpr std::uint32_t op_bits(std::initializer_list<OpKind> ops) {
  std::uint32_t bits = 0;
  for (OpKind op : ops) bits |= 1u << static_cast<unsigned>(op);
  return bits;
}
static_assert(static_cast<unsigned>(OpKind::peek) < 32, "an op_bits set has a bit for each OpKind");

}  // namespace weft::sim
