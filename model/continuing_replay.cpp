#include "model/continuing_replay.hpp"

#include <algorithm>

#include "model/replay_strategy.hpp"
#include "model/schedule_codec.hpp"

namespace weft::model {

void ContinuingReplay::begin_execution(std::uint64_t index) {
  next_ = 0;
  diverged_ = false;
  divergence_.clear();
  unrecorded_steps_ = 0;
  loose_matches_ = 0;
  fallback_->begin_execution(index);
}

void ContinuingReplay::diverge(std::string why) {
  diverged_ = true;
  divergence_ = std::move(why);
}

ThreadId ContinuingReplay::choose_thread(const sim::SchedulePoint& point) {
  if (!diverged_) {
    // Built only when the replay diverges: a matching choice costs no string.
    const auto where = [&] {
      return "at step " + std::to_string(point.step) + " (choice " + std::to_string(next_ + 1) + " of " +
             std::to_string(decisions_.size()) + ")";
    };
    if (next_ >= decisions_.size()) {
      diverge(where() + ": the schedule had no more choices; the program offered " + offered(point));
    } else if (const sim::Decision& want = decisions_[next_]; want.is_value) {
      diverge(where() + ": the schedule expected " + describe(want) + "; the program offered " + offered(point));
    } else if (std::find(point.enabled.begin(), point.enabled.end(), want.value) == point.enabled.end()) {
      diverge(where() + ": the schedule expected " + describe(want) + ", but T" + std::to_string(want.value) +
              " cannot run; the program offered " + offered(point));
    } else {
      const ThreadId t = want.value;
      if (point.pending[t].op == want.op) {
        if (point.pending[t].object != want.object) ++loose_matches_;
        ++next_;
      } else {
        ++unrecorded_steps_;  // an operation the schedule did not record: run it, keep the choice
      }
      return t;
    }
  }
  return fallback_->choose_thread(point);
}

std::uint32_t ContinuingReplay::choose_value(std::uint32_t n, sim::ValueKind kind) {
  if (!diverged_) {
    if (next_ < decisions_.size() && decisions_[next_].is_value && decisions_[next_].object == n)
      return decisions_[next_++].value;
    diverge("at choice " + std::to_string(next_ + 1) + " of " + std::to_string(decisions_.size()) + (next_ < decisions_.size() ? ": the schedule expected " + describe(decisions_[next_])
                                               : std::string(": the schedule had no more choices")) +
            "; the program asked for a value in [0, " + std::to_string(n) + ")");
  }
  return fallback_->choose_value(n, kind);
}

std::string ContinuingReplay::note() const {
  std::string s;
  if (diverged_) {
    s = "the program stopped matching the schedule " + divergence_ + "; from there " + fallback_name_ +
        " chose every step.";
  } else if (next_ < decisions_.size()) {
    s = "the program ended with " + std::to_string(decisions_.size() - next_) + " of the schedule's " +
        std::to_string(decisions_.size()) + " choices unused.";
  }
  const auto add = [&s](const std::string& more) { s += (s.empty() ? "" : " ") + more; };
  if (unrecorded_steps_ > 0)
    add(std::to_string(unrecorded_steps_) + " step(s) the schedule did not record ran on the recorded thread.");
  if (loose_matches_ > 0)
    add(std::to_string(loose_matches_) + " choice(s) matched the recorded operation on another object.");
  return s;
}

}  // namespace weft::model
