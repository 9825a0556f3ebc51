// current_thread(), main_thread(), enumerate(), active_count(), get_ident() on both backends.
#include <memory>
#include <thread>

#include <weft/thread.hpp>

#include "api/thread_core.hpp"
#include "sim/sim_ops.hpp"

namespace weft {

namespace detail {

namespace {
// T0's Thread object, kept by the execution it names.
struct SimMain {
  std::unique_ptr<Thread> thread;
};

// While alive, this OS thread runs no simulation as far as the objects made meanwhile know:
// they take no object number.
class ExecutionPause {
 public:
  ExecutionPause() noexcept : saved_(tls_current_execution) { tls_current_execution = nullptr; }
  ~ExecutionPause() { tls_current_execution = saved_; }
  ExecutionPause(const ExecutionPause&) = delete;
  ExecutionPause& operator=(const ExecutionPause&) = delete;

 private:
  sim::Execution* saved_;
};

// T0's Thread object takes an object number when it is first wanted, so that the objects
// after it are numbered as they always were (weft1: schedules record object numbers, and one
// saved with an earlier build must still replay). A new Thread made by T0 and T0's join used
// to make the object just to read its daemon flag and address; they only number it now, and
// the object itself, with its ThreadCore and name, is made if the program asks for it.
// Inline: after the first call in an execution it is one load and a compare.
inline ObjectId number_main_object(sim::Execution& ex) {
  if (sim::main_object(ex) == kNoObject) {
    const SimHandle number;  // registered with ex: the next object number
    sim::set_main_object(ex, number.id);
  }
  return sim::main_object(ex);
}

const std::thread::id g_main_id = std::this_thread::get_id();  // static init runs on main
const std::uint64_t g_main_native_id = os::native_thread_id();

// A real thread weft did not start: Python gives it a daemon "Dummy-N" object.
struct DummyHolder {
  std::unique_ptr<Thread> thread;
  ~DummyHolder() {
    if (thread) os::unregister_thread(*thread->ident());
  }
};
thread_local DummyHolder t_dummy;

}  // namespace

Thread& sim_main_thread(sim::Execution& ex) {
  if (void* made = sim::thread_user(ex, 0)) return *static_cast<ThreadCore*>(made)->self;
  const ObjectId number = number_main_object(ex);
  SimMain& m = sim::per_execution<SimMain>(ex);
  if (!m.thread) {
    {
      // Made outside the execution, so that its handle takes no second number: it gets the
      // one numbered above.
      const ExecutionPause outside;
      m.thread = std::make_unique<Thread>(ThreadOptions{"MainThread", false});
    }
    ThreadCore& c = ThreadCore::of(*m.thread);
    c.sim.epoch = sim::epoch(ex);
    c.sim.id = number;
    c.started = true;
    c.is_main = true;
    c.sim_epoch = sim::epoch(ex);
    c.tid = 0;
    c.ident = 1;
    sim::set_main_user(ex, &c);  // found at once from now on
  }
  return *m.thread;
}

bool current_thread_is_daemon() {
  if (sim::Execution* ex = current_execution()) {
    const ThreadId t = sim::current_thread(*ex);
    if (t != 0) return static_cast<ThreadCore*>(sim::thread_user(*ex, t))->daemon;
    number_main_object(*ex);
    return false;  // the main thread is never a daemon, nor can it become one
  }
  return current_thread().daemon();
}

bool is_current_thread(const ThreadCore& c) {
  if (sim::Execution* ex = current_execution()) {
    const ThreadId t = sim::current_thread(*ex);
    if (t == 0) number_main_object(*ex);
    return c.sim_epoch != 0 && c.in_execution(*ex) && c.tid == t;
  }
  return &current_thread() == c.self;
}

Thread& os_main_thread() {
  static Thread* main = [] {
    auto* t = new Thread(ThreadOptions{"MainThread", false});  // lives as long as the process
    ThreadCore& c = ThreadCore::of(*t);
    c.started = true;
    c.is_main = true;
    c.ident = os::next_ident();
    c.os = std::make_unique<os::ThreadState>();
    c.os->ident = *c.ident;
    c.os->native_id = g_main_native_id;
    os::register_thread(*c.ident, t, std::this_thread::get_id() == g_main_id);
    return t;
  }();
  return *main;
}

}  // namespace detail

Thread& current_thread() {
  if (sim::Execution* ex = detail::current_execution()) {
    const ThreadId t = sim::current_thread(*ex);
    if (t == 0) return detail::sim_main_thread(*ex);
    return *static_cast<detail::ThreadCore*>(sim::thread_user(*ex, t))->self;
  }
  if (Thread* t = os::registered_current()) return *t;
  if (std::this_thread::get_id() == detail::g_main_id) return detail::os_main_thread();
  detail::os_main_thread();
  auto dummy = std::make_unique<Thread>(ThreadOptions{"Dummy-" + std::to_string(os::next_thread_number()), true});
  detail::ThreadCore& c = detail::ThreadCore::of(*dummy);
  c.started = true;
  c.is_dummy = true;
  c.ident = os::next_ident();
  c.os = std::make_unique<os::ThreadState>();
  c.os->ident = *c.ident;
  c.os->native_id = os::native_thread_id();  // created on the thread it names
  os::register_thread(*c.ident, dummy.get(), true);
  detail::t_dummy.thread = std::move(dummy);
  return *detail::t_dummy.thread;
}

Thread& main_thread() {
  if (sim::Execution* ex = detail::current_execution()) return detail::sim_main_thread(*ex);
  return detail::os_main_thread();
}

std::vector<Thread*> enumerate() {
  std::vector<Thread*> out;
  if (sim::Execution* ex = detail::current_execution()) {
    for (std::uint32_t i = 0; i < sim::thread_count(*ex); ++i) {
      const auto t = static_cast<ThreadId>(i);
      if (!sim::thread_alive(*ex, t)) continue;
      out.push_back(t == 0 ? &detail::sim_main_thread(*ex)
                           : static_cast<detail::ThreadCore*>(sim::thread_user(*ex, t))->self);
    }
    return out;
  }
  detail::os_main_thread();
  for (Thread* t : os::alive_threads())
    if (t != nullptr) out.push_back(t);
  return out;
}

std::size_t active_count() { return enumerate().size(); }

std::uint64_t get_ident() { return current_thread().ident().value_or(0); }

std::uint64_t get_native_id() {
  if (detail::current_execution() != nullptr) return get_ident();
  return os::native_thread_id();
}

}  // namespace weft
