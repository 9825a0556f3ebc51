#pragma once
// State of a weft::Thread shared by its handle and the thread running it (internal).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <weft/detail/sim_handle.hpp>
#include <weft/thread.hpp>

#include "os/os_thread.hpp"

namespace weft::detail {

struct ThreadCore {
  Thread* self = nullptr;              // the handle (updated when it moves)
  ThreadTarget target;
  std::string name;
  bool daemon = false;
  bool started = false;
  bool is_main = false;
  bool is_dummy = false;
  std::optional<std::uint64_t> ident;

  // Simulated: set when started inside an execution.
  SimHandle sim;                       // the thread as a simulated object
  std::uint64_t sim_epoch = 0;         // the execution it belongs to (0: not simulated)
  ThreadId tid = kNoThread;

  // Real: the OS thread, made when it starts (a simulated thread never needs its mutex and
  // condition variable), or with the main or a dummy thread's handle.
  std::unique_ptr<os::ThreadState> os;

  /// The core behind a handle.
  static ThreadCore& of(Thread& t) { return *t.core_; }
  /// The simulator's entry for a thread: calls self->run().
  static void run_in_sim(void* core);
  /// True when this thread was started in (or is the main thread of) execution `ex`.
  bool in_execution(const sim::Execution& ex) const;
};

/// The Thread object of T0 in the current execution (created on first request).
Thread& sim_main_thread(sim::Execution& ex);
/// The Thread object of the process's main thread.
Thread& os_main_thread();
/// current_thread().daemon() and &current_thread() == c.self, without making T0's Thread
/// object in a simulated execution (only numbering it, as making it would have): a new Thread
/// asks the first when no daemon option is given, join the second, and making T0's object for
/// them was a tenth of an execution that starts and joins four threads.
bool current_thread_is_daemon();
bool is_current_thread(const ThreadCore& c);

}  // namespace weft::detail
