// One run of POP in the POP reference; see pop_run.hpp.
#include "pop_run.hpp"

#include <algorithm>
#include <cassert>

namespace pop_ref {

Clock dependency_clock(const std::vector<Event>& events, int threads, int thread, Op op) {
  Clock clock = zero_clock(threads);
  int index = 0;
  for (const Event& e : events) {
    if (e.thread == thread) ++index;
    if (dependent(e.thread, e.op, thread, op)) join(clock, e.clock);
  }
  clock[static_cast<std::size_t>(thread)] = index + 1;
  return clock;
}

namespace {

constexpr int max_variables = 3;
constexpr int max_mutexes = 2;

// The bookkeeping of one run from which races are read off as events are appended
// (docs/pop_notes.md, "Races and the filters": the immediate-race rules of Optimal DPOR).
struct RaceLog {
  explicit RaceLog(int threads)
      : last_read(max_variables, std::vector<int>(static_cast<std::size_t>(threads), -1)) {}
  std::vector<int> last_write = std::vector<int>(max_variables, -1);
  std::vector<std::vector<int>> last_read;  // per variable, per thread
  std::vector<int> last_lock = std::vector<int>(max_mutexes, -1);
  std::vector<int> last_access = std::vector<int>(max_mutexes, -1);
  std::vector<std::vector<Race>> at;        // plain and lock_success races, by second position
  std::vector<Race> blocked;                // lock_fail races, in the order attempted
};

// Appends event e (thread, op and schedule data set) at the end of `events`, giving it its
// index and clock and logging its races.
void append(std::vector<Event>& events, Event e, int threads, RaceLog& log) {
  const int pos = static_cast<int>(events.size());
  e.index = 0;
  for (const Event& prev : events) e.index += prev.thread == e.thread ? 1 : 0;
  e.clock = dependency_clock(events, threads, e.thread, e.op);
  log.at.emplace_back();
  std::vector<Race>& races = log.at.back();
  auto thread_of = [&events](int p) { return events[static_cast<std::size_t>(p)].thread; };
  const auto obj = static_cast<std::size_t>(e.op.object);
  switch (e.op.kind) {
    case OpKind::read: {
      const int lw = log.last_write[obj];
      if (lw >= 0 && thread_of(lw) != e.thread) races.push_back({Race::Kind::plain, lw, pos});
      log.last_read[obj][static_cast<std::size_t>(e.thread)] = pos;
      break;
    }
    case OpKind::write: {
      // Each other thread's last read of the variable, and the last write when no read
      // came after it.
      std::vector<int> firsts;
      const int lw = log.last_write[obj];
      bool read_after_write = false;
      for (std::size_t u = 0; u < log.last_read[obj].size(); ++u) {
        const int r = log.last_read[obj][u];
        if (r < 0) continue;
        if (static_cast<int>(u) != e.thread) firsts.push_back(r);
        if (lw >= 0 && r > lw) read_after_write = true;
      }
      if (lw >= 0 && !read_after_write && thread_of(lw) != e.thread) firsts.push_back(lw);
      std::sort(firsts.begin(), firsts.end());
      for (const int f : firsts) races.push_back({Race::Kind::plain, f, pos});
      log.last_write[obj] = pos;
      break;
    }
    case OpKind::lock: {
      const int ll = log.last_lock[obj];
      if (ll >= 0) {
        Race race{Race::Kind::lock_success, ll, pos};
        race.unlock = log.last_access[obj];
        races.push_back(race);
      }
      log.last_lock[obj] = log.last_access[obj] = pos;
      break;
    }
    case OpKind::unlock: {
      const int la = log.last_access[obj];
      if (la >= 0 && thread_of(la) != e.thread) races.push_back({Race::Kind::plain, la, pos});
      log.last_access[obj] = pos;
      break;
    }
  }
  events.push_back(std::move(e));
}

// Works out the run's clocks position by position as the fork does, applying F1-F4 to the
// races of each second event, and returns the survivors in processing order.
void filter_races(Run& run, RaceLog& log, const PopOptions& options, int threads) {
  std::vector<Event>& events = run.events;
  const int n = static_cast<int>(events.size());
  std::vector<Clock> fc(static_cast<std::size_t>(n));  // clocks as worked out here
  auto at = [&fc](int p) -> const Clock& { return fc[static_cast<std::size_t>(p)]; };
  auto ev = [&events](int p) -> const Event& { return events[static_cast<std::size_t>(p)]; };
  auto edge = [&](const Race& r) -> const Clock& {
    return r.kind == Race::Kind::lock_success ? at(r.unlock) : at(r.first);
  };
  std::vector<int> ends;  // schedule ends seen so far
  std::vector<std::vector<Race>> kept(static_cast<std::size_t>(n) + 1);
  std::vector<int> last_of_thread(static_cast<std::size_t>(threads), -1);
  for (int pos = 0; pos < n; ++pos) {
    const Event& e = ev(pos);
    Clock c = zero_clock(threads);
    const int prev = last_of_thread[static_cast<std::size_t>(e.thread)];
    if (prev >= 0) c = at(prev);
    c[static_cast<std::size_t>(e.thread)] = e.index + 1;
    last_of_thread[static_cast<std::size_t>(e.thread)] = pos;

    // F1: parsimony over the prefix. Dropped races still order their events.
    std::vector<Race> races;
    for (const Race& r : log.at[static_cast<std::size_t>(pos)]) {
      if (pos < run.schedule_end || ev(r.first).in_schedule)
        join(c, edge(r));
      else
        races.push_back(r);
    }
    // F2: ordered already; a dropped lock race still orders through its unlock.
    for (bool changed = true; changed;) {
      changed = false;
      std::vector<Race> left;
      for (const Race& r : races) {
        if (!leq(at(r.first), c)) {
          left.push_back(r);
        } else if (r.kind == Race::Kind::lock_success) {
          join(c, at(r.unlock));
          changed = true;
        }
      }
      races = std::move(left);
    }
    // F3: not immediate, when another race's first event (its unlock, for a lock race)
    // happens after this race's first event.
    std::vector<Race> immediate;
    for (const Race& f : races) {
      bool subsumed = false;
      for (const Race& s : races) {
        if (&s == &f) continue;
        const Event& ff = ev(f.first);
        subsumed = subsumed || includes(edge(s), ff.thread, ff.index);
      }
      if (!subsumed) immediate.push_back(f);
    }
    for (const Race& r : immediate)
      if (r.kind == Race::Kind::plain) join(c, at(r.first));
    if (e.schedule_end) ends.push_back(pos);
    // F4: parsimony over earlier schedules.
    for (const Race& r : immediate) {
      bool covered = false;
      for (const int h : ends) covered = covered || (r.first < h && h < pos && !lt(at(h), c));
      if (!covered) kept[static_cast<std::size_t>(pos)].push_back(r);
    }
    for (const Race& r : immediate)
      if (r.kind == Race::Kind::lock_success) join(c, at(r.unlock));
    assert(c == e.clock);
    fc[static_cast<std::size_t>(pos)] = std::move(c);
  }

  // Blocked lock attempts: the race of the waiting thread with the mutex's last lock.
  std::vector<std::vector<std::pair<Race, Clock>>> blocked_kept(static_cast<std::size_t>(n) + 1);
  for (const Race& r : log.blocked) {
    const bool at_end = r.second == n;
    if (at_end && !options.reverse_final_blocked_locks) continue;  // the fork's defect
    if (r.second < run.schedule_end || ev(r.first).in_schedule) continue;  // F1
    Clock attempt = zero_clock(threads);
    for (int p = r.second - 1; p >= 0; --p) {
      if (ev(p).thread == r.blocked_thread) {
        attempt = at(p);
        break;
      }
    }
    attempt[static_cast<std::size_t>(r.blocked_thread)] = r.blocked_index + 1;
    // Change G judges the attempt by its own clock; the fork used the clock of whatever
    // event took the attempt's position in the run.
    const Clock& judged = (options.blocked_lock_own_clock || at_end) ? attempt : at(r.second);
    if (leq(at(r.first), judged)) continue;  // F2
    if (!at_end || options.f4_for_final_blocked_locks) {  // F4 (change H at the end)
      bool covered = false;
      for (const int h : ends) covered = covered || (r.first < h && h < r.second && !lt(at(h), judged));
      if (covered) continue;
    }
    blocked_kept[static_cast<std::size_t>(r.second)].emplace_back(r, attempt);
  }

  for (int pos = 0; pos <= n; ++pos) {
    std::vector<Race>& here = kept[static_cast<std::size_t>(pos)];
    std::sort(here.begin(), here.end(), [](const Race& a, const Race& b) { return a.first > b.first; });
    for (const Race& r : here) {
      run.races.push_back(r);
      run.attempt_clocks.emplace_back();
    }
    for (auto& [r, clock] : blocked_kept[static_cast<std::size_t>(pos)]) {
      run.races.push_back(r);
      run.attempt_clocks.push_back(clock);
    }
  }
}

}  // namespace

Run run_and_collect(const Program& program, const std::vector<Event>& schedule,
                    const PopOptions& options) {
  const int threads = static_cast<int>(program.threads.size());
  Run run;
  run.schedule_end = static_cast<int>(schedule.size()) - 1;
  Machine machine(program);
  RaceLog log(threads);
  LiveRecords running;  // records in force after every event so far (change D)
  auto execute = [&](Event e) {
    assert(machine.enabled(e.thread));
    machine.step(e.thread);
    append(run.events, std::move(e), threads, log);
    const Event& done = run.events.back();
    if (options.records_steer_free_run) {
      if (done.record) bring_into_force(running, *done.record, options.records);
      (void)feed(running, done.thread, done.op, done.clock, options.records);
    }
  };
  for (const Event& s : schedule) {
    assert(!machine.finished(s.thread) && machine.next_op(s.thread).kind == s.op.kind &&
           machine.next_op(s.thread).object == s.op.object);
    execute(s);
  }
  // The free run. A thread whose lock attempt fails waits until the mutex is released.
  std::vector<int> waiting(static_cast<std::size_t>(threads), -1);
  for (;;) {
    int chosen = -1;
    for (int t = 0; t < threads && chosen < 0; ++t) {
      if (machine.finished(t) || waiting[static_cast<std::size_t>(t)] >= 0) continue;
      const Op op = machine.next_op(t);
      if (op.kind == OpKind::lock && machine.holder(op.object) != -1) {
        Race race{Race::Kind::lock_fail, log.last_lock[static_cast<std::size_t>(op.object)],
                  static_cast<int>(run.events.size())};
        race.blocked_thread = t;
        race.blocked_index = machine.next_index(t);
        log.blocked.push_back(race);
        waiting[static_cast<std::size_t>(t)] = op.object;
        continue;
      }
      if (options.records_steer_free_run && !running.empty()) {
        // Change D: pass over a thread whose next event the records in force reject.
        const Clock clock = dependency_clock(run.events, threads, t, op);
        if (rejects(running, {CheckedEvent{t, op, clock}}, options.records)) continue;
      }
      chosen = t;
    }
    if (chosen < 0) break;
    const Op op = machine.next_op(chosen);
    Event e;
    e.thread = chosen;
    e.op = op;
    execute(std::move(e));
    if (op.kind == OpKind::unlock)
      for (int& w : waiting)
        if (w == op.object) w = -1;
  }
  for (int t = 0; t < threads; ++t)
    if (!machine.finished(t) && waiting[static_cast<std::size_t>(t)] < 0) run.complete = false;
  filter_races(run, log, options, threads);
  return run;
}

RecordsInForce::RecordsInForce(const std::vector<Event>& events, const RecordOptions& options)
    : events_(&events), options_(options) {}

const LiveRecords& RecordsInForce::at(int position) {
  const std::vector<Event>& events = *events_;
  while (static_cast<int>(by_position_.size()) <= position) {
    const std::size_t k = by_position_.size();
    LiveRecords records;
    if (k > 0) {
      records = by_position_.back();
      const Event& before = events[k - 1];
      (void)feed(records, before.thread, before.op, before.clock, options_);
    }
    if (events[k].record) bring_into_force(records, *events[k].record, options_);
    by_position_.push_back(std::move(records));
  }
  return by_position_[static_cast<std::size_t>(position)];
}

}  // namespace pop_ref
