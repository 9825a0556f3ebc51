#pragma once
// Replay that survives small edits (Options::replay_mode = continue; docs/replay.md): follows
// a recorded schedule while the program still offers what it recorded, and when it no longer
// does, says where and lets another strategy finish the execution.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <weft/replay_names.hpp>

#include "sim/decision.hpp"
#include "sim/strategy.hpp"

namespace weft::model {

/// The names the running execution gives its threads and objects now, for matching them with
/// RecordedNames: thread(t) is thread t's given name, object(id) object id's (both "" when
/// none; see is_given_thread_name and given_object_name). Called only at scheduling points.
struct CurrentNames {
  std::function<std::string(ThreadId)> thread;
  std::function<std::string(ObjectId)> object;
};

/// Follows `decisions` in order. A recorded thread choice applies when that thread is enabled
/// and about to perform an operation of the recorded kind (its object may differ: an object
/// created earlier shifts the ids of the later ones). When the recorded thread is enabled but
/// about to do something else, the step is one the schedule did not record (an added
/// operation): the thread runs it and the choice waits for its recorded operation. When the
/// recorded thread cannot run, a value choice does not match, or the program outlives the
/// schedule, the replay has diverged: note() says where, and `fallback` (started with
/// begin_execution before the first point) chooses every later step. Never ends an execution
/// itself. One execution per begin_execution(); `decisions` must outlive the strategy.
///
/// With `recorded` names (non-null, outliving the strategy; `current` then set): the recorded
/// thread, when it had a given name, is the thread now bearing that name (the k-th so named
/// for the k-th recorded), whatever its id; when no such thread exists the replay has
/// diverged. A recorded operation on a named object applies only to an operation of that kind
/// on an object of that name (another one is an unrecorded step). Unnamed threads and objects
/// match as without names; an operation matched by its object's name on another id is not
/// counted as "on another object".
class ContinuingReplay final : public sim::Strategy {
 public:
  ContinuingReplay(const std::vector<sim::Decision>& decisions, std::unique_ptr<sim::Strategy> fallback,
                   std::string fallback_name, const RecordedNames* recorded = nullptr, CurrentNames current = {})
      : decisions_(decisions),
        fallback_(std::move(fallback)),
        fallback_name_(std::move(fallback_name)),
        recorded_(recorded),
        current_(std::move(current)) {}

  void begin_execution(std::uint64_t index) override;
  ThreadId choose_thread(const sim::SchedulePoint& point) override;
  std::uint32_t choose_value(std::uint32_t n, sim::ValueKind kind) override;

  /// Whether the program stopped matching the schedule before the execution ended.
  bool diverged() const { return diverged_; }
  /// Decisions the execution did not reach (the program ended before they applied).
  std::size_t unused() const { return diverged_ ? 0 : decisions_.size() - next_; }
  /// One paragraph for the report: how far the schedule was followed, where it diverged and
  /// what the program offered there, the steps it ran that the schedule did not record, the
  /// choices matched on their operation alone, the choices that went by thread name to another
  /// thread id ("matched by thread name"); empty when it matched exactly throughout.
  std::string note() const;

 private:
  /// A thread now matched by name to another id than recorded: shown in note().
  struct Renamed {
    std::string name;
    ThreadId recorded = kNoThread, now = kNoThread;
  };
  void diverge(std::string why);
  /// The thread the recorded thread `r` is now: by its given name when it had one (kNoThread
  /// when no thread bears it), else `r`. Sets `name` to the recorded given name ("" none).
  ThreadId resolve_thread(ThreadId r, const sim::SchedulePoint& point, std::string& name) const;
  /// The given name recorded for object `id`; empty when none (or no names).
  std::string_view recorded_label(ObjectId id) const;
  /// Whether thread `t`'s pending operation is the recorded one: its kind, and its object's
  /// given name when the recorded object had one.
  bool same_operation(const sim::Decision& want, const sim::PendingOp& now) const;
  void note_renamed(const std::string& name, ThreadId recorded, ThreadId now);

  const std::vector<sim::Decision>& decisions_;
  std::unique_ptr<sim::Strategy> fallback_;
  std::string fallback_name_;
  const RecordedNames* recorded_;
  CurrentNames current_;
  std::size_t next_ = 0;
  bool diverged_ = false;
  std::string divergence_;             // where and why, once diverged_
  std::uint64_t unrecorded_steps_ = 0;  // steps run that the schedule did not record
  std::uint64_t loose_matches_ = 0;     // choices matched on the operation's kind, not its object
  std::uint64_t name_matches_ = 0;      // choices that went by thread name to another id
  std::vector<Renamed> renamed_;        // distinct threads so matched, in first-match order
};

}  // namespace weft::model
