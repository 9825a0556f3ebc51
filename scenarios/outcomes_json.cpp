#include "scenarios/outcomes_json.hpp"

#include <nlohmann/json.hpp>

#include "scenarios/json_common.hpp"

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
  json outcomes = json::array();
  for (const Outcome& o : h.outcomes) outcomes.push_back(outcome_json(o));
  json doc = {{"format", kJsonFormat},
              {"scenario", scenario},
              {"counted", h.total()},
              {"unit", std::string(to_string(h.unit))},
              {"exhaustive_counts", h.exhaustive_counts()},
              {"counting", h.counting()},
              {"outcomes", outcomes}};
  put_what_ran(doc, h.stats);  // strategy, seed, what_ran, executions, pruned, complete
  return print_document(doc);
}

}  // namespace weft::cli
