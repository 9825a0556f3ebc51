// render_table: the interleaving of one execution as an ASCII table (see trace_table.hpp).
#include "report/trace_table.hpp"

#include <algorithm>
#include <cstdio>
#include <string_view>
#include <vector>

namespace weft::report {

namespace {

// The object's label from the trace; "" for kNoObject, "#<id>" when the trace has no label.
std::string label(const Trace& trace, ObjectId id) {
  if (id == kNoObject) return "";
  if (id >= trace.object_labels.size()) return "#" + std::to_string(id);
  return trace.object_labels[id];
}

std::string thread_id(ThreadId t) { return t == kNoThread ? "T?" : "T" + std::to_string(t); }

std::string thread_label(const Trace& trace, ThreadId t) {
  std::string s = thread_id(t);
  if (t < trace.thread_names.size() && !trace.thread_names[t].empty()) s += " " + trace.thread_names[t];
  return s;
}

// Locations inside the standard library (std::lock_guard calling lock()) say nothing useful.
bool in_std_header(const std::source_location& w) {
  const std::string_view f = w.file_name() ? w.file_name() : "";
  return f.find("/c++/") != std::string_view::npos || f.find("/bits/") != std::string_view::npos;
}

// file:line of a row, or "" when unknown or inside a standard-library header.
std::string location_cell(const std::source_location& where) {
  if (in_std_header(where)) return "";
  std::string text = short_location(where);
  return text == "?" ? "" : text;
}

// The name a call's row gives its object: the user's name ("jobs (Queue#2)" -> "jobs"), else
// the label.
std::string call_object(std::string l) {
  if (l.empty()) return "?";
  if (const std::size_t open = l.rfind(" ("); l.back() == ')' && open != std::string::npos) l.resize(open);
  return l;
}
std::string call_object(const Trace& trace, ObjectId id) { return call_object(label(trace, id)); }

std::string head_of(const Trace& trace, const UserCall& c) {
  return call_head(c.object == kNoObject ? std::string() : label(trace, c.object), c);
}

}  // namespace

std::string call_head(const std::string& object_label, const UserCall& c) {
  if (c.kind == CallKind::pool_worker_get) return "taking a task from " + call_object(object_label);
  if (c.kind == CallKind::pool_worker_exit) return "leaving " + call_object(object_label);
  std::string args;
  if (c.has_arg && c.kind != CallKind::queue_join) args = std::to_string(c.arg);
  if (c.has_timeout) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", c.timeout);
    args += (args.empty() ? "timeout=" : ", timeout=") + std::string(buf);
  }
  return call_object(object_label) + "." + std::string(to_string(c.kind)) + "(" + args + ")";
}

namespace {

std::string fit(const std::string& s, std::size_t width) {
  if (s.size() <= width) return s;
  if (width <= 3) return s.substr(0, width);
  return s.substr(0, width - 3) + "...";
}

std::string pad(const std::string& s, std::size_t width) {
  return s + std::string(width - std::min(width, s.size()), ' ');
}

// "------ switch T0 -> T1: <why> " (the dashes after it come with the table's width).
// `left` is the previous thread's last step when it stopped inside a call that goes on;
// `resumed` is e's call when e is not its first step (grouped rows only).
std::string switch_text(const Trace& trace, const TraceEvent& e, const UserCall* left, const TraceEvent* last,
                        const UserCall* resumed) {
  std::string why(to_string(e.reason));
  if (e.reason == SwitchReason::blocked) {
    why = thread_id(e.switched_from) + " blocked";
    if (left != nullptr) why += " in " + head_of(trace, *left);
    else if (const std::string on = label(trace, e.blocked_on); !on.empty()) why += " on " + on;
  } else if (e.reason == SwitchReason::finished) {
    why = thread_id(e.switched_from) + " finished";
  } else if (left != nullptr) {
    why += " inside " + head_of(trace, *left);
  }
  if (left != nullptr && last != nullptr) why += ", after " + describe_event(trace, *last);
  if (resumed != nullptr) why += "; " + thread_id(e.thread) + " goes on in " + head_of(trace, *resumed);
  return "------ switch " + thread_id(e.switched_from) + " -> " + thread_id(e.thread) + ": " + why + " ";
}

std::string dashes_to(const std::string& s, std::size_t total_width) {
  return s + std::string(std::max<std::size_t>(6, total_width > s.size() ? total_width - s.size() : 0), '-');
}

// What the table prints, in order: a switch row (text) or a row of cells.
struct Line {
  std::string switch_text;         // non-empty: a switch row
  std::vector<std::string> cells;  // otherwise
};

}  // namespace

std::string describe_event(const Trace& trace, const TraceEvent& e) {
  const std::string op(to_string(e.op));
  const std::string obj = label(trace, e.object);
  const std::string value = std::to_string(e.value);
  std::string s;
  switch (e.op) {
    case OpKind::shared_read:
    case OpKind::atomic_load:
      s = op + " " + obj + (e.has_value ? " -> " + value : "");
      break;
    case OpKind::shared_write:
    case OpKind::atomic_store:
    case OpKind::atomic_rmw:
      s = op + " " + obj + (e.has_value ? " <- " + value : "");
      break;
    case OpKind::sleep: s = "sleep" + (e.has_value ? " " + value + "ms" : ""); break;
    case OpKind::choose: s = "choose" + (e.has_value ? " -> " + value : ""); break;
    case OpKind::thread_exit: s = "exit"; break;
    case OpKind::check_failed: s = op; break;
    default: s = op + (obj.empty() ? "" : " " + obj);
  }
  // A try or timed wait that gave up returns False in Python; say so.
  if (!e.ok && e.op != OpKind::check_failed) s += " -> False";
  return s;
}

std::string event_location(const TraceEvent& e) { return location_cell(e.where); }

std::string describe_call(const Trace& trace, const UserCall& c) {
  if (c.kind == CallKind::pool_worker_get || c.kind == CallKind::pool_worker_exit)
    return (c.kind == CallKind::pool_worker_get ? "takes a task from " : "leaves ") + call_object(trace, c.object) +
           (c.raised ? " raised" : "");
  std::string s = head_of(trace, c);
  if (c.returned) {
    if (c.result_kind == CallResult::value) s += " -> " + std::to_string(c.result);
    if (c.result_kind == CallResult::boolean) s += c.result != 0 ? " -> True" : " -> False";
  } else {
    s += c.raised ? " raised" : " (did not return)";
  }
  return s;
}

namespace {

// Plans the table's lines: one row per step (internals), or one per user-level call.
class Planner {
 public:
  Planner(const Trace& trace, const TableOptions& options, std::size_t columns, std::size_t first_thread_col)
      : trace_(trace), options_(options), columns_(columns), first_thread_col_(first_thread_col),
        last_step_(trace.calls.size(), 0), marked_call_(trace.calls.size(), false) {
    for (const TraceEvent& e : trace.events) {
      if (e.call >= trace.calls.size()) continue;
      last_step_[e.call] = e.step;
      if (is_marked(e.step)) marked_call_[e.call] = true;
    }
  }

  std::vector<Line> plan() {
    std::vector<Line> lines;
    lines.reserve(trace_.events.size());
    std::vector<const TraceEvent*> last_of(columns_, nullptr);  // by thread: its previous step
    for (const TraceEvent& e : trace_.events) {
      const UserCall* call = grouped(e) ? &trace_.calls[e.call] : nullptr;
      const bool first = call == nullptr || call->first_step == e.step;
      if (e.reason != SwitchReason::none) {
        const TraceEvent* last = e.switched_from < last_of.size() ? last_of[e.switched_from] : nullptr;
        const UserCall* left = last != nullptr ? open_call(*last) : nullptr;
        lines.push_back(Line{switch_text(trace_, e, left, left != nullptr ? last : nullptr, first ? nullptr : call), {}});
      }
      if (e.thread < last_of.size()) last_of[e.thread] = &e;
      if (first) lines.push_back(Line{{}, cells(e, call)});
    }
    return lines;
  }

 private:
  bool is_marked(std::uint32_t step) const {
    return std::find(options_.marked_steps.begin(), options_.marked_steps.end(), step) != options_.marked_steps.end();
  }
  bool grouped(const TraceEvent& e) const { return !options_.internals && e.call < trace_.calls.size(); }
  // The call `last` is part of, when that call has steps after it or never returned.
  const UserCall* open_call(const TraceEvent& last) const {
    if (!grouped(last)) return nullptr;
    const UserCall& c = trace_.calls[last.call];
    return last_step_[last.call] != last.step || (!c.returned && !c.raised) ? &c : nullptr;
  }
  std::vector<std::string> cells(const TraceEvent& e, const UserCall* call) const {
    std::vector<std::string> cols(columns_);
    const bool marked = call != nullptr ? marked_call_[e.call] : is_marked(e.step);
    cols[0] = (marked ? "=> " : "") + std::to_string(e.step);
    if (options_.show_time) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(e.time_ns) / 1e6);
      cols[1] = buf;
    }
    const bool known = e.thread != kNoThread;
    cols[first_thread_col_ + (known ? e.thread : 0)] =
        (known ? "" : "T? ") + (call != nullptr ? describe_call(trace_, *call) : describe_event(trace_, e));
    cols[columns_ - 1] = location_cell(call != nullptr ? call->where : e.where);
    return cols;
  }

  const Trace& trace_;
  const TableOptions& options_;
  std::size_t columns_, first_thread_col_;
  std::vector<std::uint32_t> last_step_;  // by call: its last step
  std::vector<bool> marked_call_;         // by call: one of its steps is marked
};

}  // namespace

std::string render_table(const Trace& trace, const TableOptions& options) {
  constexpr std::size_t kWhereWidth = 48;  // file:line, kept whole where possible
  std::size_t nthreads = std::max<std::size_t>(1, trace.thread_names.size());
  for (const TraceEvent& e : trace.events)
    if (e.thread != kNoThread) nthreads = std::max<std::size_t>(nthreads, e.thread + 1u);

  std::vector<std::string> header{"step"};
  if (options.show_time) header.push_back("time ms");
  const std::size_t first_thread_col = header.size();
  for (std::size_t t = 0; t < nthreads; ++t) header.push_back(thread_label(trace, static_cast<ThreadId>(t)));
  const std::size_t where_col = header.size();
  header.push_back("where");

  const std::vector<Line> lines = Planner(trace, options, header.size(), first_thread_col).plan();
  // Each column's width: its widest cell, capped.
  std::vector<std::size_t> width(header.size(), 0);
  auto widen = [&](const std::vector<std::string>& cols) {
    for (std::size_t c = 0; c < cols.size(); ++c)
      width[c] = std::min(c == where_col ? kWhereWidth : options.max_column_width, std::max(width[c], cols[c].size()));
  };
  widen(header);
  for (const Line& l : lines)
    if (l.switch_text.empty()) widen(l.cells);
  std::size_t total = 0;
  for (std::size_t w : width) total += w + 3;
  total -= 3;

  std::string out;
  auto emit = [&](const std::vector<std::string>& cols) {
    std::string line;
    for (std::size_t c = 0; c < cols.size(); ++c) {
      if (c) line += " | ";
      line += pad(fit(cols[c], width[c]), width[c]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  };
  emit(header);
  out += std::string(total, '-') + "\n";
  for (const Line& l : lines) {
    if (!l.switch_text.empty()) out += dashes_to(l.switch_text, total) + "\n";
    else emit(l.cells);
  }
  return out;
}

}  // namespace weft::report
