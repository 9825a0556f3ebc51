// The deadlock's wait-for graph as text: Failure::message and the first lines of
// Failure::details of a FailureKind::deadlock (docs/exploration.md, "The failure report").
#include <weft/deadlock.hpp>

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

// No cycle: someone waits for something no thread will ever do (a notify, a set, a release by
// a thread that is gone). Names those waiters; joiners only wait for them.
std::string stuck_message(const DeadlockGraph& g) {
  std::string stuck;
  for (const Waiter& w : g.waiters) {
    if (w.op == OpKind::thread_join) continue;
    if (!stuck.empty()) stuck += "; ";
    stuck += who(w.thread, w.thread_name) + " waits forever in " + std::string(to_string(w.op)) +
             (w.object != kNoObject ? " on " + w.object_label : "") + " at " + short_location(w.where);
  }
  return stuck.empty() ? "no thread can run and no timeout is pending" : stuck;
}
}  // namespace

std::string DeadlockGraph::message() const { return cycle.empty() ? stuck_message(*this) : cycle_message(*this); }

std::string DeadlockGraph::details() const {
  std::string out;
  for (const Waiter& w : waiters) out += waiter_line(w) + "\n";
  if (!cycle.empty()) out += "cycle: " + cycle_text(*this) + "\n";
  return out;
}

}  // namespace weft
