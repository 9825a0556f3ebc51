#pragma once
// Running a program body under the simulator.
#include <functional>
#include <string_view>

#include "options.hpp"
#include "result.hpp"

namespace weft {

/// Runs `body` up to options.max_executions times, each time as a fresh simulated execution
/// (its threads are fibers on the calling OS thread), and stops at the first failure.
/// Honours WEFT_SEED / WEFT_STRATEGY / WEFT_MAX_EXECUTIONS; if WEFT_REPLAY is set it replays
/// that schedule instead. The body must be deterministic apart from weft's own primitives.
/// Throws UsageError for bad options. Must not be called from inside a simulation.
Result explore(const Options& options, const std::function<void()>& body);
/// explore() with default options.
Result explore(const std::function<void()>& body);

/// Runs `body` once, following the schedule string printed by a failing exploration.
/// The result fails the same way, or with FailureKind::replay_diverged saying at which step
/// the program stopped matching. Throws UsageError when `schedule` is malformed.
Result replay(std::string_view schedule, const std::function<void()>& body,
              const Options& options = {});

/// True inside explore()/replay() (on a simulated thread); false on real threads.
bool in_simulation() noexcept;

}  // namespace weft
