#include "scenarios/outcomes_json.hpp"

#include <nlohmann/json.hpp>

namespace weft::cli {

namespace {
using nlohmann::json;

json outcome_json(const Outcome& o) {
  json values = json::array();
  for (const OutcomeValue& v : o.values)
    values.push_back({{"object", v.object}, {"label", v.label}, {"value", v.value}});
  json findings = json::array();
  for (const OutcomeFinding& f : o.findings)
    findings.push_back({{"kind", std::string(to_string(f.kind))}, {"count", f.count}, {"message", f.message}});
  return {{"text", o.text()},
          {"ok", o.ok()},
          {"failure", o.failure ? json(std::string(to_string(*o.failure))) : json(nullptr)},
          {"message", o.message},
          {"values", values},
          {"count", o.count},
          {"share", o.share},
          {"schedule", o.schedule},
          {"first_execution", o.first_execution},
          {"findings", findings}};
}
}  // namespace

std::string outcomes_json(const std::string& scenario, const Outcomes& h) {
  const Stats& st = h.stats;
  json outcomes = json::array();
  for (const Outcome& o : h.outcomes) outcomes.push_back(outcome_json(o));
  const bool seeded = st.strategy != Strategy::dfs && st.strategy != Strategy::dpor;
  const json doc = {{"format", 1},
                    {"scenario", scenario},
                    {"strategy", std::string(to_string(st.strategy))},
                    {"seed", seeded ? json(st.seed) : json(nullptr)},
                    {"what_ran", st.what_ran()},
                    {"executions", st.executions},
                    {"pruned", st.pruned},
                    {"counted", h.total()},
                    {"complete", st.complete},
                    {"unit", std::string(to_string(h.unit))},
                    {"exhaustive_counts", h.exhaustive_counts()},
                    {"counting", h.counting()},
                    {"outcomes", outcomes}};
  return doc.dump(2) + "\n";
}

}  // namespace weft::cli
