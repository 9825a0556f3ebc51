// A Thread handle's state on both backends: daemon status inherited from the thread that makes
// the handle (Python's Thread.__init__ reads current_thread().daemon), joining oneself refused
// through any handle, and many handles made and dropped in one body (their shared state is
// recycled between executions: api/recycling_allocator.hpp).
#include <functional>
#include <string>
#include <vector>

#include "both_backends.hpp"

using namespace weft;
using namespace locktests;

TEST_CASE("a new Thread inherits daemon status from the thread that makes it", "[thread]") {
  run_both("daemon inherited", [] {
    check(!Thread([] {}).daemon(), "made by the main thread: not a daemon");
    bool from_daemon = false;
    bool from_plain = true;
    bool explicit_wins = true;
    Thread d(ThreadOptions{"d", true}, [&] {
      from_daemon = Thread([] {}).daemon();
      explicit_wins = Thread(ThreadOptions{"x", false}, [] {}).daemon();
    });
    Thread p([&] { from_plain = Thread([] {}).daemon(); });
    d.start();
    p.start();
    d.join();
    p.join();
    check(from_daemon, "made inside a daemon thread: a daemon");
    check(!from_plain, "made inside a non-daemon thread: not a daemon");
    check(!explicit_wins, "ThreadOptions::daemon overrides the inherited status");
  });
}

TEST_CASE("joining the current thread is refused through its handle and main_thread()", "[thread]") {
  run_both("join self", [] {
    bool child_refused = false;
    Thread* self = nullptr;
    Thread t([&] {
      try {
        self->join();
      } catch (const RuntimeError& e) {
        child_refused = std::string(e.what()).find("cannot join current thread") != std::string::npos;
      }
    });
    self = &t;
    t.start();
    t.join();
    check(child_refused, "a thread joining its own handle gets RuntimeError");
    check(raises<RuntimeError>([] { current_thread().join(); }), "the main thread joining itself");
    check(raises<RuntimeError>([] { main_thread().join(); }), "main_thread() from the main thread");
  });
}

TEST_CASE("many thread handles made and dropped keep their own names and results", "[thread]") {
  run_both("handle churn", [] {
    for (int round = 0; round < 3; ++round) {
      std::vector<int> out(20, -1);
      std::vector<Thread> ts;
      for (int i = 0; i < 20; ++i) ts.emplace_back(ThreadOptions{"w" + std::to_string(i), std::nullopt}, [&out, i] { out[i] = i; });
      for (auto& t : ts) t.start();
      for (int i = 0; i < 20; ++i) {
        ts[i].join();
        check(ts[i].name() == "w" + std::to_string(i), "each handle keeps its own name");
        check(out[i] == i, "each thread ran its own target");
      }
    }
  }, 50);
}

// T0's Thread object takes an object number when it is first wanted (a Thread made by T0
// reads its daemon flag; current_thread() or main_thread() asks for the object), even when
// weft only numbers it then and makes it later or never: weft1: schedules record object
// numbers, and one saved with an earlier build must still replay. So a Lock made after it has
// the same number whichever way and whenever T0's object is wanted.
TEST_CASE("T0's Thread object is numbered when first wanted, whether or not it is made then", "[thread]") {
  const auto lock_number = [](const std::function<void(int)>& before_lock) {
    Options o;
    o.max_executions = 1;
    o.use_environment = false;
    o.detect_races = o.detect_lock_order = false;
    o.shrink = false;
    const Result r = explore(o, [&] {
      before_lock(0);
      Lock lock;
      lock.acquire();
      lock.release();
      weft::check(false, "stop here, to read the trace");
    });
    REQUIRE_FALSE(r.ok());
    for (const TraceEvent& e : r.failure().trace.events)
      if (e.op == OpKind::lock_acquire) return e.object;
    FAIL("no lock_acquire in the trace");
    return kNoObject;
  };
  const auto plain_thread = [](int) { Thread t([] {}); };  // inherits the daemon flag: wants T0's
  const ObjectId inherited = lock_number(plain_thread);
  // The object made at once, before the Thread and after it.
  CHECK(lock_number([&](int k) { (void)current_thread().name(); plain_thread(k); }) == inherited);
  CHECK(lock_number([&](int k) { plain_thread(k); (void)current_thread().name(); }) == inherited);
  CHECK(lock_number([&](int k) { plain_thread(k); (void)main_thread().name(); }) == inherited);
  // A joined Thread: join's self-check wants it too, first when the daemon flag was given.
  const ObjectId joined = lock_number([](int) {
    Thread t(ThreadOptions{"t", false}, [] {});
    t.start();
    t.join();
  });
  CHECK(lock_number([](int) {
          Thread t(ThreadOptions{"t", false}, [] {});
          t.start();
          (void)main_thread().name();
          t.join();
        }) == joined);
  // Nothing wants it: one number fewer before the Lock.
  CHECK(lock_number([](int) { Thread t(ThreadOptions{"t", false}, [] {}); }) + 1 == inherited);
}
