#pragma once
// The one interface between the runtime and exploration (docs/exploration.md). sim/ only ever calls
// this abstract class; the strategies themselves live in model/.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include <weft/trace.hpp>

#include "sim/compact_event.hpp"

namespace weft::sim {

/// The operation a thread will perform when next scheduled (announced, not yet applied).
struct PendingOp {
  OpKind op = OpKind::yield;
  ObjectKind object_kind = ObjectKind::none;
  ObjectId object = kNoObject;
  std::source_location where{};
  bool blocking = true;    // false: a try (never waits)
  bool timed = false;      // it gives up at a deadline
  bool timed_out = false;  // its deadline passed: it is enabled and will give up
  // What its enabledness waits on, set by Execution when the operation is announced (and
  // opened when its timeout fires), so the per-step scan tests one byte for most threads.
  enum class Gate : std::uint8_t { open, lock, rlock, woken, join, closed } gate = Gate::open;
};

enum class ThreadStatus : std::uint8_t { unused, runnable, finished };

/// A scheduling decision: which of `enabled` performs its pending operation next.
struct SchedulePoint {
  std::uint32_t step = 0;                   // events committed so far in this execution
  ThreadId current = kNoThread;             // the thread that announced (may be disabled)
  std::span<const ThreadId> enabled;        // ascending ids, never empty
  std::span<const PendingOp> pending;       // indexed by ThreadId (meaningful while runnable)
  std::span<const ThreadStatus> status;     // indexed by ThreadId
  std::span<const TraceEvent> events;       // every event committed so far in this execution
  std::uint64_t enabled_bits = 0;           // bit t: thread t is enabled (exact while pending.size() <= 64)

  /// Whether thread t is in `enabled`: a bit test below 65 threads, else a binary search.
  bool is_enabled(ThreadId t) const {
    if (pending.size() <= 64) return t < 64 && ((enabled_bits >> t) & 1u) != 0;
    return std::binary_search(enabled.begin(), enabled.end(), t);
  }
};

/// What a strategy returns from choose_value to abandon the execution (replay divergence).
inline constexpr std::uint32_t kNoValue = 0xffffffffu;

/// What a value choice is for.
enum class ValueKind : std::uint8_t { data /* weft::choose */, wakeup /* which waiter */ };

/// How an execution ended, told to the strategy.
struct ExecutionEnd {
  bool failed = false;
  bool pruned = false;  // the strategy abandoned it as redundant
  std::uint32_t steps = 0;
  std::span<const TraceEvent> events;       // every event the execution committed
  std::span<const PendingOp> pending;       // by ThreadId: what each unfinished thread waits to do
  std::span<const ThreadStatus> status;     // by ThreadId: runnable = did not finish
  /// When the run recorded no events (`events` empty) and the strategy reads short forms
  /// (Strategy::compact_ops): those of the run's events whose operations the run kept so
  /// (at least the strategy's), in commit order.
  std::span<const CompactEvent> compact;
};

/// A source of scheduling decisions. Must be deterministic given its own seed and the
/// sequence of points it is shown. Answers are recorded by the runtime, so any strategy's
/// execution replays from its schedule string.
class Strategy {
 public:
  virtual ~Strategy() = default;
  /// Called before each execution.
  virtual void begin_execution(std::uint64_t index) { (void)index; }
  /// Returns one element of point.enabled, or kNoThread to abandon the execution: a replay
  /// that diverged (divergence() then says why), or, when divergence() is nullopt, a
  /// redundant execution an exhaustive strategy prunes (ended quietly, not a failure).
  virtual ThreadId choose_thread(const SchedulePoint& point) = 0;
  /// Returns a value in [0, n), n >= 2, or kNoValue to abandon the
  /// execution (replay divergence).
  virtual std::uint32_t choose_value(std::uint32_t n, ValueKind kind) = 0;
  /// Whether to be asked at every scheduling point, even with one enabled thread (DPOR
  /// needs every state). Asked once per execution.
  virtual bool wants_all_points() const { return false; }
  /// Whether it reads SchedulePoint::events or ExecutionEnd::events. A search runs its
  /// executions without recording events only when no strategy, detector or statistic
  /// reads them (Execution::run); the events are then empty.
  virtual bool reads_events() const { return true; }
  /// When reads_events() is false: the operations (bit i: OpKind i, as sim::op_bits) whose
  /// short forms it reads, from see_short_forms and ExecutionEnd::compact, in a run that
  /// records nothing. When the run records after all (a detector, a statistic or a replay
  /// needs the events), it gets the full events instead, and must read the same from them.
  virtual std::uint32_t compact_ops() const { return 0; }
  /// In a run that records nothing, when compact_ops() is not 0: called just before each
  /// choose_thread with the short forms of the events committed so far (those of the
  /// operations the run keeps, at least compact_ops()), in commit order, valid during that
  /// choose_thread. (Not a SchedulePoint field: filling it at every point cost the other
  /// strategies 2.7% more instructions a step.)
  virtual void see_short_forms(std::span<const CompactEvent> kept) { (void)kept; }
  /// Called when an execution ends (passed or failed).
  virtual void end_execution(const ExecutionEnd& end) { (void)end; }
  /// Replay strategies: a reason why the program left the recorded schedule, else nullopt.
  virtual std::optional<std::string> divergence() const { return std::nullopt; }
};

}  // namespace weft::sim
