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

std::string fit(const std::string& s, std::size_t width) {
  if (s.size() <= width) return s;
  if (width <= 3) return s.substr(0, width);
  return s.substr(0, width - 3) + "...";
}

std::string pad(const std::string& s, std::size_t width) {
  return s + std::string(width - std::min(width, s.size()), ' ');
}

std::string switch_row(const Trace& trace, const TraceEvent& e, std::size_t total_width) {
  std::string why(to_string(e.reason));
  if (e.reason == SwitchReason::blocked) {
    why = thread_id(e.switched_from) + " blocked";
    if (const std::string on = label(trace, e.blocked_on); !on.empty()) why += " on " + on;
  } else if (e.reason == SwitchReason::finished) {
    why = thread_id(e.switched_from) + " finished";
  }
  std::string s = "------ switch " + thread_id(e.switched_from) + " -> " + thread_id(e.thread) + ": " + why + " ";
  return s + std::string(std::max<std::size_t>(6, total_width > s.size() ? total_width - s.size() : 0), '-');
}

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

std::string event_location(const TraceEvent& e) {
  if (in_std_header(e.where)) return "";
  std::string where = short_location(e.where);
  return where == "?" ? "" : where;
}

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

  // Each event's cells, then each column's width: its widest cell, capped.
  std::vector<std::vector<std::string>> rows;
  rows.reserve(trace.events.size());
  for (const TraceEvent& e : trace.events) {
    std::vector<std::string> cols(header.size());
    const bool marked =
        std::find(options.marked_steps.begin(), options.marked_steps.end(), e.step) != options.marked_steps.end();
    cols[0] = (marked ? "=> " : "") + std::to_string(e.step);
    if (options.show_time) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(e.time_ns) / 1e6);
      cols[1] = buf;
    }
    const bool known = e.thread != kNoThread;
    cols[first_thread_col + (known ? e.thread : 0)] = (known ? "" : "T? ") + describe_event(trace, e);
    cols[where_col] = event_location(e);
    rows.push_back(std::move(cols));
  }
  std::vector<std::size_t> width(header.size(), 0);
  auto widen = [&](const std::vector<std::string>& cols) {
    for (std::size_t c = 0; c < cols.size(); ++c)
      width[c] = std::min(c == where_col ? kWhereWidth : options.max_column_width, std::max(width[c], cols[c].size()));
  };
  widen(header);
  for (const auto& r : rows) widen(r);
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
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (trace.events[i].reason != SwitchReason::none) out += switch_row(trace, trace.events[i], total) + "\n";
    emit(rows[i]);
  }
  return out;
}

}  // namespace weft::report
