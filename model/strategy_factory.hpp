#pragma once
// Options::strategy → the strategy object that explores it.
#include <cstddef>
#include <cstdint>
#include <memory>

#include <weft/options.hpp>

#include "model/learner.hpp"
#include "sim/strategy.hpp"

namespace weft::model {

/// A strategy and whether it has covered its whole space (exhaustive strategies only).
class Exploration {
 public:
  virtual ~Exploration() = default;
  virtual sim::Strategy& strategy() = 0;
  /// True once an exhaustive strategy has run every execution it will ever run.
  virtual bool complete() const { return false; }
  /// True for strategies that can cover their whole space (dfs, dpor).
  virtual bool exhaustive() const { return false; }
  /// The exhaustive strategy's current decision-stack depth (progress lines); 0 otherwise.
  virtual std::size_t depth() const { return 0; }
  /// The strategy's learning side (surw, pct), or nullptr when it learns nothing.
  virtual Learner* learner() { return nullptr; }
};

/// Throws UsageError for a strategy this build cannot run (saying what to use instead).
std::unique_ptr<Exploration> make_exploration(const Options& options, std::uint64_t seed);

}  // namespace weft::model
