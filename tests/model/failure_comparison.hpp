#pragma once
// Exact comparison of two failures (every field, the trace event by event, the rendered
// report): the first difference, described, or nullopt.
#include <cstring>
#include <optional>
#include <string>

#include <weft/weft.hpp>

namespace weft::testing {


inline bool same_cstr(const char* x, const char* y) {
  if (x == nullptr || y == nullptr) return x == y;
  return std::strcmp(x, y) == 0;
}

inline std::optional<std::string> event_difference(const weft::TraceEvent& x, const weft::TraceEvent& y) {
  const auto field = [](const char* f) { return std::optional<std::string>(std::string(f)); };
  if (x.step != y.step) return field("step");
  if (x.thread != y.thread) return field("thread");
  if (x.op != y.op) return field("op");
  if (x.object_kind != y.object_kind) return field("object_kind");
  if (x.object != y.object) return field("object");
  if (x.value != y.value) return field("value");
  if (x.has_value != y.has_value) return field("has_value");
  if (x.ok != y.ok) return field("ok");
  if (x.reason != y.reason) return field("reason");
  if (x.switched_from != y.switched_from) return field("switched_from");
  if (x.blocked_on != y.blocked_on) return field("blocked_on");
  if (x.time_ns != y.time_ns) return field("time_ns");
  if (!same_cstr(x.where.file_name(), y.where.file_name())) return field("where.file_name");
  if (x.where.line() != y.where.line()) return field("where.line");
  if (x.where.column() != y.where.column()) return field("where.column");
  if (!same_cstr(x.where.function_name(), y.where.function_name())) return field("where.function_name");
  return std::nullopt;
}

inline std::optional<std::string> trace_difference(const weft::Trace& x, const weft::Trace& y) {
  const std::size_t n = std::min(x.events.size(), y.events.size());
  for (std::size_t i = 0; i < n; ++i)
    if (auto d = event_difference(x.events[i], y.events[i]))
      return "event " + std::to_string(i) + " differs in " + *d;
  if (x.events.size() != y.events.size())
    return "the traces have " + std::to_string(x.events.size()) + " and " + std::to_string(y.events.size()) + " events";
  if (x.thread_names != y.thread_names) return std::string("thread_names differ");
  if (x.object_labels != y.object_labels) return std::string("object_labels differ");
  return std::nullopt;
}

/// Every field of two failures, the trace event by event, then the rendered report.
inline std::optional<std::string> failure_difference(const weft::Failure& x, const weft::Failure& y) {
  const auto differ = [](const std::string& what, const auto& p, const auto& q) {
    std::ostringstream os;
    os << what << " differs: \"" << p << "\" vs \"" << q << "\"";
    return std::optional<std::string>(os.str());
  };
  if (x.kind != y.kind) return differ("kind", to_string(x.kind), to_string(y.kind));
  if (x.message != y.message) return differ("message", x.message, y.message);
  if (x.details != y.details) return differ("details", x.details, y.details);
  if (x.thread != y.thread) return differ("thread", x.thread, y.thread);
  if (x.thread_name != y.thread_name) return differ("thread_name", x.thread_name, y.thread_name);
  if (x.file != y.file) return differ("file", x.file, y.file);
  if (x.line != y.line) return differ("line", x.line, y.line);
  if (x.function != y.function) return differ("function", x.function, y.function);
  if (x.schedule != y.schedule) return differ("schedule", x.schedule, y.schedule);
  if (x.seed != y.seed) return differ("seed", x.seed, y.seed);
  if (x.execution != y.execution) return differ("execution", x.execution, y.execution);
  if (auto d = trace_difference(x.trace, y.trace)) return "trace: " + *d;
  // The shrink line says how the search found the failure, not what the execution did: a
  // replay of a shrunk failure's schedule is the same failure without it.
  weft::Failure xs = x, ys = y;
  xs.shrink.reset();
  ys.shrink.reset();
  if (xs.report() != ys.report()) return std::string("the rendered reports differ");
  return std::nullopt;
}

}  // namespace weft::testing
