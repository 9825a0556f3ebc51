// threading.local's lifetime rules on both backends: a thread's value is freed when the thread
// ends, each simulated execution starts with no values (so a Local declared outside explore()
// does not grow with the number of executions). Values are counted exactly by a type that counts its instances.
#include <atomic>
#include <optional>
#include <thread>

#include "both_backends.hpp"

using namespace weft;
using namespace locktests;

namespace {

std::atomic<long> g_live{0};

// A value that counts the live instances of itself.
struct Live {
  Live() { g_live.fetch_add(1); }
  Live(const Live&) = delete;
  ~Live() { g_live.fetch_sub(1); }
  int value = 0;
};

}  // namespace

TEST_CASE("Local: a thread's value is freed when the thread ends", "[local]") {
  run_both("Local", [] {
    const long before = g_live.load();
    {
      Local<Live> local;
      local->value = 1;
      check(g_live.load() == before + 1, "the main thread's value");
      Thread t([&] {
        local->value = 5;
        check(g_live.load() == before + 2, "the thread's value");
      });
      t.start();
      t.join();
      check(g_live.load() == before + 1, "freed when the thread ended, before join() returned");
      check(local->value == 1, "the main thread's value is its own");
    }
    check(g_live.load() == before, "the Local's own values die with it");
  }, 50);
}

TEST_CASE("outside explore a Local stays flat over 200,000 executions (simulation only: not a TSan test)", "[local]") {
  const long before = g_live.load();
  {
    Local<Live> outside;
    Options o;
    o.use_environment = false;
    o.max_executions = 200'000;
    long worst = 0;
    const Result r = explore(o, [&] {
      check(!outside.has_value(), "each execution starts with no value");
      outside->value += 1;
      check(outside->value == 1, "a fresh value in every execution");
      Thread a([&] { outside->value = 2; }), b([&] { outside->value = 3; });
      a.start();
      b.start();
      a.join();
      b.join();
      const long live = g_live.load() - before;
      if (live > worst) worst = live;
    });
    INFO(r.summary());
    REQUIRE(r.ok());
    REQUIRE(r.stats().executions == 200'000);
    // After both joins only this execution's main thread's value is alive.
    CHECK(worst == 1);
    CHECK(g_live.load() - before <= 1);
  }
  CHECK(g_live.load() == before);
}

TEST_CASE("Local: 20,000 real threads leave no values behind", "[local]") {
  const long before = g_live.load();
  Local<Live> local;
  for (int i = 0; i < 20'000; ++i) {
    Thread t([&] { local->value = 7; });
    t.start();
    t.join();
    REQUIRE(g_live.load() == before);
  }
  // Threads weft did not start free theirs at OS thread exit.
  for (int i = 0; i < 100; ++i) {
    std::thread t([&] { local->value = 8; });
    t.join();
  }
  CHECK(g_live.load() == before);
}

TEST_CASE("Local: a Local destroyed before its threads end frees every value once", "[local]") {
  run_both("Local", [] {
    const long before = g_live.load();
    Event touched, go;
    std::optional<Local<Live>> local;
    local.emplace();
    (*local)->value = 1;
    Thread u([&] {
      (*local)->value = 1;
      touched.set();
      go.wait();
    });
    u.start();
    touched.wait();
    check(g_live.load() == before + 2, "main's and u's values");
    local.reset();
    check(g_live.load() == before, "destroying the Local freed both");
    go.set();
    u.join();
    check(g_live.load() == before, "u's end frees nothing twice");
  }, 50);
}
