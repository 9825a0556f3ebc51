// What a Thread runs (weft/detail/thread_target.hpp): a callable of up to kInline bytes is
// kept in place, a larger one on the heap, each destroyed exactly once however often it is
// moved; move-only callables are accepted, and an empty std::function or null function
// pointer makes a thread that does nothing, as with std::function before.
#include <array>
#include <cstddef>
#include <functional>
#include <memory>
#include <utility>

#include "both_backends.hpp"

using namespace weft;
using namespace locktests;
using detail::ThreadTarget;

namespace {

// Counts its live instances and remembers where it was last constructed.
template <std::size_t Bytes>
struct Probe {
  static inline int live = 0;
  static inline int calls = 0;
  static inline const void* built_at = nullptr;
  std::array<unsigned char, Bytes> payload{};
  Probe() {
    ++live;
    built_at = this;
  }
  Probe(const Probe& o) : payload(o.payload) {
    ++live;
    built_at = this;
  }
  Probe(Probe&& o) noexcept : payload(o.payload) {
    ++live;
    built_at = this;
  }
  ~Probe() { --live; }
  void operator()() { ++calls; }
};

template <class P>
bool built_inside(const ThreadTarget& t) {
  const auto* begin = reinterpret_cast<const unsigned char*>(&t);
  const auto* at = static_cast<const unsigned char*>(P::built_at);
  return at >= begin && at < begin + sizeof t;
}

template <class... T>
void start_and_join(T&... threads) {
  (threads.start(), ...);
  (threads.join(), ...);
}

int g_function_runs = 0;
void count_run() { ++g_function_runs; }
void add_runs(int n) { g_function_runs += n; }

}  // namespace

TEST_CASE("a small callable is kept in place and a large one on the heap", "[thread][target]") {
  using Small = Probe<ThreadTarget::kInline>;
  using Large = Probe<ThreadTarget::kInline + 1>;
  {
    ThreadTarget s{Small{}};
    CHECK(Small::live == 1);
    CHECK(built_inside<Small>(s));
    ThreadTarget l{Large{}};
    CHECK(Large::live == 1);
    CHECK_FALSE(built_inside<Large>(l));
    s();
    l();
    CHECK(Small::calls == 1);
    CHECK(Large::calls == 1);
  }
  CHECK(Small::live == 0);
  CHECK(Large::live == 0);
}

TEST_CASE("a moved target holds the callable once and leaves the source empty", "[thread][target]") {
  using Small = Probe<8>;
  using Large = Probe<200>;
  {
    ThreadTarget a{Small{}};
    ThreadTarget b{std::move(a)};
    CHECK_FALSE(a);
    REQUIRE(b);
    CHECK(Small::live == 1);
    CHECK(built_inside<Small>(b));
    ThreadTarget c{Large{}};
    c = std::move(b);  // the large callable is destroyed, the small one moves in
    CHECK(Large::live == 0);
    CHECK(Small::live == 1);
    CHECK_FALSE(b);
    ThreadTarget d{Large{}};
    ThreadTarget e{std::move(d)};
    CHECK(Large::live == 1);
    CHECK_FALSE(d);
    e();
    CHECK(Large::calls == 1);
  }
  CHECK(Small::live == 0);
  CHECK(Large::live == 0);
}

TEST_CASE("an empty std::function or a null function pointer makes an empty target", "[thread][target]") {
  CHECK_FALSE(ThreadTarget{std::function<void()>{}});
  void (*none)() = nullptr;
  CHECK_FALSE(ThreadTarget{none});
  CHECK(ThreadTarget{std::function<void()>([] {})});
  CHECK(ThreadTarget{+[] {}});
  CHECK(ThreadTarget{count_run});  // a function by name: a pointer that cannot be null
}

TEST_CASE("a thread runs a function given by name, by pointer and with arguments", "[thread][target]") {
  g_function_runs = 0;
  Options o;
  o.use_environment = false;
  o.max_executions = 1;
  const Result r = explore(o, [] {
    Thread a(count_run), b(&count_run), c(add_runs, 10);
    start_and_join(a, b, c);
  });
  REQUIRE(r.ok());
  CHECK(g_function_runs == 12);
}

TEST_CASE("a thread runs a move-only callable, a large one and an empty one", "[thread][target]") {
  run_both("thread targets", [] {
    Shared<int> owned{0};
    std::array<int, 32> big{};
    big[31] = 7;
    int seen_big = 0;
    Thread a([p = std::make_unique<int>(5), &owned] { owned.store(*p); });
    Thread b([big, &seen_big] { seen_big = big[31]; });
    Thread c{std::function<void()>{}};  // runs nothing, as a Thread without a target
    start_and_join(a, b, c);
    check(owned.load() == 5, "the move-only callable ran with its own state");
    check(seen_big == 7, "the callable too large to keep in place ran with its copy");
  });
}
