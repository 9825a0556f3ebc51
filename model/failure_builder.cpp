#include "model/failure_builder.hpp"

#include <cstring>

namespace weft::model {

Failure build_failure(const sim::FailureInfo& info, const sim::Execution& ex, const Schedule& schedule) {
  Failure f;
  f.kind = info.kind;
  f.message = info.message;
  f.details = info.details;
  f.thread = info.thread;
  f.trace = ex.export_trace();
  f.marked_steps = info.marked_steps;
  f.deadlock = info.deadlock;
  if (info.thread < f.trace.thread_names.size()) f.thread_name = f.trace.thread_names[info.thread];
  if (info.where.file_name() != nullptr) f.file = info.where.file_name();
  f.line = info.where.line();
  if (info.where.function_name() != nullptr) f.function = info.where.function_name();
  f.schedule = encode_schedule(schedule);
  f.seed = schedule.seed;
  f.execution = schedule.execution;
  return f;
}

void mark_nondeterministic(Failure& f, const std::string& difference) {
  f.details = "original failure: " + std::string(to_string(f.kind)) + ": " + f.message + "\n" + f.details;
  f.kind = FailureKind::nondeterminism;
  f.message = "the failing execution did not replay identically (" + difference +
              "): the program depends on something weft does not control — real time, real randomness, "
              "thread-unsafe state outside weft primitives, or iteration over pointer-keyed containers";
}

namespace {
bool same_place(const std::source_location& a, const std::source_location& b) {
  if (a.line() != b.line()) return false;
  const char* fa = a.file_name();
  const char* fb = b.file_name();
  if (fa == nullptr || fb == nullptr) return fa == fb;
  return std::strcmp(fa, fb) == 0;
}
bool same_event(const TraceEvent& a, const TraceEvent& b) {
  return a.thread == b.thread && a.op == b.op && a.object_kind == b.object_kind && a.object == b.object &&
         a.has_value == b.has_value && (!a.has_value || a.value == b.value) && a.ok == b.ok &&
         a.time_ns == b.time_ns && same_place(a.where, b.where);
}
std::string show(const TraceEvent& e) {
  std::string s = "T" + std::to_string(e.thread) + " " + std::string(to_string(e.op));
  if (e.object != kNoObject) s += " #" + std::to_string(e.object);
  if (e.has_value) s += " value " + std::to_string(e.value);
  return s + " at " + short_location(e.where);
}
}  // namespace

std::optional<std::string> first_difference(const std::vector<TraceEvent>& a, const std::vector<TraceEvent>& b) {
  const std::size_t n = a.size() < b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < n; ++i)
    if (!same_event(a[i], b[i]))
      return "step " + std::to_string(i) + ": first run " + show(a[i]) + ", replay " + show(b[i]);
  if (a.size() != b.size())
    return "the first run had " + std::to_string(a.size()) + " steps, the replay " + std::to_string(b.size());
  return std::nullopt;
}

}  // namespace weft::model
