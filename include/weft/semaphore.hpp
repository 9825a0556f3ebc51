#pragma once
// weft::Semaphore and weft::BoundedSemaphore: Python's, built as CPython builds them, on a
// Condition over a Lock, so they are exact on both backends.
#include <atomic>
#include <cstdint>
#include <source_location>

#include "condition.hpp"
#include "detail/sim_reset.hpp"
#include "lock.hpp"
#include "name.hpp"
#include "timeout.hpp"

namespace weft {

/// A counter of permits (docs/python_semantics.md). acquire() takes one, waiting while there are none;
/// release(n) adds n and wakes up to n waiters. Negative initial value → ValueError.
/// Constructed outside explore(), every execution starts with the count it had when the
/// exploration began.
class Semaphore : private detail::SimResettable {
  using loc = std::source_location;

 public:
  explicit Semaphore(std::int64_t value = 1, loc where = loc::current());
  /// As above, and reports call it `name (Semaphore#4)`, its lock `name (Lock#3)`
  /// (docs/labels.md): `weft::Semaphore slots{weft::Name{"slots"}, 2};`.
  explicit Semaphore(Name name, std::int64_t value = 1, loc where = loc::current());
  virtual ~Semaphore() = default;
  Semaphore(const Semaphore&) = delete;
  Semaphore& operator=(const Semaphore&) = delete;

  /// blocking=false: try once. timeout (only with blocking): give up after it, returning
  /// false (a timeout <= 0 polls once). ValueError for blocking=false with a timeout.
  bool acquire(bool blocking = true, OptSeconds timeout = forever, loc where = loc::current());
  /// ValueError("n must be one or more") when n < 1. No upper bound (see BoundedSemaphore).
  virtual void release(std::int64_t n = 1, loc where = loc::current());
  /// The current count, read without the lock. Not a scheduling point; recorded as a `peek`
  /// of the semaphore's lock inside a simulation (see Event::is_set).
  std::int64_t value(loc where = loc::current()) const;

  void lock(loc where = loc::current()) { acquire(true, forever, where); }
  bool try_lock(loc where = loc::current()) { return acquire(false, forever, where); }
  void unlock(loc where = loc::current()) { release(1, where); }

 protected:
  Lock lock_;
  Condition cond_;
  std::atomic<std::int64_t> value_;  // changed under lock_; atomic so value() may read it unlocked

 private:
  std::unique_ptr<detail::SimSaved> sim_save() const override;
  void sim_restore(const detail::SimSaved& saved) override;
};

/// A Semaphore that refuses to go above its initial value: release(n) raises
/// ValueError("Semaphore released too many times") before changing anything.
class BoundedSemaphore : public Semaphore {
 public:
  explicit BoundedSemaphore(std::int64_t value = 1, std::source_location where = std::source_location::current());
  /// As above, named as Semaphore(Name, value) is (docs/labels.md).
  explicit BoundedSemaphore(Name name, std::int64_t value = 1,
                            std::source_location where = std::source_location::current());
  void release(std::int64_t n = 1, std::source_location where = std::source_location::current()) override;
  std::int64_t initial_value() const { return initial_; }

 private:
  std::int64_t initial_;
};

}  // namespace weft
