#pragma once
// Fibers on Boost.Context's fcontext, the cheapest switch Boost offers: one jump (on x86-64,
// weft's own version of it, sim/fiber_switch_x86_64.S, which keeps the CPU's return
// predictions right), with pooled stacks and ASan/TSan annotations at every switch.
#include <boost/context/detail/fcontext.hpp>

#include <cstddef>
#include <vector>

namespace weft::sim {

/// Bytes of inaccessible guard below every fiber stack: a frame up to this size that
/// overflows the stack faults in the guard (reported as a stack overflow) instead of
/// writing into the neighbouring stack. Larger frames can jump it unless the code is built
/// with -fstack-clash-protection. Costs address space only (never backed by memory).
inline constexpr std::size_t kGuardBytes = 64 * 1024;

/// A stack from the pool: [base, base + size) with kGuardBytes of guard below base.
struct Stack {
  void* base = nullptr;
  std::size_t size = 0;
  unsigned valgrind_id = 0;  // the stack as registered with valgrind (0 when not running under it)
};

/// Maps stacks of one size, unmapped when the pool goes. Each thread record of an Execution
/// keeps the stack it was given from one execution to the next (Fiber::reset keeps it), so
/// steady-state exploration maps nothing and hands nothing back and forth.
class StackPool {
 public:
  explicit StackPool(std::size_t stack_size);
  ~StackPool();
  StackPool(const StackPool&) = delete;
  StackPool& operator=(const StackPool&) = delete;

  /// A new stack, with a guard page below it.
  Stack take();
  /// Forgets frames that were left without returning (their sanitizer poison, under ASan),
  /// so the stack can be reused cleanly.
  static void forget_frames(const Stack& s);
  std::size_t stack_size() const { return size_; }
  /// Stacks mapped so far (for tests and benchmarks).
  std::size_t mapped() const { return all_.size(); }

 private:
  std::size_t size_;
  std::vector<Stack> all_;
};

/// One execution context. The host fiber wraps the OS thread's own stack; every other fiber
/// runs `entry(arg)` on a pooled stack. `entry` must never return: it ends with
/// switch_final().
class Fiber {
 public:
  using Entry = void (*)(void* arg);

  /// The C++ runtime's per-thread exception state (caught-exception stack, uncaught count),
  /// kept per fiber: a fiber may switch inside a catch handler or while unwinding.
  struct EhState {
    void* caught = nullptr;
    unsigned int uncaught = 0;
  };

  Fiber() = default;
  /// Prepares the fiber to run entry(arg) on `stack` at its first resume.
  void prepare(Stack stack, Entry entry, void* arg);
  bool prepared() const { return ctx_ != nullptr; }
  /// std::uncaught_exceptions() of this fiber as of its last switch away.
  unsigned uncaught_exceptions() const { return eh_.uncaught; }
  const Stack& stack() const { return stack_; }
  /// Drops the context (after the fiber finished) so the record can be reused; the stack
  /// stays with it, for the next prepare() (stack()).
  void reset() { ctx_ = nullptr; }

  /// Suspends `from` (the running fiber) and resumes `to`. Returns when someone resumes
  /// `from` again.
  static void switch_to(Fiber& from, Fiber& to);
  /// Leaves the finishing fiber `from` for `to`, never to come back; from's stack may be
  /// reused as soon as `to` runs.
  [[noreturn]] static void switch_final(Fiber& from, Fiber& to);

 private:
  static void trampoline(boost::context::detail::transfer_t t);
  static void on_arrival(boost::context::detail::transfer_t t, Fiber& self);

  boost::context::detail::fcontext_t ctx_ = nullptr;
  Stack stack_{};
  Entry entry_ = nullptr;
  void* arg_ = nullptr;
  // Sanitizer bookkeeping, read only in builds with that sanitizer (fiber.cpp's WEFT_ASAN and
  // WEFT_TSAN); declared in every build so the class has one layout whatever the flags.
  void* asan_fake_stack_ = nullptr;                    // ASan, while suspended
  [[maybe_unused]] const void* asan_bottom_ = nullptr;  // ASan: the stack's bounds
  [[maybe_unused]] std::size_t asan_size_ = 0;
  [[maybe_unused]] void* tsan_fiber_ = nullptr;  // TSan's fiber handle
  bool finishing_ = false;
  Fiber* next_ = nullptr;            // set just before a switch: who is being resumed
  EhState eh_;
};

}  // namespace weft::sim
