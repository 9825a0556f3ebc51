// Coverage labels: the per-exploration recorder, the process-wide tables (labels evaluated on
// real threads, labels declared by WEFT_REACHABLE), the public entry points, and the report
// of labels an exploration never satisfied (detect/coverage.hpp, docs/detectors.md).
#include "detect/coverage.hpp"

#include <mutex>
#include <utility>

#include <weft/detail/sim_handle.hpp>

#include "report/number_text.hpp"

namespace weft::detect {

using report::grouped;

namespace {

thread_local CoverageRecorder* t_current = nullptr;

// Labels declared by WEFT_REACHABLE, filled during static initialisation. Never destroyed,
// so a static destructor or a thread still running at exit may use it safely.
struct DeclaredLabels {
  struct Place {
    std::string file;  // of the first declaration
    std::uint32_t line = 0;
    std::string function;  // its function_key
    // (file, function_key) of every declaration (one per instantiation of a template)
    std::set<std::pair<std::string, std::string>> functions;
  };
  std::mutex mutex;
  std::map<std::string, Place, std::less<>> labels;
};
DeclaredLabels& declared() {
  static DeclaredLabels* const table = new DeclaredLabels;
  return *table;
}

}  // namespace

bool any_label_declared() {
  DeclaredLabels& d = declared();
  const std::lock_guard<std::mutex> g(d.mutex);
  return !d.labels.empty();
}

namespace {

// Labels evaluated on real threads, for coverage_labels(). Never destroyed, as above.
struct ProcessLabels {
  std::mutex mutex;
  CoverageRecorder recorder;
};
ProcessLabels& process_labels() {
  static ProcessLabels* const table = new ProcessLabels;
  return *table;
}

// Adds each declared label that `keep(place)` accepts and `labels` lacks; marks those it has.
template <class Keep>
std::vector<CoverageLabel> with_declared(std::vector<CoverageLabel> labels, Keep keep) {
  std::map<std::string, CoverageLabel, std::less<>> merged;
  for (CoverageLabel& l : labels) {
    std::string key = l.label;
    merged.emplace(std::move(key), std::move(l));
  }
  {
    DeclaredLabels& d = declared();
    const std::lock_guard<std::mutex> lock(d.mutex);
    for (const auto& [label, place] : d.labels) {
      if (!keep(place)) continue;
      auto it = merged.find(label);
      if (it != merged.end()) {
        it->second.declared = true;
        continue;
      }
      CoverageLabel l;
      l.label = label;
      l.kind = CoverageKind::reachable;
      l.file = place.file;
      l.line = place.line;
      l.function = place.function;
      l.declared = true;
      merged.emplace(label, std::move(l));
    }
  }
  std::vector<CoverageLabel> out;
  out.reserve(merged.size());
  for (auto& [label, l] : merged) out.push_back(std::move(l));
  return out;
}

void record_call(CoverageKind kind, bool satisfied, std::string_view label, const std::source_location& where) {
  const char* file = where.file_name() != nullptr ? where.file_name() : "";
  const char* function = where.function_name() != nullptr ? where.function_name() : "";
  if (detail::current_execution() != nullptr) {  // a simulated thread: this exploration's labels
    if (CoverageRecorder* r = t_current) r->record(kind, satisfied, label, file, where.line(), function);
    return;
  }
  ProcessLabels& p = process_labels();
  const std::lock_guard<std::mutex> lock(p.mutex);
  p.recorder.record(kind, satisfied, label, file, where.line(), function);
}

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return grouped(n) + " " + (n == 1 ? one : many);
}

std::string place(const CoverageLabel& l) {
  std::string_view f(l.file);
  if (const std::size_t slash = f.rfind('/'); slash != std::string_view::npos) f.remove_prefix(slash + 1);
  if (f.empty() || l.line == 0) return "?";
  return std::string(f) + ":" + std::to_string(l.line);
}

// "sometimes at x.cpp:12", "reachable, declared at y.cpp:30".
std::string kind_and_place(const CoverageLabel& l) {
  if (l.times_seen == 0) return std::string(to_string(l.kind)) + ", declared at " + place(l);
  return std::string(to_string(l.kind)) + " at " + place(l);
}

// Skips the bracketed group that opens at f[i]; returns the index just past its close.
std::size_t skip_group(std::string_view f, std::size_t i, char open, char close) {
  int depth = 0;
  for (; i < f.size(); ++i) {
    if (f[i] == open) ++depth;
    else if (f[i] == close && --depth == 0) return i + 1;
  }
  return f.size();
}

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

constexpr std::size_t kNamedInMessage = 5;  // the message names this many; the details all

}  // namespace

std::string function_key(std::string_view f) {
  if (const std::size_t with = f.find(" [with "); with != std::string_view::npos) f = f.substr(0, with);
  std::string out;
  out.reserve(f.size());
  std::size_t i = 0;
  while (i < f.size()) {
    const char c = f[i];
    if (c == '<' && f.substr(i).starts_with("<lambda")) {  // "<lambda(int)>": one kind of name
      out += "<lambda>";
      i = skip_group(f, i, '<', '>');
    } else if (c == '<' && !ends_with(out, "operator") && !ends_with(out, "operator<")) {
      i = skip_group(f, i, '<', '>');  // template arguments
    } else if (c == '(' && !ends_with(out, "operator")) {
      out += "()";  // parameter types
      i = skip_group(f, i, '(', ')');
    } else {
      out += c;
      ++i;
    }
  }
  // The return type (and "static") ends at the last blank before the first parameter list
  // (for an operator, the search starts at its name: "operator()" is a name, not a list).
  const std::size_t op = out.rfind("operator");
  const std::size_t params = out.find("()", op == std::string::npos ? 0 : op);
  if (params != std::string::npos)
    if (const std::size_t blank = out.rfind(' ', params); blank != std::string::npos) out.erase(0, blank + 1);
  return out;
}

void CoverageRecorder::record(CoverageKind kind, bool satisfied, std::string_view label, std::string_view file,
                              std::uint32_t line, std::string_view function) {
  auto it = labels_.find(label);
  if (it == labels_.end())
    it = labels_.emplace(std::string(label), Entry{kind, std::string(file), line, function_key(function), 0, 0}).first;
  ++it->second.seen;
  if (satisfied) ++it->second.satisfied;
  note_function(file, function);
}

void CoverageRecorder::note_function(std::string_view file, std::string_view function) {
  auto it = functions_.find(file);
  if (it == functions_.end()) it = functions_.emplace(std::string(file), std::set<std::string, std::less<>>{}).first;
  if (it->second.find(function) == it->second.end()) it->second.emplace(function);
}

void CoverageRecorder::merge(const CoverageRecorder& other) {
  for (const auto& [label, entry] : other.labels_) {
    auto it = labels_.find(label);
    if (it == labels_.end()) {
      labels_.emplace(label, entry);
      continue;
    }
    it->second.seen += entry.seen;
    it->second.satisfied += entry.satisfied;
  }
  for (const auto& [file, functions] : other.functions_)
    for (const std::string& function : functions) note_function(file, function);
}

void CoverageRecorder::note_ran(std::span<const TraceEvent> events) {
  const char* last_file = nullptr;  // consecutive events mostly share a place: skip the lookups
  const char* last_function = nullptr;
  for (const TraceEvent& e : events) {
    const char* file = e.where.file_name();
    const char* function = e.where.function_name();
    if (file == nullptr || function == nullptr || *function == '\0') continue;
    if (file == last_file && function == last_function) continue;
    last_file = file;
    last_function = function;
    note_function(file, function);
  }
}

std::vector<CoverageLabel> CoverageRecorder::recorded() const {
  std::vector<CoverageLabel> out;
  out.reserve(labels_.size());
  for (const auto& [label, e] : labels_)
    out.push_back(CoverageLabel{label, e.kind, e.file, e.line, e.function, e.seen, e.satisfied, false});
  return out;
}

std::vector<CoverageLabel> CoverageRecorder::expected() const {
  std::set<std::pair<std::string, std::string>> ran;  // (file, function_key)
  for (const auto& [file, functions] : functions_)
    for (const std::string& f : functions) ran.emplace(file, function_key(f));
  return with_declared(recorded(), [&ran](const DeclaredLabels::Place& p) {
    for (const auto& declared_in : p.functions)
      if (ran.count(declared_in) > 0) return true;
    return false;
  });
}

std::optional<sim::FailureInfo> CoverageRecorder::unsatisfied(std::uint64_t executions, bool complete) const {
  std::vector<CoverageLabel> missing;
  for (CoverageLabel& l : expected())
    if (l.times_satisfied == 0) missing.push_back(std::move(l));
  if (missing.empty()) return std::nullopt;

  std::string message = plural(missing.size(), "coverage label", "coverage labels") + " never satisfied in " +
                        (!complete        ? plural(executions, "execution", "executions") + " (search not complete)"
                         : executions == 1 ? std::string("the only execution of a complete search")
                                           : "all " + grouped(executions) + " executions of a complete search") +
                        ": ";
  for (std::size_t i = 0; i < missing.size() && i < kNamedInMessage; ++i)
    message += (i > 0 ? ", \"" : "\"") + missing[i].label + "\" (" + kind_and_place(missing[i]) + ")";
  if (missing.size() > kNamedInMessage) message += ", and " + grouped(missing.size() - kNamedInMessage) + " more";

  std::string details;
  for (const CoverageLabel& l : missing) {
    details += "\"" + l.label + "\": " + kind_and_place(l) + (l.function.empty() ? "" : " in " + l.function) + ": ";
    if (l.times_seen == 0)
      details += "never reached";
    else
      details += "evaluated " + plural(l.times_seen, "time", "times") + ", never true";
    details += "\n";
  }
  details += complete ? "the search was complete: no interleaving satisfies these labels"
                      : "the search was not complete: more executions, or an exhaustive strategy (dfs, dpor), "
                        "may still satisfy them";
  sim::FailureInfo info;
  info.kind = FailureKind::never_reached;
  info.message = std::move(message);
  info.details = std::move(details);
  info.thread = kNoThread;
  return info;
}

CoverageRecorder* current_recorder() noexcept { return t_current; }

CoverageScope::CoverageScope() noexcept : previous_(t_current) { t_current = &recorder_; }

CoverageScope::~CoverageScope() { t_current = previous_; }

Failure coverage_failure(const sim::FailureInfo& info, std::uint64_t executions, std::uint64_t seed) {
  Failure f;
  f.kind = info.kind;
  f.message = info.message;
  f.details = info.details;
  f.thread = kNoThread;
  f.seed = seed;
  f.execution = executions;
  return f;
}

std::optional<Failure> coverage_verdict(CoverageRecorder& recorder, std::span<const TraceEvent> last_events,
                                        const Stats& stats) {
  recorder.note_ran(last_events);
  const std::optional<sim::FailureInfo> info = recorder.unsatisfied(stats.executions, stats.complete);
  if (!info) return std::nullopt;
  return coverage_failure(*info, stats.executions, stats.seed);
}

}  // namespace weft::detect

namespace weft {

void sometimes(bool cond, std::string_view label, std::source_location where) {
  detect::record_call(CoverageKind::sometimes, cond, label, where);
}

void reachable(std::string_view label, std::source_location where) {
  detect::record_call(CoverageKind::reachable, true, label, where);
}

std::vector<CoverageLabel> coverage_labels() {
  std::vector<CoverageLabel> recorded;
  {
    detect::ProcessLabels& p = detect::process_labels();
    const std::lock_guard<std::mutex> lock(p.mutex);
    recorded = p.recorder.recorded();
  }
  return detect::with_declared(std::move(recorded), [](const detect::DeclaredLabels::Place&) { return true; });
}

namespace detail {

bool declare_reachable(std::string_view label, const std::source_location& where) {
  const std::string key = detect::function_key(where.function_name() != nullptr ? where.function_name() : "");
  detect::DeclaredLabels& d = detect::declared();
  const std::lock_guard<std::mutex> lock(d.mutex);
  auto it = d.labels.find(label);
  if (it == d.labels.end()) {
    detect::DeclaredLabels::Place place;
    place.file = where.file_name() != nullptr ? where.file_name() : "";
    place.line = where.line();
    place.function = key;
    it = d.labels.emplace(std::string(label), std::move(place)).first;
  }
  it->second.functions.emplace(where.file_name() != nullptr ? where.file_name() : "", key);
  return true;
}

}  // namespace detail
}  // namespace weft
