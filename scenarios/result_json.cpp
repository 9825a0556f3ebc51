#include "scenarios/result_json.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "scenarios/cli_args.hpp"
#include "scenarios/json_common.hpp"

namespace weft::cli {

namespace {
using nlohmann::json;

// A thread or object id, or null for "none" (kNoThread, kNoObject).
json id_or_null(std::uint64_t id, std::uint64_t none) { return id == none ? json(nullptr) : json(id); }

std::string name_of(const std::vector<std::string>& names, std::size_t i) {
  return i < names.size() ? names[i] : std::string();
}

json stats_json(const Stats& st) {
  json s = {{"steps", st.steps},
            {"exhaustive", st.exhaustive},
            {"budget_exhausted", st.budget_exhausted},
            {"left_to_shard_0", st.left_to_shard_0()},
            {"time_budget_exhausted", st.time_budget_exhausted},
            {"distinct_final_states", st.distinct_final_states},
            {"max_enabled_threads", st.max_enabled_threads},
            {"executions_with_conflicts", st.executions_with_conflicts},
            {"vacuous", st.vacuous()},
            {"timeouts", std::string(to_string(st.timeouts))},
            {"shared_points", std::string(to_string(st.shared_points))},
            {"surw_selective", st.surw_selective},
            {"dpor_source_from", st.dpor_source_from},
            {"jobs", st.jobs},
            {"shard", {{"index", st.shard_index}, {"count", st.shard_count}, {"lesson_executions", st.lesson_executions}}}};
  put_what_ran(s, st);  // strategy, seed, what_ran, executions, pruned, complete
  if (!st.replay_note.empty()) s["replay_note"] = st.replay_note;
  return s;
}

// One trace row; the fields that do not apply to the event are left out.
json event_json(const TraceEvent& e, const Trace& t) {
  json row = {{"step", e.step},
              {"thread", e.thread},
              {"thread_name", name_of(t.thread_names, e.thread)},
              {"op", std::string(to_string(e.op))},
              {"ok", e.ok},
              {"blocking", e.blocking},
              {"timed", e.timed},
              {"time_ns", e.time_ns},
              {"where", short_location(e.where)}};
  if (e.object != kNoObject) {
    row["object"] = e.object;
    row["object_kind"] = std::string(to_string(e.object_kind));
    row["label"] = name_of(t.object_labels, e.object);
  }
  if (e.has_value) row["value"] = e.value;
  if (e.reason != SwitchReason::none) row["reason"] = std::string(to_string(e.reason));
  if (e.switched_from != kNoThread) row["switched_from"] = e.switched_from;
  if (e.blocked_on != kNoObject) {
    row["blocked_on"] = e.blocked_on;
    row["blocked_on_label"] = name_of(t.object_labels, e.blocked_on);
  }
  if (!e.point) row["point"] = false;
  return row;
}

json waiter_json(const DeadlockGraph::Waiter& w) {
  return {{"thread", w.thread},
          {"thread_name", w.thread_name},
          {"op", std::string(to_string(w.op))},
          {"object", id_or_null(w.object, kNoObject)},
          {"object_kind", std::string(to_string(w.object_kind))},
          {"object_label", w.object_label},
          {"where", short_location(w.where)},
          {"waits_for", id_or_null(w.waits_for, kNoThread)},
          {"holder", id_or_null(w.holder, kNoThread)},
          {"holder_name", w.holder_name},
          {"held_at", short_location(w.held_at)}};
}

json deadlock_json(const std::optional<DeadlockGraph>& g) {
  if (!g) return nullptr;
  json waiters = json::array();
  for (const DeadlockGraph::Waiter& w : g->waiters) waiters.push_back(waiter_json(w));
  return {{"waiters", waiters}, {"cycle", g->cycle}};
}

json shrink_json(const std::optional<Failure::Shrink>& s) {
  if (!s) return nullptr;
  return {{"preemptions_before", s->preemptions_before},
          {"steps_before", s->steps_before},
          {"preemptions", s->preemptions},
          {"steps", s->steps},
          {"candidates", s->candidates}};
}

json failure_json(const Failure& f) {
  json trace = json::array();
  for (const TraceEvent& e : f.trace.events) trace.push_back(event_json(e, f.trace));
  return {{"kind", std::string(kind_name(f.kind))},
          {"kind_text", std::string(to_string(f.kind))},
          {"message", f.message},
          {"details", f.details},
          {"thread", {{"id", id_or_null(f.thread, kNoThread)}, {"label", f.thread_name}}},
          {"location", {{"file", f.file}, {"line", f.line}, {"function", f.function}}},
          {"schedule", f.schedule},
          {"seed", f.seed},
          {"execution", f.execution},
          {"shrink", shrink_json(f.shrink)},
          {"deadlock", deadlock_json(f.deadlock)},
          {"marked_steps", f.marked_steps},
          {"trace", trace}};
}
}  // namespace

std::string result_json(std::string_view command, const std::string& scenario, const Result& r,
                        const std::string& schedule) {
  json doc = {{"format", kJsonFormat},
              {"command", std::string(command)},
              {"scenario", scenario},
              {"passed", r.ok()},
              {"stats", stats_json(r.stats())},
              {"failure", r.ok() ? json(nullptr) : failure_json(r.failure())}};
  if (!schedule.empty()) doc["schedule"] = schedule;
  return print_document(doc);
}

int print_result_json(std::string_view command, const std::string& scenario, const Result& r,
                      const std::string& schedule) {
  std::fputs(result_json(command, scenario, r, schedule).c_str(), stdout);
  return r.ok() ? kOk : kFailureFound;
}

}  // namespace weft::cli
