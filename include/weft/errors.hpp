#pragma once
// Exceptions named after Python's, derived from the standard ones (docs/python_semantics.md).
#include <source_location>
#include <stdexcept>
#include <string>

namespace weft {

// Each of RuntimeError, ValueError and OverflowError has two constructors:
// - E(what): an ordinary exception raised by user code. Escaping a simulated thread it fails
//   the execution as FailureKind::uncaught_exception; where() is empty.
// - E(what, where, misuse = true): weft's own checks of an API contract (a bad argument, a
//   call in a state that forbids it), `where` being the user call at fault. Escaping a
//   simulated thread it fails the execution as FailureKind::misuse at `where`, unless
//   `misuse` is false (errors that are ordinary outcomes, like BrokenBarrierError).

/// Python's RuntimeError: an operation was used in a state that forbids it
/// (starting a thread twice, releasing an unlocked Lock, ...).
class RuntimeError : public std::runtime_error {
 public:
  explicit RuntimeError(const std::string& what) : std::runtime_error(what), misuse_(false) {}
  RuntimeError(const std::string& what, std::source_location where, bool misuse = true)
      : std::runtime_error(what), where_(where), misuse_(misuse) {}
  /// The user call that raised it (empty for E(what)).
  const std::source_location& where() const noexcept { return where_; }
  /// True when weft raised it for an API-contract violation.
  bool misuse() const noexcept { return misuse_; }

 private:
  std::source_location where_;
  bool misuse_;
};

/// Python's ValueError: an argument has the right type but a bad value (negative timeout, ...).
class ValueError : public std::invalid_argument {
 public:
  explicit ValueError(const std::string& what) : std::invalid_argument(what), misuse_(false) {}
  ValueError(const std::string& what, std::source_location where, bool misuse = true)
      : std::invalid_argument(what), where_(where), misuse_(misuse) {}
  /// The user call that raised it (empty for E(what)).
  const std::source_location& where() const noexcept { return where_; }
  /// True when weft raised it for an API-contract violation.
  bool misuse() const noexcept { return misuse_; }

 private:
  std::source_location where_;
  bool misuse_;
};

/// Python's OverflowError: a finite timeout above TIMEOUT_MAX.
class OverflowError : public std::overflow_error {
 public:
  explicit OverflowError(const std::string& what) : std::overflow_error(what), misuse_(false) {}
  OverflowError(const std::string& what, std::source_location where, bool misuse = true)
      : std::overflow_error(what), where_(where), misuse_(misuse) {}
  /// The user call that raised it (empty for E(what)).
  const std::source_location& where() const noexcept { return where_; }
  /// True when weft raised it for an API-contract violation.
  bool misuse() const noexcept { return misuse_; }

 private:
  std::source_location where_;
  bool misuse_;
};

/// Python's TimeoutError (also concurrent.futures.TimeoutError).
class TimeoutError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Thrown by weft::check outside a simulation (on real threads) when the condition is false.
/// Inside explore/replay a failed check ends the execution instead, and is reported.
class CheckFailed : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

/// A schedule string that cannot be decoded, or options that make no sense.
/// The message says what is wrong and how to fix it.
class UsageError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace weft
