#include "scenarios/json_common.hpp"

namespace weft::cli {

void put_what_ran(nlohmann::json& doc, const Stats& st) {
  const bool seeded = st.strategy != Strategy::dfs && st.strategy != Strategy::dpor;
  doc["strategy"] = std::string(to_string(st.strategy));
  doc["seed"] = seeded ? nlohmann::json(st.seed) : nlohmann::json(nullptr);
  doc["what_ran"] = st.what_ran();
  doc["executions"] = st.executions;
  doc["pruned"] = st.pruned;
  doc["complete"] = st.complete;
}

std::string_view kind_name(FailureKind k) noexcept {
  switch (k) {
    case FailureKind::check_failed: return "check_failed";
    case FailureKind::uncaught_exception: return "uncaught_exception";
    case FailureKind::deadlock: return "deadlock";
    case FailureKind::misuse: return "misuse";
    case FailureKind::step_limit: return "step_limit";
    case FailureKind::replay_diverged: return "replay_diverged";
    case FailureKind::nondeterminism: return "nondeterminism";
    case FailureKind::stack_overflow: return "stack_overflow";
    case FailureKind::unresponsive: return "unresponsive";
    case FailureKind::data_race: return "data_race";
    case FailureKind::lock_order_inversion: return "lock_order_inversion";
    case FailureKind::never_reached: return "never_reached";
  }
  return "unknown";
}

std::string print_document(const nlohmann::json& doc) { return doc.dump(2) + "\n"; }

}  // namespace weft::cli
