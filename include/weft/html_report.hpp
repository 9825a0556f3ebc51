#pragma once
// A failure as one self-contained HTML page: the interleaving in lanes, the failing step, a
// deadlock's wait-for cycle, a race's two steps (docs/html_report.md).
#include <string>
#include <string_view>

#include "outcomes.hpp"
#include "result.hpp"

namespace weft {

/// One complete HTML document (UTF-8) showing `f`. Contract:
/// - Self-contained: the CSS and the script are inline; the page makes no network request
///   (no URL, no external <link>, <script src> or <img src>) and works from file://.
/// - Deterministic: the same Failure gives byte-identical output (no time, no randomness).
/// - Every string that came from the program (message, details, thread names, object labels,
///   file names, the schedule) is HTML-escaped.
/// - Layout: a legend (what failed, where, the schedule string, the keys), then for a deadlock
///   the wait-for cycle (an SVG and a list: "T1 waits for Lock#2 held by T2"), for a race or an
///   inversion links to Failure::marked_steps, then a table with a lane (column) per thread
///   (<th class="lane">) and a row per step (<tr class="step" id="s<step>">) with the
///   operation, object, value and file:line; a row <tr class="switch"> before every context
///   switch says why (preempted, blocked on X, finished). The failing step's row has class
///   "failing": the check_failed event if there is one, else the last marked step (a race's
///   second access), else the last step of Failure::thread, else the last step. Marked steps have class "marked".
/// - The script adds: hovering an object highlights every step on it; runs of one thread
///   longer than 8 steps are folded and expand on click; Left/Right move a cursor through the
///   steps (the cursor starts on the failing step).
/// A Failure without events (a coverage label never reached) gives the legend alone.
std::string html_report(const Failure& f);

/// The outcome histogram `h` (weft::outcomes) as one complete HTML document, titled with
/// `title` (a scenario's name). Self-contained, deterministic and escaped as html_report is;
/// no script. Layout: a legend (how many outcomes over how many executions, what the counts
/// are: Outcomes::counting()), then a table <table class="outcomes"> with one
/// <tr class="outcome"> per outcome in the histogram's order (class "failed" when the program
/// ran into a failure, "finding" when a detector annotated it): count, share (with a bar),
/// Outcome::text() with the findings under it, and the schedule string that reaches it.
std::string html_outcomes(const Outcomes& h, std::string_view title);

namespace detail {
/// Where a failing explore() or replay() with Options::html_report set and Options::name empty
/// gets the name of its page's file: <weft/catch.hpp> installs one returning the running
/// Catch2 test case's name ("" outside a test case). nullptr (default): none, and the page is
/// weft-failure-<n>.html.
using TestNameSource = std::string (*)();
void set_test_name_source(TestNameSource source) noexcept;
}  // namespace detail

}  // namespace weft
