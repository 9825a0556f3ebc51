#pragma once
// weft::Thread: Python's threading.Thread, simulated inside explore() and real outside.
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <source_location>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "detail/thread_target.hpp"
#include "timeout.hpp"

namespace weft {

namespace detail {
struct ThreadCore;  // api/thread_core.hpp: state shared by the handle and the running thread
}

/// Construction options: Python's `name=` and `daemon=` keywords.
struct ThreadOptions {
  std::string name;             // empty: "Thread-N" from a counter (per execution when simulated);
                                // never Python 3.10's "Thread-N (target)": a C++ callable has no name
  std::optional<bool> daemon;   // unset: inherit current_thread().daemon() at construction
};

/// A thread of control, as Python's threading.Thread:
/// - construct with a target (and arguments), or subclass and override run();
/// - start() at most once (else RuntimeError); join(timeout) any number of times;
/// - join() before start() or from the thread itself raises RuntimeError;
/// - an exception escaping run() fails the simulated execution (on real threads it is
///   passed to excepthook(), which by default prints it to stderr, as Python's).
/// Inside explore() the thread is a fiber and every start/join is a scheduling point.
/// The handle may be moved before start() (so std::vector<Thread> works); in a simulation
/// also after it. On real threads a started thread's run() reads its handle, so moving it
/// then is a data race, as for any object shared between threads. Destroying the handle of a thread that
/// is still running joins it when it is non-daemon; a daemon thread is abandoned (simulated:
/// unwound at once; real: detached — keep a subclass alive while its run() executes).
class Thread {
 public:
  using loc = std::source_location;

  /// A thread whose run() does nothing (override run() in a subclass).
  Thread();
  explicit Thread(ThreadOptions options);
  /// A thread that calls `f(args...)`. Arguments are copied (use std::ref to share).
  template <class F, class... Args>
    requires std::invocable<std::decay_t<F>&, std::decay_t<Args>&...>
  explicit Thread(F&& f, Args&&... args)
      : Thread(ThreadOptions{}, bind(std::forward<F>(f), std::forward<Args>(args)...)) {}
  template <class F, class... Args>
    requires std::invocable<std::decay_t<F>&, std::decay_t<Args>&...>
  Thread(ThreadOptions options, F&& f, Args&&... args)
      : Thread(std::move(options), bind(std::forward<F>(f), std::forward<Args>(args)...)) {}

  Thread(Thread&& other) noexcept;
  Thread& operator=(Thread&& other) = delete;
  Thread(const Thread&) = delete;
  Thread& operator=(const Thread&) = delete;
  virtual ~Thread();

  /// Starts the thread; returns once it is alive. RuntimeError if already started.
  void start(loc where = loc::current());
  /// Waits until the thread ends, or `timeout` passes (then check is_alive()).
  /// RuntimeError before start() or when joining oneself. Negative timeouts count as 0;
  /// a finite timeout above TIMEOUT_MAX raises OverflowError.
  void join(OptSeconds timeout = forever, loc where = loc::current());
  /// True from start() until run() has returned.
  /// Not a scheduling point; inside a simulation recorded as a `peek` of the thread, which
  /// partial-order reduction orders against its exit.
  bool is_alive(std::source_location where = std::source_location::current()) const;
  /// Python's ident: nullopt before start(), then a nonzero integer kept after exit.
  std::optional<std::uint64_t> ident() const;
  /// Python's native_id: the kernel's thread id (real threads; recycled by the OS after the
  /// thread ends), the ident inside a simulation; nullopt before start(). Kept after the end.
  std::optional<std::uint64_t> native_id() const;
  const std::string& name() const;
  void set_name(std::string name);
  bool daemon() const;
  /// RuntimeError once started.
  void set_daemon(bool daemon, loc where = loc::current());
  /// Python's repr: <Thread(NAME, initial|started|stopped[ daemon][ IDENT])>.
  std::string repr() const;

  /// The thread's activity. The default calls the target given at construction.
  virtual void run();

 protected:
  /// What the destructor does for a thread still running (join it; abandon a daemon). A
  /// subclass whose run() uses its own members calls this first in its destructor, so those
  /// members outlive the thread.
  void finish_before_destruction();

 private:
  friend struct detail::ThreadCore;
  Thread(ThreadOptions options, detail::ThreadTarget target);
  template <class F, class... Args>
  static detail::ThreadTarget bind(F&& f, Args&&... args) {
    if constexpr (sizeof...(Args) == 0) {
      // Unwrapped: a callable of up to ThreadTarget::kInline bytes stays in place, with no allocation.
      return detail::ThreadTarget(std::forward<F>(f));
    } else {
      return [fn = std::forward<F>(f), tup = std::make_tuple(std::forward<Args>(args)...)]() mutable {
        std::apply(fn, tup);
      };
    }
  }
  std::shared_ptr<detail::ThreadCore> core_;
};

/// The Thread object of the caller (the main body's is named "MainThread"; a real thread
/// that weft did not start gets a daemon "Dummy-N" object).
Thread& current_thread();
/// The Thread object of the main thread (in a simulation: of the body's thread).
Thread& main_thread();
/// Every alive thread: started and not finished, main thread first, in start order.
std::vector<Thread*> enumerate();
/// enumerate().size().
std::size_t active_count();
/// A nonzero integer naming the calling thread (Thread::ident() of current_thread()).
std::uint64_t get_ident();
/// Python's get_native_id(): the kernel's id of the calling thread (Linux gettid); inside a
/// simulation the same as get_ident().
std::uint64_t get_native_id();

/// Python's threading.ExceptHookArgs: what excepthook receives. exc_type, exc_value and
/// exc_traceback are one std::exception_ptr (rethrow it to inspect the exception).
struct ExceptHookArgs {
  std::exception_ptr exc;   // the exception that escaped run()
  Thread* thread = nullptr;  // the thread it escaped from (current_thread() in the hook)
};
/// Python's threading.excepthook type.
using ExceptHook = std::function<void(const ExceptHookArgs&)>;

/// Python's threading.__excepthook__: writes "Exception in thread NAME:" and the
/// exception's type and what() to stderr (the thread's ident instead of NAME when
/// args.thread is null).
void default_excepthook(const ExceptHookArgs& args);
/// Python's threading.excepthook = hook: called on a real thread, by that thread, when an
/// exception escapes its run(), before the thread leaves enumerate() (join() waits for the
/// hook). Process-wide; read at the moment of the failure. An empty hook restores
/// default_excepthook. If the hook throws, "Exception in threading.excepthook:" and that
/// exception are written to stderr and the thread ends normally. Inside a simulation no
/// hook is called: an exception escaping a thread fails the execution (uncaught_exception).
void set_excepthook(ExceptHook hook);
/// The current hook (default_excepthook unless set_excepthook changed it).
ExceptHook excepthook();

/// Python's threading.stack_size(): the stack size, in bytes, given to real threads started
/// from now on; 0 means the system default. Inside a simulation: a per-execution setting
/// (0 at the start of each execution) with no effect, because fibers' stacks are
/// Options::stack_size.
std::size_t stack_size();
/// Python's threading.stack_size(size): sets it for threads started afterwards (threads
/// already running keep theirs) and returns the previous setting. ValueError("size not
/// valid: N bytes") when size is neither 0 nor at least 32 KiB, or when the OS rejects it.
std::size_t stack_size(std::size_t size, std::source_location where = std::source_location::current());

}  // namespace weft
