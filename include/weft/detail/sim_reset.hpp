#pragma once
// Public objects whose own data must start every simulated execution afresh (internal).
#include <cstdint>
#include <memory>
#include <type_traits>
#include <utility>

namespace weft::sim {
class ObjectSnapshots;  // sim/object_snapshots.hpp
}

namespace weft::detail {

/// A copy of a resettable object's data, owned by the exploration that took it.
struct SimSaved {
  virtual ~SimSaved() = default;
};

/// Whether a T can really be copied: std::is_copy_constructible, also looking into a
/// container's value_type (std::vector<std::unique_ptr<X>> claims to be copyable, and is not).
template <class T, class = void>
struct SimCopyable : std::is_copy_constructible<T> {};
template <class T>
struct SimCopyable<T, std::void_t<typename T::value_type>>
    : std::bool_constant<std::is_copy_constructible_v<T> &&
                         (std::is_same_v<typename T::value_type, T> || SimCopyable<typename T::value_type>::value)> {};
template <class T>
inline constexpr bool kSimCopyable = SimCopyable<T>::value;

/// A SimSaved holding one value.
template <class T>
struct SimSavedValue final : SimSaved {
  explicit SimSavedValue(T v) : value(std::move(v)) {}
  T value;
};

/// Implemented by the public objects that keep data of their own beside the simulator's
/// per-execution records (a Semaphore's count, an Event's flag, a Queue's items, a Shared's
/// value...). Such an object puts a pointer to itself in the SimHandle that its every
/// simulated operation resolves first (SimHandle::reset). When that handle is stale (the
/// object was constructed outside the running execution), the exploration copies the data the
/// first time it meets the object (sim_save) and puts the copy back at the object's first use
/// in every later execution, and when the exploration ends (sim_restore). Objects constructed
/// inside an execution are never stale in it, so they pay nothing but the pointer.
/// See docs/outside_objects.md.
class SimResettable {
 public:
  SimResettable(const SimResettable&) = delete;
  SimResettable& operator=(const SimResettable&) = delete;

  /// A copy of the data as it is now. Throws UsageError when the data cannot be copied.
  virtual std::unique_ptr<SimSaved> sim_save() const = 0;
  /// Puts back `saved`, which sim_save of this object returned.
  virtual void sim_restore(const SimSaved& saved) = 0;

 protected:
  SimResettable() = default;
  ~SimResettable() {
    if (sim_slot_ != kNoSlot) sim_forget(*this);
  }

 private:
  friend class sim::ObjectSnapshots;
  static constexpr std::uint32_t kNoSlot = 0xffffffffu;
  /// Tells the exploration holding a copy of `r`'s data that `r` is gone. Defined in sim/.
  static void sim_forget(SimResettable& r) noexcept;
  std::uint32_t sim_slot_ = kNoSlot;  // its entry in the running exploration's snapshots
};

}  // namespace weft::detail
