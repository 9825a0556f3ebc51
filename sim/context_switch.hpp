#pragma once
// The context switch sim::Fiber runs on (sim/fiber.cpp), and the benchmarks that measure
// against it (bench/relacy_floor.hpp): on x86-64 ELF weft's own, sim/fiber_switch_x86_64.S,
// which has Boost's frame but resumes a fiber with `ret` instead of Boost's `jmp` (except
// into a new fiber and out of an ended one), so the CPU's return predictions stay right after
// a switch (that file says why); Boost.Context's fcontext everywhere else.
#include <boost/context/detail/fcontext.hpp>

#include <cstddef>

#if defined(__x86_64__) && defined(__ELF__)
extern "C" boost::context::detail::fcontext_t weft_make_fcontext(void* stack_top, std::size_t size,
                                                                 void (*fn)(boost::context::detail::transfer_t));
extern "C" boost::context::detail::transfer_t weft_jump_fcontext(boost::context::detail::fcontext_t to, void* data);
extern "C" void weft_jump_fcontext_final(boost::context::detail::fcontext_t to, void* data);
#else
inline boost::context::detail::fcontext_t weft_make_fcontext(void* stack_top, std::size_t size,
                                                             void (*fn)(boost::context::detail::transfer_t)) {
  return boost::context::detail::make_fcontext(stack_top, size, fn);
}
inline boost::context::detail::transfer_t weft_jump_fcontext(boost::context::detail::fcontext_t to, void* data) {
  return boost::context::detail::jump_fcontext(to, data);
}
inline void weft_jump_fcontext_final(boost::context::detail::fcontext_t to, void* data) {
  boost::context::detail::jump_fcontext(to, data);
}
#endif
