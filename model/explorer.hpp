#pragma once
// Running many executions of one body under a strategy, and replaying one from its schedule.
// Clock-free: elapsed time comes from the caller, so nothing here reads a real clock.
#include <functional>
#include <string_view>

#include <weft/options.hpp>
#include <weft/replay_names.hpp>
#include <weft/result.hpp>

#include "model/progress.hpp"
#include "model/search_host.hpp"

namespace weft::model {


/// Runs up to options.max_executions executions (environment already applied) and returns
/// at the first failure, verified by one replay when options.verify_replay is set; stops
/// earlier when an exhaustive strategy is complete or options.time_budget_seconds passed.
/// Draws the progress line on `progress` as options.progress says (model/progress.hpp).
/// A sampling strategy's executions run on options.jobs workers (model/sampling_search.hpp),
/// each OS thread but the calling one set up by `setup`; options.shard_index/shard_count
/// select this shard's part. Throws UsageError for options it cannot honour.
Result explore_body(const Options& options, const std::function<void()>& body, const ElapsedFn& elapsed,
                    const ProgressOutput& progress = {}, const WorkerSetup& setup = {});

/// Throws UsageError naming the field when `options` cannot be explored (a zero budget, a
/// stack too small, a shard out of range...): the checks explore_body makes first.
void validate_options(const Options& options);

/// Replays one schedule string; UsageError when it does not decode. `names` (may be null;
/// used only by the continuing mode): the recorded execution's names (<weft/replay_names.hpp>).
Result replay_body(std::string_view schedule, const Options& options, const std::function<void()>& body,
                   const ElapsedFn& elapsed, const RecordedNames* names = nullptr);

}  // namespace weft::model
