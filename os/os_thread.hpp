#pragma once
// The real-thread side of weft::Thread: an OS thread with Python's start/join semantics,
// and the process-wide registry behind current_thread() and enumerate().
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <pthread.h>

namespace weft {
class Thread;
}

namespace weft::os {

/// An OS thread started with pthread_create, so that it can be given a stack size
/// (std::thread cannot). Same joinable/join/detach contract as std::thread; destroying a
/// joinable one terminates, as std::thread.
class NativeThread {
 public:
  NativeThread() = default;
  NativeThread(const NativeThread&) = delete;
  NativeThread& operator=(const NativeThread&) = delete;
  ~NativeThread();
  /// Runs `fn` on a new thread with a stack of `stack_size` bytes (0: the system default).
  /// Throws std::system_error when the OS refuses.
  void start(std::function<void()> fn, std::size_t stack_size);
  bool joinable() const { return joinable_; }
  void join();
  void detach();

 private:
  pthread_t id_{};
  bool joinable_ = false;
};

/// Python's threading.stack_size(): the stack size of threads started from now on (0: the
/// system default).
std::size_t stack_size();
/// Sets it and returns the previous value; the caller has validated `size`.
std::size_t set_stack_size(std::size_t size);

/// One OS thread's lifecycle, shared by its handle and the running thread.
struct ThreadState {
  std::mutex m;
  std::condition_variable cv;
  bool running = false;    // between "began" and "run() returned"
  bool finished = false;
  std::uint64_t ident = 0;
  std::uint64_t native_id = 0;  // the kernel's id of the thread, set before start_thread returns
  NativeThread thread;
};

/// The kernel's id of the calling thread (Linux gettid), as Python's get_native_id().
std::uint64_t native_thread_id();

/// Starts `body` on a new OS thread registered as `self` (current_thread() there), under
/// st.ident (assigned here if 0: set it first when the handle must know it early). Returns
/// once the thread runs and is in enumerate(), as Python's start(). Throws RuntimeError
/// "can't start new thread" when the OS refuses.
void start_thread(ThreadState& st, Thread* self, std::function<void()> body);
/// Waits for the thread to finish, at most `timeout` seconds if given.
void join_thread(ThreadState& st, std::optional<double> timeout);
bool thread_alive(ThreadState& st);
/// Detaches a still-running thread whose handle goes away (a daemon); joins a finished one.
void release_thread(ThreadState& st);

// The registry: alive threads by ident, in registration order (the main thread first).
/// Registers `t` under `ident`; when `is_current`, it is the calling OS thread's Thread.
void register_thread(std::uint64_t ident, Thread* t, bool is_current);
void unregister_thread(std::uint64_t ident);
/// Points an entry at a moved handle (nullptr: keep it alive but unlisted).
void rebind_thread(std::uint64_t ident, Thread* to);
/// The registered Thread of the calling OS thread, or nullptr (a foreign thread).
Thread* registered_current();
/// Alive registered threads in registration order.
std::vector<Thread*> alive_threads();
/// Next value of Python's global "Thread-N" counter.
std::uint32_t next_thread_number();
/// Next ident (nonzero, never reused within the process).
std::uint64_t next_ident();

}  // namespace weft::os
