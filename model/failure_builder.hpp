#pragma once
// Turning the runtime's FailureInfo into the public Failure (trace, schedule string), and the
// determinism self-check that compares a failure with its replay.
#include <optional>
#include <string>
#include <vector>

#include <weft/result.hpp>

#include "model/schedule_codec.hpp"
#include "sim/execution.hpp"

namespace weft::model {

/// The public Failure for the execution `ex` just ran, encoded with `schedule`.
Failure build_failure(const sim::FailureInfo& info, const sim::Execution& ex, const Schedule& schedule);

/// Turns `f` into FailureKind::nondeterminism: its replay differed as `difference` says. The
/// original kind and message move to the details.
void mark_nondeterministic(Failure& f, const std::string& difference);

/// nullopt when both event sequences are identical; else where and how they first differ.
std::optional<std::string> first_difference(const std::vector<TraceEvent>& a, const std::vector<TraceEvent>& b);

}  // namespace weft::model
