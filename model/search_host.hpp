#pragma once
// What the API layer lends an exploration: the wall clock (for statistics and budgets only,
// never for a scheduling decision: model/ reads no clock) and the setup of the OS threads that
// run executions in parallel (the watchdog, which lives in api/).
#include <functional>
#include <memory>

namespace weft::model {

/// Seconds since the exploration began. Called from several workers at once: thread-safe.
using ElapsedFn = std::function<double()>;

/// Called first on each OS thread that will run executions for the exploration besides the
/// calling one; what it returns lives until that thread stops running them (the API layer
/// returns a watchdog for the thread). Empty: nothing to set up.
using WorkerSetup = std::function<std::shared_ptr<void>()>;

}  // namespace weft::model
