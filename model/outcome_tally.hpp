#pragma once
// The outcome histogram's bookkeeping (weft::outcomes, docs/outcomes.md): which distinct final
// state each execution reached, counted exactly (the final state as model/final_states.hpp
// defines it, compared value by value, not by hash), in order of first occurrence.
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include <weft/outcomes.hpp>

#include "model/final_states.hpp"
#include "model/schedule_codec.hpp"
#include "sim/execution.hpp"

namespace weft::model {

class OutcomeTally {
 public:
  /// Records the execution `ex` just ran to its end (not pruned): `ended` is how the program
  /// itself ended (nullopt: ok), `judged` the same after the detectors (a data race or a
  /// lock-order inversion there annotates the outcome). `schedule` encodes it; its string is
  /// built only for an execution that reaches a new outcome.
  void add(const sim::Execution& ex, const std::optional<sim::FailureInfo>& ended,
           const std::optional<sim::FailureInfo>& judged, const Schedule& schedule);
  /// The outcomes so far, in order of first occurrence, with their shares filled in.
  std::vector<Outcome> outcomes() const;

 private:
  Outcome& find_or_add(const sim::Execution& ex, const std::optional<sim::FailureInfo>& ended,
                       const Schedule& schedule);

  FinalStates states_;
  std::vector<Outcome> outcomes_;
  // By final-state hash: indexes into outcomes_ (looked up, never iterated).
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> by_hash_;
};

}  // namespace weft::model
