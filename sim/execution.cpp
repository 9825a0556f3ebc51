#include "execution.hpp"

#include "op_properties.hpp"
#include "crash_guard.hpp"
#include "object_snapshots.hpp"
#include "step_inline.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstring>
#include <exception>

#include <weft/detail/engine_bug.hpp>
#include <weft/errors.hpp>

namespace weft::detail {
constinit thread_local sim::Execution* tls_current_execution = nullptr;
void sim_register(sim::Execution& ex, SimHandle& h) noexcept { ex.register_object(h); }
}  // namespace weft::detail

namespace weft::sim {

using detail::engine_bug;

namespace {
// Distinguishes executions process-wide, so an object used by two Execution instances (or
// two runs of one) never mistakes a stale id for a current one.
std::atomic<std::uint64_t> g_epochs{0};
}  // namespace

Execution::Execution(ExecutionConfig config) : config_(config), stacks_(config.stack_size) {
  install_crash_guard();
  heartbeat_ = &this_thread_heartbeat();
  events_.reserve(1024);
  decisions_.reserve(256);
  objects_.reserve(64);
  ObjectSnapshots::on_this_thread().join();
}

// The last Execution alive on this thread ends the exploration: outside objects are put back.
Execution::~Execution() { ObjectSnapshots::on_this_thread().leave(); }

std::optional<FailureInfo> Execution::run(const std::function<void()>& body, Strategy& strategy,
                                          bool record_events, std::uint32_t compact_ops) {
  if (detail::tls_current_execution != nullptr)
    throw UsageError("weft: explore()/replay() was called inside a simulated execution; "
                     "call it from ordinary (non-simulated) code");
  heartbeat_->beat();
  // Every per-run field in one assignment; the vectors keep their capacity.
  static_cast<RunState&>(*this) = RunState{};
  strategy_ = &strategy;
  all_points_ = strategy.wants_all_points();
  record_events_ = record_events;
  kept_ops_ = record_events ? ~std::uint32_t{0} : compact_ops;
  strategy_reads_compact_ = !record_events && strategy.compact_ops() != 0;
  if (strategy_reads_compact_ && (compact_ops & strategy.compact_ops()) != strategy.compact_ops())
    detail::engine_bug("a run keeps fewer short forms than its strategy reads");
  if (!record_events && compact_ops != 0 && compact_store_.size() < 256) compact_store_.resize(256);
  body_ = &body;
  epoch_ = ++g_epochs;
  events_.clear();
  touches_.clear();
  runnable_.clear();
  calls_.clear();
  decisions_.clear();
  objects_.clear();
  names_.clear();

  ObjectRecord& main_thread = objects_.emplace_back();
  main_thread.kind = ObjectKind::thread;
  main_thread.holder = 0;
  new_thread(0, "MainThread", false, nullptr, nullptr, kNoThread);

  detail::tls_current_execution = this;
  cur_ = 0;
  Fiber::switch_to(host_, threads_[0]->fiber);
  // Back on the host: T0 finished, or the execution failed. Who had not finished, for the
  // strategy: teardown unwinds them, and an abandoned daemon was unwound already.
  end_status_.assign(status_.begin(), status_.begin() + nthreads_);
  for (std::uint32_t i = 0; i < nthreads_; ++i)
    if (threads_[i]->killed) end_status_[i] = ThreadStatus::runnable;
  teardown();
  if (compact_pending_) seal_compact();  // the last one (teardown's are abandoned threads', not kept)
  detail::tls_current_execution = nullptr;
  // The layers above's per-execution state goes with the execution, outside it (its
  // destructors may run user code, such as a weft::Local value's).
  slots_.reset();
  strategy_->end_execution(ExecutionEnd{failure_.has_value(), pruned_, steps_, events_,
                                        std::span<const PendingOp>(pending_.data(), nthreads_),
                                        end_status_, compact_events()});
  std::optional<FailureInfo> out = std::move(failure_);
  failure_.reset();
  heartbeat_->beat();
  return out;
}

void Execution::register_object(detail::SimHandle& h) {
  h.epoch = epoch_;
  h.id = static_cast<ObjectId>(objects_.size());
  // Built in place: a record built on the stack and copied in was read back with 16-byte
  // loads from its field-sized stores, which cannot be forwarded (a stall on every object).
  objects_.emplace_back();
}

// A copy of the pointer, not of the text: no allocation once names_ has grown.
std::uint32_t Execution::keep_name(const detail::SimHandle& h) {
  if (!h.name) return 0;
  names_.push_back(h.name);
  return static_cast<std::uint32_t>(names_.size());
}

ObjectId Execution::resolve_first_use(detail::SimHandle& h, ObjectKind kind) {
  if (h.epoch == epoch_) {
    ObjectRecord& o = objects_[h.id];
    if (o.kind == ObjectKind::none) {  // registered at construction, first use now
      o.kind = kind;
      o.benign_race = h.benign_race;
      o.internal = h.internal;
      o.name = keep_name(h);
    }
    h.used_epoch = epoch_;
    return h.id;
  }
  ++outside_objects_;
  const auto id = static_cast<ObjectId>(objects_.size());
  objects_.push_back(ObjectRecord{kind, false, kNoThread, 0, {}, h.benign_race, h.internal, keep_name(h)});
  if (config_.parallel) {
    // Not written: other workers read this handle at the same time. The record above is
    // private to this execution, which ends here (or is being abandoned already).
    fail(FailureKind::misuse,
         "a weft object constructed outside the explore body (or kept from an earlier execution, such as a "
         "static) was used while executions run in parallel (Options::jobs): the workers would share it. "
         "Construct it inside the body, or run with one job (Options::jobs = 1, WEFT_JOBS=1)",
         user_location(cur_));
    return id;
  }
  h.epoch = epoch_;
  h.used_epoch = epoch_;
  h.id = id;
  if (h.reset != nullptr) ObjectSnapshots::on_this_thread().fresh(*h.reset);  // made elsewhere
  return h.id;
}

void Execution::schedule_point(OpKind op, ObjectKind kind, ObjectId object, std::source_location where,
                               bool blocking, bool timed) {
  announce_and_wait(op, kind, object, where, blocking, timed);
}

// Resumed at a scheduling point: a thread being abandoned decides there how to go on.
void Execution::check_unwind() {
  if (unwinding()) [[unlikely]]
    abandoned_point(may_block(pending_[cur_].op, pending_[cur_].blocking));
}

void Execution::end_from_fiber() {
  ThreadRecord& me = *threads_[cur_];
  cur_ = kNoThread;
  Fiber::switch_to(me.fiber, host_);
  // Resumed only to be abandoned: the thread that ended the execution stops here.
  if (me.killed) abandoned_point(true);
}

// Jumps to the earliest pending deadline when no thread is enabled. Under
// TimeoutPolicy::explore every thread with a deadline is already enabled, so this finds
// none and the caller reports the deadlock: every blocked thread then waits untimed.
bool Execution::advance_clock() {
  bool any = false;
  std::uint64_t next = 0;
  for (std::uint32_t i = 0; i < nthreads_; ++i) {
    const ThreadRecord& r = *threads_[i];
    if (status_[i] != ThreadStatus::runnable || !pending_[i].timed || pending_[i].timed_out) continue;
    if (!any || r.deadline_ns < next) next = r.deadline_ns;
    any = true;
  }
  if (!any) return false;
  if (next > now_ns_) now_ns_ = next;
  for (std::uint32_t i = 0; i < nthreads_; ++i) {
    const ThreadRecord& r = *threads_[i];
    if (status_[i] == ThreadStatus::runnable && pending_[i].timed && r.deadline_ns <= now_ns_) time_out(static_cast<ThreadId>(i));
  }
  return true;
}

// TimeoutPolicy::explore: t was chosen while its operation cannot proceed, so its timeout
// fires now; the clock never goes back (a later deadline than another's fired: t ran late).
void Execution::fire_timeout(ThreadId t) {
  const ThreadRecord& r = *threads_[t];
  if (!pending_[t].timed) engine_bug("a thread without a deadline was chosen while blocked");
  if (r.deadline_ns > now_ns_) now_ns_ = r.deadline_ns;
  time_out(t);
}

ThreadId Execution::choose_next() { return pick_next(); }

TraceEvent& Execution::unrecorded_event() {
  scratch_event_ = TraceEvent{};
  return scratch_event_;
}

void Execution::show_short_forms() {
  if (compact_pending_) seal_compact();
  strategy_->see_short_forms(compact_events());
}

TraceEvent& Execution::grow_compact() {
  compact_store_.resize(2 * compact_store_.size());
  return compact_event_;
}

// Thread start, exit and join touch a thread object: they order threads but are no evidence
// that two threads shared anything.
void Execution::note_conflict(OpKind op, ObjectKind kind, ObjectId object) {
  if (object == kNoObject || kind == ObjectKind::thread) return;
  const AccessKind access = access_kind(op);
  if (access == AccessKind::none) return;
  if (object >= touches_.size()) {
    if (object >= objects_.size()) return;
    touches_.resize(objects_.size());
  }
  ObjectTouch& t = touches_[object];
  const ThreadId me = cur_;
  if (access == AccessKind::write) {
    conflict_ = t.toucher != kNoThread && (t.toucher != me || t.many_touchers);
    if (t.writer == kNoThread) t.writer = me;
    t.many_writers |= t.writer != me;
  } else {
    conflict_ = t.writer != kNoThread && (t.writer != me || t.many_writers);
  }
  if (t.toucher == kNoThread) t.toucher = me;
  t.many_touchers |= t.toucher != me;
}

std::uint32_t Execution::choose_value(std::uint32_t n, ValueKind kind) {
  if (n <= 1 || unwinding()) return 0;
  const std::uint32_t v = strategy_->choose_value(n, kind);
  if (v == kNoValue) {
    set_failure(FailureKind::replay_diverged,
                strategy_->divergence().value_or("the schedule ended before the program did"),
                pending_[cur_].where);
    end_from_fiber();
    return 0;
  }
  if (v >= n) engine_bug("the strategy chose a value out of range");
  decisions_.push_back(Decision{v, OpKind::choose, n, true});
  return v;
}

std::string Execution::step_limit_message() const {
  std::string s = "the execution exceeded " + std::to_string(config_.max_steps) +
                  " steps: a livelock, or raise Options::max_steps";
  if (config_.shared_points == SharedPoints::sync_only)
    s += " (with Options::shared_points = sync_only a loop that polls a Shared<T> never lets another thread "
         "run: poll an Atomic or an Event, or construct the Shared with weft::benign_race)";
  return s;
}

void Execution::check_step_limit(std::source_location where) {
  if (steps_ >= config_.max_steps) fail(FailureKind::step_limit, step_limit_message(), where);
}

void Execution::set_failure(FailureKind kind, std::string message, std::source_location where,
                            std::string details) {
  if (failure_) return;  // the first failure wins
  if (threads_[cur_]->terminating)
    message += " — raised where no exception may pass (a noexcept function or a destructor), so C++ "
               "called std::terminate";
  failure_ = FailureInfo{kind, std::move(message), std::move(details), cur_, where, {}, {}};
}

void Execution::fail(FailureKind kind, std::string message, std::source_location where,
                     std::string details) {
  if (unwinding()) return;  // the execution has ended already
  set_failure(kind, std::move(message), where, std::move(details));
  end_from_fiber();
}

}  // namespace weft::sim
