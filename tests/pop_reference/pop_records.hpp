// POP's records ("redundancy check", which replaces sleep sets) in the POP reference: how a
// record is stored on an event, how the records in force at a position are copied out, and
// how a copy is fed events and rejects a candidate schedule. POP is Abdulla, Atig, Das,
// Jonsson, Sagonas, "Parsimonious Optimal DPOR", CAV 2024 (arXiv 2405.11128); the rules are
// as docs/pop_notes.md ("The redundancy check") describes them, with change J of its
// "A prototype against an oracle" and change K, which this reference adds (see RecordOptions).
#pragma once

#include <memory>
#include <vector>

#include "clock.hpp"
#include "program.hpp"

namespace pop_ref {

// An event a reversal skipped: its thread and operation, and whether an earlier reversal
// with the same first event already put it at the end of a schedule ("sleeping").
struct SkippedEntry {
  int thread;
  Op op;
  bool sleeping;
};

// An event of a schedule a linked record missed (change J): thread, operation, clock.
struct MissedEvent {
  int thread;
  Op op;
  Clock clock;
};

struct Record;

// One segment of a record: the skipped events between two last events of earlier schedules
// inside the new schedule v, with the join of those earlier last events' clocks.
struct Segment {
  int address = 0;         // the variable the record's read reads
  Clock schedules_clock;   // join of the clocks of v's earlier schedule ends before this one
  std::vector<SkippedEntry> skipped;
  // The record carried by the earlier schedule end that closes this segment, if any.
  std::shared_ptr<const Record> linked;
  // Change J: v's events from that schedule end up to (not including) v's last event.
  std::vector<MissedEvent> missed;
  // Only on a record's first segment: the clock of the read that made the record.
  Clock second_read_clock;
};

// A record: made when a race whose second event is a read is reversed; attached to the last
// event of the new schedule, immutable once made.
struct Record {
  std::vector<Segment> segments;
};

// A segment copied out for feeding: its skipped entries shrink, remembered conflicts and
// observed clocks grow. `chain` is the copy of the segment's linked record.
struct LiveSegment {
  int address = 0;
  Clock schedules_clock;
  std::vector<SkippedEntry> entries;
  std::vector<std::vector<Clock>> remembered;  // per entry, clocks of conflicting events
  std::vector<LiveSegment> chain;
  std::vector<Clock> sleeping_hits;  // clocks at which a chained record hit a sleeper
  std::vector<Clock> same_var_reads;  // clocks of reads of `address` fed (first segment)
};

using LiveRecord = std::vector<LiveSegment>;
using LiveRecords = std::vector<LiveRecord>;

enum class Verdict { clear, carry_on, reject };

// Switches for the variants of docs/pop_notes.md that touch records.
struct RecordOptions {
  bool feed_missed = true;  // change J
  // Change K (docs/pop_notes.md, "The reference model"): a write that clears a chained record keeps the clocks
  // at which that record hit a sleeping entry, so that a later read of the chain's base
  // variable still rejects. Without it, a write between the hit and the read forgets the hit
  // and a trace an earlier sibling covered is explored again.
  bool keep_sleeper_hits = true;
};

// Adds a copy of `record` (with its linked records copied down the chain) to `in_force`.
// With change J, each linked record, once copied, is fed its segment's missed events.
void bring_into_force(LiveRecords& in_force, const Record& record, const RecordOptions& options);

// Feeds one event (thread, operation, clock) to every record in force, in order. Returns
// reject when some record rejects it, clear when every record is now empty, and carry_on
// otherwise. A reject stops the walk at once, leaving later records unfed, as in the fork.
Verdict feed(LiveRecords& in_force, int thread, Op op, const Clock& clock,
             const RecordOptions& options);

// A schedule event as far as a check needs it.
struct CheckedEvent {
  int thread;
  Op op;
  Clock clock;
};

// Whether the records in force (copied, not changed) reject candidate schedule v: v's events
// are fed in order until one gives a verdict other than carry_on; v is rejected iff that
// verdict is reject.
bool rejects(const LiveRecords& in_force, const std::vector<CheckedEvent>& v,
             const RecordOptions& options);

}  // namespace pop_ref
