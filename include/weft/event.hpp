#pragma once
// weft::Event: Python's threading.Event, built as CPython builds it (Condition over a Lock).
#include <atomic>
#include <source_location>
#include <string_view>

#include "condition.hpp"
#include "detail/sim_reset.hpp"
#include "lock.hpp"
#include "timeout.hpp"

namespace weft {

/// A flag threads can wait for (docs/python_semantics.md). wait() returns true when the flag is set or a
/// set() woke it — even if a clear() ran before it returned (Python's documented behaviour);
/// false only when a timeout expired. wait(0) returns the flag at once.
/// Constructed outside explore(), every execution starts with the flag it had when the
/// exploration began.
class Event : private detail::SimResettable {
  using loc = std::source_location;

 public:
  Event();
  /// An Event that reports call `name (Event#4)`, its lock `name (Lock#3)` (docs/labels.md).
  /// An empty name is no name. Otherwise exactly Event().
  explicit Event(std::string_view name);
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;

  /// Reads the flag without the lock. Not a scheduling point; inside a simulation the read
  /// is recorded as a `peek` of the Event's lock, so partial-order reduction orders it
  /// against set() and clear().
  bool is_set(loc where = loc::current()) const;
  void set(loc where = loc::current());
  void clear(loc where = loc::current());
  bool wait(OptSeconds timeout = forever, loc where = loc::current());

 private:
  friend class Timer;  // its cancel() is one call on its `finished` Event (api/timer.cpp)
  std::unique_ptr<detail::SimSaved> sim_save() const override;
  void sim_restore(const detail::SimSaved& saved) override;

  Lock lock_;
  Condition cond_;
  std::atomic<bool> flag_{false};
};

}  // namespace weft
