// Turning a stuck or crashed execution into a FailureInfo a person can act on: the
// deadlock's wait-for graph (report/ renders its text), and exceptions that escaped a thread.
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
    time_out(t);
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

namespace {
// The first wait-for cycle reachable from the lowest-numbered blocked thread, following each
// waiter's waits_for edge while it leads to another blocked thread; empty when there is none.
std::vector<ThreadId> first_cycle(const DeadlockGraph& g) {
  std::vector<ThreadId> path;
  for (const DeadlockGraph::Waiter& start : g.waiters) {
    path.clear();
    for (const DeadlockGraph::Waiter* w = &start; w != nullptr && path.size() <= g.waiters.size();
         w = g.waiter(w->waits_for)) {
      for (auto seen = path.begin(); seen != path.end(); ++seen)
        if (*seen == w->thread) return std::vector<ThreadId>(seen, path.end());
      path.push_back(w->thread);
    }
  }
  return {};
}

// The thread the report is about: the cycle's first, else the first waiter that does not
// just join another (joiners only wait for the others); kNoThread if every waiter joins.
ThreadId culprit_of(const DeadlockGraph& g) {
  if (!g.cycle.empty()) return g.cycle.front();
  for (const DeadlockGraph::Waiter& w : g.waiters)
    if (w.op != OpKind::thread_join) return w.thread;
  return kNoThread;
}
}  // namespace

// Each blocked thread and what it waits for: a lock's holder or a join's target is the thread
// it waits for; then the cycle those edges make, if any.
DeadlockGraph Execution::wait_for_graph() const {
  DeadlockGraph g;
  for (std::uint32_t i = 0; i < nthreads_; ++i) {
    const auto t = static_cast<ThreadId>(i);
    if (status_[t] != ThreadStatus::runnable) continue;
    const PendingOp& op = pending_[t];
    DeadlockGraph::Waiter w;
    w.thread = t;
    w.thread_name = threads_[t]->name;
    w.op = op.op;
    w.object = op.object;
    w.object_kind = op.object < objects_.size() ? objects_[op.object].kind : ObjectKind::none;
    w.object_label = object_label(op.object);
    w.where = op.where;
    const bool acquire = op.op == OpKind::lock_acquire || op.op == OpKind::rlock_acquire;
    if (acquire || op.op == OpKind::thread_join) w.waits_for = objects_[op.object].holder;
    if (acquire && objects_[op.object].holder != kNoThread) {
      w.holder = objects_[op.object].holder;
      w.holder_name = threads_[w.holder]->name;
      w.held_at = objects_[op.object].held_at;
    }
    if (const std::uint32_t c = threads_[t]->call; c != kNoCall) {
      w.call = calls_[c];
      w.call_object_label = object_label(calls_[c].object);
    }
    g.waiters.push_back(std::move(w));
  }
  g.cycle = first_cycle(g);
  return g;
}

// Every live thread is blocked and no deadline is pending: the failure is the wait-for graph,
// which report/ turns into the message and details (docs/exploration.md, "The failure report").
void Execution::report_deadlock() {
  DeadlockGraph graph = wait_for_graph();
  ThreadId culprit = culprit_of(graph);
  if (culprit == kNoThread) culprit = cur_;
  const bool first = !failure_;
  const ThreadId saved = cur_;
  cur_ = culprit;
  // The culprit's user-level call, if it waits inside one, is where it failed.
  const std::uint32_t call = threads_[culprit]->call;
  set_failure(FailureKind::deadlock, graph.message(), call != kNoCall ? calls_[call].where : pending_[culprit].where,
              graph.details());
  cur_ = saved;
  if (first && failure_) failure_->deadlock = std::move(graph);
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
