#include "model/strategy_factory.hpp"

#include <string>
#include <type_traits>

#include <weft/errors.hpp>

#include "model/dfs_strategy.hpp"
#include "model/dpor_strategy.hpp"
#include "model/pct_strategy.hpp"
#include "model/pos_strategy.hpp"
#include "model/random_strategy.hpp"
#include "model/surw_strategy.hpp"

namespace weft::model {

namespace {
template <class S>
class Simple final : public Exploration {
 public:
  template <class... Args>
  explicit Simple(Args&&... args) : s_(std::forward<Args>(args)...) {}
  sim::Strategy& strategy() override { return s_; }
  Learner* learner() override {
    if constexpr (std::is_base_of_v<Learner, S>) return &s_;
    return nullptr;
  }

 private:
  S s_;
};

template <class S>
class Exhaustive final : public Exploration {
 public:
  template <class... Args>
  explicit Exhaustive(Args&&... args) : s_(std::forward<Args>(args)...) {}
  sim::Strategy& strategy() override { return s_; }
  bool complete() const override { return s_.complete(); }
  bool exhaustive() const override { return true; }
  std::size_t depth() const override { return s_.depth(); }

 private:
  S s_;
};
}  // namespace

std::unique_ptr<Exploration> make_exploration(const Options& o, std::uint64_t seed) {
  switch (o.strategy) {
    case Strategy::random:
      return std::make_unique<Simple<RandomStrategy>>(seed);
    case Strategy::pct:
      if (o.pct_depth < 1) throw UsageError("Options::pct_depth must be 1 or more (bugs of depth d need d)");
      return std::make_unique<Simple<PctStrategy>>(seed, o.pct_depth);
    case Strategy::dfs:
      return std::make_unique<Exhaustive<DfsStrategy>>(o.preemption_bound);
    case Strategy::dpor:
      if (o.preemption_bound >= 0)
        throw UsageError("a preemption bound is not supported with dpor: bounding breaks its reductions "
                         "(Coons et al., OOPSLA 2013); use --strategy dfs with --preemption-bound");
      return std::make_unique<Exhaustive<DporStrategy>>(dpor_tree_nodes(o.dpor_tree_mb));
    case Strategy::pos:
      return std::make_unique<Simple<PosStrategy>>(seed);
    case Strategy::surw:
      return std::make_unique<Simple<SurwStrategy>>(seed, o.surw_selective);
    case Strategy::replay:
      break;
  }
  throw UsageError("Options::strategy '" + std::string(to_string(o.strategy)) + "' cannot explore: use " +
                   std::string(kStrategyNames) + " (replay with weft::replay)");
}

}  // namespace weft::model
