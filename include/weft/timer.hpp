#pragma once
// weft::Timer: Python's threading.Timer, a Thread that calls a function after an interval.
#include <functional>
#include <source_location>
#include <string_view>
#include <tuple>
#include <utility>

#include "event.hpp"
#include "thread.hpp"
#include "timeout.hpp"

namespace weft {

/// Runs `function(args...)` once `interval` seconds after start(), unless cancel() came
/// first (docs/python_semantics.md). A zero or negative interval fires at once. cancel() after the function
/// began is harmless; cancel() before start() makes the thread return at once. Named
/// "Thread-N" like any automatically named thread. Not movable (it owns an Event).
/// In a trace its `finished` Event bears the timer's name as constructed ("Thread-1"), so
/// main's cancel() reads `Thread-1.cancel()` and the timer's own wait and set are located at
/// the line that called start() (docs/exploration.md, "User-level rows").
class Timer : public Thread {
 public:
  template <class F, class... Args>
  Timer(Seconds interval, F&& function, Args&&... args)
      : interval_(interval.count()),
        function_([fn = std::forward<F>(function), tup = std::make_tuple(std::forward<Args>(args)...)]() mutable {
          std::apply(fn, tup);
        }),
        finished_(std::string_view(name())) {}
  ~Timer() override;
  Timer(Timer&&) = delete;

  /// Thread::start, remembering `where` for the rows of the timer's own steps. (Started
  /// through a Thread&, those rows have no location.)
  void start(std::source_location where = std::source_location::current());
  /// Stops the timer if it is still waiting: sets finished(), one row `NAME.cancel()`.
  void cancel(std::source_location where = std::source_location::current());
  /// Set once the timer fired or was cancelled.
  Event& finished() { return finished_; }
  double interval() const { return interval_; }
  /// Python's Timer.function, Timer.args and Timer.kwargs in one: the callable run() calls,
  /// with the constructor's arguments already bound (copies), so calling it calls
  /// `function(args...)`. There are no separate args()/kwargs(): the arguments' types are
  /// erased into this callable. Calling it is not a scheduling point by itself.
  const std::function<void()>& function() const { return function_; }
  void run() override;

 private:
  double interval_;
  std::function<void()> function_;
  Event finished_;
  // Written by the first start() only, before the thread exists (Timer::start).
  std::source_location started_at_{};
};

}  // namespace weft
