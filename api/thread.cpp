// weft::Thread: each call picks the simulated or the real backend.
#include <cxxabi.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <mutex>
#include <typeinfo>
#include <utility>

#include <pthread.h>

#include <weft/errors.hpp>
#include <weft/local.hpp>
#include <weft/thread.hpp>

#include "api/recycling_allocator.hpp"
#include "api/thread_core.hpp"
#include "api/timeout_rules.hpp"
#include "sim/sim_ops.hpp"

namespace weft {

using detail::ThreadCore;

namespace {

// Python's default name, "Thread-N", written straight into `name` (short names fit in the
// string itself: no allocation, and one copy where building a string and moving it made two).
void assign_auto_name(std::string& name, sim::Execution* ex) {
  const std::uint32_t n = ex ? sim::next_thread_number(*ex) : os::next_thread_number();
  char buf[24] = "Thread-";
  const auto end = std::to_chars(buf + 7, buf + sizeof buf, n).ptr;
  name.assign(buf, end);
}

// The exception's type and what(), as the last line of a Python traceback.
void print_exception(const std::exception_ptr& exc) {
  try {
    std::rethrow_exception(exc);
  } catch (const std::exception& e) {
    int status = 0;
    char* demangled = abi::__cxa_demangle(typeid(e).name(), nullptr, nullptr, &status);
    std::fprintf(stderr, "%s: %s\n", status == 0 && demangled ? demangled : typeid(e).name(), e.what());
    std::free(demangled);
  } catch (...) {
    std::fprintf(stderr, "unknown exception\n");
  }
}

std::mutex g_hook_mutex;
ExceptHook& hook_slot() {  // empty: default_excepthook
  static ExceptHook h;
  return h;
}

// Python's Thread._bootstrap_inner on an exception: the dying thread calls the hook.
void call_excepthook(std::exception_ptr exc, Thread* thread) {
  const ExceptHook hook = excepthook();
  try {
    hook(ExceptHookArgs{std::move(exc), thread});
  } catch (...) {
    std::fprintf(stderr, "Exception in threading.excepthook:\n");
    print_exception(std::current_exception());
  }
}

// The execution this thread lives in, or a RuntimeError when it lives in another one.
sim::Execution* sim_of(const ThreadCore& c, std::source_location where) {
  sim::Execution* ex = detail::current_execution();
  if (c.sim_epoch == 0) {
    if (ex && c.started)
      throw RuntimeError("this Thread was started on a real thread; it cannot be used inside a simulation", where);
    return nullptr;
  }
  if (!ex || !c.in_execution(*ex))
    throw RuntimeError("this Thread belongs to a simulated execution that has ended", where);
  return ex;
}

}  // namespace

void ThreadCore::run_in_sim(void* core) {
  auto* c = static_cast<ThreadCore*>(core);
  // The child runs ahead before thread_start returns to start(): its own id must be known
  // already (current_thread().ident(), is_alive() as its first statement).
  if (sim::Execution* ex = detail::current_execution()) {
    c->tid = sim::current_thread(*ex);
    c->ident = static_cast<std::uint64_t>(c->tid) + 1;
  }
  struct FreeLocals {  // Python frees a thread's local values when it ends
    ~FreeLocals() { detail::run_thread_exits(); }
  } free_locals;
  c->self->run();
}

bool ThreadCore::in_execution(const sim::Execution& ex) const { return sim_epoch == sim::epoch(ex); }

Thread::Thread() : Thread(ThreadOptions{}, detail::ThreadTarget{}) {}
Thread::Thread(ThreadOptions options) : Thread(std::move(options), detail::ThreadTarget{}) {}

Thread::Thread(ThreadOptions options, detail::ThreadTarget target)
    : core_(std::allocate_shared<ThreadCore>(detail::RecyclingAllocator<ThreadCore>{})) {
  sim::Execution* ex = detail::current_execution();
  core_->self = this;
  core_->target = std::move(target);
  if (options.name.empty()) {
    assign_auto_name(core_->name, ex);
  } else {
    core_->name = std::move(options.name);
  }
  core_->daemon = options.daemon.has_value() ? *options.daemon : detail::current_thread_is_daemon();
}

Thread::Thread(Thread&& other) noexcept : core_(std::move(other.core_)) {
  if (!core_) return;
  core_->self = this;
  if (core_->started && core_->sim_epoch == 0) os::rebind_thread(core_->os->ident, this);
}

Thread::~Thread() { finish_before_destruction(); }

void Thread::finish_before_destruction() {
  if (!core_ || !core_->started || core_->is_main || core_->is_dummy) return;
  if (core_->sim_epoch != 0) {
    sim::Execution* ex = detail::current_execution();
    if (!ex || !core_->in_execution(*ex) || !sim::thread_alive(*ex, core_->tid)) return;
    const detail::NoUnwindScope destructor_must_not_throw;
    if (core_->daemon) {
      sim::thread_abandon(*ex, core_->tid);
    } else {
      sim::thread_join(*ex, core_->tid, std::nullopt, std::source_location::current());
    }
    return;
  }
  if (!core_->daemon) os::join_thread(*core_->os, std::nullopt);
  if (!core_->os->thread.joinable()) return;  // already finished here (a subclass called this first)
  os::release_thread(*core_->os);
  if (core_->daemon) os::rebind_thread(core_->os->ident, nullptr);  // alive but handle-less
}

void Thread::start(std::source_location where) {
  if (core_->started) throw RuntimeError("threads can only be started once", where);
  sim::Execution* ex = detail::current_execution();
  core_->started = true;
  if (ex) {
    core_->sim_epoch = sim::epoch(*ex);
    core_->tid = sim::thread_start(*ex, core_->sim, &ThreadCore::run_in_sim, core_.get(), core_->name,
                                   core_->daemon, where);
    core_->ident = static_cast<std::uint64_t>(core_->tid) + 1;
    return;
  }
  core_->os = std::make_unique<os::ThreadState>();  // first: a started real thread always has it
  detail::os_main_thread();  // the main thread is registered first, as in Python
  // The ident is published before the child runs: its first get_ident() (RLock ownership,
  // Local) must already see it.
  core_->os->ident = os::next_ident();
  core_->ident = core_->os->ident;
  std::shared_ptr<ThreadCore> core = core_;
  os::start_thread(*core->os, this, [core] {
    try {
      core->self->run();
    } catch (...) {
      // The registry's entry, not core->self: a daemon's handle may be gone (then null).
      call_excepthook(std::current_exception(), os::registered_current());
    }
    detail::run_thread_exits();  // Python frees a thread's local values when it ends
  });
}

void Thread::join(OptSeconds timeout, std::source_location where) {
  if (core_->is_dummy) throw RuntimeError("cannot join a dummy thread", where);
  if (!core_->started) throw RuntimeError("cannot join thread before it is started", where);
  if (detail::is_current_thread(*core_)) throw RuntimeError("cannot join current thread", where);
  const std::optional<double> t = detail::join_timeout(timeout, where);
  if (sim::Execution* ex = sim_of(*core_, where)) {
    if (core_->is_main) {  // joining the main thread: waits for program end, which never comes
      sim::thread_join(*ex, 0, t, where);
      return;
    }
    sim::thread_join(*ex, core_->tid, t, where);
    return;
  }
  if (core_->is_main) {
    if (t) os::join_thread(*core_->os, t);  // the process's main thread outlives its joiners
    else throw RuntimeError("joining the main thread from a real thread would block until process exit", where);
    return;
  }
  os::join_thread(*core_->os, t);
}

bool Thread::is_alive(std::source_location where) const {
  if (!core_->started) return false;
  if (core_->is_main || core_->is_dummy) return true;
  if (core_->sim_epoch != 0) {
    sim::Execution* ex = detail::current_execution();
    if (ex == nullptr || !core_->in_execution(*ex)) return false;
    return sim::thread_alive_peek(*ex, core_->tid, where);
  }
  return os::thread_alive(*core_->os);
}

std::optional<std::uint64_t> Thread::ident() const { return core_->ident; }

std::optional<std::uint64_t> Thread::native_id() const {
  if (!core_->started) return std::nullopt;
  if (core_->sim_epoch != 0) return core_->ident;
  return core_->os->native_id;
}
const std::string& Thread::name() const { return core_->name; }
void Thread::set_name(std::string name) { core_->name = std::move(name); }
bool Thread::daemon() const { return core_->daemon; }

void Thread::set_daemon(bool daemon, std::source_location where) {
  if (core_->started) throw RuntimeError("cannot set daemon status of active thread", where);
  core_->daemon = daemon;
}

std::string Thread::repr() const {
  std::string state = !core_->started ? "initial" : is_alive() ? "started" : "stopped";
  std::string s = "<Thread(" + core_->name + ", " + state;
  if (core_->daemon) s += " daemon";
  if (core_->ident) s += " " + std::to_string(*core_->ident);
  return s + ")>";
}

void Thread::run() {
  if (core_->target) core_->target();
}

void default_excepthook(const ExceptHookArgs& args) {
  if (args.thread != nullptr) {
    std::fprintf(stderr, "Exception in thread %s:\n", args.thread->name().c_str());
  } else {
    std::fprintf(stderr, "Exception in thread %llu:\n", static_cast<unsigned long long>(get_ident()));
  }
  if (args.exc) print_exception(args.exc);
}

void set_excepthook(ExceptHook hook) {
  std::lock_guard g(g_hook_mutex);
  hook_slot() = std::move(hook);
}

ExceptHook excepthook() {
  std::lock_guard g(g_hook_mutex);
  if (!hook_slot()) return &default_excepthook;
  return hook_slot();
}

namespace {
// stack_size() inside a simulation: one value per execution, never the process's.
struct SimStackSize {
  std::size_t size = 0;
};

std::size_t& sim_stack_size(sim::Execution& ex) { return sim::per_execution<SimStackSize>(ex).size; }
}  // namespace

std::size_t stack_size() {
  if (sim::Execution* ex = detail::current_execution()) return sim_stack_size(*ex);
  return os::stack_size();
}

std::size_t stack_size(std::size_t size, std::source_location where) {
  constexpr std::size_t kMin = 32 * 1024;  // CPython's THREAD_STACK_MIN
  bool valid = size == 0 || size >= kMin;
  if (valid && size != 0) {  // as CPython: the OS must accept it too
    pthread_attr_t attr;
    valid = pthread_attr_init(&attr) == 0;
    if (valid) {
      valid = pthread_attr_setstacksize(&attr, size) == 0;
      pthread_attr_destroy(&attr);
    }
  }
  if (!valid) throw ValueError("size not valid: " + std::to_string(size) + " bytes", where);
  if (sim::Execution* ex = detail::current_execution()) return std::exchange(sim_stack_size(*ex), size);
  return os::set_stack_size(size);
}

}  // namespace weft
