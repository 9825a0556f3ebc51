// weft::explore / weft::replay: options from the environment, the wall clock for statistics
// and budgets (kept out of model/), then the model's runner.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include <unistd.h>

#include <weft/detail/sim_handle.hpp>
#include <weft/explore.hpp>

#include "api/html_file.hpp"
#include "api/search_console.hpp"
#include "api/watchdog.hpp"
#include "model/explorer.hpp"

namespace weft {

Result explore(const Options& options, const std::function<void()>& body) {
  const Options o = options.use_environment ? apply_environment(options) : options;
  const detail::Watchdog watchdog(o.watchdog_seconds);
  if (options.use_environment)
    if (const char* schedule = std::getenv("WEFT_REPLAY"); schedule != nullptr && *schedule != '\0')
      return detail::with_html_report(o, model::replay_body(schedule, o, body, detail::stopwatch()));
  // Each parallel worker's OS thread gets a watchdog of its own.
  const double seconds = o.watchdog_seconds;
  const model::WorkerSetup setup = [seconds] { return std::make_shared<detail::Watchdog>(seconds); };
  return detail::with_html_report(o, model::explore_body(o, body, detail::stopwatch(), detail::progress_to_stderr(), setup));
}

Result explore(const std::function<void()>& body) { return explore(Options{}, body); }

Result replay(std::string_view schedule, const std::function<void()>& body, const Options& options) {
  const Options o = options.use_environment ? apply_environment(options) : options;
  const detail::Watchdog watchdog(o.watchdog_seconds);
  return detail::with_html_report(o, model::replay_body(schedule, o, body, detail::stopwatch()));
}

bool in_simulation() noexcept { return detail::current_execution() != nullptr; }

}  // namespace weft
