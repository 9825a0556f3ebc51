// A weft::rc property through the installed package (and the consumer's own rapidcheck): a
// two-thread increment that loads and stores separately loses an addition, and the property
// must fail with a shrunk input and schedule. Exits 0 only if it does.
#include <cstdio>
#include <numeric>
#include <vector>

#include <weft/rapidcheck.hpp>
#include <weft/rapidcheck/linearizability.hpp>  // compiles from the installed nested directory
#include <weft/weft.hpp>

int main() {
  weft::Options options;
  options.max_executions = 200;
  options.use_environment = false;
  const auto r = weft::rc::run("consumer racy sum", options, [](const std::vector<int>& xs) {
    weft::Atomic<int> total{0};
    const std::size_t half = xs.size() / 2;
    const auto add = [&](std::size_t from, std::size_t to) {
      for (std::size_t i = from; i < to; ++i) {
        const int seen = total.load();  // not atomic as a whole: the other thread may store between
        total.store(seen + xs[i]);
      }
    };
    weft::Thread a([&] { add(0, half); }), b([&] { add(half, xs.size()); });
    a.start();
    b.start();
    a.join();
    b.join();
    weft::check(total.load() == std::accumulate(xs.begin(), xs.end(), 0), "the total lost an addition");
  });
  if (r.ok) return std::puts("consumer_rapidcheck: expected the property to fail"), 1;
  if (!r.input || !r.failure || r.failure->kind != weft::FailureKind::check_failed ||
      r.failure->message != "the total lost an addition" || r.reproduce.empty())
    return std::printf("consumer_rapidcheck: unexpected failure:\n%s\n", r.message.c_str()), 1;
  if (std::get<0>(*r.input).size() < 2)
    return std::puts("consumer_rapidcheck: a failing input needs an element per thread"), 1;
  std::printf("consumer_rapidcheck: property failed as expected after %d inputs, minimal input of %zu elements\n",
              r.inputs, std::get<0>(*r.input).size());
  return 0;
}
