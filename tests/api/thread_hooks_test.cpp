// threading.stack_size([size]) and threading.excepthook / __excepthook__: stack_size on both
// backends (it sets real threads' stacks and does nothing to fibers); excepthook on real
// threads, where it is called, and inside explore(), where an escaping exception stays a
// failure report.
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string>

#include <pthread.h>

#include "both_backends.hpp"

using namespace weft;
using namespace locktests;

namespace {
// The stack size of the calling OS thread, as glibc reports it.
std::size_t own_stack_size() {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return 0;
  std::size_t size = 0;
  pthread_attr_getstacksize(&attr, &size);
  pthread_attr_destroy(&attr);
  return size;
}

// Restores the default excepthook when a test ends, passed or not.
struct RestoreHook {
  ~RestoreHook() { set_excepthook({}); }
};
}  // namespace

TEST_CASE("real threads and explore: stack_size returns the previous setting and rejects 1..32767", "[thread]") {
  run_both("stack_size", [] {
    check(stack_size() == 0, "0 (the default) at first; in a simulation at the start of every execution");
    check(raises<ValueError>([] { stack_size(1); }), "stack_size(1): ValueError");
    check(raises<ValueError>([] { stack_size(32767); }), "stack_size(32767): ValueError");
    check(stack_size() == 0, "a rejected size changes nothing");
    check(stack_size(32768) == 0, "stack_size(32768) returns the previous 0");
    check(stack_size(512 * 1024) == 32768, "returns the previous setting");
    check(stack_size() == 512 * 1024, "stack_size() reads it");
    std::size_t seen = 0;
    Thread t([&] { seen = in_simulation() ? 0 : own_stack_size(); });
    t.start();
    t.join();
    if (!in_simulation())
      check(seen >= 512 * 1024 && seen < 2 * 1024 * 1024, "a thread started afterwards has the requested stack");
    check(stack_size(0) == 512 * 1024, "stack_size(0) restores the default");
    check(stack_size() == 0, "back to 0");
  }, 30);
}

TEST_CASE("real threads: excepthook is called by the dying thread, which is still alive", "[thread]") {
  RestoreHook restore;
  check(excepthook().target<void (*)(const ExceptHookArgs&)>() != nullptr &&
            *excepthook().target<void (*)(const ExceptHookArgs&)>() == &default_excepthook,
        "the default hook is default_excepthook (Python's __excepthook__)");
  std::mutex m;
  int calls = 0;
  std::string what;
  bool same_thread = false, alive = false;
  Thread* seen = nullptr;
  set_excepthook([&](const ExceptHookArgs& args) {
    weft::sleep(0.05);  // join() must wait for the hook
    std::lock_guard g(m);
    ++calls;
    seen = args.thread;
    same_thread = args.thread == &current_thread();
    alive = args.thread != nullptr && args.thread->is_alive();
    try {
      std::rethrow_exception(args.exc);
    } catch (const ValueError& e) {
      what = e.what();
    }
  });
  Thread t(ThreadOptions{"failing", {}}, [] { throw ValueError("boom"); });
  t.start();
  t.join();
  std::lock_guard g(m);
  CHECK(calls == 1);
  CHECK(what == "boom");
  CHECK(seen == &t);
  CHECK(same_thread);
  CHECK(alive);
  CHECK_FALSE(t.is_alive());
}

TEST_CASE("real threads: an excepthook that throws does not break the thread; an empty hook restores the default", "[thread]") {
  RestoreHook restore;
  std::atomic<int> calls{0};
  set_excepthook([&](const ExceptHookArgs&) {
    calls.fetch_add(1);
    throw std::runtime_error("the hook failed");  // written to stderr
  });
  Thread t([] { throw 42; });
  t.start();
  t.join();
  CHECK(calls.load() == 1);
  CHECK_FALSE(t.is_alive());
  set_excepthook({});
  CHECK(*excepthook().target<void (*)(const ExceptHookArgs&)>() == &default_excepthook);
}

TEST_CASE("explore: excepthook is not called; an escaping exception is an uncaught_exception report", "[thread]") {
  RestoreHook restore;
  std::atomic<int> calls{0};
  set_excepthook([&](const ExceptHookArgs&) { calls.fetch_add(1); });
  Options o;
  o.use_environment = false;
  o.max_executions = 5;
  const Result r = explore(o, [] {
    Thread t([] { throw ValueError("escapes"); });
    t.start();
    t.join();
  });
  CHECK_FALSE(r.ok());
  CHECK(r.failure().kind == FailureKind::uncaught_exception);
  CHECK(calls.load() == 0);
}
