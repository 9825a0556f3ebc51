// weft::replay with recorded names (<weft/replay_names.hpp>, docs/replay.md): options from the
// environment and the watchdog, as weft::replay, then the model's runner with the names.
#include <weft/replay_names.hpp>

#include "api/search_console.hpp"
#include "api/watchdog.hpp"
#include "model/explorer.hpp"

namespace weft {

Result replay(std::string_view schedule, const RecordedNames& names, const std::function<void()>& body,
              const Options& options) {
  const Options o = options.use_environment ? apply_environment(options) : options;
  const detail::Watchdog watchdog(o.watchdog_seconds);
  return model::replay_body(schedule, o, body, detail::stopwatch(), &names);
}

}  // namespace weft
