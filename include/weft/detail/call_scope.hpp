#pragma once
// Marks one public call (Queue.get, Future.result, submit...) on the calling simulated thread,
// so the steps it performs are shown as one row of the lane table (docs/exploration.md,
// "User-level rows"). Not a scheduling point; does nothing on real threads.
#include <cstdint>
#include <optional>
#include <source_location>

#include "../timeout.hpp"
#include "../trace.hpp"
#include "sim_handle.hpp"

namespace weft::detail {

class CallScope {
 public:
  /// Begins a call of `kind` on `object` (may be null) at the user's `where`. A call made
  /// inside another call of the same thread is part of the outer one (nothing recorded).
  CallScope(CallKind kind, const SimHandle* object, std::source_location where) noexcept;
  /// Ends the call: returned() if the scope was told so, else it raised (or never ended).
  ~CallScope();
  CallScope(const CallScope&) = delete;
  CallScope& operator=(const CallScope&) = delete;

  /// The call's argument (put(3), release(2)) and timeout in seconds, if any.
  void arg(std::int64_t v) noexcept;
  void timeout(std::optional<double> seconds) noexcept;
  void timeout(const OptSeconds& t) noexcept { timeout(t ? std::optional<double>(t->count()) : std::nullopt); }
  /// The call returns now: with no value, a number, or a bool (prints True/False).
  void returned() noexcept;
  /// returned(), and the call ends now rather than with the scope (steps after it, such as
  /// done-callbacks running user code, are the thread's own again).
  void end() noexcept;
  void returned_value(std::int64_t v) noexcept;
  void returned_bool(bool b) noexcept;
  /// As returned_value when T is integral/enum/bool-like (note_value's rule), else returned().
  template <class T>
  void returned_traceable(const T& v) noexcept {
    if constexpr (std::is_same_v<T, bool>) returned_bool(v);
    else if constexpr (kTraceable<T>) returned_value(static_cast<std::int64_t>(v));
    else returned();
  }
  template <class T>
  void arg_traceable(const T& v) noexcept {
    if constexpr (kTraceable<T>) arg(static_cast<std::int64_t>(v));
  }

 private:
  UserCall* record() noexcept;
  sim::Execution* ex_ = nullptr;
  std::uint64_t epoch_ = 0;
  std::uint32_t index_ = kNoCall;
};

}  // namespace weft::detail
