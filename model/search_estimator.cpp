#include "model/search_estimator.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <weft/errors.hpp>

#include "detect/coverage.hpp"
#include "model/judged_run.hpp"
#include "sim/execution.hpp"

namespace weft::model {

namespace {

// A sleeping thread's step, known before it runs only by its pending operation (and the clock
// write of a timeout that has expired).
Transition pending_transition(ThreadId t, const sim::PendingOp& op) {
  Transition tr;
  tr.thread = t;
  tr.add(pending_access(op));
  if (op.timed_out && op.op != OpKind::sleep) tr.add(clock_write());
  return tr;
}

// An operation no other thread's operation can be reordered with: starting a thread (nothing
// touches the child before) and an untimed join of a finished thread (its exit, the only write
// it reads, is done), and operations on no object (yield).
bool never_races(const sim::PendingOp& op) {
  if (op.op == OpKind::thread_start) return true;
  if (op.op == OpKind::thread_join) return op.blocking && !op.timed;
  return access_kind(op.op) == AccessKind::none;
}

void validate(const Options& o, std::uint64_t probes) {
  if (o.strategy != Strategy::dfs && o.strategy != Strategy::dpor)
    throw UsageError("estimate_search: Options::strategy is '" + std::string(to_string(o.strategy)) +
                     "', but only an exhaustive search has a size to estimate: use dfs or dpor");
  if (o.strategy == Strategy::dpor && o.preemption_bound >= 0)
    throw UsageError("estimate_search: a preemption bound is not supported with dpor; set "
                     "Options::preemption_bound to -1, or estimate dfs with the bound");
  if (probes == 0) throw UsageError("estimate_search: probes is 0: nothing would run; use 1 or more (1000 is usual)");
  if (o.max_steps == 0) throw UsageError("Options::max_steps is 0: use 1 or more (default 100000)");
  if (o.stack_size < 16 * 1024)
    throw UsageError("Options::stack_size is below 16 KiB: fibers need room for their frames");
}

}  // namespace

void KnuthProbe::begin_execution(std::uint64_t index) {
  rng_ = Rng(seed_, index);
  product_ = 1;
  dead_ = false;
  preemptions_ = 0;
  sleep_.clear();
  carried_.clear();
  open_ = false;
  events_seen_ = 0;
}

bool KnuthProbe::asleep(ThreadId t) const {
  return std::any_of(sleep_.begin(), sleep_.end(), [t](const Transition& s) { return s.thread == t; });
}

// Completes the open step from the events committed since it was chosen (as dpor reads them),
// then keeps of the carried sleepers those independent of it: the next node's sleep set.
void KnuthProbe::finish_step(std::span<const TraceEvent> events, std::span<const sim::PendingOp> pending) {
  if (!open_) {
    events_seen_ = events.size();
    return;
  }
  struct Collect {
    Transition& tr;
    void access(ThreadId, Access a) { tr.add(a); }
    void child_started(ThreadId) {}
  } collect{step_};
  for (; events_seen_ < events.size(); ++events_seen_)
    visit_event_accesses(events[events_seen_], announced_, pending, collect);
  // The thread announced its next operation; a deadline is computed from the clock.
  if (step_.thread < pending.size() && pending[step_.thread].timed) step_.add(deadline_read());
  sleep_.clear();
  for (const Transition& s : carried_)
    if (!dependent(s, step_)) sleep_.push_back(s);
  learn(step_);
  open_ = false;
}

void KnuthProbe::end_execution(const sim::ExecutionEnd& end) {
  if (tree_ == Tree::sleep_sets) finish_step(end.events, end.pending);
}

// Remembers which thread touched which object, and how (probes of one program share them).
void KnuthProbe::learn(const Transition& step) {
  for (std::uint8_t i = 0; i < step.count; ++i) {
    const Access& a = step.accesses[i];
    if (a.object == kNoObject || a.object == kClockObject) continue;
    if (a.object >= touched_.size()) touched_.resize(a.object + 1u);
    auto& users = touched_[a.object];
    const bool writes = access_kind(a.op) == AccessKind::write;
    auto it = std::find_if(users.begin(), users.end(), [&](const Touch& u) { return u.thread == step.thread; });
    if (it == users.end()) {
      users.push_back(Touch{step.thread, writes});
    } else {
      it->writes = it->writes || writes;
    }
  }
}

// Whether a thread sent to sleep with step `s` may be woken later: some other live thread
// touched its object in an earlier probe in a way that conflicts (a write against a read).
// Unknown objects and the clock: assume so.
bool KnuthProbe::wakeable(const Transition& s, std::span<const sim::ThreadStatus> status) const {
  for (std::uint8_t i = 0; i < s.count; ++i) {
    const Access& a = s.accesses[i];
    if (a.object == kClockObject || a.object >= touched_.size() || touched_[a.object].empty()) return true;
    const bool reads = access_kind(a.op) == AccessKind::read;
    for (const Touch& u : touched_[a.object])
      if (u.thread != s.thread && (u.writes || !reads) && u.thread < status.size() &&
          status[u.thread] == sim::ThreadStatus::runnable)
        return true;
  }
  return false;
}

ThreadId KnuthProbe::choose_thread(const sim::SchedulePoint& point) {
  options_.clear();
  if (tree_ == Tree::interleavings) {  // the options DfsStrategy offers here
    bool current_enabled = false;
    for (ThreadId t : point.enabled) current_enabled |= t == point.current;
    if (current_enabled) options_.push_back(point.current);
    if (!current_enabled || bound_ < 0 || preemptions_ < static_cast<std::uint32_t>(bound_))
      for (ThreadId t : point.enabled)
        if (t != point.current) options_.push_back(t);
    const ThreadId pick = options_[rng_.below(static_cast<std::uint32_t>(options_.size()))];
    product_ *= static_cast<double>(options_.size());
    if (current_enabled && pick != point.current) ++preemptions_;
    return pick;
  }
  finish_step(point.events, point.pending);
  for (ThreadId t : point.enabled)
    if (!asleep(t)) options_.push_back(t);
  // A step that can race with nothing is a persistent set by itself: branching there would
  // only put the others to sleep for good (dead leaves, and a huge variance).
  for (ThreadId t : options_)
    if (never_races(point.pending[t])) {
      options_.assign(1, t);
      break;
    }
  if (options_.empty()) {  // every enabled thread sleeps: a redundant leaf
    dead_ = true;
    return kNoThread;
  }
  // Importance sampling (still unbiased: the product takes 1/probability): child i weighs
  // kKeptAsleep^s, s = the siblings before it whose pending operations commute with its own,
  // which it sends to sleep. Those subtrees have fewer complete leaves: a uniform walk there
  // ends sleep-set blocked nearly always on programs of many commuting steps.
  pending_.clear();
  for (ThreadId t : options_) pending_.push_back(pending_transition(t, point.pending[t]));
  weights_.clear();
  double total = 0;
  for (std::size_t c = 0; c < options_.size(); ++c) {
    double w = 1;
    for (std::size_t k = 0; k < c; ++k)
      if (!dependent(pending_[k], pending_[c])) w *= wakeable(pending_[k], point.status) ? kKeptAsleep : kNeverWoken;
    weights_.push_back(w);
    total += w;
  }
  std::uint32_t i = 0;
  const double r = static_cast<double>(rng_.next() >> 11) * 0x1.0p-53 * total;  // uniform in [0, total)
  for (double acc = weights_[0]; i + 1 < options_.size() && r >= acc;) acc += weights_[++i];
  product_ *= total / weights_[i];
  carried_ = sleep_;
  for (std::uint32_t k = 0; k < i; ++k) carried_.push_back(pending_[k]);
  const ThreadId pick = options_[i];
  step_ = Transition{};
  step_.thread = pick;
  announced_ = announced_of(point.pending[pick]);
  open_ = true;
  return pick;
}

std::uint32_t KnuthProbe::choose_value(std::uint32_t n, sim::ValueKind) {
  product_ *= static_cast<double>(n);
  return rng_.below(n);
}

SearchEstimate estimate_search_size(const Options& o, const std::function<void()>& body, std::uint64_t probes) {
  validate(o, probes);
  const std::uint64_t seed = o.seed.value_or(kDefaultSeed);
  const auto tree = o.strategy == Strategy::dfs ? KnuthProbe::Tree::interleavings : KnuthProbe::Tree::sleep_sets;
  KnuthProbe probe(tree, o.strategy == Strategy::dfs ? o.preemption_bound : -1, seed);
  sim::Execution ex(config_of(o));
  detect::CoverageScope coverage;  // the probes' weft::sometimes calls record here, not elsewhere
  SearchEstimate e;
  e.strategy = o.strategy;
  e.seed = seed;
  // Welford's running mean and sum of squared deviations: exact order, no cancellation.
  double mean = 0, m2 = 0;
  for (std::uint64_t i = 0; i < probes; ++i) {
    probe.begin_execution(i);
    (void)ex.run(body, probe);
    const double x = probe.estimate();
    if (probe.dead()) ++e.dead_probes;
    const double delta = x - mean;
    mean += delta / static_cast<double>(i + 1);
    m2 += delta * (x - mean);
  }
  e.probes = probes;
  e.size = mean;
  const double n = static_cast<double>(probes);
  e.standard_error = probes > 1 ? std::sqrt(m2 / (n - 1) / n) : 0.0;
  return e;
}

}  // namespace weft::model
