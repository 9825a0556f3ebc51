// One run of POP in the POP reference: replay a schedule, continue freely, then collect the
// run's races and filter them (F1-F4). POP is Abdulla, Atig, Das, Jonsson, Sagonas,
// "Parsimonious Optimal DPOR", CAV 2024 (arXiv 2405.11128); the race rules and filters are
// those of docs/pop_notes.md ("Races and the filters"), with the end-of-run blocked-lock fix
// ("Locks still blocked when a run ends") and changes D, G and H of its "A prototype against
// an oracle"; PopOptions also holds the switches of changes I-L used by pop_explore.hpp.
#pragma once

#include <memory>
#include <vector>

#include "clock.hpp"
#include "pop_records.hpp"
#include "program.hpp"

namespace pop_ref {

// Switches for the variants of docs/pop_notes.md. All on is the exact configuration.
struct PopOptions {
  bool reverse_final_blocked_locks = true;  // the end-of-run blocked-lock fix
  bool records_steer_free_run = true;       // change D
  bool blocked_lock_own_clock = true;       // change G
  bool f4_for_final_blocked_locks = true;   // change H
  bool one_reversal_per_lock_pair = true;   // change I
  // Change L (docs/pop_notes.md, "The reference model"): a lock race's schedule v takes the events that
  // happen before the second lock once the first lock is taken away, not before the second
  // lock as it ran, whose clock holds the lock edge. Otherwise v can drag in events ordered
  // before the second lock only through the first lock's critical section; they are then
  // part of the schedule, F1 stops their own races, and a trace is missed.
  bool lock_schedule_without_lock_edge = true;
  RecordOptions records;                    // changes J and K
};

// An event of a schedule or run, with what a child schedule inherits from it
// (docs/pop_notes.md, "What a subtree depends on").
struct Event {
  int thread = 0;
  int index = 0;  // position in the thread's operation list
  Op op{};
  Clock clock;    // happens-before clock in the run (recomputed on replay)
  bool in_schedule = false;     // part of an inserted schedule still on the prefix
  bool schedule_end = false;    // last event of such a schedule
  std::shared_ptr<const Record> record;  // attached when the schedule was made
  std::vector<int> reversed_firsts;      // first positions of races reversed onto this event
};

// A race of a run. `second` is the position of the second event; for a blocked lock attempt
// (lock_fail) it is the position at which the attempt was made (the run's length if it was
// still blocked at the end), and the attempt itself is (blocked_thread, blocked_index).
struct Race {
  enum class Kind { plain, lock_success, lock_fail };
  Kind kind = Kind::plain;
  int first = 0;
  int second = 0;
  int unlock = -1;  // lock_success: the unlock between the two locks (a fixed edge)
  int blocked_thread = -1;
  int blocked_index = -1;
};

// A finished run and its surviving races.
struct Run {
  std::vector<Event> events;
  int schedule_end = -1;  // position of the schedule's last event, -1 for the first run
  bool complete = true;   // false when change D passed over every thread still able to run
  // Surviving races, in processing order: ascending second position; within one position the
  // plain and lock races by descending first position, then the blocked attempts.
  std::vector<Race> races;
  // The clock each blocked attempt would have (change G): per race index, empty if none.
  std::vector<Clock> attempt_clocks;
};

// Replays `schedule` exactly (each event must be enabled in turn), then runs freely: always
// the lowest-numbered thread that can run, passing over (with change D) a thread whose next
// event the records in force reject. Then works out clocks and races and applies F1-F4.
Run run_and_collect(const Program& program, const std::vector<Event>& schedule,
                    const PopOptions& options);

// The records in force at every position 0..positions-1 of a run: those attached to the events
// up to and including that position, fed the events before it.
class RecordsInForce {
 public:
  RecordsInForce(const std::vector<Event>& events, const RecordOptions& options);
  const LiveRecords& at(int position);

 private:
  const std::vector<Event>* events_;
  RecordOptions options_;
  std::vector<LiveRecords> by_position_;
};

// The clock an event of `thread` with operation `op` would get if appended to `events`: its
// thread's previous event and every earlier dependent event.
Clock dependency_clock(const std::vector<Event>& events, int threads, int thread, Op op);

}  // namespace pop_ref
