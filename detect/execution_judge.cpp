#include "detect/execution_judge.hpp"

#include <algorithm>
#include <span>
#include <string>

#include <weft/detail/engine_bug.hpp>

#include "report/trace_table.hpp"

namespace weft::detect {

namespace {
// The user's line, or what called weft from a standard-library header (std::lock_guard).
std::string site(const TraceEvent& e) {
  const std::string where = report::event_location(e);
  if (!where.empty()) return where;
  return e.where.line() == 0 ? std::string("an unknown line (an implicit conversion; load() records it)")
                             : std::string("a standard-library wrapper (std::lock_guard...)");
}

const char* verb(const TraceEvent& e) { return e.op == OpKind::shared_write ? " wrote " : " read "; }

std::string access_text(const sim::Execution& ex, const TraceEvent& e) {
  std::string s = ex.thread_label(e.thread) + verb(e) + ex.object_label(e.object);
  if (e.has_value) s += (e.op == OpKind::shared_write ? " <- " : " -> ") + std::to_string(e.value);
  return s + " at " + site(e) + " (step " + std::to_string(e.step) + ")";
}
// A Shared access the race detector judges (not one declared weft::benign_race), recorded
// (TraceEvent) or in short form (CompactEvent).
template <class Event>
bool judged_access(const sim::Execution& ex, const Event& e) {
  return (e.op == OpKind::shared_read || e.op == OpKind::shared_write) && e.object < ex.object_count() &&
         !ex.object(e.object).benign_race;
}
bool tool_failure(FailureKind k) { return k == FailureKind::replay_diverged || k == FailureKind::nondeterminism; }
}  // namespace

bool ExecutionJudge::judge(const sim::Execution& ex, std::optional<sim::FailureInfo>& outcome) {
  conflict_ = false;
  if (ex.pruned() || (outcome && tool_failure(outcome->kind))) return true;
  conflict_ = ex.had_conflict();
  if ((options_.races || options_.lock_order) && !ex.recorded()) {
    if ((ex.compact_ops() & compact_ops()) != compact_ops())
      detail::engine_bug("an execution the detectors judge kept neither its events nor their short forms");
    ++screened_;
    const bool cleared =
        (!options_.lock_order || !ex.nested_locking() || !lock_cycles_.may_cycle(ex, ex.compact_events())) &&
        (!options_.races || screened_race_free(ex));
    if (!cleared) ++rerun_;
    return cleared;
  }
  const std::vector<TraceEvent>& events = ex.events();
  // No lock taken while another was locked: no edge, and no pass for the lock-order detector.
  const bool lock_order = options_.lock_order && ex.nested_locking();
  if (lock_order) lock_order_.reset(ex);
  // Clocks matter only up to the last access the race detector judges: a program without
  // Shared accesses (or past its last one) pays nothing for them.
  std::uint32_t judged_end = 0;
  if (options_.races)
    for (std::uint32_t i = static_cast<std::uint32_t>(events.size()); i > 0; --i)
      if (judged_access(ex, events[i - 1])) {
        judged_end = i;
        break;
      }
  // Locksets first: an execution whose shared variables all sat behind a common lock has no
  // race, and then no clock is computed (detect/lockset_filter.hpp).
  if (judged_end > 0 && locksets_.race_free(ex, std::span<const TraceEvent>(events.data(), judged_end)))
    judged_end = 0;
  if (judged_end > 0) {
    hb_.reset(ex);
    races_.reset(ex);
  }
  std::optional<Race> race;
  for (std::uint32_t i = 0; i < events.size(); ++i) {
    const TraceEvent& e = events[i];
    if (i < judged_end) {
      if (judged_access(ex, e)) {
        race = races_.access(e, i, hb_);
        if (race) break;
      }
      hb_.apply(e);
    }
    if (lock_order) lock_order_.observe(e, i);
    else if (i >= judged_end) break;  // nothing left to learn from the rest
  }
  if (race) {
    conflict_ = true;
    sim::FailureInfo info = race_report(ex, *race);
    if (outcome)
      info.details += "\nThe execution then failed as well: " + std::string(to_string(outcome->kind)) + ": " +
                      outcome->message;
    outcome = std::move(info);
    return true;
  }
  if (outcome || !lock_order) return true;
  if (std::optional<std::vector<LockEdge>> cycle = lock_order_.find_inversion(events))
    outcome = inversion_report(ex, *cycle);
  return true;
}

bool ExecutionJudge::screened_race_free(const sim::Execution& ex) {
  // As for recorded events (judge below): up to the last judged access, and nothing without one.
  const std::span<const sim::CompactEvent> events = ex.compact_events();
  for (std::size_t end = events.size(); end > 0; --end)
    if (judged_access(ex, events[end - 1])) return locksets_.race_free(ex, events.first(end));
  return true;
}

void ExecutionJudge::judge_recorded(const sim::Execution& ex, std::optional<sim::FailureInfo>& outcome) {
  if (!ex.recorded()) detail::engine_bug("judge_recorded was given an execution that kept no events");
  if (!judge(ex, outcome)) detail::engine_bug("the detectors could not judge an execution that recorded its events");
}

sim::FailureInfo ExecutionJudge::race_report(const sim::Execution& ex, const Race& race) const {
  const TraceEvent& a = ex.events()[race.first];
  const TraceEvent& b = ex.events()[race.second];
  sim::FailureInfo info;
  info.kind = FailureKind::data_race;
  info.thread = b.thread;
  info.where = b.where;
  info.message = ex.thread_label(a.thread) + verb(a) +
                 ex.object_label(b.object) + " at " + site(a) + " and " + ex.thread_label(b.thread) +
                 verb(b) + "it at " + site(b) +
                 ", and nothing orders the two";
  info.details = "first access:  " + access_text(ex, a) + "\nsecond access: " + access_text(ex, b) +
                 "\nNo lock, join, notify, queue hand-off, event or atomic between the two threads orders these "
                 "accesses, so on real threads they can happen at the same time (for a plain C++ variable, "
                 "undefined behaviour). Guard both with one Lock, use weft::Atomic, or, if the race is "
                 "deliberate, construct the Shared with weft::benign_race. This is judged from this execution "
                 "alone, whatever the schedule; turn it off with Options::detect_races = false or WEFT_RACES=0.";
  info.marked_steps = {a.step, b.step};
  return info;
}

sim::FailureInfo ExecutionJudge::inversion_report(const sim::Execution& ex, const std::vector<LockEdge>& cycle) const {
  const std::vector<TraceEvent>& events = ex.events();
  sim::FailureInfo info;
  info.kind = FailureKind::lock_order_inversion;
  const TraceEvent& last = events[cycle.back().to_event];
  info.thread = last.thread;
  if (!report::event_location(last).empty()) info.where = last.where;  // not std::lock_guard's line
  std::string locks, threads;
  for (std::size_t i = 0; i < cycle.size(); ++i) {
    const std::string sep = i == 0 ? "" : (i + 1 == cycle.size() ? " and " : ", ");
    locks += sep + ex.object_label(cycle[i].from);
    threads += sep + ex.thread_label(cycle[i].thread);
  }
  info.message = threads + " take " + locks +
                 " in a cyclic order and can run at the same time, so some schedule deadlocks";
  info.details = "The cycle, each edge a lock taken while holding another:";
  for (const LockEdge& edge : cycle) {
    info.details += "\n  " + ex.thread_label(edge.thread) + " holds " + ex.object_label(edge.from) +
                    " (taken at " + site(events[edge.from_event]) + ", step " +
                    std::to_string(edge.from_event) + ") and takes " + ex.object_label(edge.to) + " at " +
                    site(events[edge.to_event]) + " (step " + std::to_string(edge.to_event) + ")";
    info.marked_steps.push_back(edge.from_event);
    info.marked_steps.push_back(edge.to_event);
  }
  info.details += "\nThis execution did not deadlock, but no common lock and no other synchronisation keeps these "
                  "critical sections apart. Take the locks in one global order everywhere. Turn this check off "
                  "with Options::detect_lock_order = false or WEFT_LOCK_ORDER=0.";
  std::sort(info.marked_steps.begin(), info.marked_steps.end());
  return info;
}

}  // namespace weft::detect
