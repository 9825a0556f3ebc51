// libFuzzer target: weft::apply_environment (model/environment.cpp), the parser of the WEFT_*
// variables and of Bazel's TEST_TOTAL_SHARDS / TEST_SHARD_INDEX / TEST_SHARD_STATUS_FILE, and
// weft::parse_shard, which WEFT_SHARD and `weft run --shard` share.
//
// An input is lines "NAME=value" (fuzz/environment.dict names the variables). Before each
// input every variable below is unset; each line naming one of them sets it (a later line wins;
// other lines are ignored). TEST_SHARD_STATUS_FILE, which apply_environment touches, is pointed
// at /dev/null whatever its value (empty stays empty), so fuzzing creates no files.
// The contract checked: apply_environment either throws weft::UsageError or returns options
// within their documented ranges (shard_index < shard_count, jobs <= kMaxJobs, time budget and
// watchdog finite and >= 0); parse_shard returns nullopt or i < n. A finding: a crash, a
// sanitizer report, another exception type, a hang, or a range broken (__builtin_trap()).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <string>
#include <string_view>

#include <weft/errors.hpp>
#include <weft/options.hpp>

namespace {

// TEST_SHARD_STATUS_FILE must stay last (see below).
constexpr const char* kVariables[] = {
    "WEFT_SEED",        "WEFT_MAX_EXECUTIONS", "WEFT_MAX_STEPS",      "WEFT_STRATEGY", "WEFT_TIMEOUTS",
    "WEFT_TIME_BUDGET", "WEFT_WATCHDOG",       "WEFT_PROGRESS",       "WEFT_RACES",    "WEFT_LOCK_ORDER",
    "WEFT_SURW_SELECTIVE", "WEFT_SHRINK",      "WEFT_JOBS",           "WEFT_SHARD",    "TEST_TOTAL_SHARDS",
    "WEFT_DPOR_TREE_MB", "WEFT_SHARED_POINTS", "TEST_SHARD_INDEX", "TEST_SHARD_STATUS_FILE"};

constexpr std::size_t kCount = std::size(kVariables);

// The variables' "NAME=value" strings, handed to putenv (which keeps the pointer, so the string
// lives here and changes only while its variable is unset). setenv would copy every distinct
// value into memory glibc never frees, and the fuzzer's memory would grow without bound.
std::string assignments[kCount];

// kVariables' index of `name`, or kCount.
std::size_t index_of(std::string_view name) {
  std::size_t i = 0;
  while (i < kCount && name != kVariables[i]) ++i;
  return i;
}

void check_shard(std::string_view text) {
  if (const auto shard = weft::parse_shard(text); shard && !(shard->first < shard->second)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  for (const char* v : kVariables) unsetenv(v);
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  for (std::size_t start = 0; start <= input.size();) {
    std::size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    const std::string_view line = input.substr(start, end - start);
    start = end + 1;
    const std::size_t eq = line.find('=');
    const std::size_t i = eq == std::string_view::npos ? kCount : index_of(line.substr(0, eq));
    if (i == kCount) continue;
    std::string value(line.substr(eq + 1));
    value.resize(std::string_view(value.c_str()).size());  // a NUL ends the value, as in a real environment
    check_shard(value);
    if (i == kCount - 1 && !value.empty()) value = "/dev/null";  // TEST_SHARD_STATUS_FILE
    unsetenv(kVariables[i]);
    assignments[i] = std::string(kVariables[i]) + "=" + value;
    putenv(assignments[i].data());
  }
  weft::Options o;
  try {
    o = weft::apply_environment(o);
  } catch (const weft::UsageError&) {
    return 0;
  }
  if (o.shard_count == 0 || o.shard_index >= o.shard_count) __builtin_trap();
  if (o.jobs > weft::kMaxJobs) __builtin_trap();
  if (!std::isfinite(o.time_budget_seconds) || o.time_budget_seconds < 0) __builtin_trap();
  if (!std::isfinite(o.watchdog_seconds) || o.watchdog_seconds < 0) __builtin_trap();
  return 0;
}
