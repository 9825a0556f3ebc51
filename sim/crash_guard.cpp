#include "crash_guard.hpp"

#include <signal.h>
#include <sys/mman.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <mutex>

#include "execution.hpp"

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

// One alternate signal stack per OS thread that explores, freed when the thread ends.
struct AltStack {
  void* mem = nullptr;
  std::size_t size = 0;
  AltStack() {
    stack_t old{};
    if (::sigaltstack(nullptr, &old) == 0 && (old.ss_flags & SS_DISABLE) == 0) return;  // the user's
    size = 64 * 1024;
    mem = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) {
      mem = nullptr;
      return;
    }
    stack_t ss{};
    ss.ss_sp = mem;
    ss.ss_size = size;
    ::sigaltstack(&ss, nullptr);
  }
  ~AltStack() {
    if (mem == nullptr) return;
    stack_t ss{};
    ss.ss_flags = SS_DISABLE;
    ::sigaltstack(&ss, nullptr);
    ::munmap(mem, size);
  }
  AltStack(const AltStack&) = delete;
  AltStack& operator=(const AltStack&) = delete;
};

}  // namespace

void install_crash_guard() {
  static std::once_flag once;
  // Again whenever someone replaced it since (a test framework, the user).
  if (std::get_terminate() != &on_terminate) {
    std::terminate_handler prev = std::set_terminate(&on_terminate);
    if (prev != &on_terminate) g_previous_terminate = prev;
  }
  std::call_once(once, [] {
    struct sigaction sa {};
    sa.sa_sigaction = &on_fault;
    // SA_NODEFER: the handler leaves for another fiber and never returns, so the signal
    // must not stay blocked.
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGSEGV, &sa, &g_previous_segv);
    ::sigaction(SIGBUS, &sa, &g_previous_bus);
  });
  thread_local AltStack alt;
  (void)alt;
}

}  // namespace weft::sim
