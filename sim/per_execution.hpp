#pragma once
// Typed state that lives exactly as long as one execution, for layers above sim/ (T0's
// Thread object, the per-thread at-exit lists behind weft::Local, the "Thread-N" counters of
// a simulation...). The Execution owns it and resets it when the execution ends, in place
// with its own per-run state, so nothing of one execution is seen by the next and nothing
// is keyed by an execution number in a thread-local (docs/exploration.md, "One execution").
#include <atomic>
#include <concepts>
#include <cstddef>
#include <memory>
#include <vector>

namespace weft::sim {

/// A slot's type T is default-constructible. When the execution ends, a T that was used in
/// it is put back by `value.reset()` if T has one (to keep capacity), else by `value = T{}`;
/// the slots used are reset newest first in the order of their first use in that execution,
/// so the order of destructors (which may run user code) is that of the program.
class PerExecutionSlots {
 public:
  PerExecutionSlots() = default;
  PerExecutionSlots(const PerExecutionSlots&) = delete;
  PerExecutionSlots& operator=(const PerExecutionSlots&) = delete;
  ~PerExecutionSlots() {
    reset();
    for (Slot& s : slots_)
      if (s.value != nullptr) s.destroy(s.value);
  }

  /// This execution's T, created on first use (the object is kept for later executions
  /// of the same Execution, reset in between).
  template <class T>
  T& get() {
    const std::size_t id = id_of<T>();
    if (id >= slots_.size()) slots_.resize(id + 1);
    Slot& s = slots_[id];
    if (s.value == nullptr) {
      s.value = new T();
      s.reset = [](void* p) {
        if constexpr (requires(T& t) { t.reset(); }) {
          static_cast<T*>(p)->reset();
        } else {
          *static_cast<T*>(p) = T{};
        }
      };
      s.destroy = [](void* p) { delete static_cast<T*>(p); };
    }
    if (!s.used) {
      s.used = true;
      used_.push_back(id);
    }
    return *static_cast<T*>(s.value);
  }

  /// This execution's T if get<T>() was called in it, else nullptr (nothing is created).
  template <class T>
  T* find() {
    const std::size_t id = id_of<T>();
    return id < slots_.size() && slots_[id].used ? static_cast<T*>(slots_[id].value) : nullptr;
  }

  /// Puts back every slot used since the last reset, newest first.
  void reset() noexcept {
    while (!used_.empty()) {  // a reset may use another slot: it is reset too
      const std::size_t id = used_.back();
      used_.pop_back();
      slots_[id].used = false;
      slots_[id].reset(slots_[id].value);
    }
  }

 private:
  struct Slot {
    void* value = nullptr;
    void (*reset)(void*) = nullptr;
    void (*destroy)(void*) = nullptr;
    bool used = false;
  };
  // Slot numbers, one per type, process-wide (several Executions run at once with jobs).
  template <class T>
  static std::size_t id_of() {
    static const std::size_t id = next_id().fetch_add(1, std::memory_order_relaxed);
    return id;
  }
  static std::atomic<std::size_t>& next_id() noexcept {
    static std::atomic<std::size_t> n{0};
    return n;
  }

  std::vector<Slot> slots_;       // by slot number
  std::vector<std::size_t> used_;  // slot numbers first used in this execution, in order
};

}  // namespace weft::sim
