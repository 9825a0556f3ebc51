// weft::outcomes / weft::replay_outcome: options from the environment and the watchdog, as
// weft::explore, then the model's outcome search (docs/outcomes.md).
#include <weft/outcomes.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include <unistd.h>

#include <weft/errors.hpp>

#include "api/search_console.hpp"
#include "api/watchdog.hpp"
#include "model/outcome_search.hpp"

namespace weft {

Outcomes outcomes(const Options& options, const std::function<void()>& body) {
  const Options o = options.use_environment ? apply_environment(options) : options;
  if (options.use_environment)
    if (const char* schedule = std::getenv("WEFT_REPLAY"); schedule != nullptr && *schedule != '\0')
      throw UsageError("WEFT_REPLAY is set: weft::outcomes explores a histogram, it does not replay one schedule; "
                       "unset it, or use weft::replay_outcome");
  const detail::Watchdog watchdog(o.watchdog_seconds);
  return model::search_outcomes(o, body, detail::stopwatch(), detail::progress_to_stderr());
}

Outcome replay_outcome(std::string_view schedule, const std::function<void()>& body, const Options& options) {
  const Options o = options.use_environment ? apply_environment(options) : options;
  const detail::Watchdog watchdog(o.watchdog_seconds);
  return model::replay_outcome_body(schedule, o, body);
}

}  // namespace weft
