#pragma once
// ThreadTarget: what a weft::Thread runs, a move-only `void()` callable kept inside the
// Thread's shared state when it is small (internal; weft/thread.hpp builds it).
//
// Why not std::function: its buffer holds 16 bytes, so a lambda capturing three references
// (the usual test body: a lock, a counter, a flag) went to the heap, one allocation per
// thread per execution. Here up to kInline bytes stay in place, which covers a lambda
// capturing six references or a std::function itself. Being move-only, it also accepts
// callables that cannot be copied (a lambda owning a std::unique_ptr), as std::thread does.
#include <concepts>
#include <cstddef>
#include <functional>
#include <new>
#include <type_traits>
#include <utility>

namespace weft::detail {

template <class>
inline constexpr bool is_std_function_v = false;
template <class R, class... A>
inline constexpr bool is_std_function_v<std::function<R(A...)>> = true;

/// A move-only `void()` callable, or nothing. Stored in place when it fits in kInline bytes,
/// is no more aligned than std::max_align_t and moves without throwing; on the heap otherwise.
/// A moved-from ThreadTarget is empty.
class ThreadTarget {
 public:
  static constexpr std::size_t kInline = 48;

  /// Empty: calling it is an error (test with operator bool first).
  ThreadTarget() noexcept = default;
  /// Holds `f` (decayed). An empty std::function or null function pointer makes an empty
  /// target, as it did when the target was a std::function.
  template <class F>
    requires(!std::same_as<std::remove_cvref_t<F>, ThreadTarget> && std::invocable<std::decay_t<F>&>)
  ThreadTarget(F&& f) {  // NOLINT(google-explicit-constructor): a callable converts, as to std::function
    using Fn = std::decay_t<F>;
    // (A function passed by name decays to a pointer that cannot be null: not tested.)
    if constexpr (std::is_pointer_v<std::remove_cvref_t<F>> || is_std_function_v<Fn>) {
      if (f == nullptr) return;
    }
    if constexpr (fits_in_place<Fn>()) {
      ::new (static_cast<void*>(buf_)) Fn(std::forward<F>(f));
      ops_ = &kInPlaceOps<Fn>;
    } else {
      ::new (static_cast<void*>(buf_)) Fn*(new Fn(std::forward<F>(f)));
      ops_ = &kOnHeapOps<Fn>;
    }
  }
  ThreadTarget(ThreadTarget&& other) noexcept { take(other); }
  ThreadTarget& operator=(ThreadTarget&& other) noexcept {
    if (this != &other) {
      reset();
      take(other);
    }
    return *this;
  }
  ThreadTarget(const ThreadTarget&) = delete;
  ThreadTarget& operator=(const ThreadTarget&) = delete;
  ~ThreadTarget() { reset(); }

  explicit operator bool() const noexcept { return ops_ != nullptr; }
  /// Calls the callable (which must be there). Its exceptions propagate.
  void operator()() { ops_->call(buf_); }

 private:
  struct Ops {
    void (*call)(void* storage);
    void (*move)(void* from, void* to) noexcept;  // constructs at `to`, destroys at `from`
    void (*destroy)(void* storage) noexcept;
  };

  template <class Fn>
  static constexpr bool fits_in_place() {
    return sizeof(Fn) <= kInline && alignof(Fn) <= alignof(std::max_align_t) &&
           std::is_nothrow_move_constructible_v<Fn>;
  }
  template <class Fn>
  static constexpr Ops kInPlaceOps{
      [](void* s) { (*std::launder(static_cast<Fn*>(s)))(); },
      [](void* from, void* to) noexcept {
        Fn* f = std::launder(static_cast<Fn*>(from));
        ::new (to) Fn(std::move(*f));
        f->~Fn();
      },
      [](void* s) noexcept { std::launder(static_cast<Fn*>(s))->~Fn(); },
  };
  template <class Fn>
  static constexpr Ops kOnHeapOps{
      [](void* s) { (**std::launder(static_cast<Fn**>(s)))(); },
      [](void* from, void* to) noexcept { ::new (to) Fn*(*std::launder(static_cast<Fn**>(from))); },
      [](void* s) noexcept { delete *std::launder(static_cast<Fn**>(s)); },
  };

  void take(ThreadTarget& other) noexcept {
    if (other.ops_ == nullptr) return;
    other.ops_->move(other.buf_, buf_);
    ops_ = other.ops_;
    other.ops_ = nullptr;
  }
  void reset() noexcept {
    if (ops_ == nullptr) return;
    ops_->destroy(buf_);
    ops_ = nullptr;
  }

  alignas(std::max_align_t) unsigned char buf_[kInline];
  const Ops* ops_ = nullptr;
};

}  // namespace weft::detail
