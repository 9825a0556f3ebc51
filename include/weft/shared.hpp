#pragma once
// weft::Shared<T>: a plain shared variable whose every read and write is a scheduling point
// (unless Options::shared_points is sync_only).
#include <atomic>
#include <mutex>
#include <source_location>
#include <type_traits>
#include <utility>

#include "detail/sim_handle.hpp"
#include "detail/sim_reset.hpp"
#include "errors.hpp"
#include "name.hpp"

namespace weft {

namespace detail {
/// Whether std::atomic_ref<T> can hold T lock-free (trivially copyable, small).
template <class T>
constexpr bool atomic_ref_lock_free() {
  if constexpr (std::is_trivially_copyable_v<T> && sizeof(T) <= 8 && (sizeof(T) & (sizeof(T) - 1)) == 0)
    return std::atomic<T>::is_always_lock_free;
  else
    return false;
}
template <class T>
inline constexpr bool kAtomicRefOk = atomic_ref_lock_free<T>();
template <class T>
constexpr std::size_t atomic_ref_alignment() {
  if constexpr (kAtomicRefOk<T>)
    return std::atomic_ref<T>::required_alignment;
  else
    return alignof(T);
}
struct NoMutex {};

/// A value that carries the source location of the expression that produced it, so that
/// `x = x + 1` records the user's line for the write.
template <class T>
struct Located {
  T value;
  std::source_location where;
  template <class U>
    requires std::is_convertible_v<U, T>
  Located(U&& v, std::source_location w = std::source_location::current())  // NOLINT
      : value(std::forward<U>(v)), where(w) {}
};
}  // namespace detail

/// Tag for a Shared<T> whose unsynchronised accesses are deliberate (a flag polled without a
/// lock, a statistics counter): the race detector does not report races on it.
/// `weft::Shared<bool> stop{false, weft::benign_race};`
struct BenignRace {
  explicit constexpr BenignRace() = default;
};
inline constexpr BenignRace benign_race{};

/// A plain (non-atomic) shared variable, as a Python global is. Two accesses from different
/// threads, one a write, that no synchronisation orders are reported as a data race
/// (Options::detect_races) in whatever execution they occur. Inside explore() each read
/// and each write is its own scheduling point, so `x = x + 1` is a read, a possible switch,
/// then a write: the lost update is reachable. Under SharedPoints::sync_only they are not
/// (only synchronisation is scheduled) and the race detector reports that lost update as a
/// data race instead; a benign_race Shared stays a scheduling point. On real threads reads
/// and writes are individually indivisible (relaxed atomics or a small lock), never undefined
/// behaviour.
/// Use `load()`/`store()` for exact source lines in traces; the implicit conversion records
/// its read without one. Constructed outside explore(), every execution starts with the value
/// it had when the exploration began (a copy is kept: T must then be copyable, else its first
/// use in the exploration raises UsageError).
template <class T>
class Shared : private detail::SimResettable {
 public:
  Shared() : value_() { handle_.reset = this; }
  explicit Shared(T initial) : value_(std::move(initial)) { handle_.reset = this; }
  /// A deliberate race: accesses are still scheduling points, but never reported as a data
  /// race (docs/detectors.md).
  Shared(T initial, BenignRace) : Shared(std::move(initial)) { handle_.benign_race = true; }
  /// The three forms above, with a name that reports show as `name (Shared#4)`
  /// (docs/labels.md): `weft::Shared<int> counter{weft::Name{"counter"}, 0};`. The name
  /// comes first and is a weft::Name, never a bare string, so `Shared<std::string> s{"abc"}`
  /// stays a value.
  explicit Shared(Name name) : Shared() { handle_.name = detail::sim_name(name.text); }
  Shared(Name name, T initial) : Shared(std::move(initial)) { handle_.name = detail::sim_name(name.text); }
  Shared(Name name, T initial, BenignRace) : Shared(std::move(initial), benign_race) {
    handle_.name = detail::sim_name(name.text);
  }
  Shared(const Shared&) = delete;
  Shared& operator=(const Shared&) = delete;

  /// Reads the value (one scheduling point; under SharedPoints::sync_only, none).
  T load(std::source_location where = std::source_location::current()) const {
    if (auto* ex = detail::current_execution()) {
      TraceEvent& ev = detail::sim_shared_access(*ex, handle_, OpKind::shared_read, where);
      T v = value_;
      detail::note_value(ev, v);
      return v;
    }
    return os_load();
  }
  /// Writes the value (one scheduling point; under SharedPoints::sync_only, none).
  void store(T v, std::source_location where = std::source_location::current()) {
    if (auto* ex = detail::current_execution()) {
      TraceEvent& ev = detail::sim_shared_access(*ex, handle_, OpKind::shared_write, where);
      detail::note_value(ev, v);
      value_ = std::move(v);
      return;
    }
    os_store(std::move(v));
  }

  operator T() const { return load(std::source_location{}); }  // NOLINT: reads like Python
  Shared& operator=(detail::Located<T> v) {
    store(std::move(v.value), v.where);
    return *this;
  }
  /// `x += d` is a read then a write: two scheduling points, not atomic (like Python's).
  Shared& operator+=(detail::Located<T> d) {
    store(load(d.where) + d.value, d.where);
    return *this;
  }
  Shared& operator-=(detail::Located<T> d) {
    store(load(d.where) - d.value, d.where);
    return *this;
  }

 private:
  static constexpr bool kLockFree = detail::kAtomicRefOk<T>;

  std::unique_ptr<detail::SimSaved> sim_save() const override {
    if constexpr (detail::kSimCopyable<T>)
      return std::make_unique<detail::SimSavedValue<T>>(value_);
    else
      throw UsageError("weft: a Shared<T> of a non-copyable T was constructed outside explore() and used "
                       "inside: its value cannot be reset between executions; construct it in the body");
  }
  void sim_restore(const detail::SimSaved& saved) override {
    if constexpr (detail::kSimCopyable<T>) value_ = T(static_cast<const detail::SimSavedValue<T>&>(saved).value);
  }

  T os_load() const {
    if constexpr (kLockFree) {
      return std::atomic_ref<T>(const_cast<T&>(value_)).load(std::memory_order_relaxed);
    } else {
      std::lock_guard g(os_mutex_);
      return value_;
    }
  }
  void os_store(T v) {
    if constexpr (kLockFree) {
      std::atomic_ref<T>(value_).store(v, std::memory_order_relaxed);
    } else {
      std::lock_guard g(os_mutex_);
      value_ = std::move(v);
    }
  }

  // In the simulator only one fiber runs at a time, so the value is a plain member there.
  alignas(detail::atomic_ref_alignment<T>()) T value_;
  [[no_unique_address]] mutable std::conditional_t<kLockFree, detail::NoMutex, std::mutex> os_mutex_;
  mutable detail::SimHandle handle_;
};

}  // namespace weft
