// WEFT_* environment variables override Options (docs/exploration.md), so a CI failure can be replayed
// or widened locally without editing code.
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

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
unsigned parse_jobs(const char* var, const char* text) {
  if (std::string_view(text) == "auto") return 0;
  const std::uint64_t n = parse_count(var, text, true);
  if (n > kMaxJobs)
    throw UsageError(std::string(var) + "='" + text + "' is too many jobs: use at most " + std::to_string(kMaxJobs) +
                     ", or auto (one per hardware thread)");
  return static_cast<unsigned>(n);
}

// At most 2^24 MiB (16 TiB): more is surely a typo.
std::size_t parse_tree_mb(const char* var, const char* text) {
  const std::uint64_t mb = parse_count(var, text, true);
  if (mb > kMaxDporTreeMb)
    throw UsageError(std::string(var) + "='" + text + "' MiB is more memory than any machine has: use 0 to " +
                     std::to_string(kMaxDporTreeMb));
  return static_cast<std::size_t>(mb);
}

void apply_shard(Options& o, const char* var, const char* text) {
  const std::optional<std::pair<std::uint32_t, std::uint32_t>> shard = parse_shard(text);
  if (!shard)
    throw UsageError(std::string(var) + "='" + text +
                     "' is not a shard: use i/n, the 0-based shard index below the number of shards, such as 0/4 "
                     "... 3/4");
  o.shard_index = shard->first;
  o.shard_count = shard->second;
}

// Bazel's test sharding protocol: TEST_TOTAL_SHARDS and TEST_SHARD_INDEX, and touching
// TEST_SHARD_STATUS_FILE to say the test honours them.
void apply_bazel_sharding(Options& o) {
  const char* total = std::getenv("TEST_TOTAL_SHARDS");
  const char* index = std::getenv("TEST_SHARD_INDEX");
  if (total == nullptr && index == nullptr) return;
  if (total == nullptr || index == nullptr)
    throw UsageError(std::string(total == nullptr ? "TEST_SHARD_INDEX" : "TEST_TOTAL_SHARDS") +
                     " is set without " + (total == nullptr ? "TEST_TOTAL_SHARDS" : "TEST_SHARD_INDEX") +
                     ": set both (Bazel does), or use WEFT_SHARD=i/n");
  const std::uint64_t n = parse_count("TEST_TOTAL_SHARDS", total, false);
  const std::uint64_t i = parse_count("TEST_SHARD_INDEX", index, true);
  if (n > UINT32_MAX || i >= n)
    throw UsageError("TEST_SHARD_INDEX=" + std::string(index) + " is not below TEST_TOTAL_SHARDS=" + total +
                     ": the index is 0-based, from 0 to TEST_TOTAL_SHARDS - 1");
  o.shard_index = static_cast<std::uint32_t>(i);
  o.shard_count = static_cast<std::uint32_t>(n);
  if (const char* status = std::getenv("TEST_SHARD_STATUS_FILE"); status != nullptr && *status != '\0')
    if (std::FILE* f = std::fopen(status, "a")) std::fclose(f);
}
}  // namespace

std::optional<std::pair<std::uint32_t, std::uint32_t>> parse_shard(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto number = [](std::string_view digits) -> std::optional<std::uint64_t> {
    if (digits.empty() || digits.size() > 10 || digits.find_first_not_of("0123456789") != std::string_view::npos)
      return std::nullopt;
    std::uint64_t v = 0;
    for (const char c : digits) v = v * 10 + static_cast<std::uint64_t>(c - '0');
    return v;
  };
  const std::optional<std::uint64_t> i = number(text.substr(0, slash)), n = number(text.substr(slash + 1));
  if (!i || !n || *n == 0 || *n > UINT32_MAX || *i >= *n) return std::nullopt;
  return std::pair{static_cast<std::uint32_t>(*i), static_cast<std::uint32_t>(*n)};
}

Options apply_environment(Options o) {
  if (const char* v = std::getenv("WEFT_SEED")) o.seed = parse_count("WEFT_SEED", v, true);
  if (const char* v = std::getenv("WEFT_MAX_EXECUTIONS")) o.max_executions = parse_count("WEFT_MAX_EXECUTIONS", v, false);
  if (const char* v = std::getenv("WEFT_MAX_STEPS")) o.max_steps = parse_count("WEFT_MAX_STEPS", v, false);
  if (const char* v = std::getenv("WEFT_DPOR_TREE_MB")) o.dpor_tree_mb = parse_tree_mb("WEFT_DPOR_TREE_MB", v);
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
  if (const char* v = std::getenv("WEFT_SHARED_POINTS")) {
    const std::optional<SharedPoints> p = parse_shared_points(v);
    if (!p)
      throw UsageError(std::string("WEFT_SHARED_POINTS='") + v + "' is not a setting: use every_access or sync_only");
    o.shared_points = *p;
  }
  if (const char* v = std::getenv("WEFT_TIME_BUDGET")) o.time_budget_seconds = parse_seconds("WEFT_TIME_BUDGET", v);
  if (const char* v = std::getenv("WEFT_WATCHDOG")) o.watchdog_seconds = parse_seconds("WEFT_WATCHDOG", v);
  if (const char* v = std::getenv("WEFT_PROGRESS")) o.progress = parse_progress("WEFT_PROGRESS", v);
  if (const char* v = std::getenv("WEFT_RACES")) o.detect_races = parse_switch("WEFT_RACES", v);
  if (const char* v = std::getenv("WEFT_LOCK_ORDER")) o.detect_lock_order = parse_switch("WEFT_LOCK_ORDER", v);
  if (const char* v = std::getenv("WEFT_SURW_SELECTIVE")) o.surw_selective = parse_switch("WEFT_SURW_SELECTIVE", v);
  if (const char* v = std::getenv("WEFT_SHRINK")) o.shrink = parse_switch("WEFT_SHRINK", v);
  if (const char* v = std::getenv("WEFT_JOBS")) o.jobs = parse_jobs("WEFT_JOBS", v);
  if (const char* v = std::getenv("WEFT_REPLAY_MODE")) {
    const std::optional<ReplayMode> m = parse_replay_mode(v);
    if (!m) throw UsageError(std::string("WEFT_REPLAY_MODE='") + v + "' is not a replay mode: use strict or continue");
    o.replay_mode = *m;
  }
  if (const char* v = std::getenv("WEFT_HTML_DIR")) o.html_report = v;
  apply_bazel_sharding(o);
  if (const char* v = std::getenv("WEFT_SHARD")) apply_shard(o, "WEFT_SHARD", v);
  return o;
}

}  // namespace weft
