/* weft's context switch on x86-64 (System V ABI, ELF): used by sim/fiber.cpp there, in place
   of Boost.Context's make_fcontext/jump_fcontext (which weft uses on every other target).
   Same calling convention and the same kind of frame as Boost's; one difference that matters:

   Boost's jump_fcontext leaves with `jmp *%r8` to the resumed fiber's return address. The
   `call` that entered the switch pushed an entry on the CPU's return-address predictor that no
   `ret` pops, so every return the resumed fiber makes afterwards is predicted one frame off
   and mispredicts: Fiber::switch_to, Execution::switch_to, schedule_point, the primitive, the
   user's call, each costing a pipeline flush (perf put a fifth of lock_acquire's samples on the
   instruction after one of them; README, "Performance"). weft_jump_fcontext leaves with `ret`,
   which pops that entry: every fiber is suspended at the same call site in Fiber::switch_to,
   so the prediction is right, and so are the returns after it for as long as the fiber
   leaving and the fiber resumed were suspended through the same calls. The two switches no
   return prediction can serve keep a jmp: into a fiber that never ran (a direct jmp to
   weft_fiber_start) and out of one that ended (weft_jump_fcontext_final).

   A suspended context is a pointer to this frame on its stack:
     0x00 MXCSR (SSE control/status)   0x04 x87 control word
     0x08 r12   0x10 r13   0x18 r14   0x20 r15   0x28 rbx   0x30 rbp   (callee-saved)
     0x38 where to resume
*/
#if defined(__x86_64__) && defined(__ELF__)

.text

/* Loads the suspended context whose frame is at rsp: its floating-point modes and its
   callee-saved registers (the frame's layout is above). */
.macro restore_frame
    ldmxcsr  (%rsp)
    fldcw    0x4(%rsp)
    movq  0x8(%rsp), %r12
    movq  0x10(%rsp), %r13
    movq  0x18(%rsp), %r14
    movq  0x20(%rsp), %r15
    movq  0x28(%rsp), %rbx
    movq  0x30(%rsp), %rbp
.endm

/* fcontext_t weft_make_fcontext(void* stack_top, size_t size, void (*fn)(transfer_t)):
   a context whose first resumption calls fn(transfer_t{the context left, data}) on the stack
   below stack_top (size is not needed here: Boost's signature). fn must never return (a
   fiber ends by switching away for good). */
.globl weft_make_fcontext
.type weft_make_fcontext,@function
.align 16
weft_make_fcontext:
    movq  %rdi, %rax
    andq  $-16, %rax               /* the stack top, 16-byte aligned */
    subq  $0x40, %rax              /* the frame */
    stmxcsr  (%rax)                /* start with the creator's floating-point modes */
    fnstcw   0x4(%rax)
    movq  %rdx, 0x28(%rax)         /* fn, restored into rbx */
    leaq  weft_fiber_start(%rip), %rcx
    movq  %rcx, 0x38(%rax)         /* resumed at weft_fiber_start */
    ret
.size weft_make_fcontext,.-weft_make_fcontext

/* The first resumption of a made context lands here with rsp 16-byte aligned (the frame
   popped), the transfer_t in rdi:rsi and fn in rbx. */
.type weft_fiber_start,@function
.align 16
weft_fiber_start:
    callq *%rbx
    ud2                            /* fn returned: it must not */
.size weft_fiber_start,.-weft_fiber_start

/* transfer_t weft_jump_fcontext(fcontext_t to, void* data): saves the running context and
   resumes `to`, which receives transfer_t{the context just saved, data}: as the return value
   (rax:rdx) of its own weft_jump_fcontext, or as fn's argument (rdi:rsi) the first time. */
.globl weft_jump_fcontext
.type weft_jump_fcontext,@function
.align 16
weft_jump_fcontext:
    leaq  -0x38(%rsp), %rsp        /* the frame, below our return address (0x38) */
    stmxcsr  (%rsp)
    fnstcw   0x4(%rsp)
    movq  %r12, 0x8(%rsp)
    movq  %r13, 0x10(%rsp)
    movq  %r14, 0x18(%rsp)
    movq  %r15, 0x20(%rsp)
    movq  %rbx, 0x28(%rsp)
    movq  %rbp, 0x30(%rsp)
    movq  %rsp, %rax               /* the context being left */
    movq  %rdi, %rsp               /* onto the resumed one's stack */
    restore_frame
    leaq  0x38(%rsp), %rsp
    movq  %rsi, %rdx               /* transfer_t as a return value: rax:rdx */
    movq  %rax, %rdi               /* and as a first function's argument: rdi:rsi */
    leaq  weft_fiber_start(%rip), %rcx
    cmpq  %rcx, (%rsp)
    je    1f
    ret                            /* to 0x38: see above for why not a jmp */
1:  /* A context never resumed before starts at weft_fiber_start, where no return prediction
       can point: a direct jmp there costs none. */
    leaq  0x8(%rsp), %rsp
    jmp   weft_fiber_start
.size weft_jump_fcontext,.-weft_jump_fcontext

/* void weft_jump_fcontext_final(fcontext_t to, void* data): the switch away from a fiber that
   has ended and is never resumed (Fiber::switch_final). It leaves with an indirect jmp, as
   Boost's does: a ret would be predicted to return to switch_final, which called it, and
   miss every time, while this one jmp's target is nearly always the one call site in
   Fiber::switch_to, which the CPU learns. (The resumed fiber's returns after it miss either
   way: it was not suspended through the ended fiber's calls.) */
.globl weft_jump_fcontext_final
.type weft_jump_fcontext_final,@function
.align 16
weft_jump_fcontext_final:
    movq  %rdi, %rsp               /* nothing of the ended fiber is kept */
    restore_frame
    movq  0x38(%rsp), %r8
    leaq  0x40(%rsp), %rsp
    movq  %rsi, %rdx
    xorl  %eax, %eax               /* the context left: none, it is never resumed */
    movq  %rax, %rdi
    jmpq  *%r8
.size weft_jump_fcontext_final,.-weft_jump_fcontext_final

#endif

/* The stack is never executable. */
.section .note.GNU-stack,"",%progbits
