// The brute-force trace oracle of the POP reference; see trace_oracle.hpp.
#include "trace_oracle.hpp"

#include <cassert>

namespace pop_ref {

namespace {

struct RunEvent {
  int thread;
  Op op;
};

std::vector<RunEvent> events_of(const Program& program, const std::vector<int>& run) {
  Machine machine(program);
  std::vector<RunEvent> events;
  for (const int t : run) {
    assert(machine.enabled(t));
    events.push_back({t, machine.next_op(t)});
    machine.step(t);
  }
  return events;
}

void interleave(const Program& program, Machine& machine, std::vector<int>& run,
                std::uint64_t max_runs, std::uint64_t& runs, std::set<TraceKey>& out) {
  if (runs >= max_runs) return;
  bool stepped = false;
  for (int t = 0; t < machine.threads(); ++t) {
    if (!machine.enabled(t)) continue;
    stepped = true;
    Machine saved = machine;
    machine.step(t);
    run.push_back(t);
    interleave(program, machine, run, max_runs, runs, out);
    run.pop_back();
    machine = saved;
  }
  if (!stepped) {
    ++runs;
    out.insert(trace_of(program, run));
  }
}

void normal_forms(Machine& machine, std::vector<RunEvent>& run, std::set<TraceKey>& out) {
  bool stepped = false;
  for (int t = 0; t < machine.threads(); ++t) {
    if (!machine.enabled(t)) continue;
    stepped = true;
    const Op op = machine.next_op(t);
    // Appending (t, op) breaks normal form iff some earlier event of a higher thread could
    // be moved after it: that event and everything after it commute with (t, op).
    bool normal = true;
    for (std::size_t k = run.size(); k-- > 0;) {
      if (dependent(run[k].thread, run[k].op, t, op)) break;
      if (run[k].thread > t) {
        normal = false;
        break;
      }
    }
    if (!normal) continue;
    Machine saved = machine;
    machine.step(t);
    run.push_back({t, op});
    normal_forms(machine, run, out);
    run.pop_back();
    machine = saved;
  }
  if (!stepped) {
    TraceKey key;
    for (const RunEvent& e : run) key.push_back(e.thread);
    out.insert(key);
  }
}

}  // namespace

TraceKey trace_of(const Program& program, const std::vector<int>& run) {
  const std::vector<RunEvent> events = events_of(program, run);
  const std::size_t n = events.size();
  // For each event, the number of earlier dependent events not yet emitted.
  std::vector<int> waiting(n, 0);
  for (std::size_t b = 0; b < n; ++b)
    for (std::size_t a = 0; a < b; ++a)
      if (dependent(events[a].thread, events[a].op, events[b].thread, events[b].op)) ++waiting[b];
  std::vector<bool> emitted(n, false);
  TraceKey key;
  while (key.size() < n) {
    // The lowest thread whose next unemitted event has no unemitted dependency goes next;
    // choosing greedily by thread gives the least linearisation.
    std::size_t chosen = n;
    int best_thread = -1;
    std::vector<bool> thread_seen(program.threads.size(), false);
    for (std::size_t b = 0; b < n; ++b) {
      if (emitted[b]) continue;
      const auto ut = static_cast<std::size_t>(events[b].thread);
      if (thread_seen[ut]) continue;  // not this thread's next event
      thread_seen[ut] = true;
      if (waiting[b] == 0 && (best_thread < 0 || events[b].thread < best_thread)) {
        chosen = b;
        best_thread = events[b].thread;
      }
    }
    assert(chosen < n);
    emitted[chosen] = true;
    key.push_back(events[chosen].thread);
    for (std::size_t b = chosen + 1; b < n; ++b)
      if (!emitted[b] && dependent(events[chosen].thread, events[chosen].op, events[b].thread,
                                   events[b].op))
        --waiting[b];
  }
  return key;
}

std::set<TraceKey> traces_by_interleavings(const Program& program, std::uint64_t max_runs,
                                           bool* truncated) {
  Machine machine(program);
  std::vector<int> run;
  std::uint64_t runs = 0;
  std::set<TraceKey> out;
  interleave(program, machine, run, max_runs, runs, out);
  if (truncated != nullptr) *truncated = runs >= max_runs;
  return out;
}

std::set<TraceKey> traces_by_normal_forms(const Program& program) {
  Machine machine(program);
  std::vector<RunEvent> run;
  std::set<TraceKey> out;
  normal_forms(machine, run, out);
  return out;
}

}  // namespace pop_ref
