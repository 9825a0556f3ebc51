#pragma once
// Replay across code edits by thread name and object label (docs/replay.md): the names a
// failing execution gave its threads and objects, and the continuing replay that uses them.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "options.hpp"
#include "result.hpp"

namespace weft {

/// The names of one recorded execution, by the ids its schedule string speaks in: threads[t]
/// is the name thread t was given ("" when it had only the automatic "Thread-N", which an
/// edit renumbers like its id), objects[id] the weft::Name object `id` was given ("" when
/// unnamed). Ids past the end of either vector have no name. docs/replay.md says how the
/// continuing replay matches them.
struct RecordedNames {
  std::vector<std::string> threads;
  std::vector<std::string> objects;
  friend bool operator==(const RecordedNames&, const RecordedNames&) = default;
};

/// Whether `name` is one a user gave, as opposed to the automatic "Thread-N" (digits only
/// after the dash), which counts threads in creation order and so shifts like their ids.
/// "MainThread" is a given name (the body's thread is always thread 0).
bool is_given_thread_name(std::string_view name);

/// The user's name in an object label as reports print it (docs/labels.md): "counter" from
/// "counter (Shared#4)"; "" from an unnamed object's "Shared#4", a thread's "T2", "-" or "".
std::string given_object_name(std::string_view label);

/// The names of a failing execution from its trace (Failure::trace; or the thread names and
/// object labels of `weft run --json`'s trace rows, by id, "" where unknown): thread names
/// through is_given_thread_name, labels through given_object_name.
RecordedNames recorded_names(const std::vector<std::string>& thread_names,
                             const std::vector<std::string>& object_labels);

/// replay() with the recorded execution's names. Under ReplayMode::continue_after_divergence
/// (options.replay_mode or WEFT_REPLAY_MODE=continue) a recorded choice of a named thread goes
/// to the thread of the edited program with that name (the k-th thread so named for the k-th
/// one recorded), and a recorded operation on a named object matches only an operation of
/// the same kind on an object of that name; unnamed threads and objects match as replay()
/// does. Stats::replay_note says how many choices went to another thread id by name. In
/// strict mode the names are not used: the result is replay(schedule, body, options)'s.
/// Throws UsageError when `schedule` is malformed.
Result replay(std::string_view schedule, const RecordedNames& names, const std::function<void()>& body,
              const Options& options = {});

}  // namespace weft
