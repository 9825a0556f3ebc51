// model/vector_clock.hpp: the clock with inline counters behaves as a std::vector of counters
// does, on both sides of its inline size; and dpor is exact on programs with more threads
// than that size (their clocks live on the heap).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include <weft/weft.hpp>

#include "model/vector_clock.hpp"

using weft::model::VectorClock;

namespace {

using Reference = std::vector<std::uint32_t>;

void join(Reference& into, const Reference& from) {
  if (into.size() < from.size()) into.resize(from.size(), 0);
  for (std::size_t i = 0; i < from.size(); ++i) into[i] = std::max(into[i], from[i]);
}

bool same(const VectorClock& c, const Reference& r) {
  return c.size() == r.size() && std::equal(c.begin(), c.end(), r.begin(), r.end());
}

}  // namespace

TEST_CASE("VectorClock: resize, copy, join and clear agree with a std::vector, inline and not", "[dpor]") {
  // Random operations on four clocks and four reference vectors; sizes cross the inline
  // size (24) both ways, so every inline/heap transition and the zero tail are exercised.
  std::mt19937 rng(20261203);
  std::vector<VectorClock> clocks(4);
  std::vector<Reference> refs(4);
  const auto pick = [&](std::uint32_t n) { return static_cast<std::size_t>(rng() % n); };
  for (int op = 0; op < 20000; ++op) {
    const std::size_t a = pick(4), b = pick(4);
    switch (pick(6)) {
      case 0: {  // resize, growing with a value or shrinking
        const std::size_t n = pick(48);
        const auto value = static_cast<std::uint32_t>(pick(3));
        clocks[a].resize(n, value);
        refs[a].resize(n, value);
        break;
      }
      case 1:
        clocks[a] = clocks[b];
        refs[a] = refs[b];
        break;
      case 2:
        clocks[a].join(clocks[b]);
        join(refs[a], refs[b]);
        break;
      case 3:  // join from a raw block, as a wake-up sequence's clock is
        clocks[a].join(refs[b].data(), refs[b].size());
        join(refs[a], refs[b]);
        break;
      case 4:
        if (!refs[a].empty()) {
          const std::size_t i = pick(static_cast<std::uint32_t>(refs[a].size()));
          const auto v = static_cast<std::uint32_t>(rng() % 1000);
          clocks[a][i] = v;
          refs[a][i] = v;
        }
        break;
      case 5:
        if (pick(8) == 0) {
          clocks[a].clear();
          refs[a].clear();
        } else {
          VectorClock moved = std::move(clocks[a]);
          clocks[a] = moved;
        }
        break;
    }
    REQUIRE(same(clocks[a], refs[a]));
    REQUIRE(same(clocks[b], refs[b]));
  }
}

TEST_CASE("dpor: exact with more threads than a clock holds inline", "[dpor]") {
  // 33 threads that each write a variable of their own, and 3 that write one shared variable:
  // 37 threads with T0, whose clocks leave the inline block. The 3 writes can come in 3! = 6
  // orders and everything else commutes: 6 traces, one execution each.
  weft::Options o;
  o.strategy = weft::Strategy::dpor;
  o.max_executions = 1000;
  o.use_environment = false;
  o.detect_races = false;  // the shared writes race on purpose
  const weft::Result r = weft::explore(o, [] {
    std::vector<weft::Shared<int>> own(33);
    weft::Shared<int> shared{0};
    std::vector<weft::Thread> ts;
    ts.reserve(36);
    for (std::size_t i = 0; i < own.size(); ++i) ts.emplace_back([&own, i] { own[i].store(1); });
    for (int w = 1; w <= 3; ++w) ts.emplace_back([&shared, w] { shared.store(w); });
    for (auto& t : ts) t.start();
    for (auto& t : ts) t.join();
  });
  CHECK(r.ok());
  CHECK(r.stats().complete);
  CHECK(r.stats().executions == 6);
}
