#include "model/sampling_search.hpp"

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

#include "model/execution_account.hpp"
#include "model/execution_rounds.hpp"
#include "model/judged_run.hpp"
#include "model/strategy_factory.hpp"

namespace weft::model {

namespace {

// The size of a cache line: what two workers write often is kept this far apart, so that one
// worker's write does not take the line from under the other (false sharing).
constexpr std::size_t kLine = 64;

// One execution's outcome, kept until its round is folded. Neighbouring executions are run
// by different workers, so each record has a cache line of its own.
struct alignas(kLine) Record {
  bool ran = false;
  bool own = false;  // this shard's: counted; otherwise run only for its lesson (below)
  ExecutionRecord execution;
  Lesson lesson;
};

// A worker's own strategy, execution and detectors. Built and destroyed on the OS thread that
// runs it: an Execution belongs to its thread (heartbeat, signal stack, object snapshots).
struct Worker {
  Worker(const Options& o, std::uint64_t seed)
      : ex(config_of(o)),
        exploration(make_exploration(o, seed)),
        judge(judge_options(o)),
        records(search_records_events(o, exploration->strategy())) {
    if (Learner* l = exploration->learner()) l->defer_lessons(true);
  }
  sim::Execution ex;
  std::unique_ptr<Exploration> exploration;
  detect::ExecutionJudge judge;
  bool records;  // its executions record their events (search_records_events)
  FinalStates hasher;
  std::uint64_t last = 0;  // number of the last execution it ran
  bool ran = false;
};

// What the workers share. Records and failures are written by one worker each during a
// round and read by the coordinator after it (the mutex orders the two).
class Search {
 public:
  // `learns`: the strategy is a Learner. A record per execution of the longest round
  // (model/execution_rounds.hpp).
  Search(const Options& o, const SamplingPlan& plan, const std::function<void()>& body, const ElapsedFn& elapsed,
         bool learns)
      : o_(o), plan_(plan), body_(body), elapsed_(elapsed), records_(kRoundLength), learns_(learns) {}

  // Runs this worker's share of the current round, calling `each` (if any) after each
  // execution. A shard runs its own executions, and those of other shards that teach a
  // learning strategy (model/execution_rounds.hpp), for their lessons only: it then learns
  // what the unsharded search learns, and its own executions are the unsharded search's.
  void run_round(Worker& w, std::optional<FoundFailure>& failure, const std::function<void()>* each = nullptr) {
    for (;;) {
      const std::uint64_t i = cursor_.fetch_add(1, std::memory_order_relaxed);
      if (i >= end_ || i > stop_at_.load(std::memory_order_relaxed) || out_of_time_.load()) return;
      const bool own = (plan_.first_number + i) % o_.shard_count == o_.shard_index;
      if (!own && !(learns_ && teaches(i))) continue;
      if (o_.time_budget_seconds > 0 && elapsed_() >= o_.time_budget_seconds) {
        out_of_time_ = true;
        return;
      }
      const bool failed = run_one(w, i, own, failure);
      if (!own) continue;
      if (each != nullptr) (*each)();
      if (failed) return;
    }
  }

  // The round [begin, end) is about to start.
  void open(std::uint64_t begin, std::uint64_t end) {
    begin_ = begin;
    end_ = end;
    cursor_ = begin;
    done_in_round_ = 0;
  }
  std::uint64_t stop_at() const { return stop_at_.load(); }
  bool out_of_time() const { return out_of_time_.load(); }
  std::uint64_t done_in_round() const { return done_in_round_.load(std::memory_order_relaxed); }
  Record& record(std::uint64_t i) { return records_[i - begin_]; }

 private:
  // Runs execution i; true when it failed (the worker then stops its round). Another
  // shard's execution (`own` false) leaves only its lesson: its statistics, failure and
  // events are that shard's to count and report.
  bool run_one(Worker& w, std::uint64_t i, bool own, std::optional<FoundFailure>& failure) {
    sim::Strategy& strategy = w.exploration->strategy();
    strategy.begin_execution(i);
    const std::optional<sim::FailureInfo> info = run_judged(w.ex, body_, strategy, w.judge, w.records);
    Record& r = record(i);
    r.ran = true;
    r.own = own;
    if (Learner* l = w.exploration->learner()) l->take_lesson(r.lesson);
    if (!own) return false;
    r.execution = record_of(w.ex, w.judge, info, o_, w.hasher);
    w.last = i;
    w.ran = true;
    done_in_round_.fetch_add(1, std::memory_order_relaxed);
    if (!info) return false;
    failure = found_in(*info, w.ex, o_, plan_.seed, plan_.first_number + i, body_, w.judge);
    std::uint64_t seen = stop_at_.load();
    while (i < seen && !stop_at_.compare_exchange_weak(seen, i)) {
    }
    return true;
  }

  const Options& o_;
  const SamplingPlan& plan_;
  const std::function<void()>& body_;
  const ElapsedFn& elapsed_;
  std::vector<Record> records_;
  bool learns_;
  std::uint64_t begin_ = 0, end_ = 0;
  // Written by every worker at each execution, each on a line of its own; the two below
  // them are read at every execution and written only when an execution fails or the time
  // budget runs out.
  alignas(kLine) std::atomic<std::uint64_t> cursor_{0};
  alignas(kLine) std::atomic<std::uint64_t> done_in_round_{0};
  alignas(kLine) std::atomic<std::uint64_t> stop_at_{UINT64_MAX};  // lowest failing number so far
  std::atomic<bool> out_of_time_{false};
};

// Worker threads 1..n-1: each waits for a round, runs its share, reports back. The calling
// thread is worker 0 and coordinates.
class Crew {
 public:
  Crew(Search& search, const Options& o, std::uint64_t seed, unsigned helpers, const WorkerSetup& setup)
      : search_(search), slots_(helpers) {
    threads_.reserve(helpers);
    for (unsigned k = 0; k < helpers; ++k)
      threads_.emplace_back([this, &o, seed, k, &setup] { work(o, seed, slots_[k], setup); });
    std::unique_lock<std::mutex> lock(m_);
    cv_.wait(lock, [this] { return ready_ == slots_.size(); });
  }
  ~Crew() { stop(); }
  Crew(const Crew&) = delete;
  Crew& operator=(const Crew&) = delete;

  // Runs one round with worker 0 on the calling thread, `each` after each of its executions.
  void round(Worker& w0, std::optional<FoundFailure>& failure0, const std::function<void()>& each) {
    {
      const std::lock_guard<std::mutex> lock(m_);
      ++generation_;
      busy_ = slots_.size();
    }
    cv_.notify_all();
    search_.run_round(w0, failure0, &each);
    std::unique_lock<std::mutex> lock(m_);
    cv_.wait(lock, [this] { return busy_ == 0; });
    if (error_) std::rethrow_exception(error_);
  }
  // Every helper's learner, to teach between rounds (the helpers are idle then).
  std::vector<Learner*> learners() const {
    std::vector<Learner*> out;
    for (const Slot& s : slots_)
      if (s.worker != nullptr && s.worker->exploration->learner() != nullptr) out.push_back(s.worker->exploration->learner());
    return out;
  }
  void stop() {
    {
      const std::lock_guard<std::mutex> lock(m_);
      quit_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : threads_)
      if (t.joinable()) t.join();
  }

  struct Slot {
    Worker* worker = nullptr;
    std::optional<FoundFailure> failure;
    detect::CoverageRecorder coverage;  // what its thread recorded, merged when it stopped
    std::vector<TraceEvent> last_events;
    std::uint64_t last = 0;
    bool ran = false;
  };
  std::vector<Slot>& slots() { return slots_; }

 private:
  void work(const Options& o, std::uint64_t seed, Slot& slot, const WorkerSetup& setup) {
    std::shared_ptr<void> guard;
    std::optional<Worker> w;
    std::optional<detect::CoverageScope> scope;
    std::uint64_t seen = 0;
    try {
      if (setup) guard = setup();
      scope.emplace();
      w.emplace(o, seed);
      w->ex.set_parallel(true);
      slot.worker = &*w;
    } catch (...) {
      const std::lock_guard<std::mutex> lock(m_);
      if (!error_) error_ = std::current_exception();
    }
    {
      const std::lock_guard<std::mutex> lock(m_);
      ++ready_;
    }
    cv_.notify_all();
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(m_);
        cv_.wait(lock, [&] { return quit_ || generation_ != seen; });
        if (quit_) break;
        seen = generation_;
      }
      try {
        if (w) search_.run_round(*w, slot.failure);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(m_);
        if (!error_) error_ = std::current_exception();
      }
      {
        const std::lock_guard<std::mutex> lock(m_);
        --busy_;
      }
      cv_.notify_all();
    }
    if (w) {
      slot.last = w->last;
      slot.ran = w->ran;
      if (w->ran) slot.last_events = w->ex.events();
    }
    if (scope) slot.coverage.merge(scope->recorder());
    slot.worker = nullptr;
  }

  Search& search_;
  std::vector<Slot> slots_;
  std::vector<std::thread> threads_;
  std::mutex m_;
  std::condition_variable cv_;
  std::size_t ready_ = 0, busy_ = 0;
  std::uint64_t generation_ = 0;
  bool quit_ = false;
  std::exception_ptr error_;
};

// The learners of every worker.
std::vector<Learner*> learners(Worker& w0, Crew* crew) {
  std::vector<Learner*> out = crew != nullptr ? crew->learners() : std::vector<Learner*>{};
  if (Learner* l = w0.exploration->learner()) out.push_back(l);
  return out;
}

// Adds the round [begin, end) to the statistics and teaches its lessons, in execution order,
// up to the lowest failure.
void fold(Search& search, std::uint64_t begin, std::uint64_t end, Stats& stats, FinalStates& finals,
          const std::vector<Learner*>& learners) {
  const std::uint64_t last = search.stop_at() < end ? search.stop_at() + 1 : end;
  for (std::uint64_t i = begin; i < end; ++i) {
    Record& r = search.record(i);
    const bool counts = r.ran && i < last;
    r.ran = false;
    if (!counts) continue;
    if (r.own) add(stats, finals, r.execution);
    else ++stats.lesson_executions;
    for (Learner* l : learners) l->learn(r.lesson);
  }
}

}  // namespace

SamplingOutcome run_sampling(const Options& o, const SamplingPlan& plan, const std::function<void()>& body,
                             Stats& stats, FinalStates& finals, detect::CoverageRecorder& coverage, ProgressLine& line,
                             const ElapsedFn& elapsed, const WorkerSetup& setup) {
  Worker w0(o, plan.seed);
  Search search(o, plan, body, elapsed, w0.exploration->learner() != nullptr);
  std::optional<FoundFailure> failure0;
  std::unique_ptr<Crew> crew;
  const std::function<void()> each = [&] {
    if (!line.enabled()) return;
    Stats now = stats;
    now.executions += search.done_in_round();
    line.update(elapsed(), now, 0);
  };
  for (std::uint64_t begin = 0; begin < plan.executions;) {
    const std::uint64_t end = std::min(next_round(begin), plan.executions);
    search.open(begin, end);
    if (crew) {
      crew->round(w0, failure0, each);
    } else {
      search.run_round(w0, failure0, &each);
    }
    const bool stop = search.stop_at() != UINT64_MAX || search.out_of_time() || end == plan.executions;
    // After execution 0 (alone in its round) the other workers start, unless it used an
    // object that is not its own, which they would share. They learn round 0 with worker 0.
    if (!stop && begin == 0 && plan.jobs > 1 && plan.parallel_ok && w0.ex.outside_objects() == 0) {
      w0.ex.set_parallel(true);
      crew = std::make_unique<Crew>(search, o, plan.seed, plan.jobs - 1, setup);
    }
    fold(search, begin, end, stats, finals, learners(w0, crew.get()));
    if (stop) break;
    begin = end;
  }
  if (search.out_of_time()) stats.budget_exhausted = stats.time_budget_exhausted = true;
  SamplingOutcome out;
  out.jobs = crew ? plan.jobs : 1;
  // The failure with the lowest number, and the events of the highest-numbered execution.
  const bool failed = search.stop_at() != UINT64_MAX;
  const auto lowest = [&](const std::optional<FoundFailure>& f) {
    return failed && f && f->schedule.execution == plan.first_number + search.stop_at();
  };
  std::uint64_t last = w0.last;
  bool any = w0.ran;
  if (w0.ran) out.last_events = w0.ex.events();
  if (lowest(failure0)) out.failure = std::move(failure0);
  if (crew) {
    crew->stop();
    for (Crew::Slot& slot : crew->slots()) {
      coverage.merge(slot.coverage);
      if (lowest(slot.failure)) out.failure = std::move(slot.failure);
      if (slot.ran && (!any || slot.last > last)) {
        any = true;
        last = slot.last;
        out.last_events = std::move(slot.last_events);
      }
    }
  }
  return out;
}

}  // namespace weft::model
