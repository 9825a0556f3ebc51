#pragma once
// Exceptions named after Python's, derived from the standard ones (DESIGN §5).
#include <source_location>
#include <stdexcept>
#include <string>

namespace weft {

/// Python's RuntimeError: an operation was used in a state that forbids it
/// (starting a thread twice, releasing an unlocked Lock, ...).
/// `misuse()` is true when weft raised it for an API-contract violation; if such an exception
/// escapes a simulated thread, the execution fails with FailureKind::misuse at `where()`.
class RuntimeError : public std::runtime_error {
 public:
  explicit RuntimeError(const std::string& what,
                        std::source_location where = std::source_location::current(),
                        bool misuse = true)
      : std::runtime_error(what), where_(where), misuse_(misuse) {}
  /// The user call that raised it.
  const std::source_location& where() const noexcept { return where_; }
  bool misuse() const noexcept { return misuse_; }

 private:
  std::source_location where_;
  bool misuse_;
};

/// Python's ValueError: an argument has the right type but a bad value (negative timeout, ...).
class ValueError : public std::invalid_argument {
 public:
  explicit ValueError(const std::string& what,
                      std::source_location where = std::source_location::current())
      : std::invalid_argument(what), where_(where) {}
  const std::source_location& where() const noexcept { return where_; }

 private:
  std::source_location where_;
};

/// Python's OverflowError: a finite timeout above TIMEOUT_MAX.
class OverflowError : public std::overflow_error {
 public:
  explicit OverflowError(const std::string& what,
                         std::source_location where = std::source_location::current())
      : std::overflow_error(what), where_(where) {}
  const std::source_location& where() const noexcept { return where_; }

 private:
  std::source_location where_;
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
