// Explores TreiberStack<true> (top is a bare index: ABA) and TreiberStack<false> (top carries
// a version counter) on one small scenario with every interleaving (dpor:
// docs/exploration.md), prints both results, and exits 0 exactly when the buggy stack pops a
// value twice and the correct one passes a complete search.
// Run: build/examples/treiber_stack_demo
#include <array>
#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>

#include <weft/weft.hpp>

#include "demo.hpp"
#include "treiber_stack.hpp"

namespace {

using weft::examples::TreiberStack;

// A pool of 2 nodes holding 1 (node 0, below) and 2 (node 1, on top); the free list is empty.
// A pops once; B pops twice, then pushes 3. B's pops free node 1, then node 0, and the FIFO
// free list hands node 1 back to B's push first. If A read top = node 1 and its next = node 0
// before B's pops, and CASes after B's push, the bare-index CAS succeeds and puts node 0,
// already popped, back on top. Afterwards the stack is drained; no value may come out twice,
// and every value pushed must come out.
template <bool Buggy>
void scenario() {
  TreiberStack<Buggy> s(2);
  s.push(1);
  s.push(2);

  std::optional<int> a_pop, b_pop1, b_pop2;
  weft::Thread a(weft::ThreadOptions{"A", {}}, [&] { a_pop = s.pop(); });
  weft::Thread b(weft::ThreadOptions{"B", {}}, [&] {
    b_pop1 = s.pop();
    b_pop2 = s.pop();
    s.push(3);
  });
  a.start();
  b.start();
  a.join();
  b.join();

  std::array<int, 4> times_popped{};  // by value 1..3
  auto count = [&](std::optional<int> v) {
    if (!v) return;
    weft::check(*v >= 1 && *v <= 3, "pop returned " + std::to_string(*v) + ", a value never pushed");
    ++times_popped[static_cast<std::size_t>(*v)];
  };
  count(a_pop);
  count(b_pop1);
  count(b_pop2);
  bool emptied = false;  // at most 3 values can be left, so 4 pops must reach the bottom
  for (int i = 0; i < 4 && !emptied; ++i) {
    const std::optional<int> v = s.pop();
    emptied = !v;
    count(v);
  }
  weft::check(emptied, "the stack is empty after at most 4 pops");
  for (int v = 1; v <= 3; ++v) {
    const int n = times_popped[static_cast<std::size_t>(v)];
    weft::check(n <= 1, "value " + std::to_string(v) + " was popped " + std::to_string(n) + " times");
    weft::check(n == 1, "value " + std::to_string(v) + " was pushed but never popped");
  }
}

}  // namespace

int main() {
  const weft::Result buggy = weft::examples::explore_demo(scenario<true>);
  std::printf("== TreiberStack<true>: top is a bare node index (ABA) ==\n%s\n\n", buggy.summary().c_str());
  const weft::Result correct = weft::examples::explore_demo(scenario<false>);
  std::printf("== TreiberStack<false>: top is index + version, bumped by every successful CAS ==\n%s\n\n",
              correct.summary().c_str());

  return weft::examples::demo_verdict("ABA bug", buggy, correct);
}
