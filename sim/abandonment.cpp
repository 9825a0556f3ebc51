// Abandoning a live thread when its execution ends (docs/abandonment.md): how it leaves its
// frames whatever the user's code holds, and what happens when it cannot (a catch (...) that
// swallows the unwind, a noexcept frame, std::terminate, a stack overflow).
#include <cxxabi.h>

#include <cstdio>
#include <exception>

#include <weft/detail/engine_bug.hpp>

#include "execution.hpp"

namespace weft::sim {

namespace {
// A thread being abandoned that reaches this many weft operations without blocking (a loop
// of reads, or of operations that return at once) is released where it stands.
constexpr std::uint32_t kMaxAbandonedPoints = 10000;

// Whether the exception being handled (inside a catch block) is weft's Unwind.
bool handling_unwind() {
  std::exception_ptr p = std::current_exception();
  if (!p) return false;
  try {
    std::rethrow_exception(p);
  } catch (const Unwind&) {
    return true;
  } catch (...) {
    return false;
  }
}
}  // namespace

// The rules, in order: an operation that cannot block completes normally (a release in
// ~lock_guard, a write in a destructor); the first blocking operation throws Unwind, unless
// an exception is already in flight or weft's own destructor is running, where it returns
// at once; a thread that reaches a weft operation after its Unwind was caught and not
// rethrown swallowed it (catch (...)), and is released without running its frames.
void Execution::abandoned_point(bool blocking) {
  ThreadRecord& me = *threads_[cur_];
  if (me.terminating) release_stack({});
  if (++me.abandoned_points > kMaxAbandonedPoints)
    release_stack(thread_label(cur_) + " kept running after it was abandoned (" +
                  std::to_string(kMaxAbandonedPoints) +
                  " weft operations without one that waits); its remaining frames were not run");
  if (std::uncaught_exceptions() > 0) return;  // already unwinding: apply at once
  if (!me.unwind_thrown) {
    if (!blocking || me.no_unwind > 0) return;
    me.unwind_thrown = true;
    throw Unwind{};
  }
  if (handling_unwind()) return;  // cleanup inside a handler that may still rethrow
  release_stack(thread_label(cur_) +
                " caught weft's abandonment in a catch (...) and went on; its remaining frames were not run. "
                "Rethrow what catch (...) catches (`catch (...) { cleanup(); throw; }`) so threads can be "
                "unwound");
}

// Leaves the current fiber for good without running the rest of its frames: whatever they
// own is leaked (docs/abandonment.md). Goes back to whoever was abandoning it, or to the
// host when the thread itself ends the execution.
void Execution::release_stack(std::string note) {
  ThreadRecord& me = *threads_[cur_];
  if (!note.empty()) notes_.push_back(std::move(note));
  mark_finished(cur_);
  me.stack_released = true;
  const ThreadId back = me.killed ? me.resume_after_kill : kNoThread;
  cur_ = back;
  Fiber::switch_final(me.fiber, back == kNoThread ? host_ : threads_[back]->fiber);
}

void Execution::terminated_on_fiber() {
  ThreadRecord& me = *threads_[cur_];
  std::exception_ptr e = std::current_exception();
  const bool ours = handling_unwind();
  if (me.killed || ours) {
    // The unwind (or the user's exception while abandoned) met a noexcept frame.
    e = nullptr;
    if (ours) abi::__cxa_end_catch();  // frees the Unwind that std::terminate was handed
    release_stack(thread_label(cur_) +
                  " was abandoned inside a noexcept function or a destructor that waits; its remaining frames "
                  "were not run");
  }
  me.terminating = true;
  if (e) {
    report_uncaught(e);  // ends the execution; the host's teardown comes back here
  } else {
    fail(FailureKind::uncaught_exception, "std::terminate was called in " + thread_label(cur_),
         pending_[cur_].where);
  }
  release_stack({});
}

void Execution::overflowed_on_fiber() {
  ThreadRecord& me = *threads_[cur_];
  if (me.killed)
    release_stack(thread_label(cur_) + " overflowed its stack while it was being abandoned");
  set_failure(FailureKind::stack_overflow,
              thread_label(cur_) + " overflowed its stack of " + std::to_string(stacks_.stack_size() / 1024) +
                  " KiB (unbounded recursion, or frames too large): fix the recursion or raise "
                  "Options::stack_size",
              pending_[cur_].where);
  release_stack({});
}

void Execution::interrupted_on_fiber() {
  if (cur_ >= nthreads_) detail::engine_bug("the watchdog interrupted no thread of the execution");
  ThreadRecord& me = *threads_[cur_];
  if (me.killed)
    release_stack(thread_label(cur_) + " ran on without reaching a weft operation while it was being abandoned");
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%g", config_.watchdog_seconds);
  set_failure(FailureKind::unresponsive,
              describe_running_thread() + ", ran " + seconds +
                  " s without reaching another: a loop that never calls weft can be neither interleaved nor "
                  "stopped. Add a weft operation or weft::yield() inside the loop, or raise "
                  "Options::watchdog_seconds (WEFT_WATCHDOG)",
              pending_[cur_].where);
  notes_.push_back(thread_label(cur_) + " was interrupted by the watchdog; its remaining frames were not run");
  release_stack({});
}

ThreadId Execution::waiter_on(ObjectId id) const {
  for (std::uint32_t i = 0; i < nthreads_; ++i) {
    const auto t = static_cast<ThreadId>(i);
    if (t != cur_ && status_[t] == ThreadStatus::runnable && threads_[t]->entered && pending_[t].object == id &&
        !ready(t))
      return t;
  }
  return kNoThread;
}

bool Execution::in_current_guard(const void* addr) const {
  if (cur_ == kNoThread || cur_ >= nthreads_) return false;
  const Stack& s = threads_[cur_]->fiber.stack();
  const char* a = static_cast<const char*>(addr);
  const char* base = static_cast<const char*>(s.base);
  return base != nullptr && a < base && a >= base - kGuardBytes;
}

std::string Execution::describe_running_thread() const {
  const ThreadId t = cur_;
  if (t == kNoThread || t >= nthreads_) detail::engine_bug("the watchdog interrupted no thread of the execution");
  std::string out = thread_label(t);
  const PendingOp& p = pending_[t];
  out += ", whose last weft operation was " + std::string(to_string(p.op));
  if (p.object != kNoObject) out += " on " + object_label(p.object);
  if (p.where.line() != 0) out += " at " + short_location(p.where);
  return out;
}

}  // namespace weft::sim

namespace weft::detail {

NoUnwindScope::NoUnwindScope() noexcept : ex_(current_execution()) {
  if (ex_) ex_->enter_no_unwind();
}

NoUnwindScope::~NoUnwindScope() {
  if (ex_) ex_->leave_no_unwind();
}

}  // namespace weft::detail
