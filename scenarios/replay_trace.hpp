#pragma once
// `weft replay --continue --trace FILE`: the schedule and the thread and object names of a
// failing run, read from the JSON document `weft run --json` printed (docs/json.md,
// docs/replay.md).
#include <string>

#include <weft/replay_names.hpp>

namespace weft::cli {

/// What a `weft run --json` (or `weft replay --json`) document says of its failure.
struct RecordedTrace {
  std::string schedule;  // failure.schedule
  RecordedNames names;   // from failure.trace's rows (weft::recorded_names)
};

/// Reads the document at `path`. Throws UsageError, one line naming the file and saying how
/// to fix it, when the file cannot be read, is not JSON, is not a format-1 weft document, has
/// no failure (the run passed), has an empty failure.schedule, or a trace row lacks a
/// well-typed `thread`/`thread_name` (or has an `object` without a string `label`).
RecordedTrace read_recorded_trace(const std::string& path);

}  // namespace weft::cli
