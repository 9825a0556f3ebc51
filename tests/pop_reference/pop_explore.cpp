// The POP recursion of the POP reference; see pop_explore.hpp.
#include "pop_explore.hpp"

#include <algorithm>
#include <cassert>
#include <memory>
#include <set>
#include <tuple>

#include "pop_records.hpp"

namespace pop_ref {

namespace {

// The clock of a race's second event once its first event is taken away (the fork's
// reversal clock): its thread's order, the write (and, for a write, other threads' reads)
// of its variable before it other than the first event, and for a mutex operation the
// mutex's last access before the first event.
Clock reversed_clock(const std::vector<Event>& events, int i, int j, int threads) {
  const Event& second = events[static_cast<std::size_t>(j)];
  Clock c = zero_clock(threads);
  for (int k = j - 1; k >= 0; --k) {
    if (events[static_cast<std::size_t>(k)].thread == second.thread) {
      c = events[static_cast<std::size_t>(k)].clock;
      break;
    }
  }
  c[static_cast<std::size_t>(second.thread)] = second.index + 1;
  const Op op = second.op;
  for (int k = (is_mutex_op(op) ? i : j) - 1; k >= 0; --k) {
    if (k == i) continue;
    const Event& e = events[static_cast<std::size_t>(k)];
    if (address(e.op) != address(op)) continue;
    if (is_mutex_op(op)) {
      join(c, e.clock);
      break;
    }
    if (is_write(op) && is_read(e.op) && e.thread != second.thread) join(c, e.clock);
    if (is_write(e.op)) {
      join(c, e.clock);
      break;
    }
  }
  return c;
}

// Explore(S) of docs/pop_notes.md as a depth-first recursion: runs S, then tries each
// surviving race of the run in order, and for each candidate schedule the records do not
// reject, marks the race, makes the record (for a read) and explores the child at once.
class Explorer {
 public:
  Explorer(const Program& program, const PopOptions& options, std::uint64_t max_runs)
      : program_(program), options_(options), max_runs_(max_runs),
        threads_(static_cast<int>(program.threads.size())) {}

  PopResult result;  // what the exploration did so far

  // Explores the subtree of `schedule`, nested `depth` deep.
  void explore(const std::vector<Event>& schedule, int depth) {
    if (runs_ >= max_runs_) {
      result.capped = true;
      return;
    }
    ++runs_;
    result.max_depth = std::max(result.max_depth, depth);
    Run run = run_and_collect(program_, schedule, options_);
    if (run.complete) {
      std::vector<int> order;
      for (const Event& e : run.events) order.push_back(e.thread);
      result.executions.push_back(trace_of(program_, order));
    } else {
      ++result.incomplete_runs;
    }
    RecordsInForce in_force(run.events, options_.records);
    // Change I: (first position, second thread, second index) of the races reversed here.
    std::set<std::tuple<int, int, int>> reversed;
    for (std::size_t r = 0; r < run.races.size(); ++r) {
      const Race& race = run.races[r];
      const bool blocked = race.kind == Race::Kind::lock_fail;
      const Event* second = blocked ? nullptr : &run.events[static_cast<std::size_t>(race.second)];
      const auto pair = std::make_tuple(race.first, blocked ? race.blocked_thread : second->thread,
                                        blocked ? race.blocked_index : second->index);
      if (options_.one_reversal_per_lock_pair && reversed.count(pair) != 0) {
        ++result.skipped_lock_pairs;
        continue;
      }
      std::vector<Event> v = reversal(run, race, run.attempt_clocks[r]);
      std::vector<CheckedEvent> checked;
      for (const Event& e : v) checked.push_back({e.thread, e.op, e.clock});
      if (rejects(in_force.at(race.first), checked, options_.records)) {
        ++result.rejected;
        continue;
      }
      reversed.insert(pair);
      std::shared_ptr<const Record> record;
      if (!blocked) {
        run.events[static_cast<std::size_t>(race.second)].reversed_firsts.push_back(race.first);
        if (is_read(second->op)) record = make_record(run, race, v);
      }
      std::vector<Event> child(run.events.begin(), run.events.begin() + race.first);
      for (Event& e : v) {
        e.in_schedule = true;
        child.push_back(std::move(e));
      }
      child.back().schedule_end = true;
      child.back().record = std::move(record);
      explore(child, depth + 1);
    }
  }

 private:
  // The schedule v that reverses `race`: the events strictly between its two events that
  // happen before the second and not after the first, in run order, then the second event
  // alone, with the clock it has without the first.
  std::vector<Event> reversal(const Run& run, const Race& race, const Clock& attempt_clock) const {
    const std::vector<Event>& events = run.events;
    const Event& first = events[static_cast<std::size_t>(race.first)];
    Event second;
    Clock select;
    if (race.kind == Race::Kind::lock_fail) {
      second.thread = race.blocked_thread;
      second.index = race.blocked_index;
      second.op = program_.threads[static_cast<std::size_t>(race.blocked_thread)]
                                  [static_cast<std::size_t>(race.blocked_index)];
      second.clock = attempt_clock;
      select = attempt_clock;
    } else {
      const Event& s = events[static_cast<std::size_t>(race.second)];
      second.thread = s.thread;
      second.index = s.index;
      second.op = s.op;
      second.clock = reversed_clock(events, race.first, race.second, threads_);
      // Change L: for a lock race, select by the clock without the lock edge.
      const bool without_edge =
          options_.lock_schedule_without_lock_edge && race.kind == Race::Kind::lock_success;
      select = without_edge ? second.clock : s.clock;
    }
    std::vector<Event> v;
    for (int k = race.first + 1; k < race.second; ++k) {
      const Event& e = events[static_cast<std::size_t>(k)];
      if (lt(e.clock, select) && !leq(first.clock, e.clock)) {
        Event copy;
        copy.thread = e.thread;
        copy.index = e.index;
        copy.op = e.op;
        copy.clock = e.clock;
        v.push_back(std::move(copy));
      }
    }
    v.push_back(std::move(second));
    return v;
  }

  // The record of a reversed race (i, j) whose second event is a read: the events between
  // i and j that v skips, split into segments at the earlier schedules' last events inside v,
  // each segment linking to the record such an event carried (docs/pop_notes.md, "Where
  // records come from"; the missed events are change J).
  std::shared_ptr<const Record> make_record(const Run& run, const Race& race,
                                            const std::vector<Event>& v) const {
    const std::vector<Event>& events = run.events;
    const Event& read = events[static_cast<std::size_t>(race.second)];
    auto record = std::make_shared<Record>();
    std::vector<SkippedEntry> skipped;
    Clock schedules = zero_clock(threads_);
    std::size_t l = 0;  // the next event of v
    for (int k = race.first + 1; k <= race.second; ++k) {
      const Event& e = events[static_cast<std::size_t>(k)];
      const bool in_v = l < v.size() && v[l].thread == e.thread && v[l].index == e.index;
      if (!in_v) {
        const bool sleeping = std::find(e.reversed_firsts.begin(), e.reversed_firsts.end(),
                                        race.first) != e.reversed_firsts.end();
        assert(!sleeping || !ops_conflict(e.op, read.op));
        skipped.push_back({e.thread, e.op, sleeping});
        continue;
      }
      if (e.schedule_end || k == race.second) {
        if (!skipped.empty() || e.record) {
          Segment seg;
          seg.address = address(read.op);
          seg.schedules_clock = schedules;
          seg.skipped = std::move(skipped);
          skipped.clear();
          seg.linked = e.record;
          if (e.record)
            for (std::size_t m = l; m + 1 < v.size(); ++m)
              seg.missed.push_back({v[m].thread, v[m].op, v[m].clock});
          if (record->segments.empty()) seg.second_read_clock = v.back().clock;
          record->segments.push_back(std::move(seg));
        }
        join(schedules, e.clock);
      }
      ++l;
    }
    if (record->segments.empty()) return nullptr;
    return record;
  }

  const Program& program_;
  PopOptions options_;
  std::uint64_t max_runs_;
  int threads_;
  std::uint64_t runs_ = 0;
};

}  // namespace

PopResult explore_pop(const Program& program, const PopOptions& options, std::uint64_t max_runs) {
  Explorer explorer(program, options, max_runs);
  explorer.explore({}, 0);
  return std::move(explorer.result);
}

}  // namespace pop_ref
