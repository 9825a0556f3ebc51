#include "model/continuing_replay.hpp"

#include <algorithm>

#include "model/replay_strategy.hpp"
#include "model/schedule_codec.hpp"

namespace weft::model {

namespace {

constexpr std::size_t kRenamedShown = 3;  // threads note() names; the rest are counted

std::string thread_id(ThreadId t) { return "T" + std::to_string(t); }

}  // namespace

void ContinuingReplay::begin_execution(std::uint64_t index) {
  next_ = 0;
  diverged_ = false;
  divergence_.clear();
  unrecorded_steps_ = 0;
  loose_matches_ = 0;
  name_matches_ = 0;
  renamed_.clear();
  fallback_->begin_execution(index);
}

void ContinuingReplay::diverge(std::string why) {
  diverged_ = true;
  divergence_ = std::move(why);
}

ThreadId ContinuingReplay::resolve_thread(ThreadId r, const sim::SchedulePoint& point, std::string& name) const {
  name.clear();
  if (recorded_ == nullptr || r >= recorded_->threads.size() || recorded_->threads[r].empty()) return r;
  name = recorded_->threads[r];
  // The k-th thread recorded with this name is the k-th thread bearing it now.
  const auto k = std::count(recorded_->threads.begin(), recorded_->threads.begin() + r, name);
  std::ptrdiff_t seen = 0;
  for (ThreadId t = 0; t < point.status.size(); ++t)
    if (current_.thread(t) == name && seen++ == k) return t;
  return kNoThread;
}

std::string_view ContinuingReplay::recorded_label(ObjectId id) const {
  if (recorded_ == nullptr || id == kNoObject || id >= recorded_->objects.size()) return {};
  return recorded_->objects[id];
}

bool ContinuingReplay::same_operation(const sim::Decision& want, const sim::PendingOp& now) const {
  if (now.op != want.op) return false;
  const std::string_view label = recorded_label(want.object);
  return label.empty() || (now.object != kNoObject && current_.object(now.object) == label);
}

void ContinuingReplay::note_renamed(const std::string& name, ThreadId recorded, ThreadId now) {
  ++name_matches_;
  for (const Renamed& r : renamed_)
    if (r.recorded == recorded && r.now == now) return;
  renamed_.push_back(Renamed{name, recorded, now});
}

ThreadId ContinuingReplay::choose_thread(const sim::SchedulePoint& point) {
  if (!diverged_) {
    // Built only when the replay diverges: a matching choice costs no string.
    const auto where = [&] {
      return "at step " + std::to_string(point.step) + " (choice " + std::to_string(next_ + 1) + " of " +
             std::to_string(decisions_.size()) + ")";
    };
    std::string name;
    if (next_ >= decisions_.size()) {
      diverge(where() + ": the schedule had no more choices; the program offered " + offered(point));
    } else if (const sim::Decision& want = decisions_[next_]; want.is_value) {
      diverge(where() + ": the schedule expected " + describe(want) + "; the program offered " + offered(point));
    } else if (const ThreadId t = resolve_thread(want.value, point, name); t == kNoThread) {
      diverge(where() + ": the schedule expected " + describe(want) + " by the thread named '" + name +
              "', but no thread of that name has started; the program offered " + offered(point));
    } else if (!point.is_enabled(t)) {
      diverge(where() + ": the schedule expected " + describe(want) +
              (name.empty() ? "" : " by the thread named '" + name + "' (now " + thread_id(t) + ")") + ", but " +
              thread_id(t) + " cannot run; the program offered " + offered(point));
    } else {
      if (same_operation(want, point.pending[t])) {
        // Another id under the recorded name is the same object; without a name, a guess.
        if (point.pending[t].object != want.object && recorded_label(want.object).empty()) ++loose_matches_;
        if (t != want.value) note_renamed(name, want.value, t);
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
    diverge("at choice " + std::to_string(next_ + 1) + " of " + std::to_string(decisions_.size()) +
            (next_ < decisions_.size() ? ": the schedule expected " + describe(decisions_[next_])
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
  if (name_matches_ > 0) {
    std::string which;
    for (std::size_t i = 0; i < renamed_.size() && i < kRenamedShown; ++i)
      which += (i == 0 ? "" : "; ") + ("'" + renamed_[i].name + "' recorded as " + thread_id(renamed_[i].recorded) +
                                       ", now " + thread_id(renamed_[i].now));
    if (renamed_.size() > kRenamedShown) which += " and " + std::to_string(renamed_.size() - kRenamedShown) + " more";
    add(std::to_string(name_matches_) + " choice(s) matched by thread name to another thread id (" + which + ").");
  }
  return s;
}

}  // namespace weft::model
