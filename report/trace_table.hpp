#pragma once
// One failing execution as a terminal table: a column per thread, time flowing down, a row
// per operation with its source line, and a marked row at every context switch
// (docs/exploration.md, "The failure report").
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <weft/trace.hpp>

namespace weft::report {

/// How render_table lays the table out. Defaults suit an 80-120 column terminal.
struct TableOptions {
  // Longer cells (and thread names) are cut and end in "...". Wide enough for a named object's
  // row with its value, `write counter (Shared#12) <- 100` (docs/labels.md); a column
  // is only as wide as its widest cell, so tables of unnamed objects do not change.
  std::size_t max_column_width = 44;
  bool show_time = false;             // add a virtual-time column: time_ns in ms, 3 decimals
  /// Steps whose rows are marked: their step cell reads "=> 12" (a race's two accesses).
  std::vector<std::uint32_t> marked_steps;
  /// One row per step, as recorded (Options::trace_internals, `weft run --internals`). Off:
  /// the steps of one user-level call (Trace::calls) make one row, see render_table.
  bool internals = false;
};

/// Plain ASCII, no colour. Line 1 is the header "step | T0 MainThread | T1 ...", line 2 a rule
/// of dashes, then one row per event whose text sits in the column of event.thread, padded so
/// columns line up (trailing blanks trimmed). Before every event whose reason != none comes a
/// full-width row "------ switch T<from> -> T<to>: <why> ------". The last column, "where",
/// holds each event's source location (event_location). Never throws on bad ids:
/// unknown objects print as "#<id>", events without a thread go to the first thread column.
/// Unless options.internals, the steps of a user-level call (TraceEvent::call) make one row,
/// at the place of its first step, reading describe_call and located at the call's line;
/// its other steps have no row, but a switch at one of them still gets its switch row,
/// saying which call the threads were inside (docs/exploration.md, "User-level rows").
std::string render_table(const Trace& trace, const TableOptions& options = {});

/// The cell text of one event, untruncated: the operation, its object label, its value when
/// has_value, " FAILED" when !ok. E.g. "write Shared#2 <- 1".
std::string describe_event(const Trace& trace, const TraceEvent& e);

/// A user-level call as its row reads: "Queue#2.get() -> 3", "Future#7.result(timeout=0.5)
/// -> 9", "Queue#2.put(4)", "Semaphore#4.acquire() -> False"; " raised" when an exception
/// left it; no result while it had not returned when the trace ended. A named object is
/// called by its name ("jobs.get() -> 3"). A worker of a pool taking its next task reads
/// "takes a task from Executor#2".
std::string describe_call(const Trace& trace, const UserCall& call);

/// The call without its result, its object called `object_label` (a name's label
/// "jobs (Queue#2)" is shortened to "jobs"): "Queue#2.get()", "Future#7.result(timeout=0.5)",
/// "Queue#2.put(4)"; a worker taking a task: "taking a task from Executor#2".
std::string call_head(const std::string& object_label, const UserCall& call);

/// short_location(e.where) ("x.cpp:15"), or "" when unknown or inside a standard-library
/// header (std::lock_guard calling lock() says nothing about the user's code).
std::string event_location(const TraceEvent& e);

}  // namespace weft::report
