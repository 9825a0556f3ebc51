// Per-execution state belongs to the execution (docs/exploration.md, "One execution"): the
// typed slots an Execution keeps for the layers above are fresh in every execution and reset
// newest first; what api/ keeps in them (T0's Thread, Local values, counters) dies with it.
#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "sim/per_execution.hpp"

using namespace weft;

namespace {

Options quiet(std::uint64_t executions) {
  Options o;
  o.max_executions = executions;
  o.use_environment = false;
  return o;
}

std::vector<std::string> g_order;

struct First {
  int n = 0;
  ~First() {
    if (n != 0) g_order.push_back("first");
  }
  First& operator=(First&& o) noexcept {
    if (n != 0) g_order.push_back("first");
    n = o.n;
    o.n = 0;
    return *this;
  }
  First() = default;
};

struct Second {  // reset in place (keeps its capacity)
  std::vector<int> v;
  void reset() {
    g_order.push_back("second");
    v.clear();
  }
};

std::atomic<long> g_live{0};
struct Live {
  Live() { g_live.fetch_add(1); }
  Live(const Live&) = delete;
  ~Live() { g_live.fetch_sub(1); }
  int value = 0;
};

}  // namespace

TEST_CASE("per-execution slots: fresh after a reset, reset newest first in the order of first use", "[per_execution]") {
  g_order.clear();
  sim::PerExecutionSlots slots;
  slots.get<First>().n = 1;
  slots.get<Second>().v.assign(100, 7);
  slots.get<First>().n = 2;  // a second use does not change the order
  slots.reset();
  CHECK(g_order == std::vector<std::string>{"second", "first"});
  CHECK(slots.get<First>().n == 0);
  CHECK(slots.get<Second>().v.empty());
  CHECK(slots.get<Second>().v.capacity() >= 100);  // reset() kept it

  slots.reset();  // the checks above used both again
  g_order.clear();
  slots.get<Second>().v.push_back(1);  // this time Second is used first
  slots.get<First>().n = 3;
  slots.reset();
  CHECK(g_order == std::vector<std::string>{"first", "second"});
}

TEST_CASE("a Local's main-thread value dies with its execution, not at the next one's first use", "[per_execution][local]") {
  const long before = g_live.load();
  Local<Live> outside;
  long during = -1;
  const Result r = explore(quiet(5), [&] {
    check(!outside.has_value(), "each execution starts with no value");
    outside->value = 1;
    during = g_live.load() - before;
  });
  REQUIRE(r.ok());
  CHECK(during == 1);
  CHECK(g_live.load() == before);  // nothing kept after the last execution
}

TEST_CASE("Local declared outside the body: parallel workers keep their own values", "[per_execution][local]") {
  Local<int> outside;
  Options o = quiet(400);
  o.jobs = 2;
  const Result r = explore(o, [&] {
    *outside = 5;
    for (int i = 0; i < 20; ++i) {
      yield();
      check(*outside == 5, "another worker's execution dropped this one's value");
    }
  });
  INFO(r.summary());
  CHECK(r.ok());
}

TEST_CASE("main_thread(), stack_size() and pool names are per execution", "[per_execution]") {
  std::vector<std::string> names;
  const Result r = explore(quiet(3), [&] {
    check(stack_size() == 0, "stack_size() starts at 0 in every execution");
    stack_size(64 * 1024);
    check(&main_thread() == &current_thread(), "the body runs as the main thread");
    check(main_thread().name() == "MainThread", "named MainThread");
    ThreadPoolExecutor pool(1);
    names.push_back(pool.submit([] { return current_thread().name(); }).result());
  });
  REQUIRE(r.ok());
  REQUIRE(names.size() == 3);
  CHECK(names[0] == "ThreadPoolExecutor-0_0");
  CHECK(names[1] == names[0]);
  CHECK(names[2] == names[0]);
}
