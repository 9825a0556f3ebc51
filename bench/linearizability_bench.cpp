// weft::linearizable on random histories of 100, 1,000 and 10,000 operations over a register, a
// FIFO queue and a set (docs/linearizability.md). Each history comes from 4-8 threads calling a
// correct atomic object: every operation takes effect at a random moment between its invocation
// and its response, and the intervals overlap at random, so the history is linearizable. A
// corrupted copy changes one recorded result, which is then (almost always) not. Generation is
// seeded and deterministic; only the times vary between runs.
//
// Two queue workloads: "queue" enqueues distinct values (a counter), which the distinct-value
// queue check decides without a search (CheckOptions::queue_fast_path); "queue (repeats)"
// draws values from 1,000, so values repeat and the general search runs.
//
// A plain program printing a table: `weft_bench_linearizability [max_ops] [seed]`
// (max_ops: the largest size run, 10000 by default). Each check has a budget of a million
// configurations (a few seconds); the verdicts column counts the histories that exhausted it.
// Exit status 1 if a correct history is judged not linearizable.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include <weft/linearizable.hpp>
#include "bench_args.hpp"

namespace {

using weft::lin::CheckOptions;
using weft::lin::CheckResult;
using weft::lin::History;
using weft::lin::OpId;
using weft::lin::Operation;
using weft::lin::Value;
using weft::lin::Verdict;

// SplitMix64 (the standard distributions differ between libraries; this does not).
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

// `n_ops` operations on `threads` threads against a true object: at each tick a random thread
// invokes its next operation, lets it take effect, or returns its result.
template <class M>
History generate(const M& model, Rng& rng, std::uint32_t threads, std::uint32_t n_ops,
                 const std::function<Operation(Rng&)>& random_op) {
  History h;
  typename M::State truth = model.initial();
  struct Running {
    int stage = 0;  // 0 idle, 1 invoked, 2 took effect
    OpId id = 0;
    Value result;
  };
  std::vector<Running> running(threads);
  std::uint32_t invoked = 0, busy = 0;
  while (invoked < n_ops || busy > 0) {
    Running& r = running[rng.below(threads)];
    if (r.stage == 0) {
      if (invoked == n_ops) continue;
      const Operation op = random_op(rng);
      r.id = h.invoke(static_cast<std::uint32_t>(&r - running.data()), op.name, op.args);
      r.stage = 1;
      ++invoked;
      ++busy;
    } else if (r.stage == 1) {
      auto [next, result] = model.step(truth, h.operation(r.id).op);
      truth = std::move(next);
      r.result = std::move(result);
      r.stage = 2;
    } else {
      h.respond(r.id, r.result);
      r.stage = 0;
      --busy;
    }
  }
  return h;
}

// `h` with one result that is not none replaced by a different one of the same kind.
History corrupt(const History& h, Rng& rng) {
  std::vector<OpId> candidates;
  for (const auto& r : h.operations())
    if (!r.pending && !r.result.is_none()) candidates.push_back(r.id);
  const OpId victim = candidates.empty() ? h.size() : candidates[rng.below(static_cast<std::uint32_t>(candidates.size()))];
  History out;
  std::vector<OpId> renamed(h.size());
  for (const auto& e : h.events()) {
    const auto& r = h.operation(e.op);
    if (e.kind == weft::lin::HistoryEvent::Kind::invoke) {
      renamed[e.op] = out.invoke(r.thread, r.op.name, r.op.args);
      continue;
    }
    Value result = r.result;
    if (e.op == victim) {
      if (result.is_bool()) result = !result.as_bool();
      else if (result.is_int()) result = result.as_int() + 1;
      else result = std::int64_t{-1};  // empty -> a value never enqueued
    }
    out.respond(renamed[e.op], result);
  }
  return out;
}

struct Row {
  std::vector<double> ms;  // per history
  std::uint64_t configurations = 0;
  int histories = 0, linearizable = 0, not_linearizable = 0, gave_up = 0;
  int queue_checked = 0;  // decided by the distinct-value queue check
};

template <class M>
Row measure(const M& model, const std::vector<History>& histories, const CheckOptions& options) {
  Row row;
  for (const History& h : histories) {
    const auto start = std::chrono::steady_clock::now();
    const CheckResult c = weft::linearizable(h, model, options);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    row.ms.push_back(ms);
    row.configurations += c.stats.configurations;
    ++row.histories;
    if (c.stats.queue_check) ++row.queue_checked;
    if (c.verdict == Verdict::linearizable) ++row.linearizable;
    else if (c.verdict == Verdict::not_linearizable) ++row.not_linearizable;
    else ++row.gave_up;
  }
  return row;
}

void print(const char* model, const char* kind, std::uint32_t ops, Row r) {
  std::sort(r.ms.begin(), r.ms.end());
  double total = 0;
  for (double ms : r.ms) total += ms;
  std::printf("%-15s %-9s %6u %5d %10.3f %10.3f %10.3f %13.0f   %d ok, %d not, %d gave up", model, kind, ops,
              r.histories, total / r.histories, r.ms[r.ms.size() / 2], r.ms.back(),
              static_cast<double>(r.configurations) / r.histories, r.linearizable, r.not_linearizable, r.gave_up);
  if (r.queue_checked > 0) std::printf(" (%d by the queue check)", r.queue_checked);
  std::printf("\n");
}

// Runs one model at every size: correct histories, then corrupted ones. False when a correct
// history was judged otherwise.
template <class M>
bool run(const char* name, const M& model, const std::function<Operation(Rng&)>& random_op, std::uint32_t max_ops,
         std::uint64_t seed, const CheckOptions& options) {
  bool sound = true;
  for (std::uint32_t ops : {100u, 1000u, 10000u}) {
    if (ops > max_ops) break;
    const int count = ops <= 100 ? 200 : ops <= 1000 ? 50 : 10;
    Rng rng{seed ^ ops};
    std::vector<History> correct, corrupted;
    for (int i = 0; i < count; ++i) {
      correct.push_back(generate(model, rng, 4 + rng.below(5), ops, random_op));
      corrupted.push_back(corrupt(correct.back(), rng));
    }
    const Row good = measure(model, correct, options);
    print(name, "correct", ops, good);
    sound = sound && good.not_linearizable == 0;  // giving up is allowed; a wrong verdict is not
    print(name, "corrupted", ops, measure(model, corrupted, options));
  }
  return sound;
}

}  // namespace

int main(int argc, char** argv) {
  constexpr const char* kUsage = "weft_bench_linearizability [max_ops] [seed]";
  const auto max_ops = static_cast<std::uint32_t>(weft::bench::count_arg(argc, argv, 1, 10000, "max_ops", kUsage, 1, 1000000));
  const std::uint64_t seed = weft::bench::count_arg(argc, argv, 2, 1, "seed", kUsage, 0);
  std::printf("%-15s %-9s %6s %5s %10s %10s %10s %13s   %s\n", "model", "histories", "ops", "count", "mean ms",
              "median ms", "max ms", "mean configs", "verdicts");
  // A budget per history, so that a pathological one costs seconds, not hours.
  CheckOptions split, whole;
  split.max_configurations = whole.max_configurations = 1000000;
  whole.partition = false;
  bool sound = true;
  sound &= run("register", weft::lin::RegisterModel{}, [](Rng& r) {
    const std::uint32_t k = r.below(10);
    if (k < 5) return Operation{"read", {}};
    if (k < 9) return Operation{"write", {Value{r.below(16)}}};
    return Operation{"cas", {Value{r.below(16)}, Value{r.below(16)}}};
  }, max_ops, seed, whole);
  sound &= run("queue", weft::lin::QueueModel{}, [next = std::int64_t{0}](Rng& r) mutable {
    return r.below(2) == 0 ? Operation{"enqueue", {Value{next++}}} : Operation{"dequeue", {}};
  }, max_ops, seed, whole);
  sound &= run("queue (repeats)", weft::lin::QueueModel{}, [](Rng& r) {
    return r.below(2) == 0 ? Operation{"enqueue", {Value{r.below(1000)}}} : Operation{"dequeue", {}};
  }, max_ops, seed, whole);
  const std::function<Operation(Rng&)> set_op = [](Rng& r) {
    const char* names[] = {"add", "remove", "contains"};
    return Operation{names[r.below(3)], {Value{r.below(16)}}};
  };
  sound &= run("set (whole)", weft::lin::SetModel{}, set_op, max_ops, seed, whole);
  sound &= run("set (by key)", weft::lin::SetModel{}, set_op, max_ops, seed, split);
  return sound ? 0 : 1;
}
