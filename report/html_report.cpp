// html_report: one failure as a self-contained HTML page (include/weft/html_report.hpp,
// docs/html_report.md). The legend and the lane table live here; the deadlock and marked-step
// sections in html_sections.cpp, the static style and script in html_assets.cpp.
#include <weft/html_report.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "report/html_parts.hpp"
#include "report/trace_table.hpp"

namespace weft {
namespace report::html {

std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string thread_id(ThreadId t) { return t == kNoThread ? "T?" : "T" + std::to_string(t); }

std::string object_label(const Trace& trace, ObjectId id) {
  if (id == kNoObject) return "";
  if (id >= trace.object_labels.size()) return "#" + std::to_string(id);
  return trace.object_labels[id];
}

std::string object_span(const Trace& trace, ObjectId id) {
  return "<span class=\"obj\" data-object=\"" + std::to_string(id) + "\">" + escape(object_label(trace, id)) +
         "</span>";
}

}  // namespace report::html

namespace {

using namespace report::html;

constexpr std::size_t kFoldAbove = 8;  // a run of one thread longer than this is folded
constexpr std::size_t kKeepHead = 3, kKeepTail = 2;

std::size_t lane_count(const Trace& trace) {
  std::size_t n = std::max<std::size_t>(1, trace.thread_names.size());
  for (const TraceEvent& e : trace.events)
    if (e.thread != kNoThread) n = std::max<std::size_t>(n, e.thread + 1u);
  return n;
}

// The index in trace.events of the step the failure happened at (see the header's contract).
std::size_t failing_index(const Failure& f) {
  const auto& ev = f.trace.events;
  for (std::size_t i = 0; i < ev.size(); ++i)
    if (ev[i].op == OpKind::check_failed) return i;
  for (std::size_t i = ev.size(); !f.marked_steps.empty() && i-- > 0;)  // a race's second access
    if (ev[i].step == f.marked_steps.back()) return i;
  if (f.thread != kNoThread)
    for (std::size_t i = ev.size(); i-- > 0;)
      if (ev[i].thread == f.thread) return i;
  return ev.size() - 1;
}

bool is_marked(const Failure& f, std::uint32_t step) {
  return std::find(f.marked_steps.begin(), f.marked_steps.end(), step) != f.marked_steps.end();
}

std::string legend(const Failure& f) {
  std::string out = "<header id=\"legend\">\n<h1><span class=\"kind\">FAILURE: " + escape(to_string(f.kind)) +
                    "</span> " + escape(f.message) + "</h1>\n";
  if (f.thread != kNoThread) {
    out += "<p class=\"at\">in " + escape(thread_id(f.thread) + " (" + f.thread_name + ")");
    if (f.line != 0) {
      const std::size_t slash = f.file.rfind('/');
      const std::string file = slash == std::string::npos ? f.file : f.file.substr(slash + 1);
      out += " at " + escape(file + ":" + std::to_string(f.line));
    }
    out += "</p>\n";
  }
  if (!f.details.empty() && !f.deadlock) out += "<pre class=\"details\">" + escape(f.details) + "</pre>\n";
  if (!f.schedule.empty())
    out += "<p>schedule: <code id=\"schedule\">" + escape(f.schedule) +
           "</code> &mdash; replay it with <code>weft::replay(schedule, body)</code>, "
           "<code>WEFT_REPLAY=" + escape(f.schedule) + "</code> or <code>weft replay NAME " + escape(f.schedule) +
           "</code></p>\n";
  out += "<p class=\"meta\">seed " + std::to_string(f.seed) + ", execution #" + std::to_string(f.execution) + ", " +
         std::to_string(f.trace.events.size()) + " steps</p>\n";
  if (!f.trace.events.empty())
    out += "<p id=\"keys\">How to read it: one column (lane) per thread, time flows down, one row per step. "
           "<span class=\"key failing\">red</span>: the failing step; <span class=\"key marked\">yellow</span>: "
           "the steps the failure is about; a grey bar: a context switch and why. "
           "Keys: <kbd>&larr;</kbd> <kbd>&rarr;</kbd> move the cursor through the interleaving "
           "(<kbd>Home</kbd>/<kbd>End</kbd>: first/last step). Hover an object to highlight every step on it; "
           "click a folded row (&hellip;) to expand it.</p>\n";
  if (!f.trace.events.empty()) out += "<p id=\"cursor-status\" aria-live=\"polite\"></p>\n";
  return out + "</header>\n";
}

std::string table_head(const Trace& trace, std::size_t lanes) {
  std::string out = "<table id=\"trace\">\n<thead><tr><th class=\"n\">step</th>";
  for (std::size_t t = 0; t < lanes; ++t) {
    std::string name = thread_id(static_cast<ThreadId>(t));
    if (t < trace.thread_names.size() && !trace.thread_names[t].empty()) name += " " + trace.thread_names[t];
    out += "<th class=\"lane\" data-thread=\"" + std::to_string(t) + "\">" + escape(name) + "</th>";
  }
  return out + "<th class=\"where\">where</th></tr></thead>\n<tbody>\n";
}

std::string switch_row(const Trace& trace, const TraceEvent& e, std::size_t columns) {
  std::string why = escape(to_string(e.reason));
  if (e.reason == SwitchReason::blocked) {
    why = thread_id(e.switched_from) + " blocked";
    if (e.blocked_on != kNoObject) why += " on " + object_span(trace, e.blocked_on);
  } else if (e.reason == SwitchReason::finished) {
    why = thread_id(e.switched_from) + " finished";
  }
  return "<tr class=\"switch\"><td colspan=\"" + std::to_string(columns) + "\">switch " + thread_id(e.switched_from) +
         " &rarr; " + thread_id(e.thread) + ": " + why + "</td></tr>\n";
}

// The event's text with its object label as a hoverable span.
std::string event_cell(const Trace& trace, const TraceEvent& e) {
  const std::string text = report::describe_event(trace, e);
  const std::string label = object_label(trace, e.object);
  const std::size_t at = label.empty() ? std::string::npos : text.find(label);
  if (at == std::string::npos) return escape(text);
  return escape(text.substr(0, at)) + object_span(trace, e.object) + escape(text.substr(at + label.size()));
}

// One row laid out in lanes: `cell` in the lane of `thread`.
std::string lane_cells(ThreadId thread, std::size_t lanes, const std::string& cell) {
  std::string out;
  const std::size_t lane = thread == kNoThread ? 0 : thread;
  for (std::size_t t = 0; t < lanes; ++t)
    out += t == lane ? "<td class=\"op t" + std::to_string(t % 8) + "\">" + cell + "</td>" : "<td></td>";
  return out;
}

struct RowFlags {
  bool failing = false, marked = false;
  int fold = -1;  // the fold this row is hidden in, or -1
};

std::string step_row(const Trace& trace, const TraceEvent& e, std::size_t lanes, const RowFlags& r) {
  std::string cls = "step";
  if (r.failing) cls += " failing";
  if (r.marked) cls += " marked";
  if (r.fold >= 0) cls += " folded";
  std::string out = "<tr class=\"" + cls + "\" id=\"s" + std::to_string(e.step) + "\" data-step=\"" +
                    std::to_string(e.step) + "\" data-thread=\"" + std::to_string(e.thread) + "\"";
  if (e.object != kNoObject) out += " data-object=\"" + std::to_string(e.object) + "\"";
  if (r.fold >= 0) out += " data-fold=\"" + std::to_string(r.fold) + "\"";
  out += "><td class=\"n\">" + std::string(r.marked ? "&rArr; " : "") + std::to_string(e.step) + "</td>";
  out += lane_cells(e.thread, lanes, event_cell(trace, e));
  return out + "<td class=\"where\">" + escape(report::event_location(e)) + "</td></tr>\n";
}

// Which rows are folded: the middle of every run of one thread longer than kFoldAbove steps,
// unless the middle holds the failing or a marked step. Returns the fold id per event (-1: shown).
std::vector<int> folds(const Failure& f, std::size_t failing) {
  const auto& ev = f.trace.events;
  std::vector<int> fold(ev.size(), -1);
  int next = 0;
  for (std::size_t start = 0; start < ev.size();) {
    std::size_t end = start + 1;
    while (end < ev.size() && ev[end].thread == ev[start].thread && ev[end].reason == SwitchReason::none) ++end;
    if (end - start > kFoldAbove) {
      const std::size_t lo = start + kKeepHead, hi = end - kKeepTail;
      bool special = false;
      for (std::size_t i = lo; i < hi; ++i) special = special || i == failing || is_marked(f, ev[i].step);
      if (!special) {
        for (std::size_t i = lo; i < hi; ++i) fold[i] = next;
        ++next;
      }
    }
    start = end;
  }
  return fold;
}

// After a deadlock's last step: where each blocked thread waits, in its lane.
std::string blocked_rows(const Failure& f, std::size_t lanes) {
  if (!f.deadlock) return "";
  std::string out;
  for (const DeadlockGraph::Waiter& w : f.deadlock->waiters) {
    std::string cell = "blocked in " + escape(to_string(w.op));
    if (w.object != kNoObject) cell += " on " + object_span(f.trace, w.object);
    out += "<tr class=\"blocked\" data-thread=\"" + std::to_string(w.thread) + "\"><td class=\"n\">&#8943;</td>" +
           lane_cells(w.thread, lanes, cell) + "<td class=\"where\">" +
           (short_location(w.where) == "?" ? "" : escape(short_location(w.where))) + "</td></tr>\n";
  }
  return out;
}

std::string table(const Failure& f) {
  const Trace& trace = f.trace;
  const std::size_t lanes = lane_count(trace), columns = lanes + 2, failing = failing_index(f);
  const std::vector<int> fold = folds(f, failing);
  std::string out = table_head(trace, lanes);
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    const TraceEvent& e = trace.events[i];
    if (e.reason != SwitchReason::none) out += switch_row(trace, e, columns);
    if (fold[i] >= 0 && (i == 0 || fold[i - 1] != fold[i])) {
      std::size_t n = 0;
      while (i + n < fold.size() && fold[i + n] == fold[i]) ++n;
      out += "<tr class=\"fold\" data-fold=\"" + std::to_string(fold[i]) + "\" tabindex=\"0\"><td colspan=\"" +
             std::to_string(columns) + "\">&hellip; " + std::to_string(n) + " more steps of " +
             escape(thread_id(e.thread)) + " (click to expand)</td></tr>\n";
    }
    out += step_row(trace, e, lanes, RowFlags{i == failing, is_marked(f, e.step), fold[i]});
  }
  return out + blocked_rows(f, lanes) + "</tbody>\n</table>\n";
}

}  // namespace

std::string html_report(const Failure& f) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>weft: " +
                    escape(to_string(f.kind)) + " &mdash; " + escape(f.message) + "</title>\n<style>\n";
  out += style();
  out += "</style>\n</head>\n<body>\n" + legend(f) + deadlock_section(f) + marked_section(f);
  if (!f.trace.events.empty()) out += table(f);
  out += "<script>\n";
  out += script();
  return out + "</script>\n</body>\n</html>\n";
}

}  // namespace weft
