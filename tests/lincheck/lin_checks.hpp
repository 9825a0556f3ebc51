#pragma once
// Independent judges for the linearizability tests: a checker of a proposed order, a
// brute-force search without memoisation, and a generator of small random histories.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <weft/linearizable.hpp>

namespace lincheck_test {

using weft::lin::History;
using weft::lin::OpId;
using weft::lin::Operation;
using weft::lin::OperationRecord;
using weft::lin::Value;

// "" when `order` linearizes `h` under `m`; otherwise what is wrong with it. Checked from the
// definition (Herlihy & Wing 1990): every completed operation exactly once, pending ones at most
// once, real-time order kept, and the model's results equal the recorded ones. With `prefix`,
// `order` may leave operations out, as long as none left out returned before one placed was
// invoked (so that it could be continued).
template <class M>
std::string linearization_error(const History& h, const M& m, const std::vector<OpId>& order, bool prefix = false) {
  std::vector<int> position(h.size(), -1);
  for (std::size_t k = 0; k < order.size(); ++k) {
    if (order[k] >= h.size()) return "unknown operation #" + std::to_string(order[k]);
    if (position[order[k]] != -1) return "#" + std::to_string(order[k]) + " placed twice";
    position[order[k]] = static_cast<int>(k);
  }
  for (const OperationRecord& r : h.operations())
    if (!prefix && !r.pending && position[r.id] == -1) return "completed " + r.to_string() + " not placed";
  for (const OperationRecord& a : h.operations())
    for (const OperationRecord& b : h.operations())
      if (!a.pending && position[b.id] != -1 && a.responded_at < b.invoked_at &&
          (position[a.id] == -1 || position[a.id] > position[b.id]))
        return a.to_string() + " returned before " + b.to_string() + " was invoked, but is placed after it";
  typename M::State s = m.initial();
  for (OpId id : order) {
    const OperationRecord& r = h.operation(id);
    auto [next, result] = m.step(s, r.op);
    if (!r.pending && !(result == r.result)) return r.to_string() + ": the model returns " + result.to_string();
    s = std::move(next);
  }
  return "";
}

// Linearizability by exhaustive search over every order (no memoisation): the definition,
// exponential, for histories of a few operations.
template <class M>
bool brute_force_linearizable(const History& h, const M& m) {
  const auto& ops = h.operations();
  std::vector<char> placed(ops.size(), 0);
  std::function<bool(const typename M::State&)> go = [&](const typename M::State& s) -> bool {
    bool all_completed_placed = true;
    for (const OperationRecord& r : ops)
      if (!r.pending && placed[r.id] == 0) all_completed_placed = false;
    if (all_completed_placed) return true;
    for (const OperationRecord& r : ops) {
      if (placed[r.id] != 0) continue;
      bool minimal = true;  // nothing unplaced returned before r was invoked
      for (const OperationRecord& o : ops)
        if (placed[o.id] == 0 && !o.pending && o.responded_at < r.invoked_at) minimal = false;
      if (!minimal) continue;
      auto [next, result] = m.step(s, r.op);
      if (!r.pending && !(result == r.result)) continue;
      placed[r.id] = 1;
      const bool found = go(next);
      placed[r.id] = 0;
      if (found) return true;
    }
    return false;
  };
  return go(m.initial());
}

// A small deterministic generator (SplitMix64; the standard distributions are not portable).
struct Rng {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }
};

// A random history of `n_ops` operations on `threads` threads. Each operation takes effect on
// a true object (model `m`) at a random moment between its invocation and response, so the
// history is linearizable, except that each response is replaced, with probability
// `corrupt_percent`, by `random_result()`. Operations still running at the end stay pending
// (some took effect, some did not).
template <class M>
History random_history(const M& m, Rng& rng, std::uint32_t threads, std::uint32_t n_ops,
                       const std::function<Operation(Rng&)>& random_op,
                       const std::function<Value(Rng&)>& random_result, std::uint32_t corrupt_percent) {
  History h;
  typename M::State truth = m.initial();
  struct Running {
    bool busy = false, applied = false;
    OpId id = 0;
    Value result;
  };
  std::vector<Running> running(threads);
  std::uint32_t invoked = 0;
  for (;;) {
    const std::uint32_t t = rng.below(threads);
    Running& r = running[t];
    if (!r.busy) {
      if (invoked == n_ops) {
        bool any = false;
        for (const Running& x : running) any = any || x.busy;
        if (!any || rng.below(8) == 0) break;  // leave the rest pending
        continue;
      }
      const Operation op = random_op(rng);
      r = Running{true, false, h.invoke(t, op.name, op.args), Value{}};
      ++invoked;
    } else if (!r.applied) {
      auto [next, result] = m.step(truth, h.operation(r.id).op);
      truth = std::move(next);
      r.result = std::move(result);
      r.applied = true;
    } else {
      h.respond(r.id, rng.below(100) < corrupt_percent ? random_result(rng) : r.result);
      r.busy = false;
    }
  }
  return h;
}

}  // namespace lincheck_test
