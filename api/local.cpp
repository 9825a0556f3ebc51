// The per-thread key behind weft::Local, and the per-thread lists of values to free when a
// thread ends.
#include <algorithm>
#include <vector>

#include <weft/local.hpp>
#include <weft/thread.hpp>

#include "sim/sim_ops.hpp"

namespace weft::detail {

namespace {

struct ExitEntry {
  std::weak_ptr<void> store;
  void (*erase)(void*, const LocalKey&);
  LocalKey key;
};

void run_entries(std::vector<ExitEntry>& entries) {
  if (entries.empty()) return;  // most threads use no Local
  std::vector<ExitEntry> mine;
  mine.swap(entries);  // an erase may run code that adds entries again
  for (ExitEntry& e : mine)
    if (std::shared_ptr<void> s = e.store.lock()) e.erase(s.get(), e.key);
  mine.clear();
  if (entries.empty()) entries.swap(mine);  // keep the capacity
}

// A real thread's entries: run by run_thread_exits(), or at OS thread exit for threads weft
// did not start.
struct RealExits {
  std::vector<ExitEntry> entries;
  std::size_t prune_at = 16;
  ~RealExits() { run_entries(entries); }
};
thread_local RealExits t_real;

// Simulated threads' entries, per thread id, kept by the execution they belong to. A
// thread's entries run when its run() returns or unwinds; those left when the execution
// ends (the main thread's, a thread whose frames were never run) run then, newest thread
// first, so no value outlives its execution.
struct SimExits {
  std::vector<std::vector<ExitEntry>> by_thread;  // inner vectors keep their capacity
  void reset() {
    for (std::size_t t = by_thread.size(); t-- > 0;) run_entries(by_thread[t]);
  }
};

std::vector<ExitEntry>& sim_entries(sim::Execution& ex, ThreadId t) {
  SimExits& exits = sim::per_execution<SimExits>(ex);
  if (exits.by_thread.size() <= t) exits.by_thread.resize(t + 1u);
  return exits.by_thread[t];
}

}  // namespace

LocalKey local_key() {
  if (sim::Execution* ex = current_execution()) return {sim::epoch(*ex), sim::current_thread(*ex)};
  return {0, get_ident()};
}

void at_thread_exit(std::weak_ptr<void> store, void (*erase)(void*, const LocalKey&), const LocalKey& key) {
  if (sim::Execution* ex = current_execution()) {
    sim_entries(*ex, sim::current_thread(*ex)).push_back(ExitEntry{std::move(store), erase, key});
    return;
  }
  auto& v = t_real.entries;
  v.push_back(ExitEntry{std::move(store), erase, key});
  if (v.size() >= t_real.prune_at) {  // a long-lived thread using many short-lived Locals
    v.erase(std::remove_if(v.begin(), v.end(), [](const ExitEntry& e) { return e.store.expired(); }), v.end());
    t_real.prune_at = std::max<std::size_t>(16, 2 * v.size());
  }
}

void run_thread_exits() {
  if (sim::Execution* ex = current_execution()) {
    // Most executions use no Local: then there is no list to look at, and none is made.
    SimExits* exits = sim::per_execution_if_used<SimExits>(*ex);
    const ThreadId t = sim::current_thread(*ex);
    if (exits != nullptr && t < exits->by_thread.size()) run_entries(exits->by_thread[t]);
    return;
  }
  run_entries(t_real.entries);
}

}  // namespace weft::detail
