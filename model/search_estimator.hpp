#pragma once
// Knuth's estimator of the size of a search tree, applied to the trees `dfs` and `dpor` walk.
//
// D. E. Knuth, "Estimating the efficiency of backtrack programs", Mathematics of Computation
// 29(129), 1975: walk from the root to a leaf, at each node picking one of its d children
// uniformly; the product of the d's met is an unbiased estimate of the number of leaves. The
// estimation mode of the GenMC model checker (Kokologiannakis, Vafeiadis et al.) uses the same
// idea to say how long a verification run will take. docs/estimation.md explains the trees,
// why the mean is unbiased, and when its variance is large.
//
// A probe is one execution driven by KnuthProbe:
// - Tree::interleavings (dfs): the children of a scheduling point are the threads dfs would try
//   there (every enabled thread, or within Options::preemption_bound as DfsStrategy counts
//   preemptions), and of a value choice its n values.
// - Tree::sleep_sets (dpor): the children are the enabled threads not in the sleep set, in
//   ascending order. Choosing the i-th passes on the sleep set plus the i-1 siblings before
//   it, keeping those whose step is independent (model/dependency.hpp) of the chosen step. A
//   node whose enabled threads all sleep is a redundant leaf: the probe counts 0. A step that
//   races with nothing (a thread start, the join of a finished thread) is taken alone, and the
//   children are drawn by weight, the product taking 1/probability (still unbiased), so that
//   probes rarely send to sleep threads nothing will wake (docs/estimation.md). With sleep
//   sets every Mazurkiewicz trace has exactly one complete leaf (Godefroid, LNCS 1032, 1996),
//   so the mean estimates the number of traces, which dpor runs as its non-pruned executions.
#include <cstdint>
#include <functional>
#include <vector>

#include <weft/estimate.hpp>
#include <weft/options.hpp>

#include "model/rng.hpp"
#include "model/step_accesses.hpp"
#include "model/transition.hpp"
#include "sim/strategy.hpp"

namespace weft::model {

/// One random root-to-leaf walk per execution, remembering the product of branching factors.
class KnuthProbe final : public sim::Strategy {
 public:
  enum class Tree : std::uint8_t { interleavings /* dfs */, sleep_sets /* dpor */ };
  /// preemption_bound < 0: none (interleavings only). Probe i draws from Rng(seed, i).
  KnuthProbe(Tree tree, int preemption_bound, std::uint64_t seed)
      : tree_(tree), bound_(preemption_bound), seed_(seed) {}

  void begin_execution(std::uint64_t index) override;
  ThreadId choose_thread(const sim::SchedulePoint& point) override;
  std::uint32_t choose_value(std::uint32_t n, sim::ValueKind kind) override;
  bool wants_all_points() const override { return tree_ == Tree::sleep_sets; }
  void end_execution(const sim::ExecutionEnd& end) override;

  /// The last probe's estimate: the product of the branching factors on its path, or 0 when
  /// it ended sleep-set blocked.
  double estimate() const { return dead_ ? 0.0 : product_; }
  /// The last probe ended with every enabled thread asleep.
  bool dead() const { return dead_; }

 private:
  void finish_step(std::span<const TraceEvent> events, std::span<const sim::PendingOp> pending);
  bool asleep(ThreadId t) const;
  void learn(const Transition& step);
  bool wakeable(const Transition& s, std::span<const sim::ThreadStatus> status) const;

  Tree tree_;
  int bound_;
  std::uint64_t seed_;
  Rng rng_{0, 0};
  double product_ = 1;
  bool dead_ = false;
  // interleavings
  std::uint32_t preemptions_ = 0;
  std::vector<ThreadId> options_;  // scratch
  // sleep_sets
  // Sampling weights (docs/estimation.md): a child that sends a sibling to sleep weighs
  // kKeptAsleep per sibling, or kNeverWoken when no live thread is known to wake it.
  static constexpr double kKeptAsleep = 0.3, kNeverWoken = 0.01;  // tuned: docs/estimation.md
  struct Touch {
    ThreadId thread = kNoThread;
    bool writes = false;
  };
  std::vector<std::vector<Touch>> touched_;  // by ObjectId, learned over the probes
  std::vector<Transition> pending_;  // scratch: the children's pending operations as steps
  std::vector<double> weights_;      // scratch: the children's sampling weights
  std::vector<Transition> sleep_;    // the sleep set of the current node
  std::vector<Transition> carried_;  // what the open step's node passes on, before filtering
  Transition step_;                  // the open step (the chosen thread's), filled as it commits
  Announced announced_;
  bool open_ = false;
  std::size_t events_seen_ = 0;
};

/// Runs `probes` probes of the search options.strategy (dfs or dpor) would run on `body`
/// (options already taken from the environment) and returns their mean and standard error.
/// Throws UsageError as weft::estimate_search documents.
SearchEstimate estimate_search_size(const Options& options, const std::function<void()>& body,
                                    std::uint64_t probes);

}  // namespace weft::model
