#pragma once
// Replay that survives small edits (Options::replay_mode = continue; docs/replay.md): follows
// a recorded schedule while the program still offers what it recorded, and when it no longer
// does, says where and lets another strategy finish the execution.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/decision.hpp"
#include "sim/strategy.hpp"

namespace weft::model {

/// Follows `decisions` in order. A recorded thread choice applies when that thread is enabled
/// and about to perform an operation of the recorded kind (its object may differ: an object
/// created earlier shifts the ids of the later ones). When the recorded thread is enabled but
/// about to do something else, the step is one the schedule did not record (an added
/// operation): the thread runs it and the choice waits for its recorded operation. When the
/// recorded thread cannot run, a value choice does not match, or the program outlives the
/// schedule, the replay has diverged: note() says where, and `fallback` (started with
/// begin_execution before the first point) chooses every later step. Never ends an execution
/// itself. One execution per begin_execution(); `decisions` must outlive the strategy.
class ContinuingReplay final : public sim::Strategy {
 public:
  ContinuingReplay(const std::vector<sim::Decision>& decisions, std::unique_ptr<sim::Strategy> fallback,
                   std::string fallback_name)
      : decisions_(decisions), fallback_(std::move(fallback)), fallback_name_(std::move(fallback_name)) {}

  void begin_execution(std::uint64_t index) override;
  ThreadId choose_thread(const sim::SchedulePoint& point) override;
  std::uint32_t choose_value(std::uint32_t n, sim::ValueKind kind) override;

  /// Whether the program stopped matching the schedule before the execution ended.
  bool diverged() const { return diverged_; }
  /// Decisions the execution did not reach (the program ended before they applied).
  std::size_t unused() const { return diverged_ ? 0 : decisions_.size() - next_; }
  /// One paragraph for the report: how far the schedule was followed, where it diverged and
  /// what the program offered there, the steps it ran that the schedule did not record, the
  /// choices matched on their operation alone; empty when it matched exactly throughout.
  std::string note() const;

 private:
  void diverge(std::string why);

  const std::vector<sim::Decision>& decisions_;
  std::unique_ptr<sim::Strategy> fallback_;
  std::string fallback_name_;
  std::size_t next_ = 0;
  bool diverged_ = false;
  std::string divergence_;             // where and why, once diverged_
  std::uint64_t unrecorded_steps_ = 0;  // steps run that the schedule did not record
  std::uint64_t loose_matches_ = 0;     // choices matched on the operation's kind, not its object
};

}  // namespace weft::model
