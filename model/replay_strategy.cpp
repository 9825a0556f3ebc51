#include "model/replay_strategy.hpp"

#include "model/schedule_codec.hpp"

namespace weft::model {

std::string offered(const sim::SchedulePoint& point) {
  std::string s;
  for (ThreadId t : point.enabled) {
    if (!s.empty()) s += ", ";
    s += describe(sim::Decision{t, point.pending[t].op, point.pending[t].object, false});
  }
  return s;
}

ThreadId ReplayStrategy::choose_thread(const sim::SchedulePoint& point) {
  const std::string where = "diverged at step " + std::to_string(point.step) + " (choice " +
                            std::to_string(next_ + 1) + " of " + std::to_string(decisions_.size()) + "): ";
  if (next_ >= decisions_.size()) {
    divergence_ = where + "the schedule has no more choices, but the program offered " + offered(point);
    return kNoThread;
  }
  const sim::Decision& want = decisions_[next_];
  if (want.is_value) {
    divergence_ = where + "the schedule expected " + describe(want) + ", the program offered " + offered(point);
    return kNoThread;
  }
  for (ThreadId t : point.enabled) {
    if (t != want.value) continue;
    if (point.pending[t].op != want.op || point.pending[t].object != want.object) break;
    ++next_;
    return t;
  }
  divergence_ = where + "the schedule expected " + describe(want) + ", the program offered " + offered(point);
  return kNoThread;
}

std::uint32_t ReplayStrategy::choose_value(std::uint32_t n, sim::ValueKind) {
  const std::string where = "diverged at choice " + std::to_string(next_ + 1) + " of " +
                            std::to_string(decisions_.size()) + ": ";
  if (next_ >= decisions_.size()) {
    divergence_ = where + "the schedule has no more choices, but the program asked for a value in [0, " +
                  std::to_string(n) + ")";
    return sim::kNoValue;
  }
  const sim::Decision& want = decisions_[next_];
  if (!want.is_value || want.object != n) {
    divergence_ = where + "the schedule expected " + describe(want) + ", the program asked for a value in [0, " +
                  std::to_string(n) + ")";
    return sim::kNoValue;
  }
  ++next_;
  return want.value;
}

}  // namespace weft::model
