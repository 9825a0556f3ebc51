#include "fiber.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cxxabi.h>

#include <cstddef>
#include <new>

#include <weft/detail/engine_bug.hpp>

#include "context_switch.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define WEFT_ASAN 1
#endif
#if defined(__SANITIZE_THREAD__)
#define WEFT_TSAN 1
#endif
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WEFT_ASAN 1
#endif
#if __has_feature(thread_sanitizer)
#define WEFT_TSAN 1
#endif
#endif

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define WEFT_VALGRIND 1
#endif

#if defined(WEFT_ASAN) || defined(WEFT_TSAN)
#include <sanitizer/common_interface_defs.h>
#if defined(WEFT_ASAN)
#include <sanitizer/asan_interface.h>
#endif
#endif
#if defined(WEFT_TSAN)
#include <sanitizer/tsan_interface.h>
#endif

namespace ctx = boost::context::detail;

namespace weft::sim {

namespace {
// libstdc++/libsupc++'s __cxa_eh_globals on x86-64 and AArch64: {caughtExceptions,
// uncaughtExceptions}. Swapped at every switch so each fiber has its own.
static_assert(sizeof(void*) == 8, "the exception-state swap assumes a 64-bit Itanium C++ ABI");
// The address is fixed for the life of the OS thread: looked up once (a call into the shared
// libstdc++ and its TLS lookup at every switch otherwise).
Fiber::EhState* eh_globals() {
  thread_local Fiber::EhState* const globals = reinterpret_cast<Fiber::EhState*>(abi::__cxa_get_globals());
  return globals;
}

void swap_exception_state(Fiber::EhState& save_into, const Fiber::EhState& load) {
  Fiber::EhState* g = eh_globals();
  save_into = *g;
  *g = load;
}

std::size_t page_size() {
  static const std::size_t p = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return p;
}

std::size_t guard_size() { return kGuardBytes > page_size() ? kGuardBytes : page_size(); }
}  // namespace

StackPool::StackPool(std::size_t stack_size) {
  const std::size_t p = page_size();
  size_ = (stack_size + p - 1) / p * p;
  if (size_ < 16 * p) size_ = 16 * p;
}

StackPool::~StackPool() {
  for (const Stack& s : all_) {
#if defined(WEFT_VALGRIND)
    VALGRIND_STACK_DEREGISTER(s.valgrind_id);
#endif
    ::munmap(static_cast<char*>(s.base) - guard_size(), s.size + guard_size());
  }
}

Stack StackPool::take() {
  const std::size_t guard = guard_size();
  void* mem = ::mmap(nullptr, size_ + guard, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (mem == MAP_FAILED) throw std::bad_alloc();
  ::mprotect(mem, guard, PROT_NONE);  // stack overflow faults instead of corrupting memory
  Stack s{static_cast<char*>(mem) + guard, size_, 0};
#if defined(WEFT_VALGRIND)
  // Without this, valgrind takes every switch to a fiber for a huge stack-pointer change
  // and reports the fiber's frames as invalid accesses.
  s.valgrind_id = VALGRIND_STACK_REGISTER(s.base, static_cast<char*>(s.base) + s.size);
#endif
  all_.push_back(s);
  return s;
}

void StackPool::forget_frames([[maybe_unused]] const Stack& s) {
#if defined(WEFT_ASAN)
  __asan_unpoison_memory_region(s.base, s.size);
#endif
}

void Fiber::prepare(Stack stack, Entry entry, void* arg) {
  stack_ = stack;
  entry_ = entry;
  arg_ = arg;
  finishing_ = false;
  asan_fake_stack_ = nullptr;
  eh_ = EhState{};
  void* top = static_cast<char*>(stack.base) + stack.size;
  ctx_ = weft_make_fcontext(top, stack.size, &Fiber::trampoline);
#if defined(WEFT_TSAN)
  if (tsan_fiber_ == nullptr) tsan_fiber_ = __tsan_create_fiber(0);
#endif
}

// Runs on the fiber that just got control: records where the previous fiber stopped so it
// can be resumed, and tells the sanitizers the switch finished.
void Fiber::on_arrival(ctx::transfer_t t, Fiber& self) {
  Fiber* from = static_cast<Fiber*>(t.data);
#if defined(WEFT_ASAN)
  __sanitizer_finish_switch_fiber(self.asan_fake_stack_, &from->asan_bottom_, &from->asan_size_);
#else
  (void)self;
#endif
  from->ctx_ = from->finishing_ ? nullptr : t.fctx;
}

void Fiber::trampoline(ctx::transfer_t t) {
  Fiber* from = static_cast<Fiber*>(t.data);
  // The fiber being started is the one `from` switched to; it stashed itself in `from`.
  Fiber* self = from->next_;
  on_arrival(t, *self);
  self->entry_(self->arg_);
  detail::engine_bug("a fiber entry returned");
}

#if defined(WEFT_ASAN)
namespace {
// The stack ASan should expect after a switch to `to`: a pooled stack, or for the host the
// bounds learnt when it was first left.
const void* bottom_of(const Stack& s, const void* learnt) { return s.base ? s.base : learnt; }
}  // namespace
#endif

void Fiber::switch_to(Fiber& from, Fiber& to) {
  from.next_ = &to;
#if defined(WEFT_ASAN)
  __sanitizer_start_switch_fiber(&from.asan_fake_stack_, bottom_of(to.stack_, to.asan_bottom_),
                                 to.stack_.base ? to.stack_.size : to.asan_size_);
#endif
#if defined(WEFT_TSAN)
  if (from.tsan_fiber_ == nullptr) from.tsan_fiber_ = __tsan_get_current_fiber();
  __tsan_switch_to_fiber(to.tsan_fiber_, 0);
#endif
  swap_exception_state(from.eh_, to.eh_);
  ctx::transfer_t t = weft_jump_fcontext(to.ctx_, &from);
  on_arrival(t, from);
}

void Fiber::switch_final(Fiber& from, Fiber& to) {
  from.next_ = &to;
  from.finishing_ = true;
#if defined(WEFT_ASAN)
  __sanitizer_start_switch_fiber(nullptr, bottom_of(to.stack_, to.asan_bottom_),
                                 to.stack_.base ? to.stack_.size : to.asan_size_);
#endif
#if defined(WEFT_TSAN)
  __tsan_switch_to_fiber(to.tsan_fiber_, 0);
#endif
  swap_exception_state(from.eh_, to.eh_);
  weft_jump_fcontext_final(to.ctx_, &from);
  detail::engine_bug("a finished fiber was resumed");
}

}  // namespace weft::sim
