#pragma once
// How big is an exhaustive search? Knuth's estimator over random probes of the search tree
// (docs/estimation.md).
#include <cstdint>
#include <functional>
#include <string>

#include "options.hpp"

namespace weft {

/// The estimated size of the search `dfs` or `dpor` would run on one body.
struct SearchEstimate {
  Strategy strategy = Strategy::dpor;  // dfs: interleavings (its executions); dpor: Mazurkiewicz traces
  double size = 0;                     // the mean of the probes' estimates
  double standard_error = 0;           // of that mean: the sample standard deviation / sqrt(probes)
  std::uint64_t probes = 0;            // probes run
  std::uint64_t dead_probes = 0;       // dpor: probes that ended sleep-set blocked (each counted as 0)
  std::uint64_t seed = 0;              // the probes' seed (Options::seed or WEFT_SEED, else kDefaultSeed)

  /// The standard error as a fraction of the size (0 when the size is 0).
  double relative_error() const { return size > 0 ? standard_error / size : 0.0; }
  /// One line, such as "dpor: about 15,400 traces (±3%, 1,000 probes)": the size to three
  /// significant digits, the standard error in percent of it, the number of probes.
  std::string summary() const;
};

/// Estimates, without running it, how many executions `dfs` (every interleaving, within
/// options.preemption_bound) or how many Mazurkiewicz traces `dpor` would run on `body`.
/// Runs `probes` executions, each along one random path of the search tree chosen uniformly
/// among the children at every node, and averages the products of the branching factors met
/// (Knuth 1975). The mean is unbiased; its spread is SearchEstimate::standard_error. For dpor
/// the tree is the sleep-set tree, which has exactly one complete leaf per trace. Deterministic:
/// the probes are seeded from options.seed (or WEFT_SEED; default kDefaultSeed) and read no
/// clock. Honours the WEFT_* variables unless options.use_environment is false; max_executions
/// and the time budget do not apply. Throws UsageError when the strategy is not dfs or dpor,
/// when dpor has a preemption bound, or when probes is 0. Must not be called from inside a
/// simulation.
SearchEstimate estimate_search(const Options& options, const std::function<void()>& body,
                               std::uint64_t probes = 1000);

}  // namespace weft
