// Turning a stuck or crashed execution into a FailureInfo a person can act on:
// the deadlock's wait-for cycle, and exceptions that escaped a thread.
#include <cxxabi.h>

#include <cstdlib>
#include <exception>
#include <typeinfo>

#include <weft/errors.hpp>

#include "execution.hpp"

namespace weft::sim {

namespace {
std::string who(ThreadId t, const std::string& name) {
  return "T" + std::to_string(t) + " (" + name + ")";
}

// "std::runtime_error", not the ABI's "St13runtime_error".
std::string demangled(const std::type_info& type) {
  int status = 0;
  char* name = abi::__cxa_demangle(type.name(), nullptr, nullptr, &status);
  std::string out = status == 0 && name != nullptr ? name : type.name();
  std::free(name);
  return out;
}
}  // namespace

std::string Execution::thread_label(ThreadId t) const { return who(t, threads_[t]->name); }

// Nothing can run, and a thread unwinding an exception waits in a join (a ~Thread on the way
// out): the join gives up so that the exception, not a deadlock, is what gets reported.
bool Execution::give_up_join_while_unwinding() {
  for (std::uint32_t i = 0; i < nthreads_; ++i) {
    const auto t = static_cast<ThreadId>(i);
    if (status_[t] != ThreadStatus::runnable || pending_[t].op != OpKind::thread_join || pending_[t].timed_out) continue;
    const unsigned in_flight = t == cur_ ? static_cast<unsigned>(std::uncaught_exceptions())
                                         : threads_[t]->fiber.uncaught_exceptions();
    if (in_flight == 0) continue;
    pending_[t].timed_out = true;
    notes_.push_back(who(t, threads_[t]->name) + " was unwinding an exception when it joined " +
                     object_label(pending_[t].object) + ", which could never finish; the join gave up");
    return true;
  }
  return false;
}

namespace {
// weft's own sources and the C++ library's headers (std::lock_guard calls unlock() there).
bool is_library_file(const char* file) {
  if (file == nullptr || *file == '\0') return true;
  const std::string_view f(file);
  for (std::string_view lib : {"/include/weft/", "/include/c++/", "/usr/include/"})
    if (f.find(lib) != std::string_view::npos) return true;
  const std::string_view src(WEFT_SOURCE_DIR);
  if (f.substr(0, src.size()) != src) return false;
  for (std::string_view dir : {"/api/", "/sim/", "/model/", "/os/", "/report/"})
    if (f.substr(src.size(), dir.size()) == dir) return true;
  return false;
}
}  // namespace

// Where the user's code last called weft in thread t: the newest of its operations whose
// source line is not inside weft or the C++ library; else its pending operation's.
std::source_location Execution::user_location(ThreadId t) const {
  if (!is_library_file(pending_[t].where.file_name())) return pending_[t].where;
  for (std::size_t i = events_.size(); i-- > 0;)
    if (events_[i].thread == t && !is_library_file(events_[i].where.file_name())) return events_[i].where;
  return pending_[t].where;
}

// Every live thread is blocked and no deadline is pending. Each blocked thread waits for a
// thread: a lock's holder or a join's target. Follow those edges to find a cycle.
void Execution::report_deadlock() {
  auto waits_for = [&](ThreadId t) -> ThreadId {
    const PendingOp& op = pending_[t];
    if (op.op == OpKind::lock_acquire || op.op == OpKind::rlock_acquire || op.op == OpKind::thread_join)
      return objects_[op.object].holder;
    return kNoThread;
  };
  auto live = [&](ThreadId t) { return t < nthreads_ && status_[t] == ThreadStatus::runnable; };

  std::string details;
  for (std::uint32_t i = 0; i < nthreads_; ++i) {
    const auto t = static_cast<ThreadId>(i);
    if (!live(t)) continue;
    const PendingOp& op = pending_[t];
    details += who(t, threads_[t]->name) + " waits in " + std::string(to_string(op.op));
    if (op.object != kNoObject) details += " for " + object_label(op.object);
    details += " at " + short_location(op.where);
    if (op.op == OpKind::cond_wait) details += " (no thread will notify it)";
    if (op.op == OpKind::lock_acquire || op.op == OpKind::rlock_acquire) {
      const ObjectRecord& lock = objects_[op.object];
      if (lock.holder != kNoThread)
        details += "; " + object_label(op.object) + " is held by " + who(lock.holder, threads_[lock.holder]->name) +
                   ", acquired at " + short_location(lock.held_at);
    }
    details += "\n";
  }

  // The first cycle reachable from the lowest-numbered blocked thread.
  std::vector<ThreadId> path;
  ThreadId cycle_start = kNoThread;
  for (std::uint32_t i = 0; i < nthreads_ && cycle_start == kNoThread; ++i) {
    path.clear();
    ThreadId t = static_cast<ThreadId>(i);
    while (live(t) && path.size() <= nthreads_) {
      for (ThreadId seen : path)
        if (seen == t) cycle_start = t;
      if (cycle_start != kNoThread) break;
      path.push_back(t);
      t = waits_for(t);
    }
  }

  std::string message;
  ThreadId culprit = cur_;
  if (cycle_start != kNoThread) {
    std::string cycle, names;
    std::size_t k = 0;
    while (path[k] != cycle_start) ++k;
    culprit = cycle_start;
    for (std::size_t j = k; j < path.size(); ++j) {
      const ThreadId t = path[j];
      cycle += "T" + std::to_string(t) + " -> " + object_label(pending_[t].object) + " -> ";
      names += (j == k ? "" : (j + 1 == path.size() ? " and " : ", ")) + who(t, threads_[t]->name);
    }
    cycle += "T" + std::to_string(cycle_start);
    message += names + (path.size() - k == 1 ? " waits for itself: " : " wait for each other: ") + cycle;
    details += "cycle: " + cycle + "\n";
  } else {
    // No cycle: someone waits for something no thread will ever do (a notify, a set, a
    // release by a thread that is gone). Name those waiters; joiners only wait for them.
    std::string stuck;
    culprit = kNoThread;
    for (std::uint32_t i = 0; i < nthreads_; ++i) {
      const auto t = static_cast<ThreadId>(i);
      if (!live(t) || pending_[t].op == OpKind::thread_join) continue;
      if (culprit == kNoThread) culprit = t;
      if (!stuck.empty()) stuck += "; ";
      stuck += who(t, threads_[t]->name) + " waits forever in " + std::string(to_string(pending_[t].op)) +
               (pending_[t].object != kNoObject ? " on " + object_label(pending_[t].object) : "") + " at " +
               short_location(pending_[t].where);
    }
    if (culprit == kNoThread) {
      culprit = cur_;
      stuck = "no thread can run and no timeout is pending";
    }
    message += stuck;
  }
  const ThreadId saved = cur_;
  cur_ = culprit;
  set_failure(FailureKind::deadlock, std::move(message), pending_[culprit].where, std::move(details));
  cur_ = saved;
}

void Execution::report_uncaught(std::exception_ptr e) {
  const ThreadRecord& me = *threads_[cur_];
  const std::string in = " in " + who(cur_, me.name);
  // weft's own contract checks are misuse at the call at fault; the same types thrown by user
  // code (no location) are ordinary uncaught exceptions, as any other type.
  const auto kind = [](const auto& x) { return x.misuse() ? FailureKind::misuse : FailureKind::uncaught_exception; };
  const auto at = [&](const auto& x) { return x.where().line() != 0 ? x.where() : user_location(cur_); };
  try {
    std::rethrow_exception(e);
  } catch (const RuntimeError& x) {
    fail(kind(x), "RuntimeError" + in + ": " + x.what(), at(x));
  } catch (const ValueError& x) {
    fail(kind(x), "ValueError" + in + ": " + x.what(), at(x));
  } catch (const OverflowError& x) {
    fail(kind(x), "OverflowError" + in + ": " + x.what(), at(x));
  } catch (const std::exception& x) {
    fail(FailureKind::uncaught_exception,
         std::string("uncaught ") + demangled(typeid(x)) + in + ": " + x.what(), user_location(cur_));
  } catch (...) {
    fail(FailureKind::uncaught_exception, "uncaught exception of unknown type" + in, user_location(cur_));
  }
}

}  // namespace weft::sim
