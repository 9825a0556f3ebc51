// weft::outcomes / weft::replay_outcome: options from the environment and the watchdog, as
// weft::explore, then the model's outcome search (docs/outcomes.md).
#include <weft/outcomes.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include <unistd.h>

#include <weft/errors.hpp>

#include "api/watchdog.hpp"
#include "model/outcome_search.hpp"

namespace weft {

namespace {
model::ElapsedFn stopwatch() {
  const auto start = std::chrono::steady_clock::now();
  return [start] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
}

// The progress line of a long search goes to stderr, as explore()'s does.
model::ProgressOutput to_stderr() {
  return {[](std::string_view text) {
            std::fwrite(text.data(), 1, text.size(), stderr);
            std::fflush(stderr);
          },
          ::isatty(2) == 1};
}
}  // namespace

Outcomes outcomes(const Options& options, const std::function<void()>& body) {
  const Options o = options.use_environment ? apply_environment(options) : options;
  if (options.use_environment)
    if (const char* schedule = std::getenv("WEFT_REPLAY"); schedule != nullptr && *schedule != '\0')
      throw UsageError("WEFT_REPLAY is set: weft::outcomes explores a histogram, it does not replay one schedule; "
                       "unset it, or use weft::replay_outcome");
  const detail::Watchdog watchdog(o.watchdog_seconds);
  return model::search_outcomes(o, body, stopwatch(), to_stderr());
}

Outcome replay_outcome(std::string_view schedule, const std::function<void()>& body, const Options& options) {
  const Options o = options.use_environment ? apply_environment(options) : options;
  const detail::Watchdog watchdog(o.watchdog_seconds);
  return model::replay_outcome_body(schedule, o, body);
}

}  // namespace weft
