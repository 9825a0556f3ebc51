#pragma once
// The events of the running execution in short form (sim/compact_event.hpp), for a strategy that
// reads no more than that (surw, pos): as the run kept them when it records nothing
// (Strategy::see_short_forms, ExecutionEnd::compact), or converted from the recorded events
// when it records after all, so that the strategy reads the same either way.
#include <span>
#include <vector>

#include <weft/trace.hpp>

#include "sim/compact_event.hpp"

namespace weft::model {

class ShortForms {
 public:
  /// A new execution begins.
  void reset() {
    converted_.clear();
    kept_ = {};
  }
  /// What Strategy::see_short_forms was given: read by the next at().
  void see(std::span<const sim::CompactEvent> kept) { kept_ = kept; }
  /// The execution's events so far in short form: `events` converted when the run records
  /// (each converted once), else the short forms last seen.
  std::span<const sim::CompactEvent> at(std::span<const TraceEvent> events) { return at(events, kept_); }
  /// The same at the end of the run: `compact` is ExecutionEnd::compact.
  std::span<const sim::CompactEvent> at(std::span<const TraceEvent> events, std::span<const sim::CompactEvent> compact) {
    if (events.empty()) return compact;
    for (std::size_t i = converted_.size(); i < events.size(); ++i) converted_.push_back(sim::compact(events[i]));
    return converted_;
  }

 private:
  std::vector<sim::CompactEvent> converted_;
  std::span<const sim::CompactEvent> kept_;
};

}  // namespace weft::model
