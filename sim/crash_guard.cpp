#include "crash_guard.hpp"

#include <signal.h>
#include <sys/mman.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <mutex>

#include "execution.hpp"
#include "heartbeat.hpp"

namespace weft::sim {

namespace {

std::terminate_handler g_previous_terminate = nullptr;
struct sigaction g_previous_segv {};
struct sigaction g_previous_bus {};

// std::terminate on a fiber ends that fiber's execution with a report; elsewhere (the host,
// another OS thread) the previous handler runs.
[[noreturn]] void on_terminate() {
  Execution* ex = detail::current_execution();
  if (ex != nullptr && ex->current() != kNoThread) ex->terminated_on_fiber();
  if (g_previous_terminate != nullptr) g_previous_terminate();
  std::abort();
}

void chain(const struct sigaction& prev, int sig, siginfo_t* info, void* context) {
  if ((prev.sa_flags & SA_SIGINFO) != 0 && prev.sa_sigaction != nullptr) {
    prev.sa_sigaction(sig, info, context);
    return;
  }
  if (prev.sa_handler != SIG_DFL && prev.sa_handler != SIG_IGN && prev.sa_handler != nullptr) {
    prev.sa_handler(sig);
    return;
  }
  // Default action: restore it; returning re-executes the faulting instruction.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  ::sigaction(sig, &dfl, nullptr);
}

// Runs on the alternate stack. A fault in the guard below the running fiber's stack is a
// stack overflow: the fiber is left for good and the execution reports it.
void on_fault(int sig, siginfo_t* info, void* context) {
  Execution* ex = detail::current_execution();
  if (ex != nullptr && info != nullptr && ex->in_current_guard(info->si_addr)) ex->overflowed_on_fiber();
  chain(sig == SIGBUS ? g_previous_bus : g_previous_segv, sig, info, context);
}

// The watchdog's interrupt: a fiber of this thread's execution ran too long without a
// scheduling point. Anywhere else (the host between executions) it is ignored, and the
// watchdog falls back to ending the process.
void on_watchdog(int, siginfo_t*, void*) {
  Execution* ex = detail::current_execution();
  if (ex != nullptr && ex->current() != kNoThread) ex->interrupted_on_fiber();
}

// One alternate signal stack per OS thread that explores, freed when the thread ends.
// Installed whenever the thread has none (a test framework may have removed it since).
class AltStack {
 public:
  void ensure() {
    stack_t current{};
    if (::sigaltstack(nullptr, &current) == 0 && (current.ss_flags & SS_DISABLE) == 0) return;
    if (mem_ == nullptr) {
      void* m = ::mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (m == MAP_FAILED) return;
      mem_ = m;
    }
    stack_t ss{};
    ss.ss_sp = mem_;
    ss.ss_size = kSize;
    ::sigaltstack(&ss, nullptr);
  }
  AltStack() = default;
  ~AltStack() {
    if (mem_ == nullptr) return;
    stack_t current{};
    if (::sigaltstack(nullptr, &current) == 0 && current.ss_sp == mem_) {
      stack_t off{};
      off.ss_flags = SS_DISABLE;
      ::sigaltstack(&off, nullptr);
    }
    ::munmap(mem_, kSize);
  }
  AltStack(const AltStack&) = delete;
  AltStack& operator=(const AltStack&) = delete;

 private:
  static constexpr std::size_t kSize = 64 * 1024;
  void* mem_ = nullptr;
};

void ensure_handler(int sig, void (*handler)(int, siginfo_t*, void*), struct sigaction* previous) {
  struct sigaction current {};
  if (::sigaction(sig, nullptr, &current) != 0) return;
  if ((current.sa_flags & SA_SIGINFO) != 0 && current.sa_sigaction == handler) return;
  struct sigaction sa {};
  sa.sa_sigaction = handler;
  // SA_NODEFER: the handler leaves for another fiber and never returns, so the signal
  // must not stay blocked.
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  ::sigaction(sig, &sa, previous);
}

}  // namespace

Heartbeat& this_thread_heartbeat() {
  thread_local Heartbeat h;
  return h;
}

int watchdog_signal() { return SIGRTMIN + 4; }

void install_crash_guard() {
  // Again whenever someone replaced them since (a test framework does, per test case).
  static std::mutex m;
  const std::lock_guard<std::mutex> g(m);
  if (std::get_terminate() != &on_terminate) {
    std::terminate_handler prev = std::set_terminate(&on_terminate);
    if (prev != &on_terminate) g_previous_terminate = prev;
  }
  ensure_handler(SIGSEGV, &on_fault, &g_previous_segv);
  ensure_handler(SIGBUS, &on_fault, &g_previous_bus);
  ensure_handler(watchdog_signal(), &on_watchdog, nullptr);
  thread_local AltStack alt;
  alt.ensure();
}

}  // namespace weft::sim
