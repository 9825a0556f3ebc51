// WEFT_* environment variables override Options (docs/exploration.md), so a CI failure can be replayed
// or widened locally without editing code.
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>

#include <weft/errors.hpp>
#include <weft/options.hpp>

namespace weft {

namespace {
std::uint64_t parse_count(const char* var, const char* text, bool allow_zero) {
  const std::string s(text);
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(s.c_str(), &end, 0);
  if (s.empty() || s[0] == '-' || end != s.c_str() + s.size() || errno == ERANGE || (!allow_zero && v == 0))
    throw UsageError(std::string(var) + "='" + s + "' is not a valid " + (allow_zero ? "" : "positive ") +
                     "integer: use a decimal or 0x-prefixed number");
  return v;
}

double parse_seconds(const char* var, const char* text) {
  const std::string s(text);
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || s[0] == ' ' || end != s.c_str() + s.size() || errno == ERANGE || !std::isfinite(v) || v < 0)
    throw UsageError(std::string(var) + "='" + s + "' is not a valid number of seconds: use a number such as 30 " +
                     "or 0.5 (0 = no time budget)");
  return v;
}

Progress parse_progress(const char* var, const char* text) {
  const std::string_view s(text);
  if (s == "auto") return Progress::auto_;
  if (s == "always") return Progress::always;
  if (s == "never") return Progress::never;
  throw UsageError(std::string(var) + "='" + std::string(s) + "' is not a progress mode: use auto, always or never");
}
bool parse_switch(const char* var, const char* text) {
  const std::string_view s(text);
  if (s == "1" || s == "on" || s == "true") return true;
  if (s == "0" || s == "off" || s == "false") return false;
  throw UsageError(std::string(var) + "='" + std::string(s) + "' is not a switch: use 1 (on) or 0 (off)");
}
}  // namespace

Options apply_environment(Options o) {
  if (const char* v = std::getenv("WEFT_SEED")) o.seed = parse_count("WEFT_SEED", v, true);
  if (const char* v = std::getenv("WEFT_MAX_EXECUTIONS")) o.max_executions = parse_count("WEFT_MAX_EXECUTIONS", v, false);
  if (const char* v = std::getenv("WEFT_MAX_STEPS")) o.max_steps = parse_count("WEFT_MAX_STEPS", v, false);
  if (const char* v = std::getenv("WEFT_STRATEGY")) {
    const std::optional<Strategy> s = parse_strategy(v);
    if (!s) throw UsageError(std::string("WEFT_STRATEGY='") + v + "' is not a strategy: use " + std::string(kStrategyNames));
    o.strategy = *s;
  }
  if (const char* v = std::getenv("WEFT_TIMEOUTS")) {
    const std::optional<TimeoutPolicy> p = parse_timeout_policy(v);
    if (!p) throw UsageError(std::string("WEFT_TIMEOUTS='") + v + "' is not a timeout policy: use when_idle or explore");
    o.timeouts = *p;
  }
  if (const char* v = std::getenv("WEFT_TIME_BUDGET")) o.time_budget_seconds = parse_seconds("WEFT_TIME_BUDGET", v);
  if (const char* v = std::getenv("WEFT_WATCHDOG")) o.watchdog_seconds = parse_seconds("WEFT_WATCHDOG", v);
  if (const char* v = std::getenv("WEFT_PROGRESS")) o.progress = parse_progress("WEFT_PROGRESS", v);
  if (const char* v = std::getenv("WEFT_RACES")) o.detect_races = parse_switch("WEFT_RACES", v);
  if (const char* v = std::getenv("WEFT_LOCK_ORDER")) o.detect_lock_order = parse_switch("WEFT_LOCK_ORDER", v);
  if (const char* v = std::getenv("WEFT_SURW_SELECTIVE")) o.surw_selective = parse_switch("WEFT_SURW_SELECTIVE", v);
  if (const char* v = std::getenv("WEFT_SHRINK")) o.shrink = parse_switch("WEFT_SHRINK", v);
  return o;
}

}  // namespace weft
