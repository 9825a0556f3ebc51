// The out-of-line members of weft::Result and weft::Failure: the human-readable report.
#include <cstdio>
#include <stdexcept>

#include <weft/result.hpp>

#include "report/trace_table.hpp"

namespace weft {

const Failure& Result::failure() const {
  if (!failure_) throw std::logic_error("Result::failure() called on a passing result");
  return *failure_;
}

std::string Failure::report() const {
  std::string out = "FAILURE: " + std::string(to_string(kind)) + ": " + message + "\n";
  if (thread != kNoThread) {
    out += "  in T" + std::to_string(thread) + " (" + thread_name + ")";
    if (line != 0) {
      const std::size_t slash = file.rfind('/');
      out += " at " + (slash == std::string::npos ? file : file.substr(slash + 1)) + ":" + std::to_string(line);
    }
    out += "\n";
  }
  if (!details.empty()) {
    std::size_t start = 0;
    while (start < details.size()) {
      std::size_t end = details.find('\n', start);
      if (end == std::string::npos) end = details.size();
      out += "  " + details.substr(start, end - start) + "\n";
      start = end + 1;
    }
  }
  if (trace.events.empty() && schedule.empty()) {
    // Not one execution's failure (a coverage label no execution satisfied): no table, nothing
    // to replay; `execution` counts the executions the finding is about.
    out += "\nno schedule to replay: this failure is about the search as a whole (" + std::to_string(execution) +
           (execution == 1 ? " execution" : " executions") + ", seed " + std::to_string(seed) + "), not one execution\n";
    return out;
  }
  if (!trace.events.empty()) {
    report::TableOptions table;
    table.marked_steps = marked_steps;
    table.internals = trace_internals;
    out += "\n" + report::render_table(trace, table);
    if (!marked_steps.empty()) out += "(=> marks the steps this failure is about)\n";
  }
  out += "\n";
  out += "schedule: " + (schedule.empty() ? std::string("(none recorded)") : schedule) + "\n";
  if (shrink) {
    const auto counts = [](std::uint32_t preemptions, std::uint32_t steps) {
      return std::to_string(preemptions) + (preemptions == 1 ? " preemption / " : " preemptions / ") +
             std::to_string(steps) + " steps";
    };
    if (shrink->candidates == 0)
      out += "not shrunk: " + counts(shrink->preemptions, shrink->steps) +
             ": the execution made no scheduling choice, so there was nothing to shrink\n";
    else if (shrink->preemptions == shrink->preemptions_before && shrink->steps == shrink->steps_before)
      out += "not shrunk: " + counts(shrink->preemptions, shrink->steps) + " is the smallest found (" +
             std::to_string(shrink->candidates) + (shrink->candidates == 1 ? " candidate execution)\n" : " candidate executions)\n");
    else
      out += "shrunk from " + counts(shrink->preemptions_before, shrink->steps_before) + " to " +
             counts(shrink->preemptions, shrink->steps) + " (" + std::to_string(shrink->candidates) +
             " candidate executions)\n";
  }
  if (!schedule.empty())
    out += "replay it: WEFT_REPLAY=" + schedule + " <your test command>   (or weft::replay(schedule, body))\n";
  out += "seed: " + std::to_string(seed) + ", execution #" + std::to_string(execution) + "\n";
  return out;
}

namespace {
std::string final_states(const Stats& s) {
  if (s.distinct_final_states == 0) return "";
  return "; " + std::to_string(s.distinct_final_states) + " distinct final state" +
         (s.distinct_final_states == 1 ? "" : "s");
}
}  // namespace

std::string Result::summary() const {
  const std::string n = std::to_string(stats_.executions);
  if (!ok()) return failure().report() + "after " + n + " executions" + final_states(stats_) + "\n";
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, "%.3f", stats_.elapsed_seconds);
  const std::string steps = std::to_string(stats_.steps) + " steps in " + elapsed + "s";
  const std::string pruned = " (" + std::to_string(stats_.pruned) + " pruned)";
  const char* budget = stats_.time_budget_exhausted ? "time" : "execution";
  std::string s;
  if (stats_.left_to_shard_0())
    s = "ok: no executions: dpor is not split into shards, so shard 0 runs the whole search and this shard none";
  else if (stats_.complete)
    s = "ok: search complete: all " + n + " executions" + pruned + ", " + steps;
  else if (stats_.budget_exhausted && stats_.exhaustive)
    s = "ok: stopped at the " + std::string(budget) + " budget after " + n + " executions" + pruned + ", " + steps +
        ": the search is not complete";
  else if (stats_.budget_exhausted)
    s = "ok: " + n + " executions, " + steps + ", stopped at the " + budget + " budget (sampled, not exhaustive)";
  else
    s = "ok: " + n + " executions, " + steps;
  s += "; strategy " + stats_.what_ran() + final_states(stats_);
  if (stats_.vacuous())
    s += stats_.max_enabled_threads < 2
             ? "\nwarning: nothing concurrent was tested: no scheduling point ever had two threads able to run, "
               "so every execution ran one way (start threads before joining them, and let them overlap)"
             : "\nwarning: nothing concurrent was tested: threads overlapped but never touched a common object "
               "(a Lock, Shared, Atomic, Queue...) with one of them writing it, so every order gives the same result";
  return s;
}

std::string Stats::what_ran() const {
  std::string out(to_string(strategy));
  if (strategy == Strategy::surw && !surw_selective) out += ", non-selective";
  if (strategy != Strategy::dfs && strategy != Strategy::dpor && strategy != Strategy::replay) out += ", seed " + std::to_string(seed);
  if (timeouts == TimeoutPolicy::explore) out += ", timeouts explore";
  if (shared_points == SharedPoints::sync_only) out += ", Shared points sync_only";
  if (dpor_source_from > 0) out += ", source-DPOR from execution " + std::to_string(dpor_source_from);
  if (shard_count > 1) out += ", shard " + std::to_string(shard_index) + "/" + std::to_string(shard_count);
  if (lesson_executions > 0) out += ", " + std::to_string(lesson_executions) + " more run for their lessons";
  return out;
}

}  // namespace weft
