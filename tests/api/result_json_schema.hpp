#pragma once
// A validator for the document `weft run --json` and `weft replay --json` print, written from
// docs/json.md's tables: every documented field that is required is present with its type,
// every optional one has its type when present, and no field is undocumented.
#include <initializer_list>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace weft_test {

/// A JSON type as docs/json.md names it: number = non-negative integer, integer = any integer.
enum class JType { string, number, integer, boolean, object, array, null };

/// One documented field: its name, the types it may have, whether it may be left out.
struct JField {
  const char* name;
  std::vector<JType> types;
  bool optional = false;
};

inline bool has_type(const nlohmann::json& v, JType t) {
  switch (t) {
    case JType::string: return v.is_string();
    case JType::number: return v.is_number_unsigned();
    case JType::integer: return v.is_number_integer();
    case JType::boolean: return v.is_boolean();
    case JType::object: return v.is_object();
    case JType::array: return v.is_array();
    case JType::null: return v.is_null();
  }
  return false;
}

/// Appends to `errors` ("where.field: ...") each way `obj` departs from `fields`.
inline void check_fields(const nlohmann::json& obj, std::initializer_list<JField> fields, const std::string& where,
                         std::vector<std::string>& errors) {
  if (!obj.is_object()) {
    errors.push_back(where + ": not an object");
    return;
  }
  for (const JField& f : fields) {
    if (!obj.contains(f.name)) {
      if (!f.optional) errors.push_back(where + "." + f.name + ": missing");
      continue;
    }
    bool typed = false;
    for (JType t : f.types) typed = typed || has_type(obj.at(f.name), t);
    if (!typed) errors.push_back(where + "." + f.name + ": wrong type: " + obj.at(f.name).dump());
  }
  for (const auto& item : obj.items()) {
    bool documented = false;
    for (const JField& f : fields) documented = documented || item.key() == f.name;
    if (!documented) errors.push_back(where + "." + item.key() + ": not documented in docs/json.md");
  }
}

/// Appends an error for each element of the array `a` that is not a number.
inline void check_numbers(const nlohmann::json& a, const std::string& where, std::vector<std::string>& errors) {
  if (!a.is_array()) return;  // reported by check_fields
  for (const nlohmann::json& v : a)
    if (!v.is_number_unsigned()) errors.push_back(where + ": element not a number: " + v.dump());
}

using J = JType;

inline void check_stats(const nlohmann::json& s, std::vector<std::string>& errors) {
  check_fields(s,
               {{"strategy", {J::string}}, {"seed", {J::number, J::null}}, {"what_ran", {J::string}},
                {"executions", {J::number}}, {"pruned", {J::number}}, {"complete", {J::boolean}},
                {"steps", {J::number}}, {"exhaustive", {J::boolean}}, {"budget_exhausted", {J::boolean}},
                {"left_to_shard_0", {J::boolean}},
                {"time_budget_exhausted", {J::boolean}}, {"distinct_final_states", {J::number}},
                {"max_enabled_threads", {J::number}}, {"executions_with_conflicts", {J::number}},
                {"vacuous", {J::boolean}}, {"timeouts", {J::string}}, {"shared_points", {J::string}},
                {"surw_selective", {J::boolean}},
                {"dpor_source_from", {J::number}}, {"jobs", {J::number}}, {"shard", {J::object}}, {"replay_note", {J::string}, true}},
               "stats", errors);
  if (s.is_object() && s.contains("shard"))
    check_fields(s.at("shard"), {{"index", {J::number}}, {"count", {J::number}}, {"lesson_executions", {J::number}}},
                 "stats.shard", errors);
}

inline void check_trace_row(const nlohmann::json& e, const std::string& where, std::vector<std::string>& errors) {
  check_fields(e,
               {{"step", {J::number}}, {"thread", {J::number}}, {"thread_name", {J::string}}, {"op", {J::string}},
                {"object", {J::number}, true}, {"object_kind", {J::string}, true}, {"label", {J::string}, true},
                {"value", {J::integer}, true}, {"ok", {J::boolean}}, {"blocking", {J::boolean}},
                {"timed", {J::boolean}}, {"time_ns", {J::number}}, {"where", {J::string}},
                {"reason", {J::string}, true}, {"switched_from", {J::number}, true},
                {"blocked_on", {J::number}, true}, {"blocked_on_label", {J::string}, true},
                {"point", {J::boolean}, true}},
               where, errors);
}

inline void check_deadlock(const nlohmann::json& d, std::vector<std::string>& errors) {
  if (d.is_null()) return;
  check_fields(d, {{"waiters", {J::array}}, {"cycle", {J::array}}}, "failure.deadlock", errors);
  if (!d.is_object()) return;
  check_numbers(d.value("cycle", nlohmann::json::array()), "failure.deadlock.cycle", errors);
  for (const nlohmann::json& w : d.value("waiters", nlohmann::json::array()))
    check_fields(w,
                 {{"thread", {J::number}}, {"thread_name", {J::string}}, {"op", {J::string}},
                  {"object", {J::number, J::null}}, {"object_kind", {J::string}}, {"object_label", {J::string}},
                  {"where", {J::string}}, {"waits_for", {J::number, J::null}}, {"holder", {J::number, J::null}},
                  {"holder_name", {J::string}}, {"held_at", {J::string}}},
                 "failure.deadlock.waiters[]", errors);
}

/// The failure kinds docs/json.md lists.
inline bool documented_kind(const std::string& k) {
  for (const char* name : {"check_failed", "uncaught_exception", "deadlock", "misuse", "step_limit",
                           "replay_diverged", "nondeterminism", "stack_overflow", "unresponsive", "data_race",
                           "lock_order_inversion", "never_reached"})
    if (k == name) return true;
  return false;
}

inline void check_failure(const nlohmann::json& f, std::vector<std::string>& errors) {
  check_fields(f,
               {{"kind", {J::string}}, {"kind_text", {J::string}}, {"message", {J::string}}, {"details", {J::string}},
                {"thread", {J::object}}, {"location", {J::object}}, {"schedule", {J::string}}, {"seed", {J::number}},
                {"execution", {J::number}}, {"shrink", {J::object, J::null}}, {"deadlock", {J::object, J::null}},
                {"marked_steps", {J::array}}, {"trace", {J::array}}},
               "failure", errors);
  if (!f.is_object()) return;
  if (f.contains("kind") && (!f.at("kind").is_string() || !documented_kind(f.at("kind").get<std::string>())))
    errors.push_back("failure.kind: not a documented kind: " + f.at("kind").dump());
  if (f.contains("thread"))
    check_fields(f.at("thread"), {{"id", {J::number, J::null}}, {"label", {J::string}}}, "failure.thread", errors);
  if (f.contains("location"))
    check_fields(f.at("location"), {{"file", {J::string}}, {"line", {J::number}}, {"function", {J::string}}},
                 "failure.location", errors);
  if (f.contains("shrink") && !f.at("shrink").is_null())
    check_fields(f.at("shrink"),
                 {{"preemptions_before", {J::number}}, {"steps_before", {J::number}}, {"preemptions", {J::number}},
                  {"steps", {J::number}}, {"candidates", {J::number}}},
                 "failure.shrink", errors);
  check_deadlock(f.value("deadlock", nlohmann::json()), errors);
  check_numbers(f.value("marked_steps", nlohmann::json::array()), "failure.marked_steps", errors);
  for (const nlohmann::json& e : f.value("trace", nlohmann::json::array()))
    check_trace_row(e, "failure.trace[]", errors);
}

/// Every way `doc` departs from docs/json.md's schema, format 1; empty when it conforms.
inline std::vector<std::string> schema_errors(const nlohmann::json& doc) {
  std::vector<std::string> errors;
  check_fields(doc,
               {{"format", {J::number}}, {"command", {J::string}}, {"scenario", {J::string}},
                {"schedule", {J::string}, true}, {"passed", {J::boolean}}, {"stats", {J::object}},
                {"failure", {J::object, J::null}}},
               "document", errors);
  if (!doc.is_object()) return errors;
  if (doc.value("format", 0) != 1) errors.push_back("document.format: not 1");
  if (doc.contains("stats")) check_stats(doc.at("stats"), errors);
  if (doc.contains("failure") && !doc.at("failure").is_null()) check_failure(doc.at("failure"), errors);
  if (doc.contains("passed") && doc.contains("failure") && doc.at("passed") == doc.at("failure").is_object())
    errors.push_back("document.passed: true with a failure, or false without one");
  return errors;
}

}  // namespace weft_test
