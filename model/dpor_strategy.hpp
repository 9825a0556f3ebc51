#pragma once
// The `dpor` strategy: exhaustive search with dynamic partial-order reduction.
//
// Flanagan & Godefroid, "Dynamic Partial-Order Reduction for Model Checking Software",
// POPL 2005. Sleep sets (Godefroid, LNCS 1032, 1996) are implemented but switched off
// (kUseSleepSets): with them this search lost a trace of lastzero(3). At every state, for every live
// thread p — enabled or blocked — the last earlier transition that is dependent with p's
// pending operation, could be co-enabled with it, and does not happen-before p is a race;
// p (or, if p could not run there, every enabled thread) is added to the backtrack set of
// the state before that transition. Happens-before is tracked with vector clocks from
// program order, thread creation and per-object access order. With sleep sets on, orders
// equivalent to explored ones are skipped and an execution whose every enabled thread
// sleeps is abandoned (pruned). Dependency and co-enabledness: model/dependency.hpp.
// Data choices (choose) are explored exhaustively, as dfs does.
#include <cstdint>
#include <vector>

#include "sim/strategy.hpp"

namespace weft::model {

class DporStrategy final : public sim::Strategy {
 public:
  void begin_execution(std::uint64_t index) override;
  ThreadId choose_thread(const sim::SchedulePoint& point) override;
  std::uint32_t choose_value(std::uint32_t n, sim::ValueKind kind) override;
  void on_event(const TraceEvent& e) override;
  void end_execution(const sim::ExecutionEnd& end) override;
  bool wants_events() const override { return true; }
  bool wants_all_points() const override { return true; }

  /// Every Mazurkiewicz trace (up to sleep-set pruning) has been explored.
  bool complete() const { return complete_; }
  std::size_t depth() const { return stack_.size(); }

 private:
  struct Access {
    OpKind op = OpKind::yield;
    ObjectId object = kNoObject;
  };
  using Clock = std::vector<std::uint32_t>;
  struct Node {
    bool is_value = false;
    std::uint32_t values = 0, value = 0;      // value nodes: choose(values)
    std::vector<ThreadId> enabled;            // thread nodes: the state's enabled threads
    std::vector<ThreadId> backtrack, done, sleep;
    ThreadId chosen = kNoThread;
    std::vector<Access> accesses;             // what the chosen thread's transition touched
    std::uint32_t own = 0;                    // that transition's number within its thread
  };

  void analyse_races(const sim::SchedulePoint& point);
  void add_backtrack(Node& n, ThreadId p);
  std::vector<ThreadId> inherited_sleep(const sim::SchedulePoint& point) const;
  Clock& clock_of(ThreadId t);
  void join(Clock& into, const Clock& from);

  std::vector<Node> stack_;
  std::size_t depth_ = 0;
  std::size_t last_thread_node_ = SIZE_MAX;   // node whose transition is running
  bool value_since_thread_node_ = false;
  std::vector<Clock> clocks_;                 // by ThreadId
  std::vector<Clock> last_write_, reads_;     // by ObjectId
  bool complete_ = false;
};

}  // namespace weft::model
