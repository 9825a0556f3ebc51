// The deadlock's wait-for graph as text: Failure::message and the first lines of
// Failure::details of a FailureKind::deadlock (docs/exploration.md, "The failure report").
#include <weft/deadlock.hpp>

#include "report/trace_table.hpp"

namespace weft {

namespace {
using Waiter = DeadlockGraph::Waiter;

// "T2 (Thread-2)": a thread as reports name it.
std::string who(ThreadId t, const std::string& name) { return "T" + std::to_string(t) + " (" + name + ")"; }

bool is_acquire(OpKind op) { return op == OpKind::lock_acquire || op == OpKind::rlock_acquire; }

// "T1 (a) waits in lock.acquire for Lock#2 at x.cpp:12; Lock#2 is held by T2 (b), acquired at x.cpp:20"
std::string waiter_line(const Waiter& w) {
  std::string line = who(w.thread, w.thread_name) + " waits in " + std::string(to_string(w.op));
  if (w.object != kNoObject) line += " for " + w.object_label;
  line += " at " + short_location(w.where);
  if (w.op == OpKind::cond_wait) line += " (no thread will notify it)";
  if (is_acquire(w.op) && w.holder != kNoThread)
    line += "; " + w.object_label + " is held by " + who(w.holder, w.holder_name) + ", acquired at " +
            short_location(w.held_at);
  return line;
}

// "T1 -> Lock#1 -> T2 -> Lock#2 -> T1"
std::string cycle_text(const DeadlockGraph& g) {
  std::string out;
  for (ThreadId t : g.cycle) {
    const Waiter* w = g.waiter(t);
    out += "T" + std::to_string(t) + " -> " + (w != nullptr ? w->object_label : std::string("-")) + " -> ";
  }
  return out + "T" + std::to_string(g.cycle.front());
}

// "T1 (a), T2 (b) and T3 (c) wait for each other: <cycle>", "T1 (a) waits for itself: <cycle>"
std::string cycle_message(const DeadlockGraph& g) {
  std::string names;
  for (std::size_t j = 0; j < g.cycle.size(); ++j) {
    const Waiter* w = g.waiter(g.cycle[j]);
    names += (j == 0 ? "" : (j + 1 == g.cycle.size() ? " and " : ", ")) +
             who(g.cycle[j], w != nullptr ? w->thread_name : std::string("?"));
  }
  return names + (g.cycle.size() == 1 ? " waits for itself: " : " wait for each other: ") + cycle_text(g);
}

// Why a call that waits forever can never return (docs/exploration.md, "User-level rows").
std::string why_stuck(const UserCall& c) {
  switch (c.kind) {
    // Not a count: the one join() recorded when it began may have changed since.
    case CallKind::queue_join: return "an item put was not marked done and no thread will call task_done()";
    case CallKind::queue_get: return "the queue is empty and no thread will put";
    case CallKind::queue_put: return "the queue is full and no thread will get";
    case CallKind::future_result:
    case CallKind::future_exception: return "the future is not done and no thread will finish it";
    case CallKind::pool_shutdown: return "a worker never finishes its task";
    case CallKind::pool_worker_get: return "no task will come";
    case CallKind::barrier_wait: return "not enough threads will reach the barrier";
    case CallKind::semaphore_acquire: return "its value is 0 and no thread will release it";
    case CallKind::event_wait: return "no thread will set it";
    case CallKind::condition_wait:
    case CallKind::condition_wait_for: return "no thread will notify it";
    default: return "no thread can let it return";
  }
}

// "T1 (a)", "T1 (a) and T2 (b)", "T1 (a), T2 (b) and T3 (c)"
std::string who_list(const std::vector<const Waiter*>& ws) {
  std::string out;
  for (std::size_t j = 0; j < ws.size(); ++j)
    out += (j == 0 ? "" : (j + 1 == ws.size() ? " and " : ", ")) + who(ws[j]->thread, ws[j]->thread_name);
  return out;
}

// One clause per user-level call that waits forever, threads waiting in the same call at the
// same line for the same reason sharing it: "T1 (a) and T2 (b) wait forever in q.get() at
// x.cpp:50: the queue is empty and no thread will put".
std::vector<std::string> call_clauses(const DeadlockGraph& g) {
  std::vector<std::string> clauses;
  std::vector<bool> done(g.waiters.size(), false);
  for (std::size_t i = 0; i < g.waiters.size(); ++i) {
    if (done[i] || !g.waiters[i].call) continue;
    const UserCall& c = *g.waiters[i].call;
    const std::string head = report::call_head(g.waiters[i].call_object_label, c);
    const std::string where = short_location(c.where);
    const std::string why = why_stuck(c);
    std::vector<const Waiter*> same;
    for (std::size_t j = i; j < g.waiters.size(); ++j) {
      const Waiter& w = g.waiters[j];
      if (done[j] || !w.call || report::call_head(w.call_object_label, *w.call) != head ||
          short_location(w.call->where) != where || why_stuck(*w.call) != why)
        continue;
      done[j] = true;
      same.push_back(&w);
    }
    clauses.push_back(who_list(same) + (same.size() == 1 ? " waits" : " wait") + " forever in " + head + " at " +
                      where + ": " + why);
  }
  return clauses;
}

// No cycle: someone waits for something no thread will ever do (a notify, a set, a release by
// a thread that is gone). Names those waiters, at the user's level when they wait inside a
// user-level call; joiners only wait for them.
std::string stuck_message(const DeadlockGraph& g) {
  std::string stuck;
  for (const std::string& clause : call_clauses(g)) stuck += (stuck.empty() ? "" : "; ") + clause;
  for (const Waiter& w : g.waiters) {
    if (w.op == OpKind::thread_join || w.call) continue;
    if (!stuck.empty()) stuck += "; ";
    stuck += who(w.thread, w.thread_name) + " waits forever in " + std::string(to_string(w.op)) +
             (w.object != kNoObject ? " on " + w.object_label : "") + " at " + short_location(w.where);
  }
  return stuck.empty() ? "no thread can run and no timeout is pending" : stuck;
}
}  // namespace

std::string DeadlockGraph::calls() const {
  std::string out;
  for (const std::string& clause : call_clauses(*this)) out += clause + "\n";
  return out;
}

std::string DeadlockGraph::message() const { return cycle.empty() ? stuck_message(*this) : cycle_message(*this); }

std::string DeadlockGraph::details() const {
  std::string out = calls();
  for (const Waiter& w : waiters) out += waiter_line(w) + "\n";
  if (!cycle.empty()) out += "cycle: " + cycle_text(*this) + "\n";
  return out;
}

}  // namespace weft
