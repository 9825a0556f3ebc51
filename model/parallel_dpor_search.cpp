#include "model/parallel_dpor_search.hpp"

#include <algorithm>
#include <map>
#include <memory>

#include "model/dpor_board.hpp"
#include "model/execution_account.hpp"
#include "model/judged_run.hpp"
#include "model/worker_threads.hpp"

namespace weft::model {

namespace {

// A job keeps a record of each execution (24 bytes), to be cut back when the budget ends inside
// it, only when it may run at most this many (the budget is about to end); otherwise its owner
// explores it again in that case. Complete searches keep none.
constexpr std::uint64_t kMaxRecords = 4096;
// How deep a worker waiting for a job may take on other jobs meanwhile (each level holds a
// search of its own).
constexpr int kMaxNesting = 8;

// Where a search's executions go, in order: the exploration's totals (the search itself), or
// a slot (a job's subtree).
struct Tally {
  Tally(Stats& s, FinalStates& f, detect::CoverageRecorder* c, Slot* owner, std::uint64_t most)
      : stats(&s), finals(&f), coverage(c), slot(owner), limit(most) {}
  Stats* stats = nullptr;
  FinalStates* finals = nullptr;
  detect::CoverageRecorder* coverage = nullptr;  // where adopted jobs' labels go (local runs: the thread's scope)
  Slot* slot = nullptr;                          // a job's: keeps records, failure, last events
  std::uint64_t limit = 0;
  std::uint64_t counted = 0;
  std::optional<FoundFailure> failure;  // the search's (root), numbered in it
  std::vector<TraceEvent>* last_events = nullptr;

  std::uint64_t room() const { return limit > counted ? limit - counted : 0; }
  void add(const ExecutionRecord& r) {
    model::add(*stats, *finals, r);
    ++counted;
    if (slot != nullptr && slot->all_records) slot->records.push_back(r);
  }
};

// One OS thread's means of running executions and searches.
struct Worker {
  Worker(const Options& o, sim::Execution& execution)
      : ex(execution), judge(judge_options(o)), tree_nodes(dpor_tree_nodes(o.dpor_tree_mb)) {}
  sim::Execution& ex;
  detect::ExecutionJudge judge;
  FinalStates hasher;
  std::size_t tree_nodes;  // DporStrategy::limit_tree_nodes
  std::vector<std::unique_ptr<DporStrategy>> searches;  // by nesting level
  DporStrategy& search_at(int level) {
    while (searches.size() <= static_cast<std::size_t>(level))
      searches.push_back(std::make_unique<DporStrategy>(tree_nodes));
    return *searches[static_cast<std::size_t>(level)];
  }
};

class DporTeam {
 public:
  DporTeam(const Options& o, const DporRunPlan& plan, const std::function<void()>& body, const ElapsedFn& elapsed)
      : o_(o), plan_(plan), body_(body), elapsed_(elapsed), keep_events_(detect::any_label_declared()) {}

  Board& board() { return board_; }

  // Explores `st` (the search, or a job's subtree) into `tally` until it is explored, fails,
  // fills its limit, or (the search) runs out of time; `level`: how many searches this worker
  // has under way below this one. `each` (the search's only): after each execution.
  void explore(Worker& w, DporStrategy& st, Tally& tally, int level, const std::function<void()>* each) {
    std::map<DporJobKey, SlotPtr> mine;  // jobs this search posted
    ChangedBranches changing;            // not to be posted again
    const bool root = tally.slot == nullptr;
    while (!st.complete() && tally.room() > 0 && !tally.failure) {
      if (!root && (board_.stopped() || tally.slot->cancelled.load(std::memory_order_relaxed))) break;
      if (o_.time_budget_seconds > 0 && elapsed_() >= o_.time_budget_seconds) {  // a job stops unfinished
        if (root) out_of_time_ = true;
        break;
      }
      const auto it = mine.empty() ? mine.end() : mine.find(st.next_key());
      if (it != mine.end()) {
        const SlotPtr s = it->second;
        mine.erase(it);
        if (!board_.take_back(s)) {
          s->awaited.store(true, std::memory_order_relaxed);
          wait_helping(w, s, level);
          if (adopt(st, tally, *s)) {
            drop_changed(st, mine, changing);
            if (each != nullptr) (*each)();
            continue;
          }
        }
      }
      st.begin_execution(tally.counted);
      const std::optional<sim::FailureInfo> info = run_judged(w.ex, body_, st, w.judge);
      tally.add(record_of(w.ex, w.judge, info, o_, root ? *tally.finals : w.hasher));
      if (info) tally.failure = found_in(*info, w.ex, o_, plan_.seed, tally.counted - 1, body_, w.judge);
      // The last execution's events, for the coverage verdict (w.ex may run a job's next).
      if (keep_events_) (root ? *tally.last_events : tally.slot->last_events) = w.ex.events();
      drop_changed(st, mine, changing);
      if (each != nullptr) (*each)();
      if (board_.hungry() && !st.complete()) offer(st, tally, mine, changing);  // (a job over: nothing to post)
    }
    for (auto& [key, s] : mine) {  // no longer needed: stop them
      s->cancelled.store(true);
      board_.take_back(s);
    }
  }

  // Stops the jobs whose subtree the search has just added a branch to: the search would
  // decline what they find (DporStrategy::adopt), so a worker running one would waste its
  // time. Such a branch is not posted again: its subtree is likely to change again (the
  // search explores it, and posts branches below it instead).
  void drop_changed(const DporStrategy& st, std::map<DporJobKey, SlotPtr>& mine, ChangedBranches& changing) {
    for (const DporJobKey& key : st.changed_branches()) {
      const auto it = mine.find(key);
      if (it == mine.end()) continue;
      changing.add(key, [&st](const DporJobKey& k) { return st.on_stack(k); });
      it->second->cancelled.store(true);
      board_.take_back(it->second);
      mine.erase(it);
    }
  }

  // Runs the job in s on worker w at nesting `level`, and marks it done.
  // (When it throws, the job is marked done but unusable first: its owner may be waiting.)
  void run_job(Worker& w, const SlotPtr& s, int level) {
    try {
      DporStrategy& st = w.search_at(level);
      st.follow(s->job, s->outcome, &s->awaited);
      Tally tally(s->stats, s->finals, &s->coverage, s.get(), s->limit);
      {
        detect::CoverageScope scope;  // what its executions record
        explore(w, st, tally, level + 1, nullptr);
        s->coverage.merge(scope.recorder());
      }
      s->failure = std::move(tally.failure);
      s->finished = s->outcome.usable && (st.complete() || s->failure.has_value());
      // An unusable job waits in its owner's list until the owner gets there and explores
      // the subtree itself; what it kept (up to kMaxKeptSteps steps) is of no use meanwhile.
      if (!s->outcome.usable) s->outcome = DporOutcome{};
    } catch (...) {
      s->outcome.usable = false;
      board_.finished(s);
      throw;
    }
    board_.finished(s);
  }

  bool out_of_time() const { return out_of_time_; }

 private:
  // Waits for s, meanwhile running jobs posted by others (up to kMaxNesting deep).
  void wait_helping(Worker& w, const SlotPtr& s, int level) {
    while (s->state.load() != Slot::done) {
      if (level < kMaxNesting) {
        if (const SlotPtr other = board_.try_take()) {
          run_job(w, other, level);
          continue;
        }
      }
      board_.wait(s);
    }
  }

  // Counts the subtree s explored into tally, and moves the search past it: true when it could.
  bool adopt(DporStrategy& st, Tally& tally, Slot& s) {
    if (!s.outcome.usable) return false;
    const bool overflows = s.stats.executions > tally.room();
    if (overflows) {
      // The limit ends inside it: its first executions, from its records, and the search stops.
      if (!s.all_records || !s.coverage.empty() || detect::any_label_declared()) return false;
      const std::uint64_t n = tally.room();
      for (std::uint64_t k = 0; k < n; ++k) tally.add(s.records[k]);
      return true;
    }
    if (!s.finished || !st.adopt(s.job, s.outcome)) return false;
    add(*tally.stats, s.stats);
    tally.finals->merge(s.finals);
    tally.coverage->merge(s.coverage);
    if (tally.slot != nullptr) {
      Slot& mine = *tally.slot;
      // (A job's limit is within its owner's: when the owner keeps records, the job did too.)
      if (mine.all_records) mine.records.insert(mine.records.end(), s.records.begin(), s.records.end());
      if (keep_events_) mine.last_events = std::move(s.last_events);
    } else if (tally.last_events != nullptr) {
      *tally.last_events = std::move(s.last_events);
    }
    if (s.failure) {
      tally.failure = std::move(s.failure);
      renumber(*tally.failure, tally.counted + tally.failure->schedule.execution);
    }
    tally.counted += s.stats.executions;
    return true;
  }

  // Posts a branch of st for a worker with nothing to do (its owner explores it itself if
  // nobody took it by then): the shallowest one (the largest subtree, reached last) that the
  // search is expected to reach within its limit, by the sizes of the branches it finished.
  void offer(DporStrategy& st, const Tally& tally, std::map<DporJobKey, SlotPtr>& mine,
             const ChangedBranches& changing) {
    constexpr std::size_t kLook = 64;
    st.pending_keys(kLook, keys_scratch_);
    const double room = static_cast<double>(tally.room());
    double before = 0;  // expected executions before the key, counting from the deepest
    std::size_t pick = keys_scratch_.size();
    for (std::size_t k = keys_scratch_.size(); k-- > 0;) {
      if (before < room / 2 && mine.count(keys_scratch_[k]) == 0 && !changing.contains(keys_scratch_[k])) pick = k;
      before += st.expected_size(keys_scratch_[k]);
    }
    if (pick == keys_scratch_.size()) return;
    const DporJobKey& key = keys_scratch_[pick];
    auto s = std::make_shared<Slot>();
    st.make_job(key, s->job);
    s->limit = tally.room();
    s->all_records = s->limit <= kMaxRecords;
    mine.emplace(key, s);
    board_.post(s);
  }

  const Options& o_;
  const DporRunPlan& plan_;
  const std::function<void()>& body_;
  const ElapsedFn& elapsed_;
  const bool keep_events_;
  Board board_;

  bool out_of_time_ = false;  // the calling thread's search only
  thread_local static std::vector<DporJobKey> keys_scratch_;
};

thread_local std::vector<DporJobKey> DporTeam::keys_scratch_;

}  // namespace

DporRunOutcome run_parallel_dpor(const Options& o, const DporRunPlan& plan, const std::function<void()>& body,
                                 sim::Execution& ex, DporStrategy& strategy, Stats& stats, FinalStates& finals,
                                 detect::CoverageRecorder& coverage, const ElapsedFn& elapsed,
                                 const WorkerSetup& setup, const std::function<void(const Stats&)>& each) {
  DporRunOutcome out;
  DporTeam team(o, plan, body, elapsed);
  Worker w(o, ex);
  Tally tally(stats, finals, &coverage, nullptr, plan.executions);
  tally.last_events = &out.last_events;
  const std::function<void()> tick = [&] {
    if (each) each(stats);
  };
  // Execution 0 alone: an object constructed outside the body keeps the search on one job.
  tally.limit = std::min<std::uint64_t>(1, plan.executions);
  team.explore(w, strategy, tally, 0, &tick);
  tally.limit = plan.executions;
  unsigned helpers = 0;
  if (plan.jobs > 1 && ex.outside_objects() == 0 && !tally.failure && !strategy.complete()) helpers = plan.jobs - 1;
  {
    ex.set_parallel(helpers > 0);
    WorkerThreads crew(
        o, helpers, setup,
        [&team, &o](sim::Execution& mine) {
          Worker helper(o, mine);
          while (const SlotPtr s = team.board().take()) team.run_job(helper, s, 0);
        },
        [&team] { team.board().stop(); });
    try {
      team.explore(w, strategy, tally, 0, &tick);
    } catch (...) {
      team.board().stop();
      ex.set_parallel(false);
      throw;
    }
    team.board().stop();
    crew.join();
    ex.set_parallel(false);
  }
  if (tally.failure) {
    out.failure = std::move(tally.failure);
    renumber(*out.failure, plan.first_number + out.failure->schedule.execution);
  }
  if (strategy.complete() && !out.failure) stats.complete = true;
  if (team.out_of_time()) stats.budget_exhausted = stats.time_budget_exhausted = true;
  out.jobs = helpers + 1;
  return out;
}

}  // namespace weft::model
