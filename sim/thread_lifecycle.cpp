// Thread lifecycle inside one execution: creating a simulated thread, running its body on a
// fiber, finishing it (Python's program-end join of non-daemon threads included), spawning
// with run-ahead to the first operation, abandoning a daemon, and unwinding at teardown.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <utility>

#include "execution.hpp"

namespace weft::sim {

namespace {
constexpr std::uint32_t kMaxThreads = 4096;
}  // namespace

ThreadId Execution::new_thread(ObjectId object, const std::string& name, bool daemon,
                               void (*run)(void*), void* user, ThreadId parent) {
  if (nthreads_ == threads_.size()) {
    threads_.push_back(std::make_unique<ThreadRecord>());
    pending_.emplace_back();
    status_.push_back(ThreadStatus::unused);
    enabled_.push_back(kNoThread);
  }
  const auto id = static_cast<ThreadId>(nthreads_++);
  ThreadRecord& r = *threads_[id];
  status_[id] = ThreadStatus::runnable;
  // The runnable list is kept only past 64 threads, where choose_next scans it (below, the
  // ready mask is the enabled set): built from status_ when the 65th thread starts.
  if (id >= 64) [[unlikely]] {
    if (id == 64)
      for (ThreadId i = 0; i < 64; ++i)
        if (status_[i] == ThreadStatus::runnable) runnable_.push_back(i);
    runnable_.push_back(id);  // the newest id: the list stays ascending
  }
  // Every per-thread field in one assignment (the fiber is kept and prepared anew; the
  // name, outside ThreadRun, keeps its buffer, so restarting a thread does not allocate).
  static_cast<ThreadRun&>(r) = ThreadRun{};
  r.name.assign(name);
  r.object = object;
  r.daemon = daemon;
  r.parent = parent;
  r.run = run;
  r.user = user;
  // A thread record keeps its stack from one execution to the next (teardown).
  r.fiber.prepare(r.fiber.stack().base != nullptr ? r.fiber.stack() : stacks_.take(), &Execution::fiber_entry, this);
  pending_[id] = PendingOp{};  // gate open until it announces its first operation
  enter_gate(id);
  objects_[object].holder = id;
  return id;
}

void Execution::teardown() {
  // Newest first: a thread's code usually refers to objects owned by the thread that
  // started it, so those must still exist while it unwinds.
  for (std::uint32_t i = nthreads_; i-- > 0;) {
    ThreadRecord& r = *threads_[i];
    if (status_[i] == ThreadStatus::finished || !r.entered) continue;
    mark_killed(r, kNoThread);
    cur_ = static_cast<ThreadId>(i);
    Fiber::switch_to(host_, r.fiber);
  }
  if (failure_)
    for (const std::string& note : notes_) failure_->details += "note: " + note + "\n";
  for (std::uint32_t i = 0; i < nthreads_; ++i) {
    ThreadRecord& r = *threads_[i];
    if (r.stack_released) StackPool::forget_frames(r.fiber.stack());
    r.fiber.reset();  // keeps its stack: the next thread with this id runs on it
    status_[i] = ThreadStatus::unused;
    r.user = nullptr;
    r.run = nullptr;
  }
  runnable_.clear();
}

void Execution::fiber_entry(void* self) {
  auto* ex = static_cast<Execution*>(self);
  ex->run_current();
  ex->finish_current();
}

void Execution::run_current() {
  const ThreadId me = cur_;
  ThreadRecord& r = *threads_[me];
  r.entered = true;
  try {
    try {
      if (me == 0) {
        (*body_)();
        join_non_daemons();
      } else {
        r.run(r.user);
      }
    } catch (const Unwind&) {
      throw;
    } catch (...) {
      report_uncaught(std::current_exception());
    }
  } catch (const Unwind&) {
  }
}

// Python's interpreter exit: wait for every non-daemon thread (docs/exploration.md, "One
// execution", program end).
void Execution::join_non_daemons() {
  for (std::uint32_t i = 1; i < nthreads_; ++i) {
    ThreadRecord& r = *threads_[i];
    if (r.daemon || status_[i] == ThreadStatus::finished) continue;
    PendingOp op{OpKind::thread_join, ObjectKind::thread, r.object, {}};
    schedule(op);
    commit(op);
  }
}

void Execution::finish_current() {
  const ThreadId me = cur_;
  ThreadRecord& r = *threads_[me];
  mark_finished(me);
  if (r.killed) {
    const ThreadId back = r.resume_after_kill;
    cur_ = back;
    Fiber::switch_final(r.fiber, back == kNoThread ? host_ : threads_[back]->fiber);
  }
  commit(PendingOp{OpKind::thread_exit, ObjectKind::thread, r.object, {}});
  if (r.prefetching) {  // ended before its first operation: hand control back to the parent
    r.prefetching = false;
    cur_ = r.parent;
    Fiber::switch_final(r.fiber, threads_[r.parent]->fiber);
  }
  if (me == 0) {
    cur_ = kNoThread;
    Fiber::switch_final(r.fiber, host_);
  }
  const ThreadId next = choose_next();
  if (next == kNoThread) {
    cur_ = kNoThread;
    Fiber::switch_final(r.fiber, host_);
  }
  cur_ = next;
  Fiber::switch_final(r.fiber, threads_[next]->fiber);
}

ThreadId Execution::spawn(ObjectId object, void (*run)(void*), void* user, const std::string& name,
                          bool daemon) {
  const ThreadId parent = cur_;
  if (threads_[parent]->killed) return kNoThread;  // no new threads while unwinding
  if (nthreads_ >= kMaxThreads) {
    fail(FailureKind::misuse, "more than " + std::to_string(kMaxThreads) + " threads in one execution",
         pending_[parent].where);
    return kNoThread;
  }
  const ThreadId id = new_thread(object, name, daemon, run, user, parent);
  threads_[id]->prefetching = true;
  cur_ = id;
  Fiber::switch_to(threads_[parent]->fiber, threads_[id]->fiber);
  check_unwind();
  return id;
}

void Execution::abandon(ThreadId t) {
  ThreadRecord& r = *threads_[t];
  if (status_[t] != ThreadStatus::runnable || t == cur_ || unwinding()) return;
  if (!r.entered) {
    mark_finished(t);
    return;
  }
  mark_killed(r, cur_);
  switch_to(t);
}

}  // namespace weft::sim
