#include "model/split_dfs_search.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <condition_variable>
#include <mutex>

#include "model/dfs_strategy.hpp"
#include "model/dfs_units.hpp"
#include "model/execution_account.hpp"
#include "model/judged_run.hpp"
#include "model/worker_threads.hpp"

namespace weft::model {

namespace {

// Units per worker (or per shard): enough that a worker finishing a small subtree finds
// another while the large ones run. It changes how the tree is cut, never the result.
constexpr std::size_t kUnitsPerWorker = 32;

// Records all units keep at most (24 bytes each). A unit that would keep more waits until the
// units before it are done (the front unit keeps none, so the search goes on): memory stays
// bounded however long the units run.
constexpr std::uint64_t kMaxRecords = std::uint64_t{1} << 17;

// One unit's share of the search, kept until the units before it are added up.
struct UnitResult {
  Stats stats;  // executions, steps, pruned, conflicts, max enabled threads
  FinalStates finals;
  detect::CoverageRecorder coverage;
  std::optional<FoundFailure> failure;  // numbered by its place in the unit
  std::vector<TraceEvent> last_events;
  // Every execution's record, while the executions before the unit were unknown: it may run
  // past the budget, and is then cut back to it without running it again.
  std::vector<ExecutionRecord> log;
  bool logged = false;    // `log` holds every execution of the unit
  bool finished = false;  // it was explored to the end, or one of its executions failed

  // Keeps the first n executions only (n < stats.executions; needs `logged`): the budget ends
  // the search inside this unit.
  void cut_back(std::uint64_t n) {
    stats = Stats{};
    finals = FinalStates{};
    for (std::uint64_t k = 0; k < n; ++k) add(stats, finals, log[k]);
    failure.reset();  // it came after the budget: a unit stops at its failure
    finished = false;
  }
};

// The units of this shard and what the workers share while they run them.
class UnitSearch {
 public:
  UnitSearch(const Options& o, const DfsSplitPlan& plan, const std::function<void()>& body, const ElapsedFn& elapsed,
             std::vector<DfsUnit> units)
      : o_(o),
        plan_(plan),
        body_(body),
        elapsed_(elapsed),
        units_(std::move(units)),
        results_(units_.size()),
        done_(units_.size(), 0) {}

  // Takes units until none is left or needed, calling `each` (if any) after each execution.
  void work(sim::Execution& ex, const std::function<void()>* each) {
    DfsStrategy strategy(o_.preemption_bound);
    detect::ExecutionJudge judge(judge_options(o_));
    for (;;) {
      const std::size_t u = next_.fetch_add(1);
      if (u >= units_.size() || u > stop_unit_.load() || out_of_time_.load()) return;
      run_unit(ex, judge, strategy, u, each);
      settle(u);
    }
  }

  // Stops every worker (after a worker threw).
  void abort() {
    stop_unit_.store(0);
    wake();
  }

  // Runs unit u into results_[u] up to the budget, stopping early when the unit is no longer
  // needed or the time budget passed. `again` (after the workers stopped, the units before u
  // added up to `counted` executions): exactly to the budget, and nothing stops it early.
  void run_unit(sim::Execution& ex, detect::ExecutionJudge& judge, DfsStrategy& strategy, std::size_t u,
                const std::function<void()>* each, bool again = false, std::uint64_t counted = 0) {
    UnitResult& r = results_[u];
    r = UnitResult{};
    // The room left by the units before u: exact once they are all done, else an upper bound.
    bool exact = again;
    std::uint64_t cap = again ? plan_.executions - counted : room_after(plan_.room_unknown ? 0 : folded_.load());
    r.logged = !exact;
    detect::CoverageScope scope;
    strategy.explore_from(units_[u].start, units_[u].floor);
    const bool records = search_records_events(o_, strategy);
    for (std::uint64_t i = 0;; ++i) {
      if (!exact && !plan_.room_unknown && records_.load() >= kMaxRecords) wait_for_front(u);
      if (!exact && !plan_.room_unknown && front_.load() == u) {  // every unit before u is done: the room is known
        exact = true;
        cap = room_after(folded_before_front());
        if (i < cap) {  // it has not run past the budget: no need to keep records
          r.logged = false;
          drop_records(r);
        }
      }
      if (i >= cap) break;
      if (!again && u > stop_unit_.load(std::memory_order_relaxed)) break;  // a unit before it failed or filled the budget
      if (!again && o_.time_budget_seconds > 0 && elapsed_() >= o_.time_budget_seconds) {
        out_of_time_ = true;
        wake();
        break;
      }
      strategy.begin_execution(i);
      const std::optional<sim::FailureInfo> info = run_judged(ex, body_, strategy, judge, records);
      count(r, ex, judge, info);
      ran_.fetch_add(1, std::memory_order_relaxed);
      if (each != nullptr) (*each)();
      if (info) {
        r.failure = found_in(*info, ex, o_, plan_.seed, i, body_, judge);
        r.finished = true;
        lower_stop(u);
        wake();
        break;
      }
      if (strategy.complete()) {
        r.finished = true;
        break;
      }
    }
    r.coverage.merge(scope.recorder());
    if (r.stats.executions > 0) r.last_events = ex.events();
    if (again) done_[u] = 1;  // the workers have stopped: nobody reads it concurrently
  }

  std::size_t size() const { return units_.size(); }
  UnitResult& result(std::size_t u) { return results_[u]; }
  // A worker stopped with unit u (finished, at its cap, abandoned, or out of time). Read after
  // the workers stopped.
  bool done(std::size_t u) const { return done_[u] != 0; }
  std::uint64_t ran() const { return ran_.load(std::memory_order_relaxed); }
  bool out_of_time() const { return out_of_time_.load(); }

 private:
  // Unit u is done: adds the finished units at the front to the running count, and stops the
  // search past a failure or once the units before the next one fill the budget.
  void settle(std::size_t u) {
    const std::lock_guard<std::mutex> lock(m_);
    done_[u] = 1;
    std::uint64_t folded = folded_.load();
    std::size_t front = front_.load();
    for (; front < results_.size() && done_[front] != 0; ++front) {
      // Its records are needed only when the budget ends the search inside it.
      if (folded + results_[front].stats.executions <= plan_.executions) drop_records(results_[front]);
      folded += results_[front].stats.executions;
      if (results_[front].failure || folded >= plan_.executions) lower_stop(front);
    }
    folded_.store(folded);
    front_.store(front);
    moved_.notify_all();
  }
  void drop_records(UnitResult& r) {
    records_.fetch_sub(r.log.size());
    std::vector<ExecutionRecord>().swap(r.log);  // frees it (assigning {} keeps the capacity)
  }
  // Waits until every unit before u is done, or u is no longer needed.
  void wait_for_front(std::size_t u) {
    std::unique_lock<std::mutex> lock(m_);
    moved_.wait(lock, [&] { return front_.load() == u || u > stop_unit_.load() || out_of_time_.load(); });
  }
  void wake() {
    { const std::lock_guard<std::mutex> lock(m_); }  // a waiter is either waiting or will see the change
    moved_.notify_all();
  }
  std::uint64_t folded_before_front() {
    const std::lock_guard<std::mutex> lock(m_);
    return folded_.load();
  }
  std::uint64_t room_after(std::uint64_t folded) const {
    return plan_.executions > folded ? plan_.executions - folded : 0;
  }
  // Adds the execution just run in `ex` to r.
  void count(UnitResult& r, const sim::Execution& ex, const detect::ExecutionJudge& judge,
             const std::optional<sim::FailureInfo>& info) {
    const ExecutionRecord e = record_of(ex, judge, info, o_, r.finals);
    add(r.stats, r.finals, e);
    if (r.logged) {
      r.log.push_back(e);
      records_.fetch_add(1);
    }
  }
  void lower_stop(std::size_t u) {
    std::size_t seen = stop_unit_.load();
    while (u < seen && !stop_unit_.compare_exchange_weak(seen, u)) {
    }
  }

  const Options& o_;
  const DfsSplitPlan& plan_;
  const std::function<void()>& body_;
  const ElapsedFn& elapsed_;
  const std::vector<DfsUnit> units_;
  std::vector<UnitResult> results_;  // results_[u] is written by the one worker that took u
  std::vector<std::uint8_t> done_;   // by unit, under m_; results_[u] is read by others once it is set
  std::mutex m_;
  std::condition_variable moved_;                 // front_ moved, or the search stops
  std::atomic<std::size_t> front_{0};            // first unit not yet done (written under m_)
  std::atomic<std::uint64_t> folded_{0};         // executions of the units before front_ (written under m_)
  std::atomic<std::size_t> next_{0};             // next unit to take
  std::atomic<std::size_t> stop_unit_{SIZE_MAX}; // no unit after it is needed
  std::atomic<std::uint64_t> ran_{0};            // executions run so far, for the progress line
  std::atomic<bool> out_of_time_{false};
  std::atomic<std::uint64_t> records_{0};         // in every unit's log
};

}  // namespace

namespace {

// Adds the units' results in unit order, as one worker running them one after another would
// have: up to the first failure, the budget, or the first unit the time budget cut short. A
// unit that ran past the budget is run again on `ex` to exactly the budget.
void fold(UnitSearch& search, const Options& o, const DfsSplitPlan& plan, sim::Execution& ex, Stats& stats,
          FinalStates& finals, detect::CoverageRecorder& coverage, DfsSplitOutcome& out) {
  detect::ExecutionJudge judge(judge_options(o));
  DfsStrategy strategy(o.preemption_bound);
  std::uint64_t counted = 0;
  bool whole = true;  // every unit was explored to its end
  for (std::size_t u = 0; u < search.size(); ++u) {
    UnitResult& r = search.result(u);
    if (!search.done(u)) {
      whole = false;
      break;
    }
    const std::uint64_t room = plan.executions - counted;
    if (r.stats.executions > room) {  // the budget ends the search inside this unit
      // Its records say what its first executions added, unless a coverage label needs the
      // last counted execution's events or what it recorded: then it runs again.
      if (r.logged && r.coverage.empty() && !detect::any_label_declared()) {
        r.cut_back(room);
      } else {
        search.run_unit(ex, judge, strategy, u, nullptr, true, counted);
      }
    }
    add(stats, r.stats);
    finals.merge(r.finals);
    coverage.merge(r.coverage);
    if (!r.last_events.empty()) out.last_events = std::move(r.last_events);
    if (r.failure) {
      renumber(*r.failure, plan.first_number + counted + r.failure->schedule.execution);
      out.failure = std::move(r.failure);
      return;
    }
    counted += r.stats.executions;
    if (!r.finished || (counted >= plan.executions && u + 1 < search.size())) {
      whole = false;
      break;
    }
  }
  if (whole) {
    stats.complete = true;
  } else if (search.out_of_time()) {
    stats.budget_exhausted = stats.time_budget_exhausted = true;
  } else {
    stats.budget_exhausted = true;
  }
}

}  // namespace

DfsSplitOutcome run_split_dfs(const Options& o, const DfsSplitPlan& plan, const std::function<void()>& body,
                              sim::Execution& ex, Stats& stats, FinalStates& finals,
                              detect::CoverageRecorder& coverage, const ElapsedFn& elapsed, const WorkerSetup& setup,
                              const std::function<void(const Stats&)>& each) {
  // Shards cut the tree alike whatever their machines' cores: the cut depends on the number
  // of shards only. Unsharded, it depends on the jobs, which the result does not.
  const std::size_t want = kUnitsPerWorker * (o.shard_count > 1 ? o.shard_count : plan.jobs);
  std::vector<DfsUnit> all;
  {
    // The cut's executions are not the search's: what weft::sometimes records in them is
    // dropped (a unit records it again when the search counts that execution).
    const detect::CoverageScope dropped;
    all = enumerate_dfs_units(ex, body, o.preemption_bound, want);
  }
  std::vector<DfsUnit> mine;
  for (std::size_t k = o.shard_index; k < all.size(); k += o.shard_count) mine.push_back(all[k]);
  DfsSplitOutcome out;
  out.units = mine.size();
  UnitSearch search(o, plan, body, elapsed, std::move(mine));
  // An object constructed outside the body would be shared by the workers: one job then.
  const unsigned helpers = plan.jobs > 1 && ex.outside_objects() == 0 ? plan.jobs - 1 : 0;
  ex.set_parallel(helpers > 0);
  {
    // Any worker draws the progress line after its executions, one at a time (a worker that
    // finds another drawing goes on): a worker waiting for the units before its own must not
    // stop the line.
    std::mutex drawing;
    const std::function<void()> tick = [&] {
      const std::unique_lock<std::mutex> lock(drawing, std::try_to_lock);
      if (!lock.owns_lock()) return;
      Stats now = stats;
      now.executions += search.ran();
      each(now);
    };
    const std::function<void()>* progress = each ? &tick : nullptr;
    WorkerThreads crew(
        o, helpers, setup, [&](sim::Execution& mine) { search.work(mine, progress); }, [&] { search.abort(); });
    try {
      search.work(ex, progress);
    } catch (...) {
      search.abort();
      crew.wait();
      ex.set_parallel(false);
      throw;
    }
    crew.join();
  }
  ex.set_parallel(false);
  out.jobs = helpers + 1;
  fold(search, o, plan, ex, stats, finals, coverage, out);
  return out;
}

}  // namespace weft::model
