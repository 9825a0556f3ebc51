#pragma once
// weft::Atomic<T>: a sequentially consistent atomic; each operation is one scheduling point.
#include <atomic>
#include <source_location>
#include <type_traits>

#include "detail/sim_handle.hpp"
#include "detail/sim_reset.hpp"
#include "name.hpp"

namespace weft {

namespace detail {
// Two's-complement arithmetic, as std::atomic's fetch_add and fetch_sub define it for signed
// types too: the value a trace event records after a wrap (a plain signed `+` would be
// undefined there).
template <class T>
T wrapping_add(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
}
template <class T>
T wrapping_negate(T a) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(U{0} - static_cast<U>(a)));
}
}  // namespace detail

/// Like std::atomic<T> with memory_order_seq_cst everywhere. Inside explore() each operation
/// is indivisible and is one scheduling point; on real threads it is a std::atomic<T>.
/// Constructed outside explore(), every execution starts with the value it had when the
/// exploration began.
template <class T>
class Atomic : private detail::SimResettable {
  using loc = std::source_location;

 public:
  Atomic() : value_() { handle_.reset = this; }
  explicit Atomic(T initial) : value_(initial) { handle_.reset = this; }
  /// The two forms above, with a name that reports show as `name (Atomic#4)`
  /// (docs/labels.md): `weft::Atomic<int> hits{weft::Name{"hits"}, 0};`.
  explicit Atomic(Name name) : Atomic() { handle_.name = detail::sim_name(name.text); }
  Atomic(Name name, T initial) : Atomic(initial) { handle_.name = detail::sim_name(name.text); }
  Atomic(const Atomic&) = delete;
  Atomic& operator=(const Atomic&) = delete;

  T load(loc where = loc::current()) const {
    if (auto* ex = detail::current_execution()) {
      TraceEvent& ev = point(*ex, OpKind::atomic_load, where);
      T v = value_.load(std::memory_order_relaxed);
      detail::note_value(ev, v);
      return v;
    }
    return value_.load();
  }
  void store(T v, loc where = loc::current()) {
    if (auto* ex = detail::current_execution()) {
      detail::note_value(point(*ex, OpKind::atomic_store, where), v);
      value_.store(v, std::memory_order_relaxed);
      return;
    }
    value_.store(v);
  }
  /// Stores `v`, returns the previous value.
  T exchange(T v, loc where = loc::current()) {
    if (auto* ex = detail::current_execution()) {
      detail::note_value(point(*ex, OpKind::atomic_rmw, where), v);
      return value_.exchange(v, std::memory_order_relaxed);
    }
    return value_.exchange(v);
  }
  /// If the value equals `expected`, stores `desired` and returns true; otherwise loads the
  /// current value into `expected` and returns false. Never fails spuriously.
  bool compare_exchange(T& expected, T desired, loc where = loc::current()) {
    if (auto* ex = detail::current_execution()) {
      TraceEvent& ev = point(*ex, OpKind::atomic_rmw, where);
      bool ok = value_.compare_exchange_strong(expected, desired, std::memory_order_relaxed);
      detail::note_value(ev, ok ? desired : expected);
      ev.ok = ok;
      return ok;
    }
    return value_.compare_exchange_strong(expected, desired);
  }
  /// Adds `d`, returns the previous value. Integral T only.
  T fetch_add(T d, loc where = loc::current()) {
    if (auto* ex = detail::current_execution()) {
      TraceEvent& ev = point(*ex, OpKind::atomic_rmw, where);
      const T old = value_.fetch_add(d, std::memory_order_relaxed);
      detail::note_value(ev, detail::wrapping_add(old, d));
      return old;
    }
    return value_.fetch_add(d);
  }
  /// Subtracts `d`, returns the previous value. Integral T only.
  T fetch_sub(T d, loc where = loc::current()) {
    if (auto* ex = detail::current_execution()) {
      TraceEvent& ev = point(*ex, OpKind::atomic_rmw, where);
      const T old = value_.fetch_sub(d, std::memory_order_relaxed);
      detail::note_value(ev, detail::wrapping_add(old, detail::wrapping_negate(d)));
      return old;
    }
    return value_.fetch_sub(d);
  }
  operator T() const { return load(loc{}); }  // NOLINT: reads like std::atomic

 private:
  TraceEvent& point(sim::Execution& ex, OpKind op, loc where) const {
    return detail::sim_memory_access(ex, handle_, ObjectKind::atomic, op, where);
  }
  std::unique_ptr<detail::SimSaved> sim_save() const override {
    return std::make_unique<detail::SimSavedValue<T>>(value_.load(std::memory_order_relaxed));
  }
  void sim_restore(const detail::SimSaved& saved) override {
    value_.store(static_cast<const detail::SimSavedValue<T>&>(saved).value, std::memory_order_relaxed);
  }
  std::atomic<T> value_;
  mutable detail::SimHandle handle_;
};

}  // namespace weft
